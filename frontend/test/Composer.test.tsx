import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewPost, Post } from '../src/api';
import { Composer } from '../src/components/Composer';
import { makeContext, makePost, WithApp } from './helpers';

afterEach(cleanup);

describe('Composer', () => {
  it('reuses the Idempotency-Key when the same draft is retried, and a new one for a new draft', async () => {
    const keys: string[] = [];
    let fail = true;
    const submit = vi.fn(async (_input: NewPost, key: string): Promise<Post> => {
      keys.push(key);
      if (fail) throw new TypeError('lost');
      return makePost({ id: 'new' });
    });
    const onPublished = vi.fn();
    render(
      <WithApp value={makeContext(vi.fn() as unknown as typeof fetch)}>
        <Composer id="c1" allowStatement submit={submit} onPublished={onPublished} />
      </WithApp>,
    );
    const textarea = screen.getByLabelText('Votre message');
    const publish = screen.getByRole('button', { name: 'Publier' });

    fireEvent.input(textarea, { target: { value: 'Mon idée' } });
    fireEvent.click(publish);
    await screen.findByRole('alert');
    fireEvent.click(publish);
    await waitFor(() => expect(keys).toHaveLength(2));
    expect(keys[1]).toBe(keys[0]);

    fireEvent.input(textarea, { target: { value: 'Mon idée, corrigée' } });
    fail = false;
    fireEvent.click(publish);
    await waitFor(() => expect(onPublished).toHaveBeenCalled());
    expect(keys[2]).not.toBe(keys[0]);
    expect(submit.mock.calls[2][0]).toEqual({ body: 'Mon idée, corrigée', language: 'fr', statement: false });
    expect((screen.getByLabelText('Votre message') as HTMLTextAreaElement).value).toBe('');
  });

  it('refuses an empty message without calling the API', async () => {
    const submit = vi.fn();
    render(
      <WithApp value={makeContext(vi.fn() as unknown as typeof fetch)}>
        <Composer id="c2" submit={submit} onPublished={vi.fn()} />
      </WithApp>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Publier' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Écrivez un message avant de publier.');
    expect(submit).not.toHaveBeenCalled();
    expect(screen.queryByLabelText('Affirmation courte que les autres peuvent approuver ou non')).toBeNull();
  });
});
