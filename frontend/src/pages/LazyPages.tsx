// Routes whose code is fetched when they open (code splitting keeps the first bundle small):
// the public synthesis pages, and the synthesis editor (moderators and organisers only).
import { ErrorPage, LoadingPage } from '../components/Feedback';
import { useLazyModule } from '../lazy';

export function LazySynthesisPage({ slug, number, cite }: { slug: string; number?: number; cite?: string }) {
  const { mod, error, retry } = useLazyModule(() => import('./SynthesisPages'));
  if (error) return <ErrorPage error={error} onRetry={retry} />;
  if (!mod) return <LoadingPage />;
  return number ? <mod.SynthesisPage slug={slug} number={number} cite={cite} /> : <mod.SynthesisListPage slug={slug} />;
}

export function LazyEditorPage({ slug, draftId }: { slug: string; draftId?: string }) {
  const { mod, error, retry } = useLazyModule(() => import('./SynthesisEditor'));
  if (error) return <ErrorPage error={error} onRetry={retry} />;
  if (!mod) return <LoadingPage />;
  return draftId ? <mod.SynthesisEditPage slug={slug} draftId={draftId} /> : <mod.SynthesisDraftsPage slug={slug} />;
}
