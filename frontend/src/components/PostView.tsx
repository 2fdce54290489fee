import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { REACTION_KINDS, STANCE_VALUES, type Post, type ReactionKind, type StanceValue } from '../api';
import { useApp } from '../context';
import { errorText } from '../errors';
import { useLazyModule } from '../lazy';
import { personName } from '../people';
import { href } from '../router';
import { sanitizeHtml } from '../sanitize';
import { highlightHtml, type Highlight } from '../textmap';
import { SignInPrompt } from './Feedback';

type Level = 2 | 3 | 4 | 5 | 6;

function Heading({ level, children, class: cls }: { level: Level; children: ComponentChildren; class?: string }) {
  switch (level) {
    case 2:
      return <h2 class={cls}>{children}</h2>;
    case 3:
      return <h3 class={cls}>{children}</h3>;
    case 4:
      return <h4 class={cls}>{children}</h4>;
    case 5:
      return <h5 class={cls}>{children}</h5>;
    default:
      return <h6 class={cls}>{children}</h6>;
  }
}

export function headingLevel(n: number): Level {
  return Math.min(6, Math.max(2, n)) as Level;
}

interface Props {
  post: Post;
  slug: string;
  timezone?: string;
  level: Level;
  /** Replace the post with the one the API returned. */
  onChange(post: Post): void;
  /** Show a link to the thread page (idea page). */
  threadLink?: boolean;
  /** Reply toggle (thread page). */
  canReply?: boolean;
  replyOpen?: boolean;
  onToggleReply?: () => void;
  /** The reply composer, shown when replyOpen. */
  children?: ComponentChildren;
  /** Passages of body_text to highlight (harvested extracts). */
  highlights?: readonly Highlight[];
  /** Shown right under the body (e.g. the harvest button for the current selection). */
  afterBody?: ComponentChildren;
  /** Extra controls next to the reply button (e.g. "Récolter"). */
  tools?: ComponentChildren;
  /** Shown at the end of the article (e.g. the list of extracts for harvesters). */
  footer?: ComponentChildren;
  /** Offer "Signaler" (report to the moderators) to signed-in people other than the author (open debates). */
  flaggable?: boolean;
  /** The caller moderates this debate: offer "Masquer" (and "Publier" for a pending or hidden post). */
  moderatable?: boolean;
  /** Where success messages go (the page's status line); without it, the post shows them itself. */
  announce?: (message: string) => void;
}

