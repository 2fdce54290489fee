// Vote sessions (issue 4): types, API calls (docs/api-votes.md) and the purse arithmetic used by the vote page.
// Kept apart from ./api so that the vote code travels in the lazily loaded vote chunks.
import type { ApiClient, LocalizedText, Phase } from './api';

export type SessionState = 'upcoming' | 'open' | 'closed';

export interface TokenCategory {
  id: string;
  name: LocalizedText;
  colour: string;
  budget: number;
  max_per_proposal: number;
}

export interface GaugeChoice {
  value: number;
  label: LocalizedText;
}

export interface GaugeRange {
  minimum: number;
  maximum: number;
  step: number;
  unit: LocalizedText;
}

interface ModuleCommon {
  title: LocalizedText;
  instructions: LocalizedText;
}

export type ModuleSettings =
  | (ModuleCommon & { kind: 'tokens'; exclusive: boolean; categories: TokenCategory[] })
  | (ModuleCommon & { kind: 'gauge'; choices: GaugeChoice[] | null; range: GaugeRange | null })
  | (ModuleCommon & { kind: 'binary' });

export type VoteModule = ModuleSettings & { id: string; order: number; rev: number; overrides?: Record<string, OverrideSettings> };
export type EffectiveModule = ModuleSettings & { module_id: string; overridden: boolean };

export interface Proposal {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  order: number;
  modules: EffectiveModule[];
}

export type Ballot =
  | { proposal_id: string; module_id: string; kind: 'tokens'; tokens: Record<string, number>; updated_at: string; rev: number }
  | { proposal_id: string; module_id: string; kind: 'gauge'; value: number; updated_at: string; rev: number }
  | { proposal_id: string; module_id: string; kind: 'binary'; value: 'for' | 'against'; updated_at: string; rev: number };

export interface PurseCategory {
  id: string;
  name: LocalizedText;
  colour: string;
  budget: number;
  spent: number;
  remaining: number;
}

export interface Purse {
  module_id: string;
  categories: PurseCategory[];
}

/** Organisers get each module's per-proposal overrides (`GET {S}`). */
export interface OverrideSettings {
  enabled?: boolean;
  title?: LocalizedText | null;
  instructions?: LocalizedText | null;
  max_per_proposal?: Record<string, number> | null;
  choices?: GaugeChoice[] | null;
  range?: GaugeRange | null;
}

export interface SessionSummary {
  id: string;
  idea_id: string | null;
  phase: Phase | null;
  state: SessionState;
  title: LocalizedText;
  instructions: LocalizedText;
  results_visibility: 'live' | 'after_close';
  proposal_order: 'fixed' | 'random';
  counts: { proposals: number; modules: number };
  created_at: string;
  updated_at: string;
}

export interface VoteSession extends SessionSummary {
  timezone: string;
  results_available: boolean;
  can_vote: boolean;
  can_administer: boolean;
  modules: VoteModule[];
  proposals: Proposal[];
  mine?: { ballots: Ballot[]; purses: Purse[] };
}

// ---- organiser inputs (docs/api-votes.md, "Settings inputs") ----------------------------------------------------

export interface SessionInput {
  idea_id: string;
  phase_id: string;
  title: LocalizedText;
  instructions: LocalizedText;
  results_visibility: 'live' | 'after_close';
  proposal_order: 'fixed' | 'random';
}

export interface ProposalInput {
  title: LocalizedText;
  description: LocalizedText;
}

export type CategoryInput = Omit<TokenCategory, 'id'> & { id?: string };

export type ModuleInput =
  | { kind: 'tokens'; title: LocalizedText; instructions: LocalizedText; exclusive: boolean; categories: CategoryInput[] }
  | { kind: 'gauge'; title: LocalizedText; instructions: LocalizedText; choices: GaugeChoice[] }
  | { kind: 'gauge'; title: LocalizedText; instructions: LocalizedText; range: GaugeRange }
  | { kind: 'binary'; title: LocalizedText; instructions: LocalizedText };

