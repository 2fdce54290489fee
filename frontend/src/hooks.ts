import { useEffect, useState } from 'preact/hooks';
import type { Page } from './api';

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: unknown };

/** Runs `load` when deps change; returns its state and a retry function. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let alive = true;
    setState({ status: 'loading' });
    load().then(
      (data) => alive && setState({ status: 'ok', data }),
      (error: unknown) => alive && setState({ status: 'error', error }),
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  return [state, () => setAttempt((a) => a + 1)];
}

export interface MorePages<T> {
  items: T[];
  /** Where the next page starts; null once every page is shown. */
  cursor: string | null;
  loadingMore: boolean;
  /** The last "load more" failure (the items already shown stay). */
  error: unknown;
  loadMore(): Promise<void>;
}

/** A list shown page by page: its first page, then each `loadMore` appends the next one. */
export function useMorePages<T>(first: Page<T>, next: (cursor: string) => Promise<Page<T>>): MorePages<T> {
  const [items, setItems] = useState(first.items);
  const [cursor, setCursor] = useState(first.next_cursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function loadMore() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await next(cursor);
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  return { items, cursor, loadingMore, error, loadMore };
}

// Focus management: after a route change, the next page heading that mounts takes the focus.
let headingFocusPending = false;

export function requestHeadingFocus(): void {
  headingFocusPending = true;
}

export function consumeHeadingFocus(final: boolean): boolean {
  const pending = headingFocusPending;
  if (final) headingFocusPending = false;
  return pending;
}

/** RFC 4122 v4 id; crypto.randomUUID only exists in secure contexts. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch {
      // fall through
    }
  }
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
