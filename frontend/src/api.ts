// Client for the Palabre HTTP API (docs/api.md). Cross-origin calls with a Bearer token.

export type LocalizedText = Record<string, string>;

export interface User {
  id: string;
  display_name: string;
  email?: string;
  /** Only for the signed-in user themself (GET /me, POST /auth/session): "organiser" may create debates. */
  platform_roles?: string[];
}

export interface Phase {
  id: string;
  name: LocalizedText;
  start: string;
  end: string | null;
}

export interface Counts {
  posts: number;
  participants: number;
  stances: number;
  /** Harvested extracts (issue 3). */
  extracts?: number;
}

export interface Debate {
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  languages: string[];
  default_language: string;
  visibility: 'public' | 'private';
  status: 'open' | 'closed';
  timezone: string;
  phases: Phase[];
  attribution: string | null;
  source: { kind: string; url: string } | null;
  created_at: string;
  counts: Counts;
  my_roles: string[];
  premoderation?: boolean;
  write_limits?: WriteLimits;
  /** Where the debate's static archive was written, once it was. */
  archive_url?: string | null;
  /** Terms of participation: contributions need the person's consent to this version. */
  terms?: DebateTerms | null;
  /** What happens to a person's contributions when they delete their account. */
  on_account_deletion?: AccountDeletionPolicy;
  /** The signed-in person's consent to the terms (null: not given). */
  my_consent?: Consent | null;
}

export type AccountDeletionPolicy = 'anonymise' | 'remove';

export interface DebateTerms {
  version: string;
  url: string | null;
  text: LocalizedText;
}

export interface Consent {
  terms_version: string;
  accepted_at: string;
}

/** One page of GET /me/data: the first has `user`; the web app merges every page into one file. */
export interface MyDataPage {
  format: string;
  version: number;
  generated_at: string;
  user?: User & { created_at: string };
  debates: Array<{ slug: string } & Record<string, unknown>>;
  next_cursor: string | null;
}

/** Participants' writes allowed per person and per network address (staff are not limited). */
export interface WriteLimits {
  user_per_minute: number;
  user_per_hour: number;
  ip_per_minute: number;
  ip_per_hour: number;
}

export const WRITE_LIMIT_NAMES = ['user_per_minute', 'user_per_hour', 'ip_per_minute', 'ip_per_hour'] as const;
export const DEFAULT_WRITE_LIMITS: WriteLimits = {
  user_per_minute: 30,
  user_per_hour: 600,
  ip_per_minute: 300,
  ip_per_hour: 6000,
};
export const MAX_WRITE_LIMIT = 100_000;

