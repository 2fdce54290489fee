// Moderation queue (#/d/{slug}/moderation, moderators and organisers), loaded on demand: posts waiting for
// pre-moderation and flagged posts, oldest first, each with "Publier" and "Rejeter" and an optional reason.
import '../i18n-admin';
import '../i18n-member';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { FLAG_REASONS, type Debate, type Page, type Post, type QueueItem } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ModerationReasonField } from '../components/ModerateDialog';
import { ErrorMessage, ErrorPage, LoadingPage, NotFoundPage, SignInPrompt } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { errorText, isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText, type I18n } from '../i18n';
import { canModerate } from '../roles';
import { href } from '../router';
import { loadSanitizer, sanitizeHtml } from '../sanitize';

const PAGE_SIZE = 20;

const cssId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

export function flagReasonLabel(i18n: I18n, reason: string): string {
  return (FLAG_REASONS as readonly string[]).includes(reason) ? i18n.t(`flag.reason.${reason as 'spam'}`) : reason;
}

export function ModerationPage({ slug }: { slug: string }) {
  const { api, i18n, session } = useApp();
  const [state, retry] = useAsync(async () => {
    if (!session) return null;
    const [debate] = await Promise.all([api.getDebate(slug), loadSanitizer()]);
    if (!canModerate(debate)) return { debate, queue: null };
    return { debate, queue: await api.moderationQueue(slug, null, PAGE_SIZE) };
  }, [slug]);
  const title = i18n.t('moderation.title');
  if (!session) {
    return (
      <>
        <PageHeading title={title} />
        <p class="notice">
          <SignInPrompt message="error.unauthorized" />
        </p>
      </>
    );
  }
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  if (!state.data) return <LoadingPage />;
  const { debate, queue } = state.data;
  if (!queue) {
    return (
      <>
        <PageHeading title={title} />
        <p class="notice">{i18n.t('moderation.notAllowed')}</p>
      </>
    );
  }
  return <QueueView debate={debate} first={queue} />;
}

function QueueView({ debate, first }: { debate: Debate; first: Page<QueueItem> }) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const [items, setItems] = useState(first.items);
  const [cursor, setCursor] = useState(first.next_cursor ?? null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [moreError, setMoreError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [focusId, setFocusId] = useState<string | null>(null);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  async function decide(item: QueueItem, state: 'published' | 'rejected') {
    if (busy) return;
    const post = item.post;
    setBusy(post.id);
    setStatus('');
    setErrors((e) => ({ ...e, [post.id]: '' }));
    try {
      await api.moderatePost(slug, post.id, state, reasons[post.id]);
      const index = items.findIndex((x) => x.post.id === post.id);
      const rest = items.filter((x) => x.post.id !== post.id);
      setItems(rest);
      const author = post.author?.display_name || i18n.t('post.anonymous');
      setStatus(i18n.t(state === 'published' ? 'moderation.published' : 'moderation.rejected', { author }));
      const next = rest[index] ?? rest[index - 1];
      setFocusId(next ? `queue-${cssId(next.post.id)}` : 'page-title');
    } catch (err) {
      setErrors((e) => ({ ...e, [post.id]: errorText(i18n, err) }));
    } finally {
      setBusy(null);
    }
  }

  async function loadMore() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.moderationQueue(slug, cursor, PAGE_SIZE);
      const known = new Set(items.map((x) => x.post.id));
      const fresh = page.items.filter((x) => !known.has(x.post.id));
      setItems([...items, ...fresh]);
      setCursor(page.next_cursor ?? null);
      setStatus(i18n.t('moderation.loadedMore', { count: i18n.number(fresh.length) }));
      if (fresh[0]) setFocusId(`queue-${cssId(fresh[0].post.id)}`);
    } catch (err) {
      setMoreError(err);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) },
          { label: i18n.t('moderation.title') },
        ]}
      />
      <PageHeading title={i18n.t('moderation.title')} />
      <p>{i18n.t(debate.premoderation ? 'moderation.introPremoderated' : 'moderation.intro')}</p>
      <p class="hint">{i18n.t('moderation.decisionHint')}</p>
      <div role="status" class="status-message">
        {status && <p class="success">{status}</p>}
      </div>
      {items.length === 0 ? (
        <p class="empty">{i18n.t('moderation.empty')}</p>
      ) : (
        <ul class="post-list queue">
          {items.map((item) => (
            <li key={item.post.id}>
              <QueueEntry
                item={item}
                debate={debate}
                reason={reasons[item.post.id] ?? ''}
                onReason={(v) => setReasons({ ...reasons, [item.post.id]: v })}
                error={errors[item.post.id] || null}
                busy={busy === item.post.id}
                onDecide={(s) => decide(item, s)}
              />
            </li>
          ))}
        </ul>
      )}
      {moreError != null && <ErrorMessage error={moreError} />}
      {cursor && (
        <button type="button" class="button button-secondary load-more" onClick={loadMore} aria-disabled={loadingMore || undefined}>
          {i18n.t('loadMore')}
        </button>
      )}
    </>
  );
}

