import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Debate, Idea, Post } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { Composer } from '../components/Composer';
import { ErrorPage, LoadingPage, NotFoundPage } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { headingLevel, PostView } from '../components/PostView';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText } from '../i18n';
import { href } from '../router';
import { loadSanitizer } from '../sanitize';
import { buildTree, type TreeNode } from '../tree';

export function ThreadPage({ slug, postId }: { slug: string; postId: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(
    () =>
      Promise.all([api.getDebate(slug), api.listIdeas(slug), api.getThread(slug, postId), loadSanitizer()]).then(
        ([debate, ideas, thread]) => ({ debate, ideas: ideas.items, posts: thread.items }),
      ),
    [slug, postId],
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  const { debate, ideas, posts } = state.data;
  if (posts.length === 0) return <NotFoundPage />;
  return <ThreadView debate={debate} ideas={ideas} rootId={postId} initial={posts} />;
}

interface ViewProps {
  debate: Debate;
  ideas: Idea[];
  rootId: string;
  initial: Post[];
}

function ThreadView({ debate, ideas, rootId, initial }: ViewProps) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const [posts, setPosts] = useState<Post[]>(initial);
  const [openFor, setOpenFor] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [focusPostId, setFocusPostId] = useState<string | null>(null);

  const roots = useMemo(() => buildTree(posts), [posts]);
  const root: TreeNode<Post> | undefined = roots.find((n) => n.item.id === rootId) ?? roots[0];
  const rootPost = root.item;
  const idea = ideas.find((i) => i.id === rootPost.idea_id);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);
  const ideaTitle = idea ? pickText(idea.title, i18n.lang, debate.default_language) : null;
  const closed = debate.status === 'closed';

  useEffect(() => {
    if (focusPostId) {
      document.getElementById(`post-${focusPostId}`)?.focus();
      setFocusPostId(null);
    }
  }, [focusPostId]);

  const replacePost = (p: Post) => setPosts((list) => list.map((x) => (x.id === p.id ? p : x)));

  function onReplied(parentId: string, reply: Post) {
    setPosts((list) => [
      ...list.map((x) => (x.id === parentId ? { ...x, reply_count: (x.reply_count ?? 0) + 1 } : x)),
      reply,
    ]);
    setOpenFor(null);
    setStatus(i18n.t(reply.state === 'pending' ? 'composer.pending' : 'composer.replyPublished'));
    setFocusPostId(reply.id);
  }

  function renderNode(node: TreeNode<Post>) {
    const p = node.item;
    const open = openFor === p.id;
    return (
      <li key={p.id}>
        <PostView
          post={p}
          slug={slug}
          timezone={debate.timezone}
          level={headingLevel(2 + Math.max(0, p.depth - rootPost.depth))}
          onChange={replacePost}
          canReply={!closed && p.state !== 'deleted'}
          replyOpen={open}
          onToggleReply={() => setOpenFor(open ? null : p.id)}
        >
          {open && (
            <Composer
              id={`reply-${p.id}`}
              autoFocus
              submit={(input, key) => {
                setStatus('');
                return api.createReply(slug, p.id, input, key);
              }}
              onPublished={(reply) => onReplied(p.id, reply)}
              onCancel={() => {
                setOpenFor(null);
                setFocusPostId(p.id);
              }}
            />
          )}
        </PostView>
        {node.children.length > 0 && <ul class="replies">{node.children.map(renderNode)}</ul>}
      </li>
    );
  }

  const crumbs = [{ label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) }];
  if (idea && ideaTitle) crumbs.push({ label: ideaTitle.text, href: href.idea(slug, idea.id), lang: other(ideaTitle.lang) });
  crumbs.push({ label: i18n.t('thread.title'), href: '', lang: undefined });

  return (
    <>
      <Breadcrumb items={crumbs} />
      <PageHeading title={ideaTitle ? `${i18n.t('thread.title')} · ${ideaTitle.text}` : i18n.t('thread.title')}>
        {i18n.t('thread.title')}
      </PageHeading>
      {ideaTitle && idea && (
        <p class="meta">
          <a href={href.idea(slug, idea.id)} lang={other(ideaTitle.lang)}>
            {i18n.t('thread.idea', { title: ideaTitle.text })}
          </a>
        </p>
      )}
      {rootPost.parent_id && (
        <p>
          <a href={href.post(slug, rootPost.parent_id)}>{i18n.t('thread.parent')}</a>
        </p>
      )}
      {closed && <p class="notice">{i18n.t('debate.closedNotice')}</p>}
      <p role="status" class="status-message">
        {status}
      </p>
      <ul class="thread">{renderNode(root)}</ul>
    </>
  );
}