/** A debate's archive address, only if it is a web address or a path on this site (never javascript: and co.). */
export function archiveHref(debate: Pick<Debate, 'slug' | 'archive_url'>, url = debate.archive_url): string {
  return url && (/^https?:\/\//i.test(url) || url.startsWith('/'))
    ? url
    : `/archives/${encodeURIComponent(debate.slug)}/index.html`;
}

/** The languages the API accepts for a debate (chalicelib/api/schemas.py LANGUAGE_CODES). */
export const DEBATE_LANGUAGES = ['fr', 'en', 'de', 'es', 'it', 'nl', 'pt', 'zh'] as const;

export interface PhaseInput {
  /** Keep an existing phase's id when editing (vote sessions refer to it). */
  id?: string;
  name: LocalizedText;
  /** ISO 8601 instant with an offset. */
  start: string;
  end: string | null;
}

export interface DebateInput {
  slug: string;
  languages: string[];
  default_language: string;
  title: LocalizedText;
  description: LocalizedText;
  visibility: 'public' | 'private';
  timezone: string;
  phases: PhaseInput[];
  premoderation: boolean;
  /** Only when the organiser changed them: a debate without its own limits follows the platform's defaults. */
  write_limits?: WriteLimits;
  /** Settings only (PATCH, in DebateInput for the settings form's convenience): never sent when creating. */
  terms?: { version: string; url: string | null; text: LocalizedText };
  on_account_deletion?: AccountDeletionPolicy;
}

export type DebatePatch = Partial<Omit<DebateInput, 'slug' | 'languages' | 'default_language' | 'terms'>> & {
  status?: 'open' | 'closed';
  /** null removes the debate's terms. */
  terms?: DebateInput['terms'] | null;
};

export const MEMBER_ROLES = ['participant', 'harvester', 'moderator', 'organiser'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Member {
  user_id: string;
  roles: string[];
  joined_at: string;
  display_name: string | null;
  /** Only for organisers. */
  email?: string;
}

export const FLAG_REASONS = ['spam', 'abuse', 'off_topic', 'personal_data', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export interface QueueItem {
  post: Post;
  pending: boolean;
  flags: number;
  reasons: string[];
}

export interface AuditEntry {
  at: string;
  actor: { id: string; display_name: string | null };
  action: string;
  target: string;
  details: Record<string, unknown>;
}

/** Shape not fixed by docs/api.md: every field but slug and title is treated as optional. */
export interface DebateSummary {
  slug: string;
  title: LocalizedText;
  description?: LocalizedText;
  default_language?: string;
  status?: 'open' | 'closed';
  counts?: Partial<Counts>;
}

/** A debate the signed-in person has a place in (GET /me/debates): invited with a role, or having taken part. */
export interface MyDebate {
  slug: string;
  title: LocalizedText;
  default_language: string;
  visibility: 'public' | 'private';
  status: 'open' | 'closed';
  /** The person's roles there ("participant" first); empty in a public debate they have no Member record in. */
  roles: string[];
  since: string | null;
}

export interface Idea {
  id: string;
  parent_id: string | null;
  order: number;
  title: LocalizedText;
  description: LocalizedText;
  counts: { posts: number; extracts?: number };
}

export interface IdeaInput {
  title: LocalizedText;
  description?: LocalizedText;
  parent_id?: string | null;
}

export const NATURES = [
  'issue',
  'proposal',
  'argument',
  'example',
  'fact',
  'concept',
  'knowledge',
  'cognitive_bias',
  'cause',
  'experience',
  'position_against',
  'position_for',
  'question',
] as const;
export type Nature = (typeof NATURES)[number];

export const ACTIONS = [
  'classify',
  'make_generic',
  'argue',
  'give_examples',
  'more_specific',
  'mix_and_match',
  'display_multi_column',
  'display_thread',
  'display_tokens',
  'display_open_questions',
] as const;
export type ExtractAction = (typeof ACTIONS)[number];

export interface Extract {
  id: string;
  post_id: string;
  idea_id: string;
  kind: 'quote' | 'paraphrase';
  text: string;
  /** Code-point offsets into the post's body_text (quotes only). */
  start: number | null;
  end: number | null;
  orphaned: boolean;
  nature: Nature;
  action: ExtractAction | null;
  important: boolean;
  tags: string[];
  state: 'published' | 'submitted' | 'rejected';
  machine: boolean;
  /** When a harvester confirmed or rejected it (a machine suggestion). */
  reviewed_at?: string | null;
  harvester: { id: string | null; display_name: string | null; deleted?: boolean } | null;
  language: string;
  created_at: string;
}

interface ExtractCommon {
  idea_id: string;
  nature: Nature;
  action?: ExtractAction | null;
  important?: boolean;
  tags?: string[];
}

export type ExtractInput =
  | (ExtractCommon & { start: number; end: number; quote?: string })
  | (ExtractCommon & { paraphrase: string });

export type LocalizedMap = Record<string, string>;

export interface SynthesisSection {
  idea_id: string;
  text: LocalizedMap;
  /** Extract ids; `[n]` in the text cites citations[n-1]. */
  citations: string[];
}

export interface SynthesisInput {
  title: LocalizedMap;
  introduction: LocalizedMap;
  conclusion: LocalizedMap;
  sections: SynthesisSection[];
}

export interface SynthesisDraft extends SynthesisInput {
  id: string;
  version: number;
  updated_at: string;
  /** A user id (the API gives no display name). */
  updated_by: string;
  published_number: number | null;
}

export interface Citation {
  number: number;
  extract_id: string;
  post_id: string;
  kind: 'quote' | 'paraphrase';
  text: string;
  start: number | null;
  end: number | null;
  nature: Nature;
  orphaned?: boolean;
  /** The quoted post is no longer published (rejected, deleted, erased): the text is withheld. */
  withdrawn?: boolean;
}

export interface PublishedSection {
  idea_id: string;
  idea_title: LocalizedMap;
  text: LocalizedMap;
  citations: Citation[];
}

export interface PublicationSummary {
  number: number;
  synthesis_id: string;
  title: LocalizedMap;
  introduction: LocalizedMap;
  published_at: string;
  section_count?: number;
}

export interface Publication extends PublicationSummary {
  conclusion: LocalizedMap;
  sections: PublishedSection[];
}

export interface ThreadPage {
  items: Post[];
  extracts?: Extract[];
}

export const REACTION_KINDS = ['like', 'disagree', 'dont_understand', 'more_info'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
export const STANCE_VALUES = ['agree', 'disagree', 'pass'] as const;
export type StanceValue = (typeof STANCE_VALUES)[number];

export interface Post {
  id: string;
  idea_id: string;
  parent_id: string | null;
  thread_id: string;
  depth: number;
  /** `deleted`: the author deleted their account (id and name are then null). */
  author: { id: string | null; display_name: string | null; deleted?: boolean } | null;
  body_html: string;
  body_text: string;
  language: string;
  statement: boolean;
  state: 'published' | 'pending' | 'rejected' | 'deleted';
  created_at: string;
  edited_at: string | null;
  reply_count: number;
  reactions: Record<ReactionKind, number>;
  stances: Record<StanceValue, number>;
  mine?: { reactions: ReactionKind[]; stance: StanceValue | null };
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export interface Session {
  access_token: string;
  expires_at: string;
  user: User;
  /** The `next` given to /auth/email-link, when the server echoes it (not in docs/api.md yet). */
  next?: string | null;
}

export interface NewPost {
  body: string;
  language?: string;
  statement?: boolean;
}

/** Error raised for every failed call; `code` follows the API's snake_case codes. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  /** Seconds to wait before retrying (the Retry-After header of a 429), when the server said. */
  readonly retryAfter?: number;

  constructor(status: number, code: string, message: string, details?: unknown, retryAfter?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /** Fields and messages of a `validation_failed` error (`details.fields`). */
  get fieldErrors(): { field: string; message: string }[] {
    const fields = (this.details as { fields?: unknown } | undefined)?.fields;
    if (!Array.isArray(fields)) return [];
    return fields
      .filter((f): f is { field?: unknown; message?: unknown } => !!f && typeof f === 'object')
      .map((f) => ({ field: typeof f.field === 'string' ? f.field : 'body', message: String(f.message ?? '') }))
      .filter((f) => f.message);
  }

  /** Field messages of a `validation_failed` error. */
  get fieldMessages(): string[] {
    const fields = (this.details as { fields?: unknown } | undefined)?.fields;
    if (!Array.isArray(fields)) return [];
    return fields
      .map((f) => (f && typeof f === 'object' && 'message' in f ? String((f as { message: unknown }).message) : ''))
      .filter(Boolean);
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  getToken: () => string | null;
  getLang?: () => string;
  /** Called when a request that carried a token is answered 401. */
  onUnauthorized?: () => void;
  fetchImpl?: typeof fetch;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | null | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function seg(value: string): string {
  return encodeURIComponent(value);
}

async function errorFromResponse(res: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // not JSON (proxy error page…)
  }
  const err = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string') {
    const wait = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
    return new ApiError(
      res.status,
      err.code,
      typeof err.message === 'string' ? err.message : res.statusText,
      err.details,
      Number.isFinite(wait) && wait > 0 ? wait : undefined,
    );
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`);
}

export function createApiClient(options: ApiClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const fetchFn = options.fetchImpl ?? globalThis.fetch.bind(globalThis);
    let url = baseUrl + path;
    if (opts.query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.query)) {
        if (v !== null && v !== undefined && v !== '') qs.set(k, String(v));
      }
      const s = qs.toString();
      if (s) url += `?${s}`;
    }
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    const lang = options.getLang?.();
    if (lang) headers['Accept-Language'] = lang;
    const token = options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }

    let res: Response;
    try {
      res = await fetchFn(url, { method, headers, body, signal: opts.signal, mode: 'cors', credentials: 'omit' });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
    }

    if (!res.ok) {
      const error = await errorFromResponse(res);
      if (res.status === 401 && token) options.onUnauthorized?.();
      throw error;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'invalid_response', 'The server sent a response that is not JSON.');
    }
  }

  const d = (slug: string) => `/debates/${seg(slug)}`;

  return {
    request,
    listDebates: (cursor?: string | null) => request<Page<DebateSummary>>('GET', '/debates', { query: { cursor } }),
    getDebate: (slug: string) => request<Debate>('GET', d(slug)),
    listIdeas: (slug: string) => request<Page<Idea>>('GET', `${d(slug)}/ideas`),
    listPosts: (slug: string, ideaId: string, cursor?: string | null, limit = 20) =>
      request<Page<Post>>('GET', `${d(slug)}/ideas/${seg(ideaId)}/posts`, { query: { limit, cursor } }),
    getPost: (slug: string, postId: string) => request<Post>('GET', `${d(slug)}/posts/${seg(postId)}`),
    getThread: (slug: string, postId: string) => request<ThreadPage>('GET', `${d(slug)}/posts/${seg(postId)}/thread`),
    createPost: (slug: string, ideaId: string, input: NewPost, idempotencyKey: string) =>
      request<Post>('POST', `${d(slug)}/ideas/${seg(ideaId)}/posts`, {
        body: input,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    createReply: (slug: string, postId: string, input: NewPost, idempotencyKey: string) =>
      request<Post>('POST', `${d(slug)}/posts/${seg(postId)}/replies`, {
        body: input,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    setReaction: (slug: string, postId: string, kind: ReactionKind, on: boolean) =>
      request<Post>(on ? 'PUT' : 'DELETE', `${d(slug)}/posts/${seg(postId)}/reactions/${seg(kind)}`),
    setStance: (slug: string, postId: string, value: StanceValue) =>
      request<Post>('PUT', `${d(slug)}/posts/${seg(postId)}/stance`, { body: { value } }),
    requestEmailLink: (email: string, next: string) =>
      request<{ sent: boolean }>('POST', '/auth/email-link', { body: { email, next } }),
    createSession: (token: string) => request<Session>('POST', '/auth/session', { body: { token } }),
    me: () => request<{ user: User }>('GET', '/me'),
    updateMe: (displayName: string) => request<{ user: User }>('PATCH', '/me', { body: { display_name: displayName } }),
    myData: (cursor?: string | null) => request<MyDataPage>('GET', '/me/data', { query: { cursor } }),
    myDebates: (cursor?: string | null) => request<Page<MyDebate>>('GET', '/me/debates', { query: { cursor } }),
    deleteMe: (confirm: string) => request<{ status: 'deleted' | 'deleting' }>('DELETE', '/me', { body: { confirm } }),
    acceptTerms: (slug: string, version: string) =>
      request<{ consent: Consent }>('PUT', `${d(slug)}/consent`, { body: { version } }),

    // Debate administration (platform organisers create; debate organisers change)
    createDebate: (input: DebateInput) => request<Debate>('POST', '/debates', { body: input }),
    updateDebate: (slug: string, patch: DebatePatch) => request<Debate>('PATCH', d(slug), { body: patch }),
    /** People organisers named, 100 a page: the staff, or (organisers) the participants invited. */
    listMembers: (slug: string, group: 'staff' | 'invited' = 'staff', cursor?: string | null) =>
      request<Page<Member>>('GET', `${d(slug)}/members`, { query: { group: group === 'staff' ? undefined : group, cursor } }),
    /** Takes a person's place away (organisers): no roles; in a private debate, no more access. */
    removeMember: (slug: string, userId: string) =>
      request<{ user_id: string; roles: string[] }>('DELETE', `${d(slug)}/members/${seg(userId)}`),
    inviteMember: (slug: string, email: string, roles: string[]) =>
      request<Member>('POST', `${d(slug)}/members`, { body: { email, roles } }),
    setMemberRoles: (slug: string, userId: string, roles: string[]) =>
      request<Member>('PUT', `${d(slug)}/members/${seg(userId)}`, { body: { roles } }),
    /** publish: a private debate's archive is public; the organiser confirmed it. */
    archiveDebate: (slug: string, publish = false) =>
      request<{ url: string }>('POST', `${d(slug)}/archive`, publish ? { query: { publish: 'true' } } : {}),

    // Moderation
    flagPost: (slug: string, postId: string, reason: FlagReason) =>
      request<{ flagged: boolean }>('PUT', `${d(slug)}/posts/${seg(postId)}/flag`, { body: { reason } }),
    moderationQueue: (slug: string, cursor?: string | null, limit = 20) =>
      request<Page<QueueItem>>('GET', `${d(slug)}/moderation/queue`, { query: { limit, cursor } }),
    /** A moderator's decision; the reason is trimmed, and left out when blank. */
    moderatePost: (slug: string, postId: string, state: 'published' | 'rejected', reason?: string) => {
      const why = reason?.trim();
      return request<Post>('POST', `${d(slug)}/posts/${seg(postId)}/moderation`, {
        body: why ? { state, reason: why } : { state },
      });
    },
    auditLog: (slug: string, cursor?: string | null, limit = 50) =>
      request<Page<AuditEntry>>('GET', `${d(slug)}/audit`, { query: { limit, cursor } }),

    // Table of ideas (moderators)
    createIdea: (slug: string, input: IdeaInput) => request<Idea>('POST', `${d(slug)}/ideas`, { body: input }),
    updateIdea: (slug: string, ideaId: string, input: { title?: LocalizedText; description?: LocalizedText }) =>
      request<Idea>('PATCH', `${d(slug)}/ideas/${seg(ideaId)}`, { body: input }),
    moveIdea: (slug: string, ideaId: string, parentId: string | null, position: number) =>
      request<Idea>('POST', `${d(slug)}/ideas/${seg(ideaId)}/move`, { body: { parent_id: parentId, position } }),

    // Harvesting
    createExtract: (slug: string, postId: string, input: ExtractInput) =>
      request<Extract>('POST', `${d(slug)}/posts/${seg(postId)}/extracts`, { body: input }),
    listPostExtracts: (slug: string, postId: string) =>
      request<Page<Extract>>('GET', `${d(slug)}/posts/${seg(postId)}/extracts`),
    /** An idea's published extracts, or (harvesters) its suggestions waiting for a decision: two lists. */
    listIdeaExtracts: (
      slug: string,
      ideaId: string,
      cursor?: string | null,
      limit = 20,
      state: 'published' | 'submitted' = 'published',
    ) =>
      request<Page<Extract>>('GET', `${d(slug)}/ideas/${seg(ideaId)}/extracts`, {
        query: { limit, cursor, state: state === 'published' ? undefined : state },
      }),
    reviewExtract: (slug: string, extractId: string, decision: 'confirm' | 'reject') =>
      request<Extract>('POST', `${d(slug)}/extracts/${seg(extractId)}/review`, { body: { decision } }),

    // Syntheses
    listDrafts: (slug: string) => request<Page<SynthesisDraft>>('GET', `${d(slug)}/synthesis-drafts`),
    createDraft: (slug: string, input: SynthesisInput) =>
      request<SynthesisDraft>('POST', `${d(slug)}/synthesis-drafts`, { body: input }),
    getDraft: (slug: string, id: string) => request<SynthesisDraft>('GET', `${d(slug)}/synthesis-drafts/${seg(id)}`),
    saveDraft: (slug: string, id: string, input: SynthesisInput, version: number) =>
      request<SynthesisDraft>('PUT', `${d(slug)}/synthesis-drafts/${seg(id)}`, { body: { ...input, version } }),
    publishDraft: (slug: string, id: string, version: number) =>
      request<Publication>('POST', `${d(slug)}/synthesis-drafts/${seg(id)}/publish`, { body: { version } }),
    listSyntheses: (slug: string, cursor?: string | null, limit = 10) =>
      request<Page<PublicationSummary>>('GET', `${d(slug)}/syntheses`, { query: { limit, cursor } }),
    getSynthesis: (slug: string, num: number) => request<Publication>('GET', `${d(slug)}/syntheses/${seg(String(num))}`),
    /** Absolute URL of the Atom feed (a plain link, no token). */
    synthesesFeedUrl: (slug: string) => `${baseUrl}${d(slug)}/syntheses.atom`,
    getFollow: (slug: string) => request<{ following: boolean }>('GET', `${d(slug)}/follow`),
    setFollow: (slug: string, on: boolean) => request<{ following: boolean }>(on ? 'PUT' : 'DELETE', `${d(slug)}/follow`),
    // Summaries (issue 5): the dashboard's data, computed periodically.
    latestSummary: (slug: string) => request<Summary>('GET', `${d(slug)}/summaries/latest`),
    listSummaries: (slug: string, cursor?: string | null) =>
      request<Page<SummaryEntry>>('GET', `${d(slug)}/summaries`, { query: { cursor } }),
    getSummary: (slug: string, id: string) => request<Summary>('GET', `${d(slug)}/summaries/${seg(id)}`),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

// --- summaries (docs/api.md, "Summaries") ---------------------------------------------------------------------

export interface SummaryEntry {
  id: string;
  created_at: string;
  cutoff: string;
  caught_up: boolean;
  daily: boolean;
}

export interface ParticipationDay {
  day: string;
  contributors: number;
  authors: number;
  new_contributors: number;
  returning_contributors: number;
  posts: number;
  replies: number;
  reactions: number;
  stances: number;
  votes: number;
}

export type ActivityKind = 'post' | 'reply' | 'reaction' | 'stance' | 'vote';

export interface SummaryIdea {
  id: string;
  parent_id: string | null;
  title: LocalizedText;
  posts: number;
  contributors: number;
  activity: Partial<Record<ActivityKind | 'events', number>>;
  keywords: { term: string; score: number; posts: number }[];
  summary: { post_id: string; text: string; start: number; end: number }[];
}

export interface StatementStat {
  statement: string;
  direction: 'agree' | 'disagree';
  n_success: number;
  n_trials: number;
  probability: number;
}

export interface OpinionGroups {
  available: boolean;
  reason?: string;
  participants?: number;
  clustered?: number;
  k?: number;
  groups?: { id: number; size: number; center: [number, number]; representative: StatementStat[] }[];
  base_clusters?: { x: number; y: number; size: number; group: number }[];
  consensus?: { agree: StatementStat[]; disagree: StatementStat[] };
  divisive?: { statement: string; spread: number; agree_rate_by_group: number[] }[];
  statements?: Record<string, { text: string; idea_id: string }>;
}

export interface Summary extends SummaryEntry {
  slug: string;
  language: string;
  participation: {
    bucket: 'day' | 'week';
    days: ParticipationDay[];
    totals: Record<'posts' | 'replies' | 'reactions' | 'stances' | 'votes' | 'contributors', number>;
  };
  threads: { thread: string; idea_id: string; events: number; excerpt: string }[];
  ideas: SummaryIdea[];
  groups: OpinionGroups | null;
  suggestions: { created: number; waiting: number };
}
