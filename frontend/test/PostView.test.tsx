import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Post } from '../src/api';
import { PostView } from '../src/components/PostView';
import { loadSanitizer } from '../src/sanitize';
import { jsonResponse, makeContext, makePost, WithApp } from './helpers';

function Harness({ initial }: { initial: Post }) {
  const [post, setPost] = useState(initial);
  return <PostView post={post} slug="demo" timezone="Europe/Paris" level={3} onChange={setPost} threadLink />;
}

beforeAll(async () => {
  await loadSanitizer();
});

afterEach(cleanup);

describe('PostView reactions', () => {
  it('toggles aria-pressed and the count from the Post the API returns', async () => {
    const fetchImpl = vi.fn(async (_url: string, init: RequestInit) =>
      init.method === 'PUT'
        ? jsonResponse(200, makePost({ reactions: { like: 4, disagree: 0, dont_understand: 0, more_info: 0 }, mine: { reactions: ['like'], stance: null } }))
        : jsonResponse(200, makePost({ mine: { reactions: [], stance: null } })),
    );
    render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch)}>
        <Harness initial={makePost()} />
      </WithApp>,
    );

    const like = screen.getByRole('button', { name: "J'aime (3)" });
    expect(like.getAttribute('aria-pressed')).toBe('false');

    fireEvent.click(like);
    const pressed = await screen.findByRole('button', { name: "J'aime (4)" });
    expect(pressed.getAttribute('aria-pressed')).toBe('true');
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe('http://api.test/debates/demo/posts/p1/reactions/like');
    expect(init.method).toBe('PUT');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer jwt-1');

    fireEvent.click(pressed);
    const unpressed = await screen.findByRole('button', { name: "J'aime (3)" });
    expect(unpressed.getAttribute('aria-pressed')).toBe('false');
    expect(fetchImpl.mock.calls[1][1].method).toBe('DELETE');
  });

  it('shows the API error in an alert next to the buttons', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(409, { error: { code: 'conflict', message: 'Try again later.' } }));
    render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch)}>
        <Harness initial={makePost()} />
      </WithApp>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pas tout compris (0)' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Try again later.');
    expect(screen.getByRole('button', { name: 'Pas tout compris (0)' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('asks anonymous users to sign in instead of calling the API', async () => {
    const fetchImpl = vi.fn();
    render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch, { signedIn: false })}>
        <Harness initial={makePost()} />
      </WithApp>,
    );
    fireEvent.click(screen.getByRole('button', { name: "J'aime (3)" }));
    const alert = await screen.findByRole('alert');
    const link = alert.querySelector('a');
    expect(link?.getAttribute('href')).toBe('#/signin?next=%23%2Fd%2Fdemo%2Fideas%2Fi1');
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('renders statement stances as a pressed group and a labelled article', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) =>
      jsonResponse(200, makePost({ statement: true, stances: { agree: 1, disagree: 0, pass: 0 }, mine: { reactions: [], stance: 'agree' } })),
    );
    render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch)}>
        <Harness initial={makePost({ statement: true })} />
      </WithApp>,
    );
    const group = screen.getByRole('group', { name: 'Votre avis sur cette affirmation' });
    fireEvent.click(group.querySelector('button')!);
    await waitFor(() => expect(screen.getByRole('button', { name: "D'accord (1)" }).getAttribute('aria-pressed')).toBe('true'));
    expect(JSON.parse(fetchImpl.mock.calls[0][1].body as string)).toEqual({ value: 'agree' });

    const article = screen.getByRole('article');
    expect(article.getAttribute('data-post-id')).toBe('p1');
    const header = document.getElementById(article.getAttribute('aria-labelledby')!);
    expect(header?.textContent).toContain('Alice');
  });

  it('names the author of a deleted account "Participant supprimé", and a reaction without consent is explained', async () => {
    const fetchImpl = vi.fn(async () =>
      jsonResponse(403, { error: { code: 'consent_required', message: "Accept this debate's terms before contributing." } }),
    );
    render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch)}>
        <Harness initial={makePost({ author: { id: null, display_name: null, deleted: true } })} />
      </WithApp>,
    );
    expect(screen.getByRole('heading', { name: /Participant supprimé/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: "J'aime (3)" }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Acceptez d’abord les conditions de participation de ce débat');
  });

  it('sanitises body_html and shows a tombstone for deleted posts', () => {
    const fetchImpl = vi.fn();
    const { container, rerender } = render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch)}>
        <Harness initial={makePost({ body_html: '<p style="color:red">Hi<img src=x onerror="alert(1)"><script>alert(2)</script></p>' })} />
      </WithApp>,
    );
    const body = container.querySelector('.post-body')!;
    expect(body.innerHTML).not.toMatch(/onerror|script|style=/);
    rerender(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch)}>
        <PostView post={makePost({ id: 'p2', state: 'deleted', body_html: '' })} slug="demo" level={3} onChange={() => {}} />
      </WithApp>,
    );
    expect(screen.getAllByText('Message supprimé').length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: /J'aime/ })).toBeNull();
  });

  it('offers no reaction on a pending post (the API answers 409 post_not_published): its author is told why', () => {
    const fetchImpl = vi.fn();
    render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch, { user: { id: 'u1' } })}>
        <Harness initial={makePost({ state: 'pending', statement: true })} />
      </WithApp>,
    );
    expect(screen.getByText('En attente de modération')).toBeTruthy();
    expect(screen.getByText('Les réactions seront possibles une fois le message publié.')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Réactions' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Votre avis sur cette affirmation' })).toBeNull();
    expect(screen.queryByRole('button', { name: /J'aime/ })).toBeNull();
  });
});

