// Access token and user kept in sessionStorage (per tab, cleared when the tab closes).
import type { Session, User } from './api';

const KEY = 'palabre.session';
const NEXT_KEY = 'palabre.next';

export interface StoredSession {
  token: string;
  expiresAt: string | null;
  user: User | null;
}

export function loadSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredSession;
    if (!s || typeof s.token !== 'string') return null;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): StoredSession {
  const s: StoredSession = { token: session.access_token, expiresAt: session.expires_at ?? null, user: session.user ?? null };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    // ignore: the session then only lives in memory
  }
  return s;
}

export function updateStoredUser(s: StoredSession, user: User): StoredSession {
  const next = { ...s, user };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // ignore
  }
  return next;
}

export function clearSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // ignore
  }
}

/** The sign-in link may open in another tab: remember where to go in localStorage. */
export function rememberNext(next: string | null): void {
  try {
    if (next) localStorage.setItem(NEXT_KEY, next);
    else localStorage.removeItem(NEXT_KEY);
  } catch {
    // ignore
  }
}

export function takeRememberedNext(): string | null {
  try {
    const v = localStorage.getItem(NEXT_KEY);
    localStorage.removeItem(NEXT_KEY);
    return v;
  } catch {
    return null;
  }
}
