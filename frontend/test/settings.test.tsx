import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Debate } from '../src/api';
import { DebateSettingsPage } from '../src/pages/DebateAdminPages';
import { apiMock, jsonResponse, makeContext, makeDebate, WithApp } from './helpers';

// Rendering a whole form in jsdom takes a few seconds on a busy machine.
const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });

afterEach(cleanup);

const members = [
  { user_id: 'u1', roles: ['participant', 'moderator', 'organiser'], joined_at: '', display_name: 'Orla', email: 'orla@example.org' },
  { user_id: 'u2', roles: ['participant', 'moderator'], joined_at: '', display_name: 'Marc', email: 'marc@example.org' },
];
const invited = [{ user_id: 'u3', roles: ['participant'], joined_at: '', display_name: 'Inès', email: 'ines@example.org' }];

/** GET …/members answers the staff, or with group=invited the invite list (pages given per cursor). */
function membersRoute(pages: Record<string, { items: typeof members; next_cursor?: string | null }> = {}) {
  return (_body: unknown, url: URL) => {
    if (url.searchParams.get('group') !== 'invited') return jsonResponse(200, { items: members, next_cursor: null });
    return jsonResponse(200, pages[url.searchParams.get('cursor') ?? ''] ?? { items: invited, next_cursor: null });
  };
}

