import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/preact';
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

describe('Paramètres du débat', () => {
  it('closes the debate, archives it and links to the archive', async () => {
    let debate: Debate = makeDebate({ phases: [{ id: 'ph1', name: { fr: 'Débat' }, start: '2027-01-10T08:00:00.000Z', end: null }] });
    const { fetchImpl, calls } = apiMock({
      'GET /debates/demo': () => jsonResponse(200, debate),
      'GET /debates/demo/members': { items: members },
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
      'GET /debates/demo/members': { items: members },
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
