import { cleanup, configure, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Summary } from '../src/api';
import { DashboardPage, linePoints } from '../src/pages/DashboardPage';
import { parseHash, href } from '../src/router';
import { apiMock, jsonResponse, makeContext, makeDebate, WithApp } from './helpers';

const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);

/** French puts a (narrow) no-break space in numbers and before %: compare with plain spaces. */
const norm = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

function makeSummary(): Summary {
  const stat = (statement: string, direction: 'agree' | 'disagree', n_success: number, n_trials: number) => ({
    statement,
    direction,
    n_success,
    n_trials,
    probability: (n_success + 1) / (n_trials + 2),
  });
  return {
    id: '2026-12-03T10:00:00.000Z',
    created_at: '2026-12-03T10:00:00.000Z',
    cutoff: '2026-12-03T09:59:30.000Z',
    caught_up: true,
    daily: true,
    slug: 'demo',
    language: 'fr',
    participation: {
      bucket: 'day',
      days: [
        { day: '2026-12-01', contributors: 3, authors: 2, new_contributors: 3, returning_contributors: 0, posts: 2, replies: 1, reactions: 0, stances: 1200, votes: 0 },
        { day: '2026-12-02', contributors: 2, authors: 1, new_contributors: 0, returning_contributors: 2, posts: 1, replies: 0, reactions: 4, stances: 0, votes: 0 },
      ],
      totals: { posts: 3, replies: 1, reactions: 4, stances: 1200, votes: 0, contributors: 3 },
    },
    threads: [{ thread: 'p1', idea_id: 'i1', events: 5, excerpt: 'Des pistes cyclables partout' }],
    ideas: [
      {
        id: 'i1',
        parent_id: null,
        title: { fr: 'Mobilité' },
        posts: 3,
        contributors: 2,
        activity: { events: 1208, post: 3, reply: 1, reaction: 4, stance: 1200 },
        keywords: [
          { term: 'pistes cyclables', score: 3, posts: 2 },
          { term: 'bus', score: 2, posts: 1 },
        ],
        summary: [{ post_id: 'p1', text: 'Il faut des pistes cyclables sûres.', start: 0, end: 35 }],
      },
      { id: 'i2', parent_id: null, title: { fr: 'Budget' }, posts: 0, contributors: 0, activity: {}, keywords: [], summary: [] },
    ],
    groups: {
      available: true,
      participants: 30,
      clustered: 25,
      k: 2,
      groups: [
        { id: 0, size: 15, center: [0.1, 0.2], representative: [stat('s1', 'agree', 14, 15)] },
        { id: 1, size: 10, center: [-0.4, 0.1], representative: [stat('s2', 'disagree', 9, 10)] },
      ],
      base_clusters: [
        { x: 0.1, y: 0.2, size: 15, group: 0 },
        { x: -0.4, y: 0.1, size: 10, group: 1 },
      ],
      consensus: { agree: [stat('s3', 'agree', 24, 25)], disagree: [] },
      divisive: [{ statement: 's2', spread: 0.8, agree_rate_by_group: [0.9, 0.1] }],
      statements: {
        s1: { text: 'Les bus doivent être gratuits.', idea_id: 'i1' },
        s2: { text: 'Il faut interdire les voitures en ville.', idea_id: 'i1' },
        s3: { text: 'Les trottoirs doivent être accessibles.', idea_id: 'i1' },
      },
    },
    suggestions: { created: 1, waiting: 0 },
  };
}

function renderPage(summary: unknown, lang: 'fr' | 'en' = 'fr') {
  const { fetchImpl } = apiMock({
    'GET /debates/demo': makeDebate(),
    'GET /debates/demo/summaries/latest': summary,
  });
  render(
    <WithApp value={makeContext(fetchImpl, { signedIn: false, lang })}>
      <DashboardPage slug="demo" />
    </WithApp>,
  );
}

