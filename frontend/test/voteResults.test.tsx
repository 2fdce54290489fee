import { cleanup, configure, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { moduleScales, VoteResultsPage } from '../src/pages/VoteResultsPage';
import type { ModuleResult, Results, VoteSession } from '../src/votes';
import { apiMock, makeContext, makeDebate, WithApp } from './helpers';

const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);

const S = '/debates/demo/vote-sessions/s1';

function session(): VoteSession {
  return {
    id: 's1',
    idea_id: 'i1',
    phase: { id: 'ph1', name: { fr: 'Vote' }, start: '2026-12-01T08:00:00.000Z', end: '2026-12-10T17:00:00.000Z' },
    state: 'closed',
    title: { fr: 'Budget participatif' },
    instructions: {},
    results_visibility: 'after_close',
    proposal_order: 'fixed',
    counts: { proposals: 3, modules: 2 },
    created_at: '2026-12-01T08:00:00.000Z',
    updated_at: '2026-12-01T08:00:00.000Z',
    timezone: 'Europe/Paris',
    results_available: true,
    can_vote: false,
    can_administer: false,
    modules: [],
    proposals: [],
    mine: null,
  } as unknown as VoteSession;
}

const tokens = (total: number): ModuleResult => ({
  module_id: 'm1',
  kind: 'tokens',
  title: { fr: 'Jetons' },
  voters: total,
  categories: [{ id: 'c1', name: { fr: 'Budget' }, colour: '#2ca02c', total }],
});
const binary = (yes: number, no: number): ModuleResult => ({ module_id: 'm2', kind: 'binary', title: { fr: 'Avis' }, voters: yes + no, for: yes, against: no });

function results(): Results {
  const titles = ['Jardins', 'Pistes cyclables', 'Bancs'];
  const figures: [number, number, number][] = [
    [2, 1, 1],
    [4, 3, 0],
    [6, 0, 2],
  ];
  return {
    session_id: 's1',
    state: 'closed',
    final: true,
    generated_at: '2026-12-10T17:05:00.000Z',
    modules: [],
    proposals: titles.map((t, i) => ({
      id: `p${i + 1}`,
      title: { fr: t },
      description: {},
      order: i,
      modules: [tokens(figures[i][0]), binary(figures[i][1], figures[i][2])],
    })),
  };
}

/** The bar widths (percent of the track) of the chart in one proposal's module. */
function widths(proposal: string, module: string): number[] {
  const section = screen.getByRole('region', { name: proposal });
  const chart = within(section).getByRole('img', { name: new RegExp(`^Graphique, ${module} :`) });
  return [...chart.querySelectorAll('rect:not(.vote-chart-track)')].map((r) => Math.round(Number(r.getAttribute('width')) * 100) / 100);
}

describe('Vote results', () => {
  it('scales the bars of a module across proposals, so that 2, 4 and 6 tokens compare; the tables keep the figures', async () => {
    const { fetchImpl } = apiMock({
      'GET /debates/demo': makeDebate(),
      [`GET ${S}`]: session(),
      [`GET ${S}/results`]: results(),
    });
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <VoteResultsPage slug="demo" sessionId="s1" />
      </WithApp>,
    );
    await screen.findByRole('heading', { level: 1, name: 'Résultats : Budget participatif' });
    // one token category: the bar is no longer always full
    expect(widths('Jardins', 'Jetons')).toEqual([33.33]);
    expect(widths('Pistes cyclables', 'Jetons')).toEqual([66.67]);
    expect(widths('Bancs', 'Jetons')).toEqual([100]);
    // for and against: against the largest count of that module (3)
    expect(widths('Jardins', 'Avis')).toEqual([33.33, 33.33]);
    expect(widths('Pistes cyclables', 'Avis')).toEqual([100, 0]);
    expect(widths('Bancs', 'Avis')).toEqual([0, 66.67]);
    // the same figures in the tables and the charts' text alternatives
    for (const [proposal, total] of [['Jardins', '2'], ['Pistes cyclables', '4'], ['Bancs', '6']]) {
      const table = screen.getByRole('table', { name: `Jetons : « ${proposal} »` });
      expect(within(table).getByRole('row', { name: /^Budget / }).querySelector('td')!.textContent).toBe(total);
      expect(screen.getByRole('img', { name: `Graphique, Jetons : « ${proposal} » : Budget ${total}` })).toBeTruthy();
    }
    expect(screen.getByText(/Les barres d'un même module sont à la même échelle pour toutes les propositions/)).toBeTruthy();
  }, SLOW);

  it('gives each module its own scale, at least 1', () => {
    const r = results();
    expect(moduleScales(r)).toEqual(new Map([['m1', 6], ['m2', 3]]));
    r.proposals = r.proposals.map((p) => ({ ...p, modules: [tokens(0)] }));
    expect(moduleScales(r)).toEqual(new Map([['m1', 1]]));
  });
});