describe('Paramètres du débat', () => {
  it('closes the debate, archives it and links to the archive', async () => {
    let debate: Debate = makeDebate({ phases: [{ id: 'ph1', name: { fr: 'Débat' }, start: '2027-01-10T08:00:00.000Z', end: null }] });
    const { fetchImpl, calls } = apiMock({
      'GET /debates/demo': () => jsonResponse(200, debate),
      'GET /debates/demo/members': membersRoute(),
      'PATCH /debates/demo': (body: unknown) => {
        debate = { ...debate, ...(body as Partial<Debate>) };
        return jsonResponse(200, debate);
      },
      'POST /debates/demo/archive': { url: 'http://127.0.0.1:18901/archives/demo/index.html' },
    });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <DebateSettingsPage slug="demo" />
      </WithApp>,
    );
    await screen.findByRole('heading', { level: 1, name: 'Paramètres du débat' });
    // the stored phase is shown as a local time of the debate's zone
    expect((screen.getByLabelText('Début') as HTMLInputElement).value).toBe('2027-01-10T09:00');
    expect(screen.queryByRole('button', { name: 'Archiver le débat' })).toBeNull();

    const close = screen.getByRole('button', { name: 'Clore le débat' });
    fireEvent.click(close);
    await screen.findByText('Le débat est clos.');
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ status: 'closed' });
    // the same button now reopens, and keeps the focus where it was
    expect(close.textContent).toBe('Rouvrir le débat');

    fireEvent.click(screen.getByRole('button', { name: 'Archiver le débat' }));
    const link = await screen.findByRole('link', { name: "Ouvrir l'archive du débat" });
    expect(link.getAttribute('href')).toBe('http://127.0.0.1:18901/archives/demo/index.html');
    expect(screen.getByText("L'archive du débat est publiée.")).toBeTruthy();
  }, SLOW);

  it('saves only the changed settings, with the phase ids, and changes a member’s role', async () => {
    const debate = makeDebate({ phases: [{ id: 'ph1', name: { fr: 'Débat' }, start: '2027-01-10T08:00:00.000Z', end: null }] });
    const { fetchImpl, calls } = apiMock({
      'GET /debates/demo': debate,
      'GET /debates/demo/members': membersRoute(),
      'PATCH /debates/demo': (body: unknown) => jsonResponse(200, { ...debate, ...(body as object) }),
      'PUT /debates/demo/members/u2': (body: unknown) =>
        jsonResponse(200, { ...members[1], roles: ['participant', ...(body as { roles: string[] }).roles] }),
    });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <DebateSettingsPage slug="demo" />
      </WithApp>,
    );
    const fuseau = await screen.findByLabelText('Fuseau horaire');
    fireEvent.input(screen.getByLabelText('Titre (français)'), { target: { value: 'Budget 2027' } });
    fireEvent.change(fuseau, { target: { value: 'America/New_York' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer les paramètres' }));
    await screen.findByText('Paramètres enregistrés.');
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({
      title: { fr: 'Budget 2027' },
      timezone: 'America/New_York',
      phases: [{ id: 'ph1', name: { fr: 'Débat' }, start: '2027-01-10T09:00:00-05:00', end: null }],
    });

    fireEvent.change(screen.getByLabelText('Rôle de Marc (marc@example.org)'), { target: { value: 'harvester' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le rôle de Marc (marc@example.org)' }));
    await screen.findByText('Marc (marc@example.org) a maintenant le rôle « Récolteur ».');
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ roles: ['harvester'] });
  }, SLOW);

  it('lists the invited participants page by page, moves a member between the lists, and removes one after confirming', async () => {
    const debate = makeDebate({ visibility: 'private' });
    const more = [{ user_id: 'u4', roles: ['participant'], joined_at: '', display_name: 'Paul', email: 'paul@example.org' }];
    const { fetchImpl, calls } = apiMock({
      'GET /debates/demo': debate,
      'GET /debates/demo/members': membersRoute({ '': { items: invited, next_cursor: 'c2' }, c2: { items: more, next_cursor: null } }),
      'PUT /debates/demo/members/u2': () => jsonResponse(200, { ...members[1], roles: ['participant'] }),
      'DELETE /debates/demo/members/u3': { user_id: 'u3', roles: [] },
    });
    render(
      <WithApp value={makeContext(fetchImpl, { user: { id: 'u1', display_name: 'Orla' } })}>
        <DebateSettingsPage slug="demo" />
      </WithApp>,
    );
    const invitedList = () => screen.getByRole('list', { name: /Participants invités/ });
    await screen.findByRole('heading', { level: 3, name: 'Participants invités (1+)' });
    expect(within(invitedList()).getByText('Inès')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Afficher plus Participants invités (1)' }));
    await screen.findByRole('heading', { level: 3, name: 'Participants invités (2)' });
    expect(within(invitedList()).getByText('Paul')).toBeTruthy();
    expect(calls.filter((c) => c.path.startsWith('/debates/demo/members')).map((c) => c.path)).toContain(
      '/debates/demo/members?group=invited&cursor=c2',
    );

    // a moderator given back the participant role leaves the team for the invite list
    fireEvent.change(screen.getByLabelText('Rôle de Marc (marc@example.org)'), { target: { value: 'participant' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le rôle de Marc (marc@example.org)' }));
    await screen.findByRole('heading', { level: 3, name: 'Participants invités (3)' });
    expect(screen.getByRole('heading', { level: 3, name: "Membres de l'équipe (1)" })).toBeTruthy();
    // the organiser does not get a button to remove themself
    expect(screen.queryByRole('button', { name: 'Retirer du débat : Orla (orla@example.org)' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Retirer du débat : Inès (ines@example.org)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retirer Inès (ines@example.org) du débat ?' });
    expect(dialog.textContent).toContain('elle ne pourra plus le lire');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false); // nothing before the confirmation
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retirer' }));
    await screen.findByText("Inès (ines@example.org) n'a plus de place dans ce débat.");
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/debates/demo/members/u3']);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(invitedList()).queryByText('Inès')).toBeNull();
    expect(screen.getByRole('heading', { level: 3, name: 'Participants invités (2)' })).toBeTruthy();
  }, SLOW);

  it('keeps non-organisers out', async () => {
    const { fetchImpl, calls } = apiMock({ 'GET /debates/demo': makeDebate({ my_roles: ['participant', 'moderator'] }) });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <DebateSettingsPage slug="demo" />
      </WithApp>,
    );
    await screen.findByText('Seuls les organisateurs du débat peuvent modifier ses paramètres.');
    await waitFor(() => expect(calls.map((c) => c.path)).toEqual(['/debates/demo']));
  }, SLOW);
});
