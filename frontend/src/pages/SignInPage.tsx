import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { errorText } from '../errors';
import { href, navigate, safeNext } from '../router';
import { rememberNext, takeRememberedNext } from '../session';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// The API only accepts these characters in `next` (EmailLinkInput); the full destination is also remembered
// in localStorage, so a shortened one (e.g. without "?extract=…~…") only matters when the link opens elsewhere.
const SERVER_NEXT_RE = /^#\/[A-Za-z0-9/_\-.?=&]*$/;

export function serverNext(dest: string): string {
  if (SERVER_NEXT_RE.test(dest)) return dest;
  const path = dest.split('?')[0];
  return SERVER_NEXT_RE.test(path) ? path : '#/';
}

export function SignInPage({ token, next }: { token: string | null; next: string | null }) {
  return token ? <TokenExchange token={token} next={next} /> : <EmailForm next={next} />;
}

function TokenExchange({ token, next }: { token: string; next: string | null }) {
  const { api, i18n, signIn } = useApp();
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api.createSession(token).then(
      (session) => {
        const remembered = safeNext(takeRememberedNext());
        const dest = next ?? safeNext(session.next) ?? remembered ?? href.home();
        signIn(session);
        navigate(dest, true);
      },
      (e: unknown) => setError(e),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // the link was refused (used, expired, unknown) rather than a server or network problem
  const badLink = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;

  return (
    <>
      <PageHeading title={i18n.t('signin.title')} />
      {error == null ? (
        <p role="status">{i18n.t('signin.exchanging')}</p>
      ) : (
        <div role="alert" class="alert alert-error">
          <p>{badLink ? i18n.t('signin.failed') : errorText(i18n, error)}</p>
          <p>
            <a href={href.signin(next)}>{i18n.t('signin.requestNew')}</a>
          </p>
        </div>
      )}
    </>
  );
}

function EmailForm({ next }: { next: string | null }) {
  const { api, i18n, session } = useApp();
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending) return;
    const value = email.trim();
    if (!EMAIL_RE.test(value)) {
      setFieldError(i18n.t('signin.invalidEmail'));
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    setError(null);
    setSending(true);
    try {
      const dest = next ?? href.home();
      rememberNext(dest);
      await api.requestEmailLink(value, serverNext(dest));
      setSent(true);
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setSending(false);
    }
  }

  const describedBy = ['email-hint', fieldError ? 'email-error' : ''].filter(Boolean).join(' ');

  return (
    <>
      <PageHeading title={i18n.t('signin.title')} />
      {session?.user && <p class="notice">{i18n.t('signin.already', { name: session.user.display_name })}</p>}
      <p>{i18n.t('signin.intro')}</p>
      <form class="signin-form" onSubmit={onSubmit} noValidate>
        <label for="email" class="label">
          {i18n.t('signin.email')}
        </label>
        <p id="email-hint" class="hint">
          {i18n.t('signin.emailHint')}
        </p>
        <input
          id="email"
          ref={inputRef}
          type="email"
          name="email"
          autocomplete="email"
          required
          value={email}
          aria-describedby={describedBy}
          aria-invalid={fieldError ? true : undefined}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        {fieldError && (
          <p id="email-error" role="alert" class="alert alert-error">
            {fieldError}
          </p>
        )}
        <div class="form-actions">
          <button type="submit" class="button" disabled={sending}>
            {i18n.t('signin.submit')}
          </button>
        </div>
      </form>
      <div role="status" class="status-message">
        {sent && <p class="success">{i18n.t('signin.sent')}</p>}
      </div>
      {error && (
        <p role="alert" class="alert alert-error">
          {error}
        </p>
      )}
    </>
  );
}
