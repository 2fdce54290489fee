import { useEffect, useState } from 'preact/hooks';
import type { Debate, Extract } from '../api';
import { useApp } from '../context';
import { canHarvest } from '../roles';
import { extractDomId } from '../textmap';
import { ExtractCard } from './ExtractCard';
import { ErrorMessage, Loading } from './Feedback';

const PAGE_SIZE = 20;

/** The idea's "Extraits" panel: harvested passages (nuggets marked) and, for harvesters, suggestions to review. */
export function IdeaExtracts({ debate, ideaId }: { debate: Debate; ideaId: string }) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const staff = canHarvest(debate);
  const [items, setItems] = useState<Extract[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [status, setStatus] = useState('');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let alive = true;
    setError(null);
    api.listIdeaExtracts(slug, ideaId, null, PAGE_SIZE).then(
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
  }, [slug, ideaId, attempt]);

  async function loadMore() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await api.listIdeaExtracts(slug, ideaId, cursor, PAGE_SIZE);
      const known = new Set((items ?? []).map((x) => x.id));
      const fresh = page.items.filter((x) => !known.has(x.id));
      setItems((list) => [...(list ?? []), ...fresh]);
      setCursor(page.next_cursor ?? null);
      setStatus(i18n.t('idea.extractsLoaded', { count: i18n.number(fresh.length) }));
      if (fresh[0]) requestAnimationFrame(() => document.getElementById(`${extractDomId(fresh[0].id)}-card`)?.focus());
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  function onChange(updated: Extract, message: string) {
    setItems((list) => (list ?? []).map((x) => (x.id === updated.id ? updated : x)));
    setStatus(message);
  }

  const suggestions = staff ? (items ?? []).filter((x) => x.state === 'submitted') : [];
  const shown = (items ?? []).filter((x) => !(staff && x.state === 'submitted'));

  const card = (x: Extract) => (
    <li key={x.id}>
      <ExtractCard extract={x} slug={slug} timezone={debate.timezone} staff={staff} onChange={onChange} />
    </li>
  );

  return (
    <section aria-labelledby="extracts-title" class="idea-extracts">
      <h2 id="extracts-title">{i18n.t('idea.extracts')}</h2>
      <p role="status" class="status-message">
        {status}
      </p>
      {items === null && error == null && <Loading />}
      {items !== null &&
        (shown.length === 0 ? (
          <p class="empty">{i18n.t(suggestions.length > 0 || cursor ? 'idea.noExtractsYet' : 'idea.noExtracts')}</p>
        ) : (
          <ul class="extract-list">{shown.map(card)}</ul>
        ))}
      {error != null && <ErrorMessage error={error} onRetry={items === null ? () => setAttempt((a) => a + 1) : undefined} />}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={loadMore} disabled={loadingMore}>
          {i18n.t(staff ? 'idea.loadMoreExtractsAndSuggestions' : 'idea.loadMoreExtracts')}
        </button>
      )}
      {suggestions.length > 0 && (
        <section aria-labelledby="suggestions-title" class="extract-suggestions">
          <h3 id="suggestions-title">
            {/* the count of the pages loaded so far: "+" while more pages remain */}
            {i18n.t('idea.suggestions')} ({i18n.number(suggestions.length)}
            {cursor ? '+' : ''})
          </h3>
          <p class="hint">{i18n.t('idea.suggestionsHint')}</p>
          <ul class="extract-list">{suggestions.map(card)}</ul>
        </section>
      )}
    </section>
  );
}
