import { useState } from 'preact/hooks';
import type { Extract } from '../api';
import { useApp } from '../context';
import { errorText } from '../errors';
import type { I18n, MessageKey } from '../i18n';
import { fillTemplate } from '../linkify';
import { personName } from '../people';
import { href } from '../router';
import { extractDomId } from '../textmap';

export function natureLabel(i18n: I18n, nature: string): string {
  const key = `nature.${nature}` as MessageKey;
  const text = i18n.t(key);
  return text === key ? nature : text;
}

export function actionLabel(i18n: I18n, action: string): string {
  const key = `action.${action}` as MessageKey;
  const text = i18n.t(key);
  return text === key ? action : text;
}

interface Props {
  extract: Extract;
  slug: string;
  timezone?: string;
  /** Title of the extract's idea, shown as a link when given. */
  idea?: { id: string; title: string; lang?: string };
  /** Harvester view: who harvested it and when, states, review buttons. */
  staff?: boolean;
  /** Show the link to the passage in its thread (not needed under the post itself). */
  passageLink?: boolean;
  onChange?: (extract: Extract, message: string) => void;
}

/** One extract: badges (nature, nugget, states), the quoted words or the paraphrase, links and review buttons. */
export function ExtractCard({ extract: x, slug, timezone, idea, staff, passageLink = true, onChange }: Props) {
  const { api, i18n } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const otherLang = x.language && x.language !== i18n.lang ? x.language : undefined;
  const reviewable = staff && x.state === 'submitted';
  const textId = `${extractDomId(x.id)}-text`;

  async function review(decision: 'confirm' | 'reject') {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api.reviewExtract(slug, x.id, decision);
      onChange?.(updated, i18n.t(decision === 'confirm' ? 'extract.confirmed' : 'extract.rejectedDone'));
      // the review buttons are gone: keep the focus on this extract
      requestAnimationFrame(() => document.getElementById(`${extractDomId(x.id)}-card`)?.focus());
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  const classes = ['extract-card'];
  if (x.important) classes.push('extract-nugget');
  if (x.orphaned) classes.push('extract-orphaned');
  if (x.state !== 'published') classes.push(`extract-${x.state}`);

  return (
    <div class={classes.join(' ')} data-extract-id={x.id} id={`${extractDomId(x.id)}-card`} tabIndex={-1}>
      <p class="extract-badges">
        <span class="badge badge-nature">{natureLabel(i18n, x.nature)}</span>
        {x.important && (
          <span class="badge badge-nugget">
            <span aria-hidden="true">★ </span>
            {i18n.t('extract.nugget')}
          </span>
        )}
        {x.kind === 'paraphrase' && <span class="badge">{i18n.t('extract.paraphrase')}</span>}
        {staff && x.orphaned && (
          <span class="badge badge-orphaned">{i18n.t('extract.orphaned')}</span>
        )}
        {staff && x.state === 'submitted' && <span class="badge badge-pending">{i18n.t('extract.suggested')}</span>}
        {staff && x.state === 'rejected' && <span class="badge badge-rejected">{i18n.t('extract.rejected')}</span>}
      </p>
      {x.kind === 'quote' ? (
        <blockquote class="extract-text" lang={otherLang} id={textId}>
          <p>{x.text}</p>
        </blockquote>
      ) : (
        <p class="extract-text extract-paraphrase" lang={otherLang} id={textId}>
          {x.text}
        </p>
      )}
      {staff && x.orphaned && <p class="meta">{i18n.t('extract.orphanedHint')}</p>}
      {idea && (
        <p class="meta">
          {i18n.t('extract.idea')}{' '}
          <a href={href.idea(slug, idea.id)} lang={idea.lang}>
            {idea.title}
          </a>
        </p>
      )}
      {staff && (
        <p class="meta">
          {x.machine
            ? fillTemplate(i18n.t('extract.suggestedOn'), {
                date: (
                  <time dateTime={x.created_at} key="d">
                    {i18n.date(x.created_at, timezone)}
                  </time>
                ),
              })
            : fillTemplate(i18n.t('extract.by'), {
                name: personName(i18n, x.harvester, '—'),
                date: (
                  <time dateTime={x.created_at} key="d">
                    {i18n.date(x.created_at, timezone)}
                  </time>
                ),
              })}
          {x.machine && x.reviewed_at && x.state !== 'submitted' && (
            <>
              {' · '}
              {fillTemplate(i18n.t(x.state === 'published' ? 'extract.confirmedOn' : 'extract.rejectedOn'), {
                date: (
                  <time dateTime={x.reviewed_at} key="r">
                    {i18n.date(x.reviewed_at, timezone)}
                  </time>
                ),
              })}
            </>
          )}
          {x.action && (
            <>
              {' · '}
              {i18n.t('extract.action')} {actionLabel(i18n, x.action)}
            </>
          )}
          {x.tags?.length > 0 && (
            <>
              {' · '}
              {i18n.t('extract.tags')} {x.tags.join(', ')}
            </>
          )}
        </p>
      )}
      {passageLink && (
        <p class="extract-link">
          {x.kind === 'quote' && !x.orphaned ? (
            <a href={href.post(slug, x.post_id, x.id)}>{i18n.t('extract.viewPassage')}</a>
          ) : (
            <a href={href.post(slug, x.post_id)}>{i18n.t('extract.viewPost')}</a>
          )}
        </p>
      )}
      {reviewable && (
        <div class="button-group extract-review">
          <button type="button" class="button button-small" aria-disabled={busy || undefined} aria-describedby={textId} onClick={() => review('confirm')}>
            {i18n.t('extract.confirm')}
          </button>
          <button type="button" class="button button-secondary button-small" aria-disabled={busy || undefined} aria-describedby={textId} onClick={() => review('reject')}>
            {i18n.t('extract.reject')}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" class="alert alert-inline">
          {error}
        </p>
      )}
    </div>
  );
}
