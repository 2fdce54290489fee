// Audit log (#/d/{slug}/audit, organisers), loaded on demand: who changed the settings, the roles, or decided
// on a post, newest first, with dates in the debate's time zone.
import '../i18n-admin';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { AuditEntry, Debate, Member, Page } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorMessage, ErrorPage, LoadingPage, NotFoundPage, SignInPrompt } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText, type I18n, type MessageKey } from '../i18n';
import { isOrganiser, roleLabel } from '../roles';
import { href } from '../router';

const PAGE_SIZE = 50;

const ACTIONS = ['update_debate', 'set_roles', 'remove_member', 'moderate_published', 'moderate_rejected', 'delete_post', 'archive'];
const FIELDS = ['title', 'description', 'visibility', 'status', 'timezone', 'phases', 'premoderation', 'write_limits'];
const STATES = ['published', 'pending', 'rejected', 'deleted'];

export function actionLabel(i18n: I18n, action: string): string {
  return ACTIONS.includes(action) ? i18n.t(`audit.action.${action}` as MessageKey) : action;
}

function label(i18n: I18n, prefix: string, known: string[], value: unknown): string {
  const v = String(value);
  return known.includes(v) ? i18n.t(`${prefix}${v}` as MessageKey) : v;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The details of an entry as "what: value" lines. */
export function auditDetails(i18n: I18n, entry: AuditEntry): { key: string; label: string; value: ComponentChildren }[] {
  const d = entry.details ?? {};
  const lines: { key: string; label: string; value: ComponentChildren }[] = [];
  for (const [key, value] of Object.entries(d)) {
    if (value === null || value === undefined || value === '') continue;
    switch (key) {
      case 'fields':
        lines.push({ key, label: i18n.t('audit.details.fields'), value: list(value).map((f) => label(i18n, 'audit.field.', FIELDS, f)).join(', ') });
        break;
      case 'roles':
        lines.push({ key, label: i18n.t('audit.details.roles'), value: list(value).map((r) => roleLabel(i18n, String(r))).join(', ') });
        break;
      case 'from':
      case 'to':
        lines.push({ key, label: i18n.t(`audit.details.${key}`), value: label(i18n, 'audit.state.', STATES, value) });
        break;
      case 'reason':
        lines.push({ key, label: i18n.t('audit.details.reason'), value: String(value) });
        break;
      case 'url': {
        const url = String(value);
        lines.push({
          key,
          label: i18n.t('audit.details.url'),
          value: /^https?:\/\//i.test(url) ? <a href={url}>{i18n.t('settings.openArchive')}</a> : url,
        });
        break;
      }
      case 'author_id':
        break; // the post link says enough; ids mean nothing to people
      default:
        lines.push({ key, label: key, value: typeof value === 'string' ? value : JSON.stringify(value) });
    }
  }
  return lines;
}

export function AuditPage({ slug }: { slug: string }) {
  const { api, i18n, session } = useApp();
  const [state, retry] = useAsync(async () => {
    if (!session) return null;
    const debate = await api.getDebate(slug);
    if (!isOrganiser(debate)) return { debate, log: null, members: [] as Member[] };
    const [log, members] = await Promise.all([api.auditLog(slug, null, PAGE_SIZE), api.listMembers(slug).catch(() => ({ items: [] as Member[] }))]);
    return { debate, log, members: members.items };
  }, [slug]);
  const title = i18n.t('audit.title');
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
  const { debate, log, members } = state.data;
  if (!log) {
    return (
      <>
        <PageHeading title={title} />
        <p class="notice">{i18n.t('audit.notAllowed')}</p>
      </>
    );
  }
  return <AuditView debate={debate} first={log} members={members} />;
}

function AuditView({ debate, first, members }: { debate: Debate; first: Page<AuditEntry>; members: Member[] }) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const [entries, setEntries] = useState(first.items);
  const [cursor, setCursor] = useState(first.next_cursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);
  const people = new Map(members.map((m) => [m.user_id, m]));

  async function loadMore() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await api.auditLog(slug, cursor, PAGE_SIZE);
      setEntries([...entries, ...page.items]);
      setCursor(page.next_cursor ?? null);
      setStatus(i18n.t('audit.loadedMore', { count: i18n.number(page.items.length) }));
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  }

  function target(entry: AuditEntry): ComponentChildren {
    if (entry.action.startsWith('moderate_') || entry.action === 'delete_post') {
      return <a href={href.post(slug, entry.target)}>{i18n.t('extract.viewPost')}</a>;
    }
    if (entry.action === 'set_roles' || entry.action === 'remove_member') {
      const m = people.get(entry.target);
      if (!m) return <span class="meta">{i18n.t('audit.person', { id: entry.target })}</span>;
      return (
        <>
          {m.display_name || i18n.t('post.anonymous')}
          {m.email && (
            <>
              <br />
              <span class="meta">{m.email}</span>
            </>
          )}
        </>
      );
    }
    if (entry.target === slug) return i18n.t('audit.theDebate');
    return entry.target;
  }

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) },
          { label: i18n.t('audit.title') },
        ]}
      />
      <PageHeading title={i18n.t('audit.title')} />
      <p>{i18n.t('audit.intro', { zone: debate.timezone })}</p>
      {entries.length === 0 ? (
        <p class="empty">{i18n.t('audit.empty')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
          <table class="data-table">
            <caption id="audit-caption">{i18n.t('audit.caption', { zone: debate.timezone })}</caption>
            <thead>
              <tr>
                <th scope="col">{i18n.t('audit.col.date')}</th>
                <th scope="col">{i18n.t('audit.col.actor')}</th>
                <th scope="col">{i18n.t('audit.col.action')}</th>
                <th scope="col">{i18n.t('audit.col.target')}</th>
                <th scope="col">{i18n.t('audit.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, k) => {
                const details = auditDetails(i18n, entry);
                return (
                  <tr key={`${entry.at}-${k}`}>
                    <td>
                      <time dateTime={entry.at}>{i18n.date(entry.at, debate.timezone, true)}</time>
                    </td>
                    <td>{entry.actor?.id === 'operator' ? i18n.t('audit.operator') : entry.actor?.display_name || entry.actor?.id || '—'}</td>
                    <td>{actionLabel(i18n, entry.action)}</td>
                    <td>{target(entry)}</td>
                    <td>
                      {details.length === 0 ? (
                        '—'
                      ) : (
                        <ul class="plain-list">
                          {details.map((line) => (
                            <li key={line.key}>
                              {i18n.t('audit.line', { label: line.label })}
                              {line.value}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p role="status" class="status-message">
        {status}
      </p>
      {error != null && <ErrorMessage error={error} />}
      {cursor && (
        <button type="button" class="button button-secondary load-more" onClick={loadMore} aria-disabled={loadingMore || undefined}>
          {i18n.t('loadMore')}
        </button>
      )}
    </>
  );
}
