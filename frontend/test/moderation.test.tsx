import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../src/api';
import { PostView } from '../src/components/PostView';
import { AuditPage } from '../src/pages/AuditPage';
import { ModerationPage } from '../src/pages/ModerationPage';
import { loadSanitizer } from '../src/sanitize';
import { apiMock, jsonResponse, makeContext, makeDebate, makePost, WithApp } from './helpers';

beforeAll(async () => {
  await loadSanitizer();
});
// Rendering a whole form in jsdom takes a few seconds on a busy machine.
const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });

afterEach(cleanup);

describe('File de modération', () => {
  it('lists pending and flagged posts and rejects one with a reason', async () => {
    const pending = makePost({ id: 'p1', state: 'pending', author: { id: 'u1', display_name: 'Alice' }, body_html: '<p>En attente</p>' });
    const flagged = makePost({ id: 'p2', thread_id: 'p2', author: { id: 'u2', display_name: 'Bruno' }, body_html: '<p>Achetez !</p>' });
    const { fetchImpl, calls } = apiMock({
      'GET /debates/demo': makeDebate({ my_roles: ['participant', 'moderator'], premoderation: true }),
      'GET /debates/demo/moderation/queue': {
        items: [
          { post: pending, pending: true, flags: 0, reasons: [] },
          { post: flagged, pending: false, flags: 2, reasons: ['off_topic', 'spam'] },
        ],
        next_cursor: null,
      },
      'POST /debates/demo/posts/p2/moderation': (body: unknown) =>
        jsonResponse(200, { ...flagged, state: (body as { state: string }).state, body_html: '' }),
    });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <ModerationPage slug="demo" />
      </WithApp>,
    );
    await screen.findByRole('heading', { level: 1, name: 'File de modération' });
    const first = screen.getByRole('article', { name: /Alice/ });
    expect(within(first).getByText('En attente de modération')).toBeTruthy();
    const second = screen.getByRole('article', { name: /Bruno/ });
    expect(within(second).getByText('Signalements : 2')).toBeTruthy();
    expect(within(second).getByText('Motifs : Hors sujet, Spam ou publicité')).toBeTruthy();
    expect(within(second).getByText('Achetez !')).toBeTruthy();

    fireEvent.input(within(second).getByLabelText('Motif de la décision (facultatif)'), { target: { value: ' Publicité ' } });
    fireEvent.click(within(second).getByRole('button', { name: 'Rejeter' }));
    await screen.findByText('Message de Bruno rejeté.');
    expect(calls.at(-1)).toEqual({ method: 'POST', path: '/debates/demo/posts/p2/moderation', body: { state: 'rejected', reason: 'Publicité' } });
    expect(screen.queryByRole('article', { name: /Bruno/ })).toBeNull();
    // the focus goes to the entry that is left
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('article', { name: /Alice/ })));
  }, SLOW);
});

