// A dialog form's last lines: its error (focusable, announced) and its submit / cancel buttons with "Enregistrement…"
// while it is sent. One piece for the flag, moderation and harvest dialogs.
import type { ComponentChildren } from 'preact';
import { useApp } from '../context';

/** The form's error, id `${uid}-alert` (the dialogs move focus to it). */
export function FormAlert({ uid, children }: { uid: string; children: ComponentChildren }) {
  return (
    <div role="alert" id={`${uid}-alert`} tabIndex={-1} class="alert">
      {children}
    </div>
  );
}

interface Props {
  submitLabel: string;
  /** Classes of the submit button (e.g. "button button-danger"). */
  submitClass?: string;
  sending: boolean;
  onCancel(): void;
  /** disabled while sending (else aria-disabled: it stays focusable and the submit handler ignores it). */
  disableWhileSending?: boolean;
}

export function FormActions({ submitLabel, submitClass = 'button', sending, onCancel, disableWhileSending }: Props) {
  const { i18n } = useApp();
  return (
    <div class="form-actions">
      {disableWhileSending ? (
        <button type="submit" class={submitClass} disabled={sending}>
          {submitLabel}
        </button>
      ) : (
        <button type="submit" class={submitClass} aria-disabled={sending || undefined}>
          {submitLabel}
        </button>
      )}
      <button type="button" class="button button-secondary" onClick={onCancel}>
        {i18n.t('common.cancel')}
      </button>
      {sending && (
        <span role="status" class="sending">
          {i18n.t('common.saving')}
        </span>
      )}
    </div>
  );
}
