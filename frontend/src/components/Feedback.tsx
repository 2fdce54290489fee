import type { ComponentChildren } from 'preact';
import { useApp } from '../context';
import { errorText } from '../errors';
import type { MorePages } from '../hooks';
import { href } from '../router';
import type { MessageKey } from '../i18n';
import { PageHeading } from './PageHeading';

export function Loading() {
  const { i18n } = useApp();
  return (
    <p role="status" class="loading">
      {i18n.t('loading')}
    </p>
  );
}

export function LoadingPage() {
  const { i18n } = useApp();
  return (
    <>
      <PageHeading title={i18n.t('loading')} final={false} />
      <Loading />
    </>
  );
}

export function ErrorMessage({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: ComponentChildren }) {
  const { i18n } = useApp();
  return (
    <div role="alert" class="alert alert-error">
      <p>{errorText(i18n, error)}</p>
      {children}
      {onRetry && (
        <button type="button" class="button button-secondary" onClick={onRetry}>
          {i18n.t('retry')}
        </button>
      )}
    </div>
  );
}

/** Under a list shown page by page: why the last page did not come, and the button asking for the next one. */
export function LoadMore({ pages }: { pages: MorePages<unknown> }) {
  const { i18n } = useApp();
  return (
    <>
      {pages.error != null && <ErrorMessage error={pages.error} />}
      {pages.cursor && (
        <button type="button" class="button button-secondary" onClick={pages.loadMore} disabled={pages.loadingMore}>
          {i18n.t('loadMore')}
        </button>
      )}
    </>
  );
}

/** The outcome of a button's action: a polite status line (always in the page) and, on failure, an alert. */
export function ActionFeedback({ status, error }: { status: string; error: string | null }) {
  return (
    <>
      <div role="status" class="status-message">
        {status && <p class="success">{status}</p>}
      </div>
      {error && (
        <p role="alert" class="alert">
          {error}
        </p>
      )}
    </>
  );
}

export function ErrorPage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { i18n } = useApp();
  return (
    <>
      <PageHeading title={i18n.t('error.title')} />
      <ErrorMessage error={error} onRetry={onRetry} />
    </>
  );
}

/** A page that only says something: its heading and one notice (sign in first, not allowed…). */
export function NoticePage({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <>
      <PageHeading title={title} />
      <p class="notice">{children}</p>
    </>
  );
}

export function SignInPrompt({ message }: { message: MessageKey }) {
  const { i18n, hash } = useApp();
  return (
    <>
      {i18n.t(message)} <a href={href.signin(hash)}>{i18n.t('signIn')}</a>
    </>
  );
}

export function NotFoundPage() {
  const { i18n } = useApp();
  return (
    <>
      <PageHeading title={i18n.t('notFound.title')} />
      <p>{i18n.t('notFound.text')}</p>
      <p>
        <a href={href.home()}>{i18n.t('notFound.home')}</a>
      </p>
    </>
  );
}