interface EntryProps {
  item: QueueItem;
  debate: Debate;
  reason: string;
  onReason(value: string): void;
  error: string | null;
  busy: boolean;
  onDecide(state: 'published' | 'rejected'): void;
}

function QueueEntry({ item, debate, reason, onReason, error, busy, onDecide }: EntryProps) {
  const { i18n } = useApp();
  const post: Post = item.post;
  const base = `queue-${cssId(post.id)}`;
  const html = useMemo(() => sanitizeHtml(post.body_html ?? ''), [post.body_html]);
  const author = post.author?.display_name || i18n.t('post.anonymous');
  const otherLang = post.language && post.language !== i18n.lang ? post.language : undefined;
  return (
    <article class="post queue-item" id={base} tabIndex={-1} aria-labelledby={`${base}-header`}>
      <header class="post-header" id={`${base}-header`}>
        <h2 class="post-author">{author}</h2>{' '}
        <time dateTime={post.created_at} class="post-date">
          {i18n.date(post.created_at, debate.timezone, true)}
        </time>
        {item.pending && <span class="badge badge-pending"> {i18n.t('post.pending')}</span>}
        {item.flags > 0 && <span class="badge badge-flagged"> {i18n.t('moderation.flags', { n: i18n.number(item.flags) })}</span>}
        {post.state === 'rejected' && <span class="badge badge-rejected"> {i18n.t('post.rejected')}</span>}
        {post.state === 'deleted' && <span class="badge badge-rejected"> {i18n.t('post.deleted')}</span>}
      </header>
      {item.reasons.length > 0 && (
        <p class="meta">{i18n.t('moderation.reasons', { list: item.reasons.map((r) => flagReasonLabel(i18n, r)).join(', ') })}</p>
      )}
      {html !== null ? (
        <div class="post-body" lang={otherLang} dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <div class="post-body text-block" lang={otherLang}>
          <p>{post.body_text}</p>
        </div>
      )}
      <p>
        <a href={href.post(debate.slug, post.id)}>{i18n.t('synth.viewInDebate')}</a>
      </p>
      <div class="moderation-decision">
        <ModerationReasonField id={`${base}-reason`} value={reason} onInput={onReason} />
        <div class="form-actions">
          <button type="button" class="button" aria-disabled={busy || undefined} onClick={() => onDecide('published')}>
            {i18n.t('moderation.publish')}
          </button>
          <button type="button" class="button button-danger" aria-disabled={busy || undefined} onClick={() => onDecide('rejected')}>
            {i18n.t('moderation.reject')}
          </button>
          {busy && (
            <span role="status" class="sending">
              {i18n.t('common.saving')}
            </span>
          )}
        </div>
        {error && (
          <p role="alert" class="alert alert-inline">
            {error}
          </p>
        )}
      </div>
    </article>
  );
}
