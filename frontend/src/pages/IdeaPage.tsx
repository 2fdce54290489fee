import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Debate, Idea, Page, Post } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { Composer } from '../components/Composer';
import { ErrorMessage, ErrorPage, LoadingPage, NotFoundPage, SignInPrompt } from '../components/Feedback';
import { IdeaExtracts } from '../components/IdeaExtracts';
import { TermsConsent } from '../components/TermsConsent';
import { IdeaTree } from '../components/IdeaTree';
import { PageHeading } from '../components/PageHeading';
import { PostView } from '../components/PostView';
import { VoteSessionLinks } from '../components/VoteSessionLinks';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText } from '../i18n';
import { TextBlock } from '../linkify';
import { href } from '../router';
import { loadSanitizer } from '../sanitize';
import { buildIdeaTree, findNode } from '../tree';

const PAGE_SIZE = 20;

export function IdeaPage({ slug, ideaId }: { slug: string; ideaId: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(
    () =>
      Promise.all([
        api.getDebate(slug),
        api.listIdeas(slug),
        api.listPosts(slug, ideaId, null, PAGE_SIZE),
        loadSanitizer(),
      ]).then(
        ([debate, ideas, posts]) => ({ debate, ideas: ideas.items, posts }),
      ),
    [slug, ideaId],
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  const { debate, ideas, posts } = state.data;
  if (!ideas.some((i) => i.id === ideaId)) return <NotFoundPage />;
  return <IdeaView debate={debate} ideas={ideas} ideaId={ideaId} first={posts} />;
}

interface ViewProps {
  debate: Debate;
  ideas: Idea[];
  ideaId: string;
  first: Page<Post>;
}

function IdeaView({ debate, ideas, ideaId, first }: ViewProps) {
  const { api, i18n, session } = useApp();
  const slug = debate.slug;
  const [posts, setPosts] = useState<Post[]>(first.items);
  const [cursor, setCursor] = useState<string | null>(first.next_cursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [focusPostId, setFocusPostId] = useState<string | null>(null);

  const tree = useMemo(() => buildIdeaTree(ideas), [ideas]);
  const node = findNode(tree, ideaId);
  const idea = node?.item ?? ideas.find((i) => i.id === ideaId)!;
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);
  const title = pickText(idea.title, i18n.lang, debate.default_language);
  const description = pickText(idea.description, i18n.lang, debate.default_language);
  const [postCount, setPostCount] = useState(idea.counts?.posts ?? first.items.length);

  useEffect(() => {
    if (focusPostId) {
      document.getElementById(`post-${focusPostId}`)?.focus();
      setFocusPostId(null);
    }
  }, [focusPostId]);

  const replacePost = (p: Post) => setPosts((list) => list.map((x) => (x.id === p.id ? p : x)));

  async function loadMore() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.listPosts(slug, ideaId, cursor, PAGE_SIZE);
      const known = new Set(posts.map((p) => p.id));
      const fresh = page.items.filter((p) => !known.has(p.id));
      setPosts((list) => [...list, ...fresh]);
      setCursor(page.next_cursor ?? null);
      setStatus(i18n.t('idea.loadedMore', { count: i18n.number(fresh.length) }));
      if (fresh[0]) setFocusPostId(fresh[0].id);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  function onPublished(post: Post) {
    setPosts((list) => [post, ...list.filter((p) => p.id !== post.id)]);
    if (post.state === 'published') setPostCount((n) => n + 1);
    setStatus(i18n.t(post.state === 'pending' ? 'composer.pending' : 'composer.published'));
    setFocusPostId(post.id);
  }

  const closed = debate.status === 'closed';

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) },
          { label: title.text, lang: other(title.lang) },
        ]}
      />
      <PageHeading title={title.text} lang={other(title.lang)} />
      {description.text && <TextBlock text={description.text} lang={other(description.lang)} />}
      <p class="meta">
        {i18n.tn('posts', postCount)}
        {(idea.counts?.extracts ?? 0) > 0 && <> · {i18n.tn('extracts', idea.counts.extracts ?? 0)}</>}
      </p>

      {node && node.children.length > 0 && (
        <section aria-labelledby="subideas-title">
          <h2 id="subideas-title">{i18n.t('idea.subIdeas')}</h2>
          <IdeaTree nodes={node.children} slug={slug} defaultLanguage={debate.default_language} />
        </section>
      )}

      <VoteSessionLinks slug={slug} ideaId={ideaId} defaultLanguage={debate.default_language} />

      <IdeaExtracts debate={debate} ideaId={ideaId} />

      <TermsConsent debate={debate} />

      <section aria-labelledby="contribute-title" class="contribute">
        <h2 id="contribute-title">{i18n.t('idea.contribute')}</h2>
        {closed ? (
          <p class="notice">{i18n.t('debate.closedNotice')}</p>
        ) : session ? (
          <Composer
            id={`idea-${ideaId}`}
            allowStatement
            submit={(input, key) => {
              setStatus('');
              return api.createPost(slug, ideaId, input, key);
            }}
            onPublished={onPublished}
          />
        ) : (
          <p class="notice">
            <SignInPrompt message="composer.signInToPost" />
          </p>
        )}
      </section>

      <p role="status" class="status-message">
        {status}
      </p>

      <section aria-labelledby="posts-title">
        <h2 id="posts-title">{i18n.t('idea.posts')}</h2>
        {posts.length === 0 ? (
          <p class="empty">{i18n.t('idea.noPosts')}</p>
        ) : (
          <ul class="post-list">
            {posts.map((p) => (
              <li key={p.id}>
                <PostView
                  post={p}
                  slug={slug}
                  timezone={debate.timezone}
                  level={3}
                  onChange={replacePost}
                  threadLink
                  flaggable={!closed}
                  announce={setStatus}
                />
              </li>
            ))}
          </ul>
        )}
        {moreError != null && <ErrorMessage error={moreError} />}
        {cursor && (
          <button type="button" class="button button-secondary load-more" onClick={loadMore} disabled={loadingMore}>
            {i18n.t('loadMore')}
          </button>
        )}
      </section>
    </>
  );
}
