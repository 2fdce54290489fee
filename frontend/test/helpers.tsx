import type { ComponentChildren } from 'preact';
import { vi } from 'vitest';
import { createApiClient, type Debate, type Post, type User } from '../src/api';
import { AppContext, type AppContextValue } from '../src/context';
import { createI18n, type Lang } from '../src/i18n';
import type { StoredSession } from '../src/session';

export function makePost(over: Partial<Post> = {}): Post {
  return {
    id: 'p1',
    idea_id: 'i1',
    parent_id: null,
    thread_id: 'p1',
    depth: 0,
    author: { id: 'u1', display_name: 'Alice' },
    body_html: '<p>Hello</p>',
    body_text: 'Hello',
    language: 'fr',
    statement: false,
    state: 'published',
    created_at: '2026-12-01T10:00:00Z',
    edited_at: null,
    reply_count: 0,
    reactions: { like: 3, disagree: 0, dont_understand: 0, more_info: 0 },
    stances: { agree: 0, disagree: 0, pass: 0 },
    mine: { reactions: [], stance: null },
    ...over,
  };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function makeContext(
  fetchImpl: typeof fetch,
  opts: { signedIn?: boolean; lang?: Lang; user?: Partial<User> } = {},
): AppContextValue {
  const session: StoredSession | null =
    opts.signedIn === false
      ? null
      : { token: 'jwt-1', expiresAt: null, user: { id: 'u9', display_name: 'Zoé', ...opts.user } };
  return {
    api: createApiClient({ baseUrl: 'http://api.test', getToken: () => session?.token ?? null, fetchImpl }),
    config: { apiUrl: 'http://api.test', sourceUrl: 'https://example.org/src' },
    i18n: createI18n(opts.lang ?? 'fr'),
    setLang: vi.fn(),
    session,
    signIn: vi.fn(),
    signOut: vi.fn(),
    setUser: vi.fn(),
    hash: '#/d/demo/ideas/i1',
  };
}

export function WithApp({ value, children }: { value: AppContextValue; children: ComponentChildren }) {
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export interface ApiCall {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (body: unknown, url: URL) => Response | Promise<Response>;

/**
 * A fetch that answers "METHOD /path" from a table: a function gets the parsed JSON body, anything else is
 * sent back as a 200 JSON body. Unknown routes answer 404. Every call is recorded.
 */
export function apiMock(routes: Record<string, unknown>) {
  const calls: ApiCall[] = [];
  const fetchImpl = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path: url.pathname + url.search, body });
    const handler = routes[`${method} ${url.pathname}`];
    if (handler === undefined) return jsonResponse(404, { error: { code: 'not_found', message: `no mock for ${method} ${url.pathname}` } });
    return typeof handler === 'function' ? (handler as Handler)(body, url) : jsonResponse(200, handler);
  });
  return { fetchImpl: fetchImpl as unknown as typeof fetch, calls };
}

export function makeDebate(over: Partial<Debate> = {}): Debate {
  return {
    slug: 'demo',
    title: { fr: 'Budget participatif' },
    description: { fr: 'Une description.' },
    languages: ['fr'],
    default_language: 'fr',
    visibility: 'public',
    status: 'open',
    timezone: 'Europe/Paris',
    phases: [],
    attribution: null,
    source: null,
    created_at: '2026-12-01T10:00:00.000Z',
    counts: { posts: 0, participants: 0, stances: 0 },
    my_roles: ['participant', 'moderator', 'organiser'],
    premoderation: false,
    ...over,
  };
}
