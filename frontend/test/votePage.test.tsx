import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VotePage } from '../src/pages/VotePage';
import type { VoteSession } from '../src/votes';
import { apiMock, jsonResponse, makeContext, makeDebate, WithApp } from './helpers';

// Rendering a whole page in jsdom takes a few seconds on a busy machine.
const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const S = '/debates/demo/vote-sessions/s1';

function makeSession(): VoteSession {
  return {
    id: 's1',
    idea_id: 'i1',
    phase: { id: 'ph1', name: { fr: 'Vote' }, start: '2026-12-01T08:00:00.000Z', end: '2027-01-10T17:00:00.000Z' },
    state: 'open',
    title: { fr: 'Budget participatif' },
    instructions: {},
    results_visibility: 'after_close',
    proposal_order: 'fixed',
    counts: { proposals: 1, modules: 1 },
    created_at: '2026-12-01T08:00:00.000Z',
    updated_at: '2026-12-01T08:00:00.000Z',
    timezone: 'Europe/Paris',
    results_available: false,
    can_vote: true,
    can_administer: false,
    modules: [
      {
        id: 'm1',
        kind: 'tokens',
        title: { fr: 'Jetons' },
        instructions: {},
        order: 0,
        rev: 1,
        exclusive: false,
        categories: [{ id: 'c1', name: { fr: 'Pour' }, colour: '#2ca02c', budget: 10, max_per_proposal: 5 }],
      },
    ],
    proposals: [
      {
        id: 'p1',
        title: { fr: 'Pistes cyclables' },
        description: {},
        order: 0,
        modules: [
          {
            module_id: 'm1',
            kind: 'tokens',
            title: { fr: 'Jetons' },
            instructions: {},
            overridden: false,
            exclusive: false,
            categories: [{ id: 'c1', name: { fr: 'Pour' }, colour: '#2ca02c', budget: 10, max_per_proposal: 5 }],
          },
        ],
      },
    ],
    mine: {
      ballots: [],
      purses: [{ module_id: 'm1', categories: [{ id: 'c1', name: { fr: 'Pour' }, colour: '#2ca02c', budget: 10, spent: 0, remaining: 10 }] }],
    },
  };
}

