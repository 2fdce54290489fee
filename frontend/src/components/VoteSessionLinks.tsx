// Links to a debate's vote sessions (debate page: all of them; idea page: those of the idea). Renders nothing
// while loading, when there are none, or when the list cannot be read.
import { useApp } from '../context';
import { useAsync } from '../hooks';
import { pickText } from '../i18n';
import { href } from '../router';
import { voteApi } from '../votes';

export function VoteSessionLinks({ slug, ideaId, defaultLanguage }: { slug: string; ideaId?: string; defaultLanguage?: string }) {
  const { api, i18n } = useApp();
  const [state] = useAsync(() => voteApi(api).listSessions(slug, ideaId ?? null), [slug, ideaId]);
  if (state.status !== 'ok') return null;
  const items = ideaId ? state.data.items.filter((s) => s.idea_id === ideaId) : state.data.items;
  if (items.length === 0) return null;
  const titleId = ideaId ? 'idea-votes-title' : 'votes-title';
  return (
    <section aria-labelledby={titleId} class="vote-links">
      <h2 id={titleId}>{i18n.t('votes.title')}</h2>
      <ul class="link-list">
        {items.map((s) => {
          const title = pickText(s.title, i18n.lang, defaultLanguage);
          return (
            <li key={s.id}>
              <a href={href.vote(slug, s.id)} lang={title.lang !== i18n.lang ? title.lang : undefined}>
                {title.text || s.id}
              </a>{' '}
              <span class="badge">({i18n.t(`votes.state.${s.state}`)})</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
