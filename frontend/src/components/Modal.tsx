import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  /** id of the element (a heading inside) that names the dialog. */
  labelledBy: string;
  describedBy?: string;
  onClose(): void;
  /** Where the focus goes back when the dialog closes (default: the element focused when it opened). */
  returnFocus?: HTMLElement | null;
  /** Fallback when `returnFocus` is gone from the page by then. */
  fallbackFocus?: () => HTMLElement | null;
  class?: string;
  children: ComponentChildren;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Modal dialog on the native <dialog> element (showModal: the rest of the page is inert). Escape closes it,
 * Tab and Shift+Tab cycle inside it, and the focus returns to where it came from.
 */
export function Modal({ labelledBy, describedBy, onClose, returnFocus, fallbackFocus, class: cls, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const previous = returnFocus ?? (document.activeElement as HTMLElement | null);
    if (typeof dialog.showModal === 'function') {
      try {
        dialog.showModal();
      } catch {
        dialog.setAttribute('open', '');
      }
    } else {
      dialog.setAttribute('open', '');
    }
    // first field, else the dialog's title
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? dialog).focus();

    const onCancel = (e: Event) => {
      // Escape: let our state close the dialog so that it unmounts cleanly
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open && typeof dialog.close === 'function') dialog.close();
      const target = previous && previous.isConnected ? previous : fallbackFocus?.();
      target?.focus();
    };
    // mount/unmount only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      // also when the browser does not send `cancel` (e.g. a <select> had the focus)
      e.preventDefault();
      onCloseRef.current();
      return;
    }
    if (e.key !== 'Tab') return;
    const dialog = ref.current!;
    const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => el.offsetParent !== null || el === document.activeElement,
    );
    if (items.length === 0) return;
    const firstEl = items[0];
    const lastEl = items[items.length - 1];
    if (e.shiftKey && (document.activeElement === firstEl || document.activeElement === dialog)) {
      e.preventDefault();
      lastEl.focus();
    } else if (!e.shiftKey && document.activeElement === lastEl) {
      e.preventDefault();
      firstEl.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      class={cls ? `modal ${cls}` : 'modal'}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      aria-modal="true"
      onKeyDown={onKeyDown}
    >
      {children}
    </dialog>
  );
}
