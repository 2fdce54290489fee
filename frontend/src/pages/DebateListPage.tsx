import { useState } from 'preact/hooks';
import type { DebateSummary, Page } from '../api';
import { ErrorMessage, ErrorPage, LoadingPage } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { useAsync } from '../hooks';
import { pickText } from '../i18n';
import { isPlatformOrganiser } from '../roles';
import { href } from '../router';

export function DebateListPage() {
  const { api } = useApp();
  const [state, retry] = useAsync(() => api.listDebates(), []);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') return <ErrorPage error={state.error} onRetry={retry} />;
  return <DebateList first={state.data} />;
}

function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

function DebateList({ first }: { first: Page<DebateSummary> }) {
  const { api, i18n, session } = useApp();
  const [items, setItems] = useState(first.items);
  const [cursor, setCursor] = useState(first.next_cursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function loadMore() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await api.listDebates(cursor);
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      <PageHeading title={i18n.t('home.title')} />
      {isPlatformOrganiser(session?.user) && (
        <p>
          <a href={href.newDebate()} class="button">
            {i18n.t('home.createDebate')}
          </a>
        </p>
      )}
      {items.length === 0 ? (
        <p class="empty">{i18n.t('home.empty')}</p>
      ) : (
        <ul class="card-list">
          {items.map((d) => {
            const title = pickText(d.title, i18n.lang, d.default_language);
            const desc = pickText(d.description, i18n.lang, d.default_language);
            return (
              <li key={d.slug} class="card">
                <h2 lang={title.lang !== i18n.lang ? title.lang : undefined}>
                  <a href={href.debate(d.slug)}>{title.text || d.slug}</a>
                </h2>
                {d.status && (
                  <p class={`badge badge-${d.status}`}>{i18n.t(d.status === 'closed' ? 'status.closed' : 'status.open')}</p>
                )}
                {desc.text && <p lang={desc.lang !== i18n.lang ? desc.lang : undefined}>{excerpt(desc.text)}</p>}
                {d.counts && (
                  <p class="meta">
                    {[
                      typeof d.counts.posts === 'number' ? i18n.tn('posts', d.counts.posts) : null,
                      typeof d.counts.participants === 'number' ? i18n.tn('participants', d.counts.participants) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {error != null && <ErrorMessage error={error} />}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={loadMore} disabled={loadingMore}>
          {i18n.t('loadMore')}
        </button>
      )}
    </>
  );
}
