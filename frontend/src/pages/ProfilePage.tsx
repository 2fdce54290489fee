// "Mon profil" (#/me), loaded on demand: change the display name (PATCH /me), download my data (GET /me/data,
// every page merged into one JSON file), delete my account (DELETE /me, confirmed by typing the email address).
import '../i18n-member';
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import type { ApiClient, MyDataPage } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { saveBlob } from '../download';
import { Modal } from '../components/Modal';
import { ActionFeedback, SignInPrompt } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { errorText } from '../errors';
import { href } from '../router';

export const DISPLAY_NAME_MAX = 60;

/** Every page of GET /me/data, merged per debate (lists appended), as one document. */
export async function collectMyData(api: Pick<ApiClient, 'myData'>): Promise<Record<string, unknown>> {
  const debates = new Map<string, Record<string, unknown>>();
  let first: MyDataPage | null = null;
  let cursor: string | null = null;
  for (let n = 0; n < 10000; n++) {
    const page: MyDataPage = await api.myData(cursor);
    first ??= page;
    for (const section of page.debates) {
      const into = debates.get(section.slug) ?? {};
      for (const [key, value] of Object.entries(section)) {
        into[key] = Array.isArray(value) ? [...((into[key] as unknown[]) ?? []), ...value] : value;
      }
      debates.set(section.slug, into);
    }
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return {
    format: first?.format,
    version: first?.version,
    generated_at: first?.generated_at,
    user: first?.user,
    debates: [...debates.values()],
  };
}

// Signing out re-mounts the page: the outcome of a deletion waits here for the new instance to show it, once.
let deletionOutcome: 'deleted' | 'deleting' | null = null;

export function ProfilePage() {
  const { api, i18n, session, setUser, signOut } = useApp();
  const [deleted, setDeleted] = useState<'deleted' | 'deleting' | null>(() => deletionOutcome);
  useEffect(() => {
    deletionOutcome = null;
  }, []);
  const user = session?.user ?? null;
  const [name, setName] = useState(user?.display_name ?? '');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [sending, setSending] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const title = i18n.t('profile.title');

  if (deleted) {
    return (
      <>
        <PageHeading title={i18n.t('account.deletedTitle')} />
        <p role="status" class="success">
          {i18n.t(deleted === 'deleted' ? 'account.deleted' : 'account.deleting')}
        </p>
        <p>
          <a href={href.home()}>{i18n.t('account.backHome')}</a>
        </p>
      </>
    );
  }

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
      <ActionFeedback status={status} error={error} />
      <section aria-labelledby="my-data-title">
        <h2 id="my-data-title">{i18n.t('profile.dataTitle')}</h2>
        <p>{i18n.t('profile.dataText')}</p>
        <MyDataDownload />
        <DeleteAccount
          confirmWith={user?.email ?? user?.display_name ?? ''}
          byEmail={!!user?.email}
          onDeleted={(state) => {
            deletionOutcome = state;
            setDeleted(state);
            signOut();
          }}
        />
        <p>
          <a href={href.privacy()}>{i18n.t('profile.privacyLink')}</a>
        </p>
      </section>
    </>
  );
}

function MyDataDownload() {
  const { api, i18n } = useApp();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function download() {
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus(i18n.t('account.downloadPreparing'));
    try {
      const data = await collectMyData(api);
      saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `palabre-${i18n.t('account.fileName')}-${new Date().toISOString().slice(0, 10)}.json`);
      setStatus(i18n.t('account.downloadReady'));
    } catch (err) {
      setStatus('');
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="my-data">
      <h3>{i18n.t('account.downloadTitle')}</h3>
      <p>{i18n.t('account.downloadText')}</p>
      <button type="button" class="button" aria-disabled={busy || undefined} onClick={download}>
        {i18n.t('account.download')}
      </button>
      <ActionFeedback status={status} error={error} />
    </div>
  );
}

interface DeleteProps {
  confirmWith: string;
  byEmail: boolean;
  onDeleted(state: 'deleted' | 'deleting'): void;
}

function DeleteAccount({ confirmWith, byEmail, onDeleted }: DeleteProps) {
  const { api, i18n } = useApp();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const openerRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  async function confirm(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (typed.trim().toLowerCase() !== confirmWith.trim().toLowerCase()) {
      setFieldError(i18n.t(byEmail ? 'account.confirmMismatch' : 'account.confirmMismatchName'));
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      const { status } = await api.deleteMe(typed.trim());
      onDeleted(status);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_mismatch') {
        setFieldError(i18n.t(byEmail ? 'account.confirmMismatch' : 'account.confirmMismatchName'));
        inputRef.current?.focus();
      } else {
        setError(errorText(i18n, err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="delete-account">
      <h3>{i18n.t('account.deleteTitle')}</h3>
      <p>{i18n.t('account.deleteText')}</p>
      <button type="button" class="button button-danger" ref={openerRef} onClick={() => setOpen(true)}>
        {i18n.t('account.delete')}
      </button>
      {open && (
        <Modal
          labelledBy="delete-account-title"
          describedBy="delete-account-text"
          returnFocus={openerRef.current}
          onClose={() => {
            setOpen(false);
            setTyped('');
            setFieldError(null);
            setError(null);
          }}
        >
          <form onSubmit={confirm} noValidate>
            <h2 id="delete-account-title">{i18n.t('account.dialogTitle')}</h2>
            <div id="delete-account-text">
              <p>{i18n.t('account.dialogText')}</p>
              <p>{i18n.t('account.dialogContributions')}</p>
            </div>
            <div class="field">
              <label for="delete-confirm" class="label">
                {i18n.t(byEmail ? 'account.confirmLabel' : 'account.confirmLabelName')}
              </label>
              <input
                type="text"
                inputMode={byEmail ? 'email' : undefined}
                id="delete-confirm"
                ref={inputRef}
                data-autofocus
                autocomplete="off"
                value={typed}
                aria-required
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={fieldError ? 'delete-confirm-error' : undefined}
                onInput={(e) => setTyped(e.currentTarget.value)}
              />
              {fieldError && (
                <p id="delete-confirm-error" class="field-error">
                  {fieldError}
                </p>
              )}
            </div>
            {error && (
              <p role="alert" class="alert">
                {error}
              </p>
            )}
            <div class="form-actions">
              <button type="submit" class="button button-danger" aria-disabled={busy || undefined}>
                {i18n.t('account.confirmDelete')}
              </button>
              <button type="button" class="button button-secondary" onClick={() => setOpen(false)}>
                {i18n.t('account.cancel')}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </div>
  );
}