describe('Page de vote', () => {
  it('casting a token sends a PUT with an Idempotency-Key and shows the remaining count from the answer', async () => {
    const keys: (string | null)[] = [];
    const { fetchImpl, calls } = apiMock({
      'GET /debates/demo': makeDebate(),
      [`GET ${S}`]: makeSession(),
      // the server's purse says 7 (another ballot of mine elsewhere): the page must show it, not its own 9
      [`PUT ${S}/proposals/p1/ballots/m1`]: (body: unknown) =>
        jsonResponse(200, {
          ballot: { proposal_id: 'p1', module_id: 'm1', kind: 'tokens', tokens: (body as { tokens: Record<string, number> }).tokens, updated_at: '2026-12-03T10:00:00Z', rev: 1 },
          purse: { module_id: 'm1', categories: [{ id: 'c1', name: { fr: 'Pour' }, colour: '#2ca02c', budget: 10, spent: 3, remaining: 7 }] },
        }),
    });
    const spy = fetchImpl as unknown as { mock: { calls: [string, RequestInit][] } };
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <VotePage slug="demo" sessionId="s1" />
      </WithApp>,
    );
    const group = await screen.findByRole('group', { name: 'Jetons pour « Pistes cyclables »' });
    const status = screen.getByText(/Il vous reste 10 jetons/).closest('[role="status"]') as HTMLElement;
    expect(status).not.toBeNull();
    fireEvent.click(within(group).getByRole('button', { name: 'Ajouter un jeton à « Pistes cyclables »' }));
    await waitFor(() => expect(status.textContent).toContain('Il vous reste 7 jetons'));
    expect((within(group).getByRole('spinbutton', { name: 'Nombre de jetons pour « Pistes cyclables »' }) as HTMLInputElement).value).toBe('1');
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.body).toEqual({ tokens: { c1: 1 } });
    for (const [, init] of spy.mock.calls) {
      if (init?.method === 'PUT') keys.push((init.headers as Record<string, string>)['Idempotency-Key'] ?? null);
    }
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  }, SLOW);

  it('sends one change of a ballot at a time, then the latest choice made meanwhile', async () => {
    // Requests sent together may be carried out in any order: the server must end with the last choice.
    const choices = [
      { value: 1, label: { fr: 'Faible' } },
      { value: 2, label: { fr: 'Moyen' } },
      { value: 3, label: { fr: 'Fort' } },
    ];
    const session = makeSession();
    session.modules = [{ id: 'm1', kind: 'gauge', title: { fr: 'Impact' }, instructions: {}, order: 0, rev: 1, choices, range: null }];
    session.proposals[0].modules = [{ module_id: 'm1', kind: 'gauge', title: { fr: 'Impact' }, instructions: {}, overridden: false, choices, range: null }];
    session.mine = { ballots: [], purses: [] };
    const releases: (() => void)[] = [];
    const { fetchImpl, calls } = apiMock({
      'GET /debates/demo': makeDebate(),
      [`GET ${S}`]: session,
      [`PUT ${S}/proposals/p1/ballots/m1`]: (body: unknown) =>
        new Promise<Response>((resolve) =>
          releases.push(() =>
            resolve(
              jsonResponse(200, {
                ballot: { proposal_id: 'p1', module_id: 'm1', kind: 'gauge', value: (body as { value: number }).value, updated_at: '2026-12-03T10:00:00Z', rev: 1 },
                purse: null,
              }),
            ),
          ),
        ),
    });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <VotePage slug="demo" sessionId="s1" />
      </WithApp>,
    );
    const group = await screen.findByRole('group', { name: 'Impact : « Pistes cyclables »' });
    const radio = (name: string) => within(group).getByRole('radio', { name }) as HTMLInputElement;
    const puts = () => calls.filter((c) => c.method === 'PUT').map((c) => c.body);
    fireEvent.click(radio('Faible'));
    await waitFor(() => expect(releases.length).toBe(1));
    fireEvent.click(radio('Moyen'));
    fireEvent.click(radio('Fort'));
    await waitFor(() => expect(radio('Fort').checked).toBe(true));
    expect(puts()).toEqual([{ value: 1 }]); // the later choices wait for the request in flight
    releases[0]();
    await waitFor(() => expect(releases.length).toBe(2));
    expect(puts()).toEqual([{ value: 1 }, { value: 3 }]); // only the latest waiting choice is sent
    expect(radio('Fort').checked).toBe(true); // the first answer does not bring back the stale choice
    releases[1]();
    await waitFor(() => expect(within(group).queryByText(/Enregistrement/)).toBeNull());
    expect(radio('Fort').checked).toBe(true);
    expect(puts()).toHaveLength(2);
  }, SLOW);

  it('a + that cannot add says why: it is described by the remaining tokens and the maximum', async () => {
    const spent = makeSession();
    spent.mine!.purses[0].categories[0] = { ...spent.mine!.purses[0].categories[0], spent: 10, remaining: 0 };
    const { fetchImpl } = apiMock({ 'GET /debates/demo': makeDebate(), [`GET ${S}`]: spent });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <VotePage slug="demo" sessionId="s1" />
      </WithApp>,
    );
    const group = await screen.findByRole('group', { name: 'Jetons pour « Pistes cyclables »' });
    const add = within(group).getByRole('button', { name: 'Ajouter un jeton à « Pistes cyclables »' });
    expect(add.getAttribute('aria-disabled')).toBe('true');
    const description = (add.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(description).toMatch(/Il vous reste 0 jeton.*5 au plus/s);
  }, SLOW);

  it('shows a budget_exceeded error in an alert next to the control', async () => {
    const { fetchImpl } = apiMock({
      'GET /debates/demo': makeDebate(),
      [`GET ${S}`]: makeSession(),
      [`PUT ${S}/proposals/p1/ballots/m1`]: () =>
        jsonResponse(409, {
        error: {
          code: 'budget_exceeded',
          message: 'Budget exceeded',
          details: { module_id: 'm1', categories: [{ category_id: 'c1', budget: 10, spent: 10, requested: 1, remaining: 0 }] },
        },
        }),
    });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <VotePage slug="demo" sessionId="s1" />
      </WithApp>,
    );
    const group = await screen.findByRole('group', { name: 'Jetons pour « Pistes cyclables »' });
    fireEvent.click(within(group).getByRole('button', { name: 'Ajouter un jeton à « Pistes cyclables »' }));
    await waitFor(() => expect(within(group).getByRole('alert').textContent).toContain('Plus assez de jetons : il vous en reste 0.'));
  }, SLOW);
});

