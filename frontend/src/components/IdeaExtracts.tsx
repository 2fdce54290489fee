import { useEffect, useState } from 'preact/hooks';
import type { Debate, Extract } from '../api';
import { useApp } from '../context';
import { canHarvest } from '../roles';
import { extractDomId } from '../textmap';
import { ExtractCard } from './ExtractCard';
import { ErrorMessage, Loading } from './Feedback';

const PAGE_SIZE = 20;

type ListState = 'published' | 'submitted';

/** One of the idea's two lists, paged by the server: a next page exists only when it says so. */
function usePagedExtracts(slug: string, ideaId: string, state: ListState, enabled: boolean) {
  const { api } = useApp();
  const [items, setItems] = useState<Extract[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    setError(null);
    api.listIdeaExtracts(slug, ideaId, null, PAGE_SIZE, state).then(
      (page) => {
        if (!alive) return;
        setItems(page.items);
        setCursor(page.next_cursor ?? null);
      },
      (err: unknown) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slug, ideaId, state, enabled, attempt]);

  /** The next page; resolves to the extracts it added (null when nothing was asked or it failed). */
  async function loadMore(): Promise<Extract[] | null> {
    if (!cursor || loadingMore) return null;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await api.listIdeaExtracts(slug, ideaId, cursor, PAGE_SIZE, state);
      const known = new Set((items ?? []).map((x) => x.id));
      const fresh = page.items.filter((x) => !known.has(x.id));
      setItems((list) => [...(list ?? []), ...fresh]);
      setCursor(page.next_cursor ?? null);
      return fresh;
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setLoadingMore(false);
    }
  }

  return { items, setItems, cursor, error, loadingMore, loadMore, retry: () => setAttempt((a) => a + 1) };
}

/** The idea's "Extraits" panel: its published extracts (nuggets marked) and, for harvesters, a separate list of the
 * suggestions to review. Each list has its own pages: a confirmed suggestion moves to the published extracts. */
export function IdeaExtracts({ debate, ideaId }: { debate: Debate; ideaId: string }) {
  const { i18n } = useApp();
  const slug = debate.slug;
  const staff = canHarvest(debate);
  const published = usePagedExtracts(slug, ideaId, 'published', true);
  const suggested = usePagedExtracts(slug, ideaId, 'submitted', staff);
  const [status, setStatus] = useState('');

  async function loadMore(list: typeof published, message: 'idea.extractsLoaded' | 'idea.suggestionsLoaded') {
    const fresh = await list.loadMore();
    if (fresh === null) return;
    setStatus(i18n.t(message, { count: i18n.number(fresh.length) }));
    if (fresh[0]) requestAnimationFrame(() => document.getElementById(`${extractDomId(fresh[0].id)}-card`)?.focus());
  }

  function onChange(updated: Extract, message: string) {
    const replace = (list: Extract[] | null) => (list ?? []).map((x) => (x.id === updated.id ? updated : x));
    if (updated.state === 'published') {
      // confirmed: it leaves the suggestions for the published extracts (where its card keeps the focus)
      suggested.setItems((list) => (list ?? []).filter((x) => x.id !== updated.id));
      published.setItems((list) =>
        (list ?? []).some((x) => x.id === updated.id) ? replace(list) : [...(list ?? []), updated],
      );
    } else {
      // rejected (it stays in view with its state until the panel is loaded again), or edited
      suggested.setItems((list) => (list === null ? list : replace(list)));
      published.setItems((list) => (list === null ? list : replace(list)));
    }
    setStatus(message);
  }

  const card = (x: Extract) => (
    <li key={x.id}>
      <ExtractCard extract={x} slug={slug} timezone={debate.timezone} staff={staff} onChange={onChange} />
    </li>
  );
  const pending = (suggested.items ?? []).filter((x) => x.state === 'submitted');

  return (
    <section aria-labelledby="extracts-title" class="idea-extracts">
      <h2 id="extracts-title">{i18n.t('idea.extracts')}</h2>
      <p role="status" class="status-message">
        {status}
      </p>
      {published.items === null && published.error == null && <Loading />}
      {published.items !== null &&
        (published.items.length > 0 ? (
          <ul class="extract-list">{published.items.map(card)}</ul>
        ) : (
          !published.cursor && <p class="empty">{i18n.t('idea.noExtracts')}</p>
        ))}
      {published.error != null && (
        <ErrorMessage error={published.error} onRetry={published.items === null ? published.retry : undefined} />
      )}
      {published.cursor && (
        <button
          type="button"
          class="button button-secondary"
          onClick={() => loadMore(published, 'idea.extractsLoaded')}
          disabled={published.loadingMore}
        >
          {i18n.t('idea.loadMoreExtracts')}
        </button>
      )}
      {staff && ((suggested.items ?? []).length > 0 || suggested.cursor) && (
        <section aria-labelledby="suggestions-title" class="extract-suggestions">
          <h3 id="suggestions-title">
            {/* the count of the suggestions loaded and still waiting: "+" while more pages remain */}
            {i18n.t('idea.suggestions')} ({i18n.number(pending.length)}
            {suggested.cursor ? '+' : ''})
          </h3>
          <p class="hint">{i18n.t('idea.suggestionsHint')}</p>
          <ul class="extract-list">{(suggested.items ?? []).map(card)}</ul>
          {suggested.cursor && (
            <button
              type="button"
              class="button button-secondary"
              onClick={() => loadMore(suggested, 'idea.suggestionsLoaded')}
              disabled={suggested.loadingMore}
            >
              {i18n.t('idea.loadMoreSuggestions')}
            </button>
          )}
        </section>
      )}
      {staff && suggested.error != null && (
        <ErrorMessage error={suggested.error} onRetry={suggested.items === null ? suggested.retry : undefined} />
      )}
    </section>
  );
}