export function PostView(props: Props) {
  const { post, slug, timezone, level, onChange, threadLink, canReply, replyOpen, onToggleReply, children } = props;
  const { highlights, afterBody, tools, footer, flaggable, moderatable, announce } = props;
  const { i18n, api, session } = useApp();
  const [busy, setBusy] = useState(false);
  const [flagOpener, setFlagOpener] = useState<HTMLElement | null | false>(false);
  const [flagged, setFlagged] = useState(false);
  const [hideOpener, setHideOpener] = useState<HTMLElement | null | false>(false);
  const [localStatus, setLocalStatus] = useState('');
  const own = !!session?.user && !!post.author && post.author.id === session.user.id;
  // reactions, stances and reports are for published posts only (the API answers 409 post_not_published)
  const live = post.state === 'published';
  const canFlag = !!flaggable && !!session && !own && live;
  const canModerate = !!moderatable && !!session && post.state !== 'deleted';
  // the dialogs' code is fetched in the background once a post can be flagged or moderated
  const flagModule = useLazyModule(() => import('./FlagDialog'), canFlag);
  const FlagDialog = flagModule.mod?.FlagDialog;
  const hideModule = useLazyModule(() => import('./ModerateDialog'), canModerate && post.state !== 'rejected');
  const ModerateDialog = hideModule.mod?.ModerateDialog;
  const notify = (text: string) => (announce ? announce(text) : setLocalStatus(text));
  // an API error (alert style) or a sign-in invitation (neutral style)
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; content: ComponentChildren } | null>(null);
  const safeHtml = useMemo(() => sanitizeHtml(post.body_html ?? ''), [post.body_html]);
  const highlightKey = highlights?.length ? JSON.stringify(highlights) : '';
  const bodyHtml = useMemo(
    () => (safeHtml !== null && highlights?.length ? highlightHtml(safeHtml, post.body_text ?? '', highlights) : safeHtml),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [safeHtml, post.body_text, highlightKey],
  );

  const headerId = `post-${post.id}-header`;
  const replyRegionId = `post-${post.id}-reply`;
  const deleted = post.state === 'deleted';
  // the API sends a rejected post without its text
  const hiddenText = post.state === 'rejected' && !post.body_text && !post.body_html;
  const author = personName(i18n, post.author, i18n.t('post.anonymous'));
  const otherLang = post.language && post.language !== i18n.lang ? post.language : undefined;

  async function run(action: () => Promise<Post>) {
    if (!session) {
      setMessage({ kind: 'info', content: <SignInPrompt message="post.signInToReact" /> });
      return;
    }
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      onChange(await action());
    } catch (err) {
      setMessage({ kind: 'error', content: errorText(i18n, err) });
    } finally {
      setBusy(false);
    }
  }

  const toggleReaction = (kind: ReactionKind) => {
    const on = !(post.mine?.reactions ?? []).includes(kind);
    return run(() => api.setReaction(slug, post.id, kind, on));
  };
  const setStance = (value: StanceValue) => run(() => api.setStance(slug, post.id, value));
  const publish = () =>
    run(async () => {
      notify('');
      const updated = await api.moderatePost(slug, post.id, 'published');
      notify(i18n.t('post.publishedAgain'));
      return updated;
    });

  const onReplyClick = () => {
    if (!session) {
      setMessage({ kind: 'info', content: <SignInPrompt message="post.signInToReply" /> });
      return;
    }
    setMessage(null);
    onToggleReply?.();
  };

  return (
    <article
      class={`post${deleted ? ' post-deleted' : ''}`}
      id={`post-${post.id}`}
      data-post-id={post.id}
      aria-labelledby={headerId}
      tabIndex={-1}
    >
      <header class="post-header" id={headerId}>
        <Heading level={level} class={deleted ? 'post-author tombstone' : 'post-author'}>
          {deleted ? i18n.t('post.deleted') : author}
        </Heading>{' '}
        <time dateTime={post.created_at} class="post-date">
          {i18n.date(post.created_at, timezone, true)}
        </time>
        {post.edited_at && !deleted && <span class="post-edited"> ({i18n.t('post.edited')})</span>}
        {post.statement && !deleted && <span class="badge badge-statement"> {i18n.t('post.statement')}</span>}
        {post.state === 'pending' && <span class="badge badge-pending"> {i18n.t('post.pending')}</span>}
        {post.state === 'rejected' && <span class="badge badge-rejected"> {i18n.t('post.rejected')}</span>}
      </header>

      {hiddenText && <p class="post-body hint">{i18n.t('post.hiddenBody')}</p>}
      {!deleted &&
        !hiddenText &&
        (bodyHtml !== null ? (
          <div
            class="post-body"
            id={`post-${post.id}-body`}
            data-post-body={post.id}
            lang={otherLang}
            dangerouslySetInnerHTML={{ __html: bodyHtml }}
          />
        ) : (
          <div class="post-body text-block" id={`post-${post.id}-body`} lang={otherLang}>
            <p>{post.body_text}</p>
          </div>
        ))}
      {!deleted && afterBody}

      {!deleted && (
        <div class="post-actions">
          {post.state === 'pending' && <p class="hint">{i18n.t('post.reactWhenPublished')}</p>}
          {live && (
            <div role="group" aria-label={i18n.t('post.reactions')} class="button-group reactions">
              {REACTION_KINDS.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  class="toggle"
                  aria-pressed={(post.mine?.reactions ?? []).includes(kind)}
                  onClick={() => toggleReaction(kind)}
                >
                  {i18n.t(`reaction.${kind}`)} <span class="count">({i18n.number(post.reactions?.[kind] ?? 0)})</span>
                </button>
              ))}
            </div>
          )}
          {live && post.statement && (
            <div role="group" aria-labelledby={`post-${post.id}-stance`} class="button-group stances">
              <span id={`post-${post.id}-stance`} class="group-label">
                {i18n.t('stance.group')}
              </span>
              {STANCE_VALUES.map((value) => (
                <button
                  key={value}
                  type="button"
                  class="toggle stance"
                  aria-pressed={post.mine?.stance === value}
                  onClick={() => setStance(value)}
                >
                  {i18n.t(`stance.${value}`)} <span class="count">({i18n.number(post.stances?.[value] ?? 0)})</span>
                </button>
              ))}
            </div>
          )}
          {(threadLink || canReply || tools || canFlag || canModerate) && (
            <div class="post-links">
              {threadLink && (
                <a href={href.post(slug, post.id)}>
                  {i18n.t('post.viewThread')} <span class="count">({i18n.tn('replies', post.reply_count ?? 0)})</span>
                </a>
              )}
              {canReply && (
                <button
                  type="button"
                  class="button button-secondary button-small"
                  aria-expanded={session ? !!replyOpen : undefined}
                  aria-controls={session && replyOpen ? replyRegionId : undefined}
                  onClick={onReplyClick}
                >
                  {i18n.t('post.reply')}
                </button>
              )}
              {tools}
              {canFlag && (
                <button
                  type="button"
                  class="button button-secondary button-small"
                  aria-haspopup={flagged ? undefined : 'dialog'}
                  aria-disabled={flagged || !FlagDialog || undefined}
                  onClick={(e) => {
                    if (flagModule.error) {
                      setMessage({ kind: 'error', content: errorText(i18n, flagModule.error) });
                      flagModule.retry();
                      return;
                    }
                    if (flagged || !FlagDialog) return;
                    setMessage(null);
                    setFlagOpener(e.currentTarget);
                  }}
                >
                  {i18n.t(flagged ? 'flag.flagged' : 'flag.button')}
                </button>
              )}
              {canModerate && post.state !== 'published' && (
                <button
                  type="button"
                  class="button button-secondary button-small"
                  aria-disabled={busy || undefined}
                  onClick={publish}
                >
                  {i18n.t(post.state === 'rejected' ? 'post.republish' : 'post.publish')}
                </button>
              )}
              {canModerate && post.state !== 'rejected' && (
                <button
                  type="button"
                  class="button button-secondary button-small"
                  aria-haspopup="dialog"
                  aria-disabled={!ModerateDialog || undefined}
                  onClick={(e) => {
                    if (hideModule.error) {
                      setMessage({ kind: 'error', content: errorText(i18n, hideModule.error) });
                      hideModule.retry();
                      return;
                    }
                    if (!ModerateDialog) return;
                    setMessage(null);
                    notify('');
                    setHideOpener(e.currentTarget);
                  }}
                >
                  {i18n.t('post.hide')}
                </button>
              )}
            </div>
          )}
        </div>
      )}
      {message && (
        <p role="alert" class={message.kind === 'error' ? 'alert alert-inline' : 'notice alert-inline'}>
          {message.content}
        </p>
      )}
      {(canFlag || canModerate) && !announce && (
        <p role="status" class="status-message alert-inline">
          {localStatus}
        </p>
      )}
      {flagOpener !== false && FlagDialog && (
        <FlagDialog
          slug={slug}
          post={post}
          returnFocus={flagOpener}
          onClose={() => setFlagOpener(false)}
          onFlagged={() => {
            setFlagged(true);
            setFlagOpener(false);
            notify(i18n.t('flag.done'));
          }}
        />
      )}
      {hideOpener !== false && ModerateDialog && (
        <ModerateDialog
          slug={slug}
          post={post}
          returnFocus={hideOpener}
          onClose={() => setHideOpener(false)}
          onHidden={(updated) => {
            setHideOpener(false);
            onChange(updated);
            notify(i18n.t('post.hidden'));
          }}
        />
      )}
      {replyOpen && children && (
        <div id={replyRegionId} class="reply-region">
          {children}
        </div>
      )}
      {footer}
    </article>
  );
}
