import type { ComponentChildren } from 'preact';
import type { DebateSummary, Page } from '../api';
import { DebateBadges } from '../components/DebateBadges';
import { ErrorPage, LoadMore, LoadingPage } from '../components/Feedback';
import { MyDebates } from '../components/MyDebates';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { useAsync, useMorePages } from '../hooks';
import { pickText } from '../i18n';
import { isPlatformOrganiser } from '../roles';
import { href } from '../router';

export function DebateListPage() {
  const { api, session } = useApp();
  const userId = session?.user?.id ?? null;
  const [state, retry] = useAsync(() => api.listDebates(), []);
  // asked for at the same time as the public list; its failure stays within its own section
  const [mine, retryMine] = useAsync(() => (userId ? api.myDebates() : Promise.resolve(null)), [userId]);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') return <ErrorPage error={state.error} onRetry={retry} />;
  return <DebateList first={state.data} before={userId ? <MyDebates state={mine} onRetry={retryMine} /> : null} />;
}

function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

function DebateList({ first, before }: { first: Page<DebateSummary>; before?: ComponentChildren }) {
  const { api, i18n, session } = useApp();
  const pages = useMorePages(first, (next) => api.listDebates(next));
  const { items } = pages;

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
      {before}
      <section class="public-debates" aria-labelledby="public-debates-title">
        <h2 id="public-debates-title">{i18n.t('home.publicTitle')}</h2>
        {items.length === 0 ? (
          <p class="empty">{i18n.t('home.empty')}</p>
        ) : (
          <ul class="card-list debate-list">
            {items.map((d) => {
              const title = pickText(d.title, i18n.lang, d.default_language);
              const desc = pickText(d.description, i18n.lang, d.default_language);
              return (
                <li key={d.slug} class="card">
                  <h3 lang={title.lang !== i18n.lang ? title.lang : undefined}>
                    <a href={href.debate(d.slug)}>{title.text || d.slug}</a>
                  </h3>
                  {d.status && (
                    <p class="badges">
                      <DebateBadges status={d.status} />
                    </p>
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
        <LoadMore pages={pages} />
      </section>
    </>
  );
}
