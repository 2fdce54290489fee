// Client for the Palabre HTTP API (docs/api.md). Cross-origin calls with a Bearer token.

export type LocalizedText = Record<string, string>;

export interface User {
  id: string;
  display_name: string;
  email?: string;
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

export interface Idea {
  id: string;
  parent_id: string | null;
  order: number;
  title: LocalizedText;
  description: LocalizedText;
  counts: { posts: number };
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
  author: { id: string; display_name: string } | null;
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

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
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
    return new ApiError(
      res.status,
      err.code,
      typeof err.message === 'string' ? err.message : res.statusText,
      err.details,
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
    getThread: (slug: string, postId: string) => request<Page<Post>>('GET', `${d(slug)}/posts/${seg(postId)}/thread`),
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
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
