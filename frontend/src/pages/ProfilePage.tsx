// "Mon profil" (#/me), loaded on demand: change the display name (PATCH /me).
import '../i18n-member';
import type { TargetedSubmitEvent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { SignInPrompt } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { errorText } from '../errors';
import { href } from '../router';

export const DISPLAY_NAME_MAX = 60;

export function ProfilePage() {
  const { api, i18n, session, setUser } = useApp();
  const user = session?.user ?? null;
  const [name, setName] = useState(user?.display_name ?? '');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [sending, setSending] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const title = i18n.t('profile.title');

  if (!session) {
    return (
      <>
        <PageHeading title={title} />
        <p class="notice">
          <SignInPrompt message="profile.signIn" />
        </p>
      </>
    );
  }

  async function onSubmit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending) return;
    setStatus('');
    setError(null);
    const value = name.replace(/\s+/g, ' ').trim();
    if (!value || value.length > DISPLAY_NAME_MAX) {
      setFieldError(i18n.t('profile.nameInvalid', { max: DISPLAY_NAME_MAX }));
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    setSending(true);
    try {
      const { user: updated } = await api.updateMe(value);
      setUser(updated);
      setName(updated.display_name);
      setStatus(i18n.t('profile.saved', { name: updated.display_name }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setFieldError(i18n.t('profile.nameInvalid', { max: DISPLAY_NAME_MAX }));
        inputRef.current?.focus();
      } else {
        setError(errorText(i18n, err));
      }
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <Breadcrumb items={[{ label: title }]} />
      <PageHeading title={title} />
      {user?.email && (
        <p>
          {i18n.t('profile.emailIs')} <strong>{user.email}</strong>
        </p>
      )}
      <form class="profile-form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="display-name" class="label">
            {i18n.t('profile.displayName')}
          </label>
          <p id="display-name-hint" class="hint">
            {i18n.t('profile.displayNameHint', { max: DISPLAY_NAME_MAX })}
          </p>
          <input
            type="text"
            id="display-name"
            ref={inputRef}
            autocomplete="nickname"
            maxLength={DISPLAY_NAME_MAX}
            value={name}
            aria-required
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? 'display-name-hint display-name-error' : 'display-name-hint'}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          {fieldError && (
            <p id="display-name-error" class="field-error">
              {fieldError}
            </p>
          )}
        </div>
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={sending || undefined}>
            {i18n.t('profile.save')}
          </button>
        </div>
      </form>
      <div role="status" class="status-message">
        {status && <p class="success">{status}</p>}
      </div>
      {error && (
        <p role="alert" class="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="my-data-title">
        <h2 id="my-data-title">{i18n.t('profile.dataTitle')}</h2>
        <p>{i18n.t('profile.dataText')}</p>
        <p>
          <a href={href.privacy()}>{i18n.t('profile.privacyLink')}</a>
        </p>
      </section>
    </>
  );
}