describe('dashboard', () => {
  it.each([
    ['fr', 'Participation par semaine', 'Semaine du', 'Participation par jour'],
    ['en', 'Participation per week', 'Week of', 'Participation per day'],
  ] as const)(
    'titles the participation table by week when the series is folded into weeks (%s)',
    async (lang, caption, header, daily) => {
      const summary = makeSummary();
      summary.participation = {
        ...summary.participation,
        bucket: 'week',
        days: summary.participation.days.map((d, i) => ({ ...d, day: ['2026-11-23', '2026-11-30'][i] })),
      };
      renderPage(summary, lang);
      const table = await screen.findByRole('table', { name: caption });
      expect(screen.queryByRole('table', { name: daily })).toBeNull();
      expect(within(table).getAllByRole('columnheader')[0].textContent).toBe(header);
      expect(within(table).getAllByRole('row')).toHaveLength(3);
    },
    SLOW,
  );

  it('routes #/d/{slug}/dashboard', () => {
    expect(parseHash('#/d/climat/dashboard')).toEqual({ name: 'dashboard', slug: 'climat' });
    expect(href.dashboard('a b')).toBe('#/d/a%20b/dashboard');
  });

  it(
    'shows participation, activity per idea, groups, consensus, divisive statements and keywords, with tables',
    async () => {
      renderPage(makeSummary());
      expect(await screen.findByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeTruthy();
      const totals = screen.getByRole('region', { name: 'En chiffres' });
      expect(within(totals).getByText(/^1\s200$/)).toBeTruthy();

      const days = screen.getByRole('table', { name: 'Participation par jour' });
      expect(within(days).getAllByRole('row')).toHaveLength(3); // header + 2 days
      expect(within(days).getAllByRole('columnheader').map((c) => c.textContent)).toEqual([
        'Jour', 'Contributions', 'Réponses', 'Réactions', 'Positions', 'Participants actifs', 'Nouveaux participants',
      ]);

      const ideas = screen.getByRole('table', { name: 'Activité par idée' });
      expect(within(ideas).getAllByRole('row')).toHaveLength(2); // idle ideas are left out
      expect(within(ideas).getByRole('link', { name: 'Mobilité' }).getAttribute('href')).toBe('#/d/demo/ideas/i1');

      const groups = screen.getByRole('table', { name: 'Groupes d’opinion et nombre de participants' });
      expect(within(groups).getAllByRole('row').map((r) => norm(r.textContent))).toEqual([
        'GroupeParticipantsPart',
        'Groupe A1560 %',
        'Groupe B1040 %',
      ]);
      const consensus = screen.getByRole('region', { name: 'Ce qui rassemble' });
      const agreed = within(consensus).getByRole('link', { name: 'Les trottoirs doivent être accessibles.' });
      expect(agreed.getAttribute('href')).toBe('#/d/demo/posts/s3');
      expect(norm(consensus.textContent)).toContain('96 % d’accord en tout');
      const divisive = screen.getByRole('region', { name: 'Ce qui divise' });
      expect(norm(divisive.textContent)).toContain('D’accord : Groupe A 90 %, Groupe B 10 %');
      const representative = screen.getByRole('region', { name: 'Ce qui caractérise chaque groupe' });
      expect(within(representative).getAllByRole('heading', { level: 3 }).map((h) => norm(h.textContent))).toEqual([
        'Groupe A : 15 participants',
        'Groupe B : 10 participants',
      ]);

      const keywords = screen.getByRole('region', { name: 'Mots-clés et résumés par idée' });
      expect(within(keywords).getByText('pistes cyclables')).toBeTruthy();
      expect(within(keywords).getByRole('link', { name: 'lire la contribution' }).getAttribute('href')).toBe(
        '#/d/demo/posts/p1',
      );
      expect(screen.getByRole('region', { name: 'Discussions les plus actives' })).toBeTruthy();
    },
    SLOW,
  );

  it(
    'in English, and without groups yet',
    async () => {
      const summary = makeSummary();
      summary.groups = { available: false, reason: 'fewer than two statements have stances' };
      renderPage(summary, 'en');
      expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
      expect(screen.getByRole('table', { name: 'Participation per day' })).toBeTruthy();
      expect(screen.getByText('No opinion groups yet: more stances on statements are needed.')).toBeTruthy();
      expect(screen.queryByRole('region', { name: 'What divides' })).toBeNull();
    },
    SLOW,
  );

  it(
    'says when there is no summary yet',
    async () => {
      const { fetchImpl } = apiMock({
        'GET /debates/demo': makeDebate(),
        'GET /debates/demo/summaries/latest': () =>
          jsonResponse(404, { error: { code: 'no_summary', message: 'This debate has no summary yet.' } }),
      });
      render(
        <WithApp value={makeContext(fetchImpl, { signedIn: false })}>
          <DashboardPage slug="demo" />
        </WithApp>,
      );
      expect(await screen.findByText(/Pas encore de tableau de bord/)).toBeTruthy();
    },
    SLOW,
  );
});

describe('Participation line', () => {
  const day = (d: string, posts: number) => ({
    day: d, contributors: 1, authors: 1, new_contributors: 1, returning_contributors: 0, posts, replies: 0, reactions: 0, stances: 0, votes: 0,
  });

  it('goes down to zero across a quiet stretch instead of drawing activity that never happened', () => {
    const points = linePoints([day('2017-06-01', 5), day('2017-06-02', 3), day('2026-12-03', 2)], 1);
    expect(points.map((p) => [p.day, p.counts.posts ?? 0])).toEqual([
      ['2017-06-01', 5],
      ['2017-06-02', 3],
      ['2017-06-03', 0],
      ['2026-12-02', 0],
      ['2026-12-03', 2],
    ]);
  });

  it('adds one zero when a single quiet bucket lies between, and counts in weeks for weekly buckets', () => {
    expect(linePoints([day('2026-01-01', 1), day('2026-01-03', 1)], 1).map((p) => p.day)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(linePoints([day('2026-01-05', 1), day('2026-01-12', 4)], 7).map((p) => p.day)).toEqual(['2026-01-05', '2026-01-12']);
    expect(linePoints([day('2026-01-05', 1), day('2026-02-02', 4)], 7).map((p) => p.day)).toEqual([
      '2026-01-05',
      '2026-01-12',
      '2026-01-26',
      '2026-02-02',
    ]);
  });
});
