import type { MyDebate, Page } from '../api';
import { useApp } from '../context';
import { type AsyncState, useMorePages } from '../hooks';
import { pickText } from '../i18n';
import { roleLabel } from '../roles';
import { href } from '../router';
import { DebateBadges } from './DebateBadges';
import { ErrorMessage, LoadMore, Loading } from './Feedback';

/** "Mes débats" on the home page of a signed-in person: the debates they were given a role in (private ones
 *  included, which no public list shows) or took part in, with their roles there. */
export function MyDebates({ state, onRetry }: { state: AsyncState<Page<MyDebate> | null>; onRetry: () => void }) {
  const { i18n } = useApp();
  return (
    <section class="my-debates" aria-labelledby="my-debates-title">
      <h2 id="my-debates-title">{i18n.t('myDebates.title')}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage error={state.error} onRetry={onRetry} />}
      {state.status === 'ok' && state.data && <MyDebateList first={state.data} />}
    </section>
  );
}

function MyDebateList({ first }: { first: Page<MyDebate> }) {
  const { api, i18n } = useApp();
  const pages = useMorePages(first, (next) => api.myDebates(next));
  const { items } = pages;
  if (items.length === 0 && !pages.cursor) return <p class="empty">{i18n.t('myDebates.empty')}</p>;
  return (
    <>
      <ul class="card-list debate-list">
        {items.map((d) => {
          const title = pickText(d.title, i18n.lang, d.default_language);
          return (
            <li key={d.slug} class="card">
              <h3 lang={title.lang !== i18n.lang ? title.lang : undefined}>
                <a href={href.debate(d.slug)}>{title.text || d.slug}</a>
              </h3>
              <p class="badges">
                <DebateBadges status={d.status} visibility={d.visibility} />
              </p>
              {d.roles.length > 0 && (
                <p class="meta">
                  {i18n.t('myDebates.roles', { roles: d.roles.map((r) => roleLabel(i18n, r)).join(', ') })}
                  {d.since && ` · ${i18n.t('myDebates.since', { date: i18n.date(d.since) })}`}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <LoadMore pages={pages} />
    </>
  );
}
