import { cleanup, configure, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessibilityPage, PrivacyPage } from '../src/pages/InfoPages';
import { collectMyData, ProfilePage } from '../src/pages/ProfilePage';
import { parseHash } from '../src/router';
import { apiMock, jsonResponse, makeContext, WithApp } from './helpers';

// Rendering a whole form in jsdom takes a few seconds on a busy machine.
const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });

afterEach(cleanup);

describe('Mon profil', () => {
  it('changes the display name and updates the session', async () => {
    const { fetchImpl, calls } = apiMock({
      'PATCH /me': (body: unknown) =>
        jsonResponse(200, { user: { id: 'u9', display_name: (body as { display_name: string }).display_name, email: 'zoe@example.org' } }),
    });
    const ctx = makeContext(fetchImpl, { user: { email: 'zoe@example.org' } });
    render(
      <WithApp value={ctx}>
        <ProfilePage />
      </WithApp>,
    );
    screen.getByRole('heading', { level: 1, name: 'Mon profil' });
    expect(screen.getByText('zoe@example.org')).toBeTruthy();
    const field = screen.getByLabelText('Nom affiché') as HTMLInputElement;
    expect(field.value).toBe('Zoé');

    fireEvent.input(field, { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le nom' }));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Indiquez un nom de 1 à 60 caractères.')).toBeTruthy();
    expect(calls).toHaveLength(0);

    fireEvent.input(field, { target: { value: '  Zoé   Martin ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le nom' }));
    await screen.findByText('Votre nom affiché est maintenant « Zoé Martin ».');
    expect(calls).toEqual([{ method: 'PATCH', path: '/me', body: { display_name: 'Zoé Martin' } }]);
    expect(ctx.setUser).toHaveBeenCalledWith({ id: 'u9', display_name: 'Zoé Martin', email: 'zoe@example.org' });
    expect(field.getAttribute('aria-invalid')).toBeNull();
  }, SLOW);
});

describe('my data', () => {
  it('merges every page of the export per debate', async () => {
    const pages: Record<string, unknown> = {
      '': { format: 'palabre-personal-data', version: 1, generated_at: 'now', user: { id: 'u9', email: 'zoe@example.org' },
        debates: [{ slug: 'a', title: { fr: 'A' }, posts: [{ id: 'p1' }] }], next_cursor: 'c1' },
      c1: { format: 'palabre-personal-data', version: 1, generated_at: 'now', debates: [{ slug: 'a', posts: [{ id: 'p2' }],
        stances: [{ post_id: 'p0' }] }, { slug: 'b', membership: { roles: ['participant'] } }], next_cursor: null },
    };
    const data = await collectMyData({ myData: async (cursor) => pages[cursor ?? ''] as never });
    expect(data.user).toEqual({ id: 'u9', email: 'zoe@example.org' });
    expect(data.debates).toEqual([
      { slug: 'a', title: { fr: 'A' }, posts: [{ id: 'p1' }, { id: 'p2' }], stances: [{ post_id: 'p0' }] },
      { slug: 'b', membership: { roles: ['participant'] } },
    ]);
  });

  it('deletes the account only once the email address is typed, then signs out', async () => {
    const { fetchImpl, calls } = apiMock({ 'DELETE /me': { status: 'deleted' } });
    const ctx = makeContext(fetchImpl, { user: { email: 'zoe@example.org' } });
    render(
      <WithApp value={ctx}>
        <ProfilePage />
      </WithApp>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Supprimer mon compte…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Supprimer définitivement votre compte ?' });
    const field = screen.getByLabelText('Pour confirmer, saisissez votre adresse e-mail');
    fireEvent.input(field, { target: { value: 'autre@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Supprimer définitivement mon compte' }));
    expect(screen.getByText("Ce n'est pas l'adresse e-mail de ce compte.")).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(calls).toHaveLength(0);
    fireEvent.input(field, { target: { value: ' Zoe@Example.org ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Supprimer définitivement mon compte' }));
    await screen.findByText('Votre compte est supprimé. Vous avez été déconnecté.');
    expect(calls).toEqual([{ method: 'DELETE', path: '/me', body: { confirm: 'Zoe@Example.org' } }]);
    expect(ctx.signOut).toHaveBeenCalled();
    expect(dialog.isConnected).toBe(false);
  }, SLOW);
});

describe('static pages', () => {
  it('routes the new pages', () => {
    expect(parseHash('#/new')).toEqual({ name: 'newDebate' });
    expect(parseHash('#/me')).toEqual({ name: 'profile' });
    expect(parseHash('#/accessibilite')).toEqual({ name: 'accessibility' });
    expect(parseHash('#/confidentialite')).toEqual({ name: 'privacy' });
    expect(parseHash('#/d/demo/settings')).toEqual({ name: 'settings', slug: 'demo' });
    expect(parseHash('#/d/demo/moderation')).toEqual({ name: 'moderation', slug: 'demo' });
    expect(parseHash('#/d/demo/audit')).toEqual({ name: 'audit', slug: 'demo' });
    expect(parseHash('#/d/demo/other')).toEqual({ name: 'notfound' });
  }, SLOW);

  it('states the accessibility status honestly, with the contact and the Défenseur des droits', () => {
    const { fetchImpl } = apiMock({});
    const ctx = makeContext(fetchImpl, { signedIn: false });
    ctx.config = { ...ctx.config, operatorName: 'Ville de Test', contactEmail: 'a11y@test.example' };
    render(
      <WithApp value={ctx}>
        <AccessibilityPage />
      </WithApp>,
    );
    screen.getByRole('heading', { level: 1, name: "Déclaration d'accessibilité" });
    expect(screen.getByRole('heading', { level: 2, name: 'État de conformité' })).toBeTruthy();
    expect(document.body.textContent).toContain('Ce site est non conforme');
    expect(document.body.textContent).toContain("aucun audit de conformité n'a encore été réalisé");
    expect(document.body.textContent).toContain('axe-core');
    expect(screen.getByRole('link', { name: 'a11y@test.example' }).getAttribute('href')).toBe('mailto:a11y@test.example');
    expect(screen.getByRole('link', { name: 'formulaire en ligne' }).getAttribute('href')).toBe('https://formulaire.defenseurdesdroits.fr/');
    expect(document.body.textContent).toContain('Libre réponse 71120, 75342 Paris CEDEX 07');
  }, SLOW);

  it('explains the data stored and the rights, in English too', () => {
    const { fetchImpl } = apiMock({});
    render(
      <WithApp value={makeContext(fetchImpl, { signedIn: false, lang: 'en' })}>
        <PrivacyPage />
      </WithApp>,
    );
    screen.getByRole('heading', { level: 1, name: 'Privacy and personal data' });
    const text = document.body.textContent ?? '';
    for (const words of ['email address', 'display name', 'contributions', 'votes', 'follow', 'pseudonymised', 'download your data', 'delete your account', 'Deleted participant', 'terms of participation']) {
      expect(text).toContain(words);
    }
    // no contact configured: said plainly rather than invented
    expect(text).toContain('has not given their contact details');
  }, SLOW);
});
