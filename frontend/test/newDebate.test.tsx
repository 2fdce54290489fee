import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DebateListPage } from '../src/pages/DebateListPage';
import { NewDebatePage } from '../src/pages/DebateAdminPages';
import { apiMock, jsonResponse, makeContext, makeDebate, WithApp } from './helpers';

// Rendering a whole form in jsdom takes a few seconds on a busy machine.
const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });

afterEach(cleanup);

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.input(input(label), { target: { value } });

describe('Créer un débat', () => {
  it('is offered on the home page to platform organisers only', async () => {
    const { fetchImpl } = apiMock({
      'GET /debates': { items: [], next_cursor: null },
      'GET /me/debates': { items: [], next_cursor: null },
    });
    const view = render(
      <WithApp value={makeContext(fetchImpl, { user: { platform_roles: ['organiser'] } })}>
        <DebateListPage />
      </WithApp>,
    );
    expect((await screen.findByRole('link', { name: 'Créer un débat' })).getAttribute('href')).toBe('#/new');
    view.unmount();
    render(
      <WithApp value={makeContext(fetchImpl, { user: { platform_roles: [] } })}>
        <DebateListPage />
      </WithApp>,
    );
    await screen.findByText('Aucune consultation publique pour le moment.');
    expect(screen.queryByRole('link', { name: 'Créer un débat' })).toBeNull();
  }, SLOW);

  it('checks the form, converts the phase dates in the chosen zone, shows server errors, then invites', async () => {
    let attempts = 0;
    const { fetchImpl, calls } = apiMock({
      'POST /debates': () =>
        ++attempts === 1
          ? jsonResponse(409, { error: { code: 'slug_taken', message: 'This address is already taken; choose another slug.' } })
          : jsonResponse(201, makeDebate({ slug: 'budget-2027-bis', title: { fr: 'Budget participatif 2027' } })),
      'POST /debates/budget-2027-bis/members': (body: unknown) =>
        jsonResponse(200, { user_id: 'u5', roles: ['participant', ...(body as { roles: string[] }).roles], joined_at: '', display_name: 'M', email: 'modo@example.org' }),
    });
    render(
      <WithApp value={makeContext(fetchImpl, { user: { platform_roles: ['organiser'] } })}>
        <NewDebatePage />
      </WithApp>,
    );
    screen.getByRole('heading', { level: 1, name: 'Créer un débat' });
    expect(input('Français').checked).toBe(true);

    // the address follows the title until it is edited
    type('Titre (français)', 'Budget participatif 2027');
    expect(input('Adresse du débat').value).toBe('budget-participatif-2027');
    type('Adresse du débat', 'budget-2027');

    fireEvent.change(screen.getByLabelText('Fuseau horaire'), { target: { value: 'Europe/Paris' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter une phase' }));
    const phase = screen.getByRole('group', { name: 'Phase 1' });
    await waitFor(() => expect(document.activeElement).toBe(within(phase).getByLabelText('Nom de la phase (français)')));
    type('Nom de la phase (français)', 'Propositions');
    // 02:30 does not exist in Paris on 28 March 2027 (clocks go forward)
    type('Début', '2027-03-28T02:30');
    type('Fin (facultatif)', '2027-10-31T02:30');

    // invitations are emailed with a sign-in link (the form must not say otherwise)
    const invites = screen.getByRole('group', { name: 'Invitations (facultatif)' });
    expect(invites.textContent).toContain('invitation par e-mail avec un lien de connexion qui ouvre le débat');
    expect(invites.textContent).not.toContain("Aucun e-mail");
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter une invitation' }));
    type('Adresse e-mail (invitation 1)', 'modo@example.org');
    fireEvent.change(screen.getByLabelText('Rôle (invitation 1)'), { target: { value: 'moderator' } });

    fireEvent.click(screen.getByRole('button', { name: 'Créer le débat' }));
    const start = input('Début');
    await waitFor(() => expect(start.getAttribute('aria-invalid')).toBe('true'));
    const startError = document.getElementById(start.getAttribute('aria-describedby')!.split(' ').pop()!)!;
    expect(startError.textContent).toContain("Cette heure n'existe pas dans le fuseau Europe/Paris");
    expect(calls).toHaveLength(0);
    await waitFor(() => expect(document.activeElement).toBe(start));

    type('Début', '2027-03-28T03:30');
    // the end happens twice (clocks go back): the first one is taken, and the hint says so
    expect(screen.getByText(/existe deux fois/).textContent).toContain('UTC+2');
    fireEvent.click(screen.getByRole('button', { name: 'Créer le débat' }));

    // 409 slug_taken: shown next to the address
    const slug = input('Adresse du débat');
    await waitFor(() => expect(slug.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Cette adresse est déjà prise : choisissez-en une autre.')).toBeTruthy();
    expect(calls[0].body).toEqual({
      slug: 'budget-2027',
      languages: ['fr'],
      default_language: 'fr',
      title: { fr: 'Budget participatif 2027' },
      description: {},
      visibility: 'public',
      timezone: 'Europe/Paris',
      phases: [{ name: { fr: 'Propositions' }, start: '2027-03-28T03:30:00+02:00', end: '2027-10-31T02:30:00+02:00' }],
      premoderation: false,
    });

    type('Adresse du débat', 'budget-2027-bis');
    fireEvent.click(screen.getByRole('button', { name: 'Créer le débat' }));
    await screen.findByRole('heading', { level: 1, name: 'Débat créé' });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /debates',
      'POST /debates',
      'POST /debates/budget-2027-bis/members',
    ]);
    expect(calls[2].body).toEqual({ email: 'modo@example.org', roles: ['moderator'] });
    expect(screen.getByText(/modo@example.org \(Modérateur\)/).textContent).toBe(
      'modo@example.org (Modérateur) : rôle attribué, invitation envoyée par e-mail.',
    );
    expect(screen.getByRole('link', { name: 'Paramètres du débat' }).getAttribute('href')).toBe('#/d/budget-2027-bis/settings');
  }, SLOW);

  it('tells people who may not create debates', () => {
    const { fetchImpl } = apiMock({});
    render(
      <WithApp value={makeContext(fetchImpl, { user: { platform_roles: [] } })}>
        <NewDebatePage />
      </WithApp>,
    );
    expect(screen.getByText(/Seuls les organisateurs de la plateforme/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Créer le débat' })).toBeNull();
  }, SLOW);
});
