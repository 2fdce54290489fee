// Tiny hash router: #/, #/d/{slug}, #/d/{slug}/ideas/{id}, #/d/{slug}/posts/{id}[?extract=], #/signin,
// #/d/{slug}/syntheses[/{number}[?cite=]], #/d/{slug}/syntheses/edit[/{draftId}], #/new, #/me,
// #/d/{slug}/settings, #/d/{slug}/settings/votes, #/d/{slug}/votes/{id}[/results|/edit], #/d/{slug}/moderation, #/d/{slug}/audit, #/d/{slug}/dashboard, #/accessibilite, #/confidentialite
import { useEffect, useRef, useState } from 'preact/hooks';
import { requestHeadingFocus } from './hooks';

export type Route =
  | { name: 'home' }
  | { name: 'debate'; slug: string }
  | { name: 'idea'; slug: string; ideaId: string }
  | { name: 'post'; slug: string; postId: string; extract?: string }
  | { name: 'syntheses'; slug: string }
  | { name: 'synthesis'; slug: string; number: number; cite?: string }
  | { name: 'synthesisDrafts'; slug: string }
  | { name: 'synthesisEdit'; slug: string; draftId: string }
  | { name: 'signin'; token: string | null; next: string | null }
  | { name: 'newDebate' }
  | { name: 'settings'; slug: string }
  | { name: 'moderation'; slug: string }
  | { name: 'audit'; slug: string }
  | { name: 'dashboard'; slug: string }
  | { name: 'vote'; slug: string; sessionId: string }
  | { name: 'voteResults'; slug: string; sessionId: string }
  | { name: 'voteSessions'; slug: string }
  | { name: 'voteEdit'; slug: string; sessionId: string }
  | { name: 'profile' }
  | { name: 'accessibility' }
  | { name: 'privacy' }
  | { name: 'notfound' };

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseHash(hash: string): Route {
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '' || h === '/') return { name: 'home' };
  if (!h.startsWith('/')) h = `/${h}`;
  const q = h.indexOf('?');
  const path = q >= 0 ? h.slice(0, q) : h;
  const params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
  const parts = path.split('/').filter((p) => p !== '').map(decode);
  if (parts.some((p) => p === null)) return { name: 'notfound' };
  const s = parts as string[];

  if (s.length === 0) return { name: 'home' };
  if (s[0] === 'signin' && s.length === 1) {
    return { name: 'signin', token: params.get('token'), next: safeNext(params.get('next')) };
  }
  if (s.length === 1) {
    if (s[0] === 'new') return { name: 'newDebate' };
    if (s[0] === 'me') return { name: 'profile' };
    if (s[0] === 'accessibilite') return { name: 'accessibility' };
    if (s[0] === 'confidentialite') return { name: 'privacy' };
  }
  if (s[0] === 'd' && s.length === 2) return { name: 'debate', slug: s[1] };
  if (s[0] === 'd' && s.length === 3) {
    if (s[2] === 'settings') return { name: 'settings', slug: s[1] };
    if (s[2] === 'moderation') return { name: 'moderation', slug: s[1] };
    if (s[2] === 'audit') return { name: 'audit', slug: s[1] };
    if (s[2] === 'dashboard') return { name: 'dashboard', slug: s[1] };
  }
  if (s[0] === 'd' && s.length === 4 && s[2] === 'settings' && s[3] === 'votes') return { name: 'voteSessions', slug: s[1] };
  if (s[0] === 'd' && s.length === 4 && s[2] === 'ideas') return { name: 'idea', slug: s[1], ideaId: s[3] };
  if (s[0] === 'd' && s.length === 4 && s[2] === 'posts') {
    const extract = params.get('extract');
    return extract ? { name: 'post', slug: s[1], postId: s[3], extract } : { name: 'post', slug: s[1], postId: s[3] };
  }
  if (s[0] === 'd' && s[2] === 'votes' && s.length === 4) return { name: 'vote', slug: s[1], sessionId: s[3] };
  if (s[0] === 'd' && s[2] === 'votes' && s.length === 5 && s[4] === 'results') {
    return { name: 'voteResults', slug: s[1], sessionId: s[3] };
  }
  if (s[0] === 'd' && s[2] === 'votes' && s.length === 5 && s[4] === 'edit') {
    return { name: 'voteEdit', slug: s[1], sessionId: s[3] };
  }
  if (s[0] === 'd' && s[2] === 'syntheses') {
    if (s.length === 3) return { name: 'syntheses', slug: s[1] };
    if (s.length === 4 && s[3] === 'edit') return { name: 'synthesisDrafts', slug: s[1] };
    if (s.length === 5 && s[3] === 'edit') return { name: 'synthesisEdit', slug: s[1], draftId: s[4] };
    if (s.length === 4 && /^[1-9]\d{0,5}$/.test(s[3])) {
      const cite = params.get('cite');
      const number = Number(s[3]);
      return cite ? { name: 'synthesis', slug: s[1], number, cite } : { name: 'synthesis', slug: s[1], number };
    }
  }
  return { name: 'notfound' };
}