export interface OverrideInput {
  enabled: boolean;
  title?: LocalizedText;
  instructions?: LocalizedText;
  max_per_proposal?: Record<string, number>;
  choices?: GaugeChoice[];
  range?: GaugeRange;
}

export interface OverrideAnswer {
  module_id: string;
  proposal_id: string;
  override: OverrideSettings | null;
  effective: EffectiveModule | null;
}

export type BallotInput = { tokens: Record<string, number> } | { value: number } | { value: 'for' | 'against' };

export interface BallotAnswer {
  ballot: Ballot | null;
  purse: Purse | null;
}

export type ModuleResult =
  | { module_id: string; kind: 'tokens'; title: LocalizedText; voters: number; categories: { id: string; name: LocalizedText; colour: string; total: number }[] }
  | {
      module_id: string;
      kind: 'gauge';
      title: LocalizedText;
      voters: number;
      distribution: { value: number; count: number; label?: LocalizedText }[];
      mean: number | null;
      median: number | null;
      unit?: LocalizedText;
    }
  | { module_id: string; kind: 'binary'; title: LocalizedText; voters: number; for: number; against: number };

export interface Results {
  session_id: string;
  state: SessionState;
  final: boolean;
  generated_at: string;
  modules: VoteModule[];
  proposals: { id: string; title: LocalizedText; description: LocalizedText; order: number; modules: ModuleResult[] }[];
}

const seg = encodeURIComponent;

export function sessionPath(slug: string, sessionId: string): string {
  return `/debates/${seg(slug)}/vote-sessions/${seg(sessionId)}`;
}

export function voteApi(api: ApiClient) {
  const r = api.request;
  return {
    listSessions: (slug: string, ideaId?: string | null) =>
      r<{ items: SessionSummary[] }>('GET', `/debates/${seg(slug)}/vote-sessions`, { query: { idea_id: ideaId } }),
    getSession: (slug: string, id: string) => r<VoteSession>('GET', sessionPath(slug, id)),
    putBallot: (slug: string, id: string, proposalId: string, moduleId: string, input: BallotInput, key: string) =>
      r<BallotAnswer>('PUT', `${sessionPath(slug, id)}/proposals/${seg(proposalId)}/ballots/${seg(moduleId)}`, {
        body: input,
        headers: { 'Idempotency-Key': key },
      }),
    deleteBallot: (slug: string, id: string, proposalId: string, moduleId: string, key: string) =>
      r<BallotAnswer>('DELETE', `${sessionPath(slug, id)}/proposals/${seg(proposalId)}/ballots/${seg(moduleId)}`, {
        headers: { 'Idempotency-Key': key },
      }),
    getResults: (slug: string, id: string) => r<Results>('GET', `${sessionPath(slug, id)}/results`),
  };
}

/** The organiser's calls: sessions, proposals, modules and overrides. */
export function voteAdminApi(api: ApiClient) {
  const r = api.request;
  const proposal = (slug: string, id: string, pid: string) => `${sessionPath(slug, id)}/proposals/${seg(pid)}`;
  const module = (slug: string, id: string, mid: string) => `${sessionPath(slug, id)}/modules/${seg(mid)}`;
  return {
    createSession: (slug: string, input: SessionInput) => r<VoteSession>('POST', `/debates/${seg(slug)}/vote-sessions`, { body: input }),
    updateSession: (slug: string, id: string, patch: Partial<SessionInput>) => r<VoteSession>('PATCH', sessionPath(slug, id), { body: patch }),
    addProposal: (slug: string, id: string, input: ProposalInput) =>
      r<Proposal>('POST', `${sessionPath(slug, id)}/proposals`, { body: input }),
    updateProposal: (slug: string, id: string, pid: string, input: ProposalInput) =>
      r<Proposal>('PATCH', proposal(slug, id, pid), { body: input }),
    deleteProposal: (slug: string, id: string, pid: string) => r<{ deleted: string }>('DELETE', proposal(slug, id, pid)),
    orderProposals: (slug: string, id: string, ids: string[]) =>
      r<{ items: Proposal[] }>('PUT', `${sessionPath(slug, id)}/proposal-order`, { body: { proposal_ids: ids } }),
    addModule: (slug: string, id: string, input: ModuleInput) => r<VoteModule>('POST', `${sessionPath(slug, id)}/modules`, { body: input }),
    replaceModule: (slug: string, id: string, mid: string, input: ModuleInput) => r<VoteModule>('PUT', module(slug, id, mid), { body: input }),
    deleteModule: (slug: string, id: string, mid: string) => r<{ deleted: string }>('DELETE', module(slug, id, mid)),
    putOverride: (slug: string, id: string, mid: string, pid: string, input: OverrideInput) =>
      r<OverrideAnswer>('PUT', `${module(slug, id, mid)}/overrides/${seg(pid)}`, { body: input }),
    deleteOverride: (slug: string, id: string, mid: string, pid: string) =>
      r<OverrideAnswer>('DELETE', `${module(slug, id, mid)}/overrides/${seg(pid)}`),
  };
}

