// Moderators' decision on a post (POST …/posts/{id}/moderation): the optional reason field, shared by the
// moderation queue and the thread's "Masquer" dialog. Loaded on demand, for moderators and organisers only.
import '../i18n-admin';
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Post } from '../api';
import { useApp } from '../context';
import { errorText } from '../errors';
import { personName } from '../people';
import { FormActions, FormAlert } from './FormActions';
import { Modal } from './Modal';

export const REASON_MAX = 500;

/** "Motif de la décision (facultatif)": the input has the id `id`, its hint `${id}-hint`. */
export function ModerationReasonField({ id, value, onInput }: { id: string; value: string; onInput(value: string): void }) {
  const { i18n } = useApp();
  return (
    <div class="field">
      <label for={id} class="label">
        {i18n.t('moderation.reason')}
      </label>
      <p id={`${id}-hint`} class="hint">
        {i18n.t('moderation.reasonHint')}
      </p>
      <input
        type="text"
        id={id}
        maxLength={REASON_MAX}
        value={value}
        aria-describedby={`${id}-hint`}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}

interface Props {
  slug: string;
  post: Post;
  returnFocus?: HTMLElement | null;
  onClose(): void;
  /** The post as the API returned it (state `rejected`). */
  onHidden(post: Post): void;
}

/** "Masquer": reject a published or pending post, with an optional reason. */
export function ModerateDialog({ slug, post, returnFocus, onClose, onHidden }: Props) {
  const { api, i18n } = useApp();
  const uid = `hide-${post.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const author = personName(i18n, post.author, i18n.t('post.anonymous'));

  async function onSubmit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending) return;
    setError(null);
    setSending(true);
    try {
      const updated = await api.moderatePost(slug, post.id, 'rejected', reason);
      setSending(false);
      onHidden(updated);
    } catch (err) {
      setSending(false);
      setError(errorText(i18n, err));
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
      class="moderate-dialog"
    >
      <form onSubmit={onSubmit} noValidate class="dialog-form">
        <h2 id={`${uid}-title`} class="dialog-title">
          {i18n.t('moderation.hideTitle')}
        </h2>
        <p class="meta">{i18n.t('moderation.source', { author })}</p>
        <p id={`${uid}-intro`}>{i18n.t('moderation.hideIntro')}</p>
        <ModerationReasonField id={`${uid}-reason`} value={reason} onInput={setReason} />
        {error && (
          <FormAlert uid={uid}>
            <p>{error}</p>
          </FormAlert>
        )}
        <FormActions
          submitLabel={i18n.t('moderation.hideSubmit')}
          submitClass="button button-danger"
          sending={sending}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