/** Only in-app hash routes are accepted as a post-sign-in destination. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next) return null;
  if (!next.startsWith('#/') || next.startsWith('#/signin')) return null;
  return next;
}

const e = encodeURIComponent;

export const href = {
  home: () => '#/',
  debate: (slug: string) => `#/d/${e(slug)}`,
  idea: (slug: string, ideaId: string) => `#/d/${e(slug)}/ideas/${e(ideaId)}`,
  post: (slug: string, postId: string, extractId?: string | null) =>
    `#/d/${e(slug)}/posts/${e(postId)}${extractId ? `?extract=${e(extractId)}` : ''}`,
  syntheses: (slug: string) => `#/d/${e(slug)}/syntheses`,
  synthesis: (slug: string, num: number, cite?: string | null) =>
    `#/d/${e(slug)}/syntheses/${num}${cite ? `?cite=${e(cite)}` : ''}`,
  synthesisDrafts: (slug: string) => `#/d/${e(slug)}/syntheses/edit`,
  synthesisEdit: (slug: string, draftId: string) => `#/d/${e(slug)}/syntheses/edit/${e(draftId)}`,
  newDebate: () => '#/new',
  settings: (slug: string) => `#/d/${e(slug)}/settings`,
  moderation: (slug: string) => `#/d/${e(slug)}/moderation`,
  audit: (slug: string) => `#/d/${e(slug)}/audit`,
  dashboard: (slug: string) => `#/d/${e(slug)}/dashboard`,
  vote: (slug: string, sessionId: string) => `#/d/${e(slug)}/votes/${e(sessionId)}`,
  voteResults: (slug: string, sessionId: string) => `#/d/${e(slug)}/votes/${e(sessionId)}/results`,
  voteSessions: (slug: string) => `#/d/${e(slug)}/settings/votes`,
  voteEdit: (slug: string, sessionId: string) => `#/d/${e(slug)}/votes/${e(sessionId)}/edit`,
  profile: () => '#/me',
  accessibility: () => '#/accessibilite',
  privacy: () => '#/confidentialite',
  signin: (next?: string | null) => {
    const n = safeNext(next ?? null);
    return n ? `#/signin?next=${e(n)}` : '#/signin';
  },
};

export function currentHash(): string {
  return window.location.hash || '#/';
}

let leaveGuard: (() => string | null) | null = null;

/**
 * A page with unsaved changes: before the app's own navigation (a link, Back, a typed address within the app)
 * leaves it, the guard's message (a question) is asked with confirm(); "Cancel" keeps the page and puts its address
 * back. Returns the function that removes the guard. (Leaving the app is beforeunload's business.)
 */
export function setLeaveGuard(guard: () => string | null): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

export function useRoute(): [Route, string] {
  const [hash, setHash] = useState(currentHash);
  const shown = useRef(hash);
  useEffect(() => {
    const onChange = () => {
      const next = currentHash();
      if (next !== shown.current) {
        const question = leaveGuard?.();
        if (question && !window.confirm(question)) {
          // stay: the address goes back to this page's (replaceState sends no hashchange)
          history.replaceState(null, '', shown.current);
          return;
        }
        leaveGuard = null;
      }
      shown.current = next;
      // the next page heading that mounts takes the focus
      requestHeadingFocus();
      setHash(next);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [parseHash(hash), hash];
}

export function navigate(to: string, replace = false): void {
  if (replace) {
    history.replaceState(null, '', to);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = to;
  }
}
