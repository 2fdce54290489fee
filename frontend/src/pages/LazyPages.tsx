// Routes whose code is fetched when they open (code splitting keeps the first bundle small): the public
// synthesis pages, the synthesis editor, the organiser and moderator screens, the profile and the static pages.
import type { ComponentChildren } from 'preact';
import { ErrorPage, LoadingPage } from '../components/Feedback';
import { useLazyModule } from '../lazy';

/** Renders `render(module)` once `load()` has resolved; a loading page meanwhile, an error page with "Réessayer". */
export function LazyRoute<M>({ load, render }: { load: () => Promise<M>; render: (mod: M) => ComponentChildren }) {
  const { mod, error, retry } = useLazyModule(load);
  if (error) return <ErrorPage error={error} onRetry={retry} />;
  if (!mod) return <LoadingPage />;
  return <>{render(mod)}</>;
}

export function LazySynthesisPage({ slug, number, cite }: { slug: string; number?: number; cite?: string }) {
  return (
    <LazyRoute
      load={() => import('./SynthesisPages')}
      render={(m) => (number ? <m.SynthesisPage slug={slug} number={number} cite={cite} /> : <m.SynthesisListPage slug={slug} />)}
    />
  );
}

export function LazyEditorPage({ slug, draftId }: { slug: string; draftId?: string }) {
  return (
    <LazyRoute
      load={() => import('./SynthesisEditor')}
      render={(m) => (draftId ? <m.SynthesisEditPage slug={slug} draftId={draftId} /> : <m.SynthesisDraftsPage slug={slug} />)}
    />
  );
}

export function LazyNewDebatePage() {
  return <LazyRoute load={() => import('./DebateAdminPages')} render={(m) => <m.NewDebatePage />} />;
}

export function LazySettingsPage({ slug }: { slug: string }) {
  return <LazyRoute load={() => import('./DebateAdminPages')} render={(m) => <m.DebateSettingsPage slug={slug} />} />;
}

export function LazyModerationPage({ slug }: { slug: string }) {
  return <LazyRoute load={() => import('./ModerationPage')} render={(m) => <m.ModerationPage slug={slug} />} />;
}

export function LazyAuditPage({ slug }: { slug: string }) {
  return <LazyRoute load={() => import('./AuditPage')} render={(m) => <m.AuditPage slug={slug} />} />;
}

export function LazyProfilePage() {
  return <LazyRoute load={() => import('./ProfilePage')} render={(m) => <m.ProfilePage />} />;
}

export function LazyInfoPage({ page }: { page: 'accessibility' | 'privacy' }) {
  return (
    <LazyRoute
      load={() => import('./InfoPages')}
      render={(m) => (page === 'accessibility' ? <m.AccessibilityPage /> : <m.PrivacyPage />)}
    />
  );
}

export function LazyVotePage({ slug, sessionId, results }: { slug: string; sessionId: string; results?: boolean }) {
  return results ? (
    <LazyRoute load={() => import('./VoteResultsPage')} render={(m) => <m.VoteResultsPage slug={slug} sessionId={sessionId} />} />
  ) : (
    <LazyRoute load={() => import('./VotePage')} render={(m) => <m.VotePage slug={slug} sessionId={sessionId} />} />
  );
}

/** The participation dashboard: its charts (Observable Plot) load only on this page. */
export function LazyDashboardPage({ slug }: { slug: string }) {
  return <LazyRoute load={() => import('./DashboardPage')} render={(m) => <m.DashboardPage slug={slug} />} />;
}

/** The organiser's vote session list and editor. */
export function LazyVoteEditorPage({ slug, sessionId }: { slug: string; sessionId?: string }) {
  return (
    <LazyRoute
      load={() => import('./VoteEditorPages')}
      render={(m) => (sessionId ? <m.VoteSessionEditPage slug={slug} sessionId={sessionId} /> : <m.VoteSessionsPage slug={slug} />)}
    />
  );
}
