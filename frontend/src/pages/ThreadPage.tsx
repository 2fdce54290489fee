import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Debate, Extract, Idea, Post } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { TermsConsent } from '../components/TermsConsent';
import { Composer } from '../components/Composer';
import { ExtractCard, natureLabel } from '../components/ExtractCard';
import { ErrorPage, LoadingPage, NotFoundPage } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { headingLevel, PostView } from '../components/PostView';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText, type I18n } from '../i18n';
import { useLazyModule } from '../lazy';
import { canHarvest, canModerate } from '../roles';
import { href } from '../router';
import { loadSanitizer } from '../sanitize';
import { extractDomId, rangeToBody, type BodySelection, type Highlight } from '../textmap';
import { buildTree, type TreeNode } from '../tree';

export function ThreadPage({ slug, postId, extractId }: { slug: string; postId: string; extractId?: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(
    () =>
      Promise.all([api.getDebate(slug), api.listIdeas(slug), api.getThread(slug, postId), loadSanitizer()]).then(
        ([debate, ideas, thread]) => ({ debate, ideas: ideas.items, posts: thread.items, extracts: thread.extracts ?? [] }),
      ),
    [slug, postId],
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  const { debate, ideas, posts, extracts } = state.data;
  if (posts.length === 0) return <NotFoundPage />;
  return (
    <ThreadView
      debate={debate}
      ideas={ideas}
      rootId={postId}
      initial={posts}
      initialExtracts={extracts}
      extractId={extractId}
    />
  );
}

interface ViewProps {
  debate: Debate;
  ideas: Idea[];
  rootId: string;
  initial: Post[];
  initialExtracts: Extract[];
  extractId?: string;
}

/** Highlights for one post: anchored quotations that are published (or, for harvesters, suggested). */
export function postHighlights(i18n: I18n, extracts: readonly Extract[], postId: string): Highlight[] {
  return extracts
    .filter(
      (x) =>
        x.post_id === postId &&
        x.kind === 'quote' &&
        !x.orphaned &&
        x.start != null &&
        x.end != null &&
        (x.state === 'published' || x.state === 'submitted'),
    )
    .map((x) => {
      const classes = [x.important ? 'is-nugget' : '', x.state === 'submitted' ? 'is-suggested' : ''].filter(Boolean);
      return {
        start: x.start!,
        end: x.end!,
        anchorId: extractDomId(x.id),
        key: x.id,
        className: classes.join(' ') || undefined,
        before: i18n.t(x.state === 'submitted' ? 'extract.markBeforeSuggested' : 'extract.markBefore', {
          nature: natureLabel(i18n, x.nature),
        }),
        after: i18n.t('extract.markAfter'),
      };
    });
}

interface Harvesting {
  post: Post;
  selection: BodySelection | null;
  opener: HTMLElement | null;
}

function ThreadView({ debate, ideas, rootId, initial, initialExtracts, extractId }: ViewProps) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const [posts, setPosts] = useState<Post[]>(initial);
  const [extracts, setExtracts] = useState<Extract[]>(initialExtracts);
  const [openFor, setOpenFor] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [focusPostId, setFocusPostId] = useState<string | null>(null);
  const [selection, setSelection] = useState<{ postId: string; sel: BodySelection } | null>(null);
  const [harvesting, setHarvesting] = useState<Harvesting | null>(null);
  const lastSelection = useRef(new Map<string, BodySelection>());
  const postsRef = useRef(posts);
  postsRef.current = posts;

  const closed = debate.status === 'closed';
  const harvester = canHarvest(debate);
  const moderator = canModerate(debate);
  const mayHarvest = harvester && !closed;
  const dialogModule = useLazyModule(() => import('../components/HarvestDialog'), mayHarvest);

  const roots = useMemo(() => buildTree(posts), [posts]);
  const root: TreeNode<Post> | undefined = roots.find((n) => n.item.id === rootId) ?? roots[0];
  const rootPost = root.item;
  const idea = ideas.find((i) => i.id === rootPost.idea_id);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);
  const ideaTitle = idea ? pickText(idea.title, i18n.lang, debate.default_language) : null;

  const highlightsByPost = useMemo(() => {
    const map = new Map<string, Highlight[]>();
    for (const p of posts) map.set(p.id, postHighlights(i18n, extracts, p.id));
    return map;
  }, [posts, extracts, i18n]);

  const ideaInfo = (id: string) => {
    const i = ideas.find((x) => x.id === id);
    if (!i) return undefined;
    const t = pickText(i.title, i18n.lang, debate.default_language);
    return { id, title: t.text, lang: other(t.lang) };
  };

  useEffect(() => {
    if (focusPostId) {
      document.getElementById(`post-${focusPostId}`)?.focus();
      setFocusPostId(null);
    }
  }, [focusPostId]);

  // Citation deep link: scroll to and focus the highlighted passage.
  useEffect(() => {
    if (!extractId) return;
    const target = document.getElementById(extractDomId(extractId));
    if (target) {
      target.classList.add('extract-target');
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    } else {
      const x = initialExtracts.find((e) => e.id === extractId);
      setNotice(i18n.t('extract.notFound'));
      document.getElementById(`post-${x?.post_id ?? rootId}`)?.focus();
    }
    // once, when the page opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Follow the text selection inside post bodies (harvesters): offsets into the post's body_text.
  useEffect(() => {
    if (!mayHarvest) return;
    let frame = 0;
    const update = () => {
      const s = document.getSelection();
      if (!s || s.rangeCount === 0 || s.isCollapsed) {
        setSelection(null);
        return;
      }
      const range = s.getRangeAt(0);
      for (const body of Array.from(document.querySelectorAll<HTMLElement>('[data-post-body]'))) {
        if (!range.intersectsNode(body)) continue;
        const post = postsRef.current.find((p) => p.id === body.dataset.postBody);
        const sel = post ? rangeToBody(body, range, post.body_text) : null;
        if (post && sel) {
          lastSelection.current.set(post.id, sel);
          setSelection((prev) =>
            prev && prev.postId === post.id && prev.sel.start === sel.start && prev.sel.end === sel.end
              ? prev
              : { postId: post.id, sel },
          );
          return;
        }
      }
      setSelection(null);
    };
    const onChange = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      document.removeEventListener('selectionchange', onChange);
      cancelAnimationFrame(frame);
    };
  }, [mayHarvest]);

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

  function openHarvest(post: Post, sel: BodySelection | null, opener: HTMLElement | null) {
    setStatus('');
    setHarvesting({ post, selection: sel, opener });
  }

  function onExtractSaved(extract: Extract) {
    setExtracts((list) => [...list.filter((x) => x.id !== extract.id), extract]);
    setHarvesting(null);
    const t = ideaInfo(extract.idea_id)?.title ?? '';
    setStatus(i18n.t('harvest.saved', { idea: t }));
    lastSelection.current.delete(extract.post_id);
    document.getSelection()?.removeAllRanges();
  }

  function onExtractChanged(extract: Extract, message: string) {
    setExtracts((list) => list.map((x) => (x.id === extract.id ? extract : x)));
    setStatus(message);
  }

  function renderNode(node: TreeNode<Post>) {
    const p = node.item;
    const open = openFor === p.id;
    const live = selection && selection.postId === p.id ? selection.sel : null;
    // in reading order: quotations by place in the text, then paraphrases
    const own = harvester
      ? extracts
          .filter((x) => x.post_id === p.id)
          .sort((a, b) => (a.start ?? Number.MAX_SAFE_INTEGER) - (b.start ?? Number.MAX_SAFE_INTEGER))
      : [];
    const canHarvestPost = mayHarvest && p.state !== 'deleted' && !!p.body_text;
    return (
      <li key={p.id}>
        <PostView
          post={p}
          slug={slug}
          timezone={debate.timezone}
          level={headingLevel(2 + Math.max(0, p.depth - rootPost.depth))}
          onChange={replacePost}
          // the API takes replies to published posts only (409 parent_not_published)
          canReply={!closed && p.state === 'published'}
          flaggable={!closed}
          moderatable={moderator}
          announce={setStatus}
          replyOpen={open}
          onToggleReply={() => setOpenFor(open ? null : p.id)}
          highlights={highlightsByPost.get(p.id)}
          afterBody={
            canHarvestPost && live ? (
              <div class="harvest-selection">
                <button
                  type="button"
                  class="button button-small"
                  // keep the text selection when pressing the button
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={(e) => openHarvest(p, live, e.currentTarget)}
                >
                  {i18n.t('harvest.selectionButton')}
                </button>
                <span class="hint harvest-preview">
                  {i18n.t('harvest.selectionPreview', { quote: ellipsis(live.quote, 120) })}
                </span>
              </div>
            ) : null
          }
          tools={
            canHarvestPost ? (
              <button
                type="button"
                class="button button-secondary button-small"
                aria-haspopup="dialog"
                onMouseDown={(e) => e.preventDefault()}
                onClick={(e) => openHarvest(p, live ?? lastSelection.current.get(p.id) ?? null, e.currentTarget)}
              >
                {i18n.t('harvest.postButton')}
              </button>
            ) : null
          }
          footer={
            own.length > 0 ? (
              <details class="post-extracts" open>
                <summary>
                  {i18n.t('extract.listSummary')} ({i18n.number(own.length)})
                </summary>
                <ul class="extract-list">
                  {own.map((x) => (
                    <li key={x.id}>
                      <ExtractCard
                        extract={x}
                        slug={slug}
                        timezone={debate.timezone}
                        idea={ideaInfo(x.idea_id)}
                        staff
                        passageLink={x.kind === 'quote' && !x.orphaned}
                        onChange={onExtractChanged}
                      />
                    </li>
                  ))}
                </ul>
              </details>
            ) : null
          }
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

  const Dialog = dialogModule.mod?.HarvestDialog;

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
      <TermsConsent debate={debate} />
      {rootPost.parent_id && (
        <p>
          <a href={href.post(slug, rootPost.parent_id)}>{i18n.t('thread.parent')}</a>
        </p>
      )}
      {closed && <p class="notice">{i18n.t('debate.closedNotice')}</p>}
      {notice && (
        <p role="alert" class="notice">
          {notice}
        </p>
      )}
      <p role="status" class="status-message">
        {status}
      </p>
      <ul class="thread">{renderNode(root)}</ul>
      {harvesting && Dialog && (
        <Dialog
          debate={debate}
          ideas={ideas}
          post={harvesting.post}
          selection={harvesting.selection}
          returnFocus={harvesting.opener}
          onClose={() => setHarvesting(null)}
          onSaved={onExtractSaved}
        />
      )}
    </>
  );
}

function ellipsis(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
