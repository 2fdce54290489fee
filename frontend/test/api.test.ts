import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '../src/api';
import { errorText } from '../src/errors';
import { createI18n } from '../src/i18n';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function client(fetchImpl: typeof fetch, token: string | null = null, onUnauthorized = vi.fn()) {
  return {
    api: createApiClient({ baseUrl: 'http://api.test/', getToken: () => token, getLang: () => 'fr', fetchImpl, onUnauthorized }),
    onUnauthorized,
  };
}

describe('API client', () => {
  it('sends the Bearer token and JSON body, and parses the answer', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(200, { sent: true }));
    const { api } = client(fetchImpl as unknown as typeof fetch, 'tok123');
    await expect(api.requestEmailLink('a@b.org', '#/d/x')).resolves.toEqual({ sent: true });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://api.test/auth/email-link');
    expect(init.method).toBe('POST');
    const headers = init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer tok123');
    expect(headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({ email: 'a@b.org', next: '#/d/x' });
  });

  it('sends no Authorization header when signed out, and encodes path and query', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(200, { items: [], next_cursor: null }));
    const { api } = client(fetchImpl as unknown as typeof fetch);
    await api.listPosts('my debate', 'id/1', 'c:2', 20);
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://api.test/debates/my%20debate/ideas/id%2F1/posts?limit=20&cursor=c%3A2');
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('turns an API error body into an ApiError with code, message and details', async () => {
    const body = {
      error: {
        code: 'validation_failed',
        message: 'Some fields are invalid.',
        details: { fields: [{ field: 'body', message: 'body must not be empty' }] },
      },
    };
    const { api } = client((async () => jsonResponse(422, body)) as unknown as typeof fetch, 't');
    const err = await api.createPost('d', 'i', { body: '' }, 'key-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('Some fields are invalid.');
    expect(e.fieldMessages).toEqual(['body must not be empty']);
  });

  it('reads Retry-After of a rate limit and tells the person how long to wait', async () => {
    const body = { error: { code: 'rate_limited', message: 'Too many contributions.' } };
    const fetchImpl = async () =>
      new Response(JSON.stringify(body), { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': '42' } });
    const { api } = client(fetchImpl as unknown as typeof fetch, 't');
    const err = (await api.createPost('d', 'i', { body: 'x' }, 'key-1').catch((e: unknown) => e)) as ApiError;
    expect(err.retryAfter).toBe(42);
    expect(errorText(createI18n('fr'), err)).toBe("Trop d'actions en peu de temps : vous pourrez réessayer dans 42 s.");
    expect(errorText(createI18n('en'), err)).toBe('Too many actions in a short time: you can try again in 42 s.');
    expect(errorText(createI18n('en'), new ApiError(429, 'rate_limited', 'x'))).toContain('Wait a moment');
  });

  it('handles an error answer that is not JSON', async () => {
    const fetchImpl = async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    const { api } = client(fetchImpl as unknown as typeof fetch);
    const err = (await api.getDebate('x').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(502);
    expect(err.code).toBe('http_502');
  });

  it('reports a network failure as network_error', async () => {
    const fetchImpl = async () => {
      throw new TypeError('Failed to fetch');
    };
    const { api } = client(fetchImpl as unknown as typeof fetch);
    const err = (await api.listDebates().catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('network_error');
    expect(err.status).toBe(0);
  });

  it('calls onUnauthorized on a 401 only when a token was sent', async () => {
    const fetchImpl = (async () =>
      jsonResponse(401, { error: { code: 'unauthorized', message: 'Sign in first.' } })) as unknown as typeof fetch;
    const signedIn = client(fetchImpl, 'expired');
    await expect(signedIn.api.me()).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    expect(signedIn.onUnauthorized).toHaveBeenCalledTimes(1);

    const anonymous = client(fetchImpl, null);
    await expect(anonymous.api.me()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(anonymous.onUnauthorized).not.toHaveBeenCalled();
  });

  it('sends the Idempotency-Key header on creation and uses PUT/DELETE for reactions', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(201, { id: 'p1' }));
    const { api } = client(fetchImpl as unknown as typeof fetch, 't');
    await api.createReply('d', 'p0', { body: 'hi' }, 'k-42');
    await api.setReaction('d', 'p0', 'like', true);
    await api.setReaction('d', 'p0', 'like', false);
    const calls = fetchImpl.mock.calls as unknown as [string, RequestInit][];
    expect((calls[0][1].headers as Record<string, string>)['Idempotency-Key']).toBe('k-42');
    expect(calls[1][1].method).toBe('PUT');
    expect(calls[1][0]).toBe('http://api.test/debates/d/posts/p0/reactions/like');
    expect(calls[2][1].method).toBe('DELETE');
  });

  it('accepts an empty 204 answer', async () => {
    const { api } = client((async () => new Response(null, { status: 204 })) as unknown as typeof fetch);
    await expect(api.request('DELETE', '/x')).resolves.toBeUndefined();
  });
});