// ---- purse arithmetic -------------------------------------------------------------------------------------------

/** Tokens of one category in a ballot (0 when none). */
export function tokensOf(tokens: Record<string, number> | undefined, categoryId: string): number {
  const n = tokens?.[categoryId];
  return typeof n === 'number' && n > 0 ? n : 0;
}

/** Exclusive module: another category already holds tokens on this proposal. */
export function blockedByExclusivity(
  tokens: Record<string, number> | undefined,
  categoryId: string,
  exclusive: boolean,
): boolean {
  if (!exclusive || !tokens) return false;
  return Object.entries(tokens).some(([id, n]) => id !== categoryId && n > 0);
}

/**
 * The highest count this proposal may hold in a category: the per-proposal maximum, what the purse still allows
 * (`remaining` plus what the proposal already holds), and 0 when exclusivity forbids the category.
 */
export function maxAllowed(opts: {
  current: number;
  remaining: number;
  maxPerProposal: number;
  blocked: boolean;
}): number {
  if (opts.blocked) return opts.current; // only lowering is possible
  return Math.max(0, Math.min(opts.maxPerProposal, opts.current + Math.max(0, opts.remaining)));
}

export function canAdd(opts: { current: number; remaining: number; maxPerProposal: number; blocked: boolean }): boolean {
  return !opts.blocked && opts.remaining > 0 && opts.current < opts.maxPerProposal;
}

export function canRemove(current: number): boolean {
  return current > 0;
}

/** The ballot body after setting one category to `count` (clamped at 0); zero categories are left out. */
export function withCategory(tokens: Record<string, number> | undefined, categoryId: string, count: number): Record<string, number> {
  const next: Record<string, number> = {};
  for (const [id, n] of Object.entries(tokens ?? {})) if (n > 0 && id !== categoryId) next[id] = n;
  const c = Math.max(0, Math.floor(count));
  if (c > 0) next[categoryId] = c;
  return next;
}

/** What the purse would show after replacing `before` by `after` on one proposal (client-side preview). */
export function purseAfter(purse: Purse, before: Record<string, number> | undefined, after: Record<string, number>): Purse {
  return {
    ...purse,
    categories: purse.categories.map((c) => {
      const delta = tokensOf(after, c.id) - tokensOf(before, c.id);
      return { ...c, spent: c.spent + delta, remaining: c.remaining - delta };
    }),
  };
}

/** The values of a gauge's scale, in order. */
export function scaleValues(m: { choices: GaugeChoice[] | null; range: GaugeRange | null }): number[] {
  if (m.choices) return m.choices.map((c) => c.value);
  if (!m.range) return [];
  const { minimum, maximum, step } = m.range;
  const out: number[] = [];
  const n = Math.round((maximum - minimum) / step);
  for (let k = 0; k <= n && k <= 1000; k++) out.push(Number((minimum + k * step).toPrecision(12)));
  return out;
}

export function onScale(m: { choices: GaugeChoice[] | null; range: GaugeRange | null }, value: number): boolean {
  return scaleValues(m).some((v) => Math.abs(v - value) < 1e-9);
}

export function ballotKey(proposalId: string, moduleId: string): string {
  return `${proposalId}|${moduleId}`;
}
