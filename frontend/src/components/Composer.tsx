import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NewPost, Post } from '../api';
import { useApp } from '../context';
import { errorText } from '../errors';
import { newIdempotencyKey } from '../hooks';

interface Draft {
  body: string;
  statement: boolean;
  /** Idempotency key of the last attempt, and the content it was used for. */
  key: string | null;
  keyFor: string | null;
}

// Drafts survive the composer being closed and reopened (same id) during the session.
const drafts = new Map<string, Draft>();

function emptyDraft(): Draft {
  return { body: '', statement: false, key: null, keyFor: null };
}

interface Props {
  /** Unique id for this composer (used for element ids and the draft). */
  id: string;
  allowStatement?: boolean;
  autoFocus?: boolean;
  submit(input: NewPost, idempotencyKey: string): Promise<Post>;
  onPublished(post: Post): void;
  onCancel?: () => void;
}

export function Composer({ id, allowStatement = false, autoFocus = false, submit, onPublished, onCancel }: Props) {
  const { i18n } = useApp();
  const [draft, setDraftState] = useState<Draft>(() => drafts.get(id) ?? emptyDraft());
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  const setDraft = (d: Draft) => {
    drafts.set(id, d);
    setDraftState(d);
  };

  useEffect(() => {
    if (autoFocus) textareaRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const bodyId = `${id}-body`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  async function onSubmit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending) return;
    const body = draft.body.trim();
    if (!body) {
      setError(i18n.t('composer.empty'));
      textareaRef.current?.focus();
      return;
    }
    const statement = allowStatement && draft.statement;
    // Same draft → same key, so a retry after a lost answer creates nothing twice.
    const signature = JSON.stringify([body, statement]);
    const key = draft.key && draft.keyFor === signature ? draft.key : newIdempotencyKey();
    const withKey = { ...draft, key, keyFor: signature };
    setDraft(withKey);
    setError(null);
    setSending(true);
    try {
      const input: NewPost = { body, language: i18n.lang };
      if (allowStatement) input.statement = statement;
      const post = await submit(input, key);
      drafts.delete(id);
      setDraftState(emptyDraft());
      setSending(false);
      onPublished(post);
    } catch (err) {
      setSending(false);
      setError(errorText(i18n, err));
      // the submit button was disabled: bring the focus back to the message
      requestAnimationFrame(() => textareaRef.current?.focus());
    }
  }

  const describedBy = error ? `${hintId} ${errorId}` : hintId;

  return (
    <form class="composer" onSubmit={onSubmit} noValidate>
      <label for={bodyId} class="label">
        {i18n.t('composer.label')}
      </label>
      <p id={hintId} class="hint">
        {i18n.t('composer.hint')}
      </p>
      <textarea
        id={bodyId}
        ref={textareaRef}
        name="body"
        rows={5}
        value={draft.body}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onInput={(e) => setDraft({ ...draft, body: e.currentTarget.value })}
      />
      {allowStatement && (
        <div class="checkbox">
          <input
            type="checkbox"
            id={`${id}-statement`}
            checked={draft.statement}
            onChange={(e) => setDraft({ ...draft, statement: e.currentTarget.checked })}
          />
          <label for={`${id}-statement`}>{i18n.t('composer.statement')}</label>
        </div>
      )}
      <div class="composer-actions">
        <button type="submit" class="button" disabled={sending}>
          {i18n.t('composer.submit')}
        </button>
        {onCancel && (
          <button type="button" class="button button-secondary" onClick={onCancel}>
            {i18n.t('post.cancelReply')}
          </button>
        )}
        {sending && (
          <span role="status" class="sending">
            {i18n.t('composer.sending')}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" id={errorId} class="alert alert-error">
          {error}
        </p>
      )}
    </form>
  );
}
