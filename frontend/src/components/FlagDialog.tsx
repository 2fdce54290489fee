// "Signaler" a post to the moderators (PUT …/posts/{id}/flag). Loaded on demand, for signed-in people only.
import '../i18n-member';
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, FLAG_REASONS, type FlagReason, type Post } from '../api';
import { useApp } from '../context';
import { errorText } from '../errors';
import { FormActions, FormAlert } from './FormActions';
import { Modal } from './Modal';

interface Props {
  slug: string;
  post: Post;
  returnFocus?: HTMLElement | null;
  onClose(): void;
  /** The report was recorded. */
  onFlagged(): void;
}

export function FlagDialog({ slug, post, returnFocus, onClose, onFlagged }: Props) {
  const { api, i18n } = useApp();
  const uid = `flag-${post.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const [reason, setReason] = useState<FlagReason | null>(null);
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const author = post.author?.display_name || i18n.t('post.anonymous');

  async function onSubmit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending) return;
    setError(null);
    if (!reason) {
      setChoiceError(i18n.t('flag.chooseReason'));
      document.getElementById(`${uid}-${FLAG_REASONS[0]}`)?.focus();
      return;
    }
    setChoiceError(null);
    setSending(true);
    try {
      await api.flagPost(slug, post.id, reason);
      setSending(false);
      onFlagged();
    } catch (err) {
      setSending(false);
      setError(err instanceof ApiError && err.code === 'own_post' ? i18n.t('flag.ownPost') : errorText(i18n, err));
      requestAnimationFrame(() => document.getElementById(`${uid}-alert`)?.focus());
    }
  }

  return (
    <Modal
      labelledBy={`${uid}-title`}
      describedBy={`${uid}-intro`}
      onClose={onClose}
      returnFocus={returnFocus}
      fallbackFocus={() => document.getElementById(`post-${post.id}`)}
      class="flag-dialog"
    >
      <form onSubmit={onSubmit} noValidate class="dialog-form">
        <h2 id={`${uid}-title`} class="dialog-title">
          {i18n.t('flag.dialogTitle')}
        </h2>
        <p class="meta">{i18n.t('flag.source', { author })}</p>
        <p id={`${uid}-intro`}>{i18n.t('flag.intro')}</p>
        <fieldset class="radio-group" aria-describedby={choiceError ? `${uid}-choice-error` : undefined}>
          <legend>{i18n.t('flag.reasonLegend')}</legend>
          {choiceError && (
            <p id={`${uid}-choice-error`} class="field-error">
              {choiceError}
            </p>
          )}
          {FLAG_REASONS.map((r) => (
            <div class="radio" key={r}>
              <input
                type="radio"
                id={`${uid}-${r}`}
                name={`${uid}-reason`}
                checked={reason === r}
                aria-invalid={choiceError ? true : undefined}
                onChange={() => setReason(r)}
              />
              <label for={`${uid}-${r}`}>{i18n.t(`flag.reason.${r}`)}</label>
            </div>
          ))}
        </fieldset>
        {error && (
          <FormAlert uid={uid}>
            <p>{error}</p>
          </FormAlert>
        )}
        <FormActions submitLabel={i18n.t('flag.submit')} sending={sending} onCancel={onClose} />
      </form>
    </Modal>
  );
}