describe("Journal d'audit", () => {
  it('shows the entries in a table, dates in the debate time zone', async () => {
    const { fetchImpl } = apiMock({
      'GET /debates/demo': makeDebate({ timezone: 'America/New_York' }),
      'GET /debates/demo/members': {
        items: [{ user_id: 'u2', roles: ['participant', 'moderator'], joined_at: '', display_name: 'Marc', email: 'marc@example.org' }],
      },
      'GET /debates/demo/audit': {
        items: [
          {
            at: '2027-01-10T08:00:00.000Z',
            actor: { id: 'u1', display_name: 'Orla' },
            action: 'set_roles',
            target: 'u2',
            details: { roles: ['participant', 'moderator'] },
          },
          {
            at: '2027-01-09T20:00:00.000Z',
            actor: { id: 'u2', display_name: 'Marc' },
            action: 'moderate_rejected',
            target: 'p9',
            details: { from: 'pending', to: 'rejected', author_id: 'u7', reason: 'Hors charte' },
          },
        ],
        next_cursor: null,
      },
    });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <AuditPage slug="demo" />
      </WithApp>,
    );
    const table = await screen.findByRole('table', { name: "Journal d'audit (fuseau horaire America/New_York)" });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[0]).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Date', 'Par', 'Action', 'Cible', 'Détails']);
    const cells = within(rows[1]).getAllByRole('cell').map((c) => c.textContent);
    expect(cells[0]).toBe('10 janvier 2027 à 03:00');
    expect(cells.slice(1, 4)).toEqual(['Orla', 'Rôles attribués', 'Marcmarc@example.org']);
    expect(cells[4]).toBe('Rôles : Participant, Modérateur');
    const second = within(rows[2]).getAllByRole('cell');
    expect(second[2].textContent).toBe('Message rejeté (modération)');
    expect(within(second[3]).getByRole('link', { name: 'Voir le message' }).getAttribute('href')).toBe('#/d/demo/posts/p9');
    expect(second[4].textContent).toBe('Avant : en attenteAprès : rejetéMotif : Hors charte');
    // the table scrolls in its own region on narrow screens; keyboard users can reach it
    expect(screen.getByRole('region', { name: /Journal d'audit/ }).getAttribute('tabindex')).toBe('0');
  }, SLOW);
});

function Harness({ initial, moderatable }: { initial: Post; moderatable?: boolean }) {
  const [post, setPost] = useState(initial);
  const [status, setStatus] = useState('');
  return (
    <>
      <PostView post={post} slug="demo" level={3} onChange={setPost} flaggable moderatable={moderatable} announce={setStatus} />
      <p role="status">{status}</p>
    </>
  );
}

describe('Signaler', () => {
  it('asks for a reason, sends the report and confirms it', async () => {
    const { fetchImpl, calls } = apiMock({ 'PUT /debates/demo/posts/p1/flag': { flagged: true } });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <Harness initial={makePost()} />
      </WithApp>,
    );
    const button = screen.getByRole('button', { name: 'Signaler' });
    // the dialog's code is fetched in the background
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());
    expect(button.getAttribute('aria-haspopup')).toBe('dialog');
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Signaler ce message' });
    const group = within(dialog).getByRole('group', { name: 'Motif du signalement' });
    expect(within(group).getAllByRole('radio').map((r) => r.parentElement!.textContent)).toEqual([
      'Spam ou publicité',
      'Propos injurieux, haineux ou harcèlement',
      'Hors sujet',
      'Données personnelles (adresse, téléphone…)',
      'Autre motif',
    ]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Envoyer le signalement' }));
    expect(await within(dialog).findByText('Choisissez un motif.')).toBeTruthy();
    expect(calls).toHaveLength(0);

    fireEvent.click(within(dialog).getByLabelText('Hors sujet'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Envoyer le signalement' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls).toEqual([{ method: 'PUT', path: '/debates/demo/posts/p1/flag', body: { reason: 'off_topic' } }]);
    expect(screen.getByRole('status').textContent).toBe('Merci : votre signalement a été transmis aux modérateurs.');
    expect(screen.getByRole('button', { name: 'Signalé' }).getAttribute('aria-disabled')).toBe('true');
  }, SLOW);

  it('explains a refused report of one’s own post (409 own_post)', async () => {
    const { fetchImpl } = apiMock({
      'PUT /debates/demo/posts/p1/flag': () =>
        jsonResponse(409, { error: { code: 'own_post', message: 'You cannot flag your own post; edit or delete it instead.' } }),
    });
    // the author's id is unknown to the client here (no user in the session): the server says no
    const ctx = makeContext(fetchImpl);
    ctx.session = { ...ctx.session!, user: null };
    render(
      <WithApp value={ctx}>
        <Harness initial={makePost()} />
      </WithApp>,
    );
    const button = screen.getByRole('button', { name: 'Signaler' });
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('Spam ou publicité'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Envoyer le signalement' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Vous ne pouvez pas signaler votre propre message : modifiez-le ou supprimez-le.',
    );
  }, SLOW);

  it('is not offered on one’s own posts, to anonymous readers, or on pending posts', () => {
    const { fetchImpl } = apiMock({});
    const mine = render(
      <WithApp value={makeContext(fetchImpl)}>
        <Harness initial={makePost({ author: { id: 'u9', display_name: 'Zoé' } })} />
      </WithApp>,
    );
    expect(screen.queryByRole('button', { name: 'Signaler' })).toBeNull();
    mine.unmount();
    const anonymous = render(
      <WithApp value={makeContext(fetchImpl, { signedIn: false })}>
        <Harness initial={makePost()} />
      </WithApp>,
    );
    expect(screen.queryByRole('button', { name: 'Signaler' })).toBeNull();
    anonymous.unmount();
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <Harness initial={makePost({ state: 'pending' })} />
      </WithApp>,
    );
    expect(screen.queryByRole('button', { name: 'Signaler' })).toBeNull();
    expect(screen.getByText('En attente de modération')).toBeTruthy();
  }, SLOW);
});

describe('Masquer (moderators, thread view)', () => {
  it('hides a post with a reason, shows it as hidden, then publishes it again', async () => {
    const hidden = makePost({ state: 'rejected', body_html: '', body_text: '' });
    const { fetchImpl, calls } = apiMock({
      'POST /debates/demo/posts/p1/moderation': (body: unknown) =>
        jsonResponse(200, (body as { state: string }).state === 'rejected' ? hidden : makePost()),
    });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <Harness initial={makePost()} moderatable />
      </WithApp>,
    );
    expect(screen.queryByRole('button', { name: 'Publier de nouveau' })).toBeNull();
    const button = screen.getByRole('button', { name: 'Masquer' });
    // the dialog's code is fetched in the background
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());
    expect(button.getAttribute('aria-haspopup')).toBe('dialog');
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Masquer ce message' });
    expect(within(dialog).getByText('Message de Alice')).toBeTruthy();
    const reason = within(dialog).getByRole('textbox', { name: 'Motif de la décision (facultatif)' });
    expect(reason.getAttribute('aria-describedby')).toBe(reason.id + '-hint');
    fireEvent.input(reason, { target: { value: '  Propos injurieux  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Masquer le message' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls).toEqual([
      { method: 'POST', path: '/debates/demo/posts/p1/moderation', body: { state: 'rejected', reason: 'Propos injurieux' } },
    ]);
    expect(screen.getByRole('status').textContent).toBe('Message masqué : les participants ne le voient plus.');
    expect(screen.getByText('Refusé par la modération')).toBeTruthy();
    expect(screen.getByText('Le texte de ce message est masqué.')).toBeTruthy();
    // a hidden post takes no reaction nor report, and offers no second "Masquer"
    expect(screen.queryByRole('button', { name: /J'aime/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Signaler' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Masquer' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Publier de nouveau' }));
    expect(await screen.findByRole('button', { name: "J'aime (3)" })).toBeTruthy();
    expect(calls[1]).toEqual({ method: 'POST', path: '/debates/demo/posts/p1/moderation', body: { state: 'published' } });
    expect(screen.getByRole('status').textContent).toBe('Message publié : les participants le voient.');
    expect(screen.getByText('Hello')).toBeTruthy();
    expect(screen.queryByText('Refusé par la modération')).toBeNull();
  }, SLOW);

  it('offers Publier and Masquer on a pending post, and nothing to people who do not moderate', async () => {
    const { fetchImpl } = apiMock({});
    const { unmount } = render(
      <WithApp value={makeContext(fetchImpl)}>
        <Harness initial={makePost({ state: 'pending' })} moderatable />
      </WithApp>,
    );
    expect(screen.getByRole('button', { name: 'Publier' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Masquer' })).toBeTruthy();
    unmount();
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <Harness initial={makePost()} />
      </WithApp>,
    );
    expect(screen.queryByRole('button', { name: 'Masquer' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Publier/ })).toBeNull();
  }, SLOW);

  it('shows the API error in the dialog', async () => {
    const { fetchImpl } = apiMock({
      'POST /debates/demo/posts/p1/moderation': () =>
        jsonResponse(403, { error: { code: 'forbidden', message: 'Your role in this debate does not allow this.' } }),
    });
    render(
      <WithApp value={makeContext(fetchImpl, { lang: 'en' })}>
        <Harness initial={makePost()} moderatable />
      </WithApp>,
    );
    const button = screen.getByRole('button', { name: 'Hide' });
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Hide this message' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hide the message' }));
    expect(await within(dialog).findByRole('alert')).toBeTruthy();
    expect(screen.getByText('Hello')).toBeTruthy();
  }, SLOW);
});