/** Moves the fake clock and its timers, then lets the page render. */
async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('Page de vote: the end of the vote while the page is open', () => {
  // the phase ends on 10 January 2027 at 17:00 UTC (makeSession)
  const END = Date.parse('2027-01-10T17:00:00.000Z');
  const closedSession = (): VoteSession => ({ ...makeSession(), state: 'closed', can_vote: false, results_available: true });

  function renderVote(routes: Record<string, unknown>) {
    const mock = apiMock({ 'GET /debates/demo': makeDebate(), ...routes });
    render(
      <WithApp value={makeContext(mock.fetchImpl)}>
        <VotePage slug="demo" sessionId="s1" />
      </WithApp>,
    );
    return mock;
  }
  const group = () => screen.queryByRole('group', { name: 'Jetons pour « Pistes cyclables »' });

  it('switches to the closed state when the end passes, with no reload', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(END - 90_000);
    let reads = 0;
    const { calls } = renderVote({ [`GET ${S}`]: () => jsonResponse(200, ++reads === 1 ? makeSession() : closedSession()) });
    await screen.findByRole('group', { name: 'Jetons pour « Pistes cyclables »' });
    expect(screen.getByText('Vote en cours')).toBeTruthy();

    await advance(60_000);
    expect(group()).not.toBeNull(); // 30 s before the end: still open
    await advance(31_000);
    expect(group()).toBeNull(); // read-only now
    expect(screen.getByText('Vote terminé')).toBeTruthy();
    expect(screen.queryByText('Vote en cours')).toBeNull();
    expect(screen.getByText('Le vote vient de se terminer : vos choix ne peuvent plus être modifiés. Ceux déjà enregistrés sont conservés.', { selector: '.notice' })).toBeTruthy();
    // said to screen readers too
    expect(screen.getAllByRole('status').some((x) => x.textContent?.includes('Le vote vient de se terminer'))).toBe(true);
    expect(screen.queryByText(/Chaque choix est enregistré/)).toBeNull();
    // then the server's session is read again: the results link appears
    await screen.findByRole('link', { name: 'Voir les résultats' });
    expect(calls.filter((c) => c.method === 'GET' && c.path === S)).toHaveLength(2);
  }, SLOW);

  it('bounds its timer: an end weeks away does not close the page early (setTimeout overflows past ~24.8 days)', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(END - 40 * 24 * 3600_000);
    let reads = 0;
    renderVote({ [`GET ${S}`]: () => jsonResponse(200, ++reads === 1 ? makeSession() : closedSession()) });
    await screen.findByRole('group', { name: 'Jetons pour « Pistes cyclables »' });
    await advance(2 * 3600_000);
    expect(group()).not.toBeNull();
    expect(screen.getByText('Vote en cours')).toBeTruthy();
    expect(reads).toBe(1);
    await advance(40 * 24 * 3600_000);
    expect(group()).toBeNull();
    expect(screen.getByText('Vote terminé')).toBeTruthy();
  }, SLOW);

  it('does not close at once when the server says open although this clock is past the end; asks again later', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(END + 60_000); // this clock is a minute ahead of the server's
    let reads = 0;
    renderVote({ [`GET ${S}`]: () => jsonResponse(200, ++reads <= 2 ? makeSession() : closedSession()) });
    await screen.findByRole('group', { name: 'Jetons pour « Pistes cyclables »' });
    await advance(31_000); // asked again: still open
    expect(group()).not.toBeNull();
    await advance(31_000); // asked again: closed
    await waitFor(() => expect(group()).toBeNull());
    expect(screen.getByText('Vote terminé')).toBeTruthy();
    expect(reads).toBe(3);
  }, SLOW);

  it('a 409 vote_closed switches the page to closed with a message, even if the session cannot be read again', async () => {
    let reads = 0;
    renderVote({
      [`GET ${S}`]: () =>
        ++reads === 1 ? jsonResponse(200, makeSession()) : jsonResponse(503, { error: { code: 'temporarily_unavailable', message: 'Busy.' } }),
      [`PUT ${S}/proposals/p1/ballots/m1`]: () => jsonResponse(409, { error: { code: 'vote_closed', message: 'Voting has closed.' } }),
    });
    const g = await screen.findByRole('group', { name: 'Jetons pour « Pistes cyclables »' });
    const add = within(g).getByRole('button', { name: 'Ajouter un jeton à « Pistes cyclables »' });
    add.focus();
    fireEvent.click(add);
    const notice = await screen.findByText(
      "Le vote s'est terminé : votre dernière modification n'a pas été enregistrée. Vos choix enregistrés auparavant sont conservés.",
      { selector: '.notice' },
    );
    expect(group()).toBeNull();
    expect(screen.getByText('Vote terminé')).toBeTruthy();
    // the button the person used is gone: the focus is on the notice, not lost
    await waitFor(() => expect(document.activeElement).toBe(notice));
    await waitFor(() => expect(reads).toBe(2));
    expect(screen.getByText('Vote terminé')).toBeTruthy();
  }, SLOW);
});
