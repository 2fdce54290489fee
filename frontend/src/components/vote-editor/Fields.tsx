// Small form pieces of the vote session editor: a labelled text field with its error, the same field once per
// debate language, and the status line / error alert of an action.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import { languageName, type I18n } from '../../i18n';
import type { EditorMessageKey } from '../../i18n-vote-editor';
import { editorErrorText, LIMITS, type Errors, type Texts } from '../../voteEditor';

export const cssId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput(value: string): void;
  error?: string;
  hint?: string;
  required?: boolean;
  multiline?: boolean;
  lang?: string;
  maxLength?: number;
  type?: 'text' | 'number';
  inputMode?: 'numeric' | 'decimal';
  class?: string;
}

export function Field(p: FieldProps) {
  const errId = `${p.id}-error`;
  const hintId = `${p.id}-hint`;
  const describedBy = [p.hint ? hintId : '', p.error ? errId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id: p.id,
    value: p.value,
    lang: p.lang,
    maxLength: p.maxLength,
    'aria-required': p.required ? ('true' as const) : undefined,
    'aria-invalid': p.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class={`field ${p.class ?? ''}`}>
      <label for={p.id} class="label">
        {p.label}
        {p.required && <span aria-hidden="true"> *</span>}
      </label>
      {p.hint && (
        <p id={hintId} class="hint">
          {p.hint}
        </p>
      )}
      {p.multiline ? (
        <textarea {...common} rows={3} onInput={(e) => p.onInput(e.currentTarget.value)} />
      ) : (
        <input {...common} type="text" inputMode={p.inputMode} onInput={(e) => p.onInput(e.currentTarget.value)} />
      )}
      {p.error && (
        <p id={errId} class="field-error">
          {p.error}
        </p>
      )}
    </div>
  );
}

/** One field per debate language; only the default language's is required when `required`. */
export function LangFields(p: {
  idBase: string;
  errorKey: string;
  label: EditorMessageKey;
  labelParams?: Record<string, string | number>;
  languages: string[];
  values: Texts;
  errors: Errors;
  onInput(values: Texts): void;
  required?: boolean;
  multiline?: boolean;
  maxLength?: number;
}) {
  const { i18n } = useApp();
  return (
    <>
      {p.languages.map((l, i) => (
        <Field
          key={l}
          id={`${p.idBase}-${l}`}
          label={i18n.t(p.label, { ...p.labelParams, lang: languageName(l, i18n.lang) })}
          lang={l}
          value={p.values[l] ?? ''}
          required={p.required && i === 0}
          multiline={p.multiline}
          maxLength={p.maxLength}
          error={p.errors[`${p.errorKey}.${l}`]}
          onInput={(v) => p.onInput({ ...p.values, [l]: v })}
        />
      ))}
    </>
  );
}

/** A title (required in the default language) and a longer text, each once per debate language. */
export function TitlePair(p: {
  idBase: string;
  labels: [EditorMessageKey, EditorMessageKey];
  languages: string[];
  errors: Errors;
  values: [Texts, Texts];
  onInput(title: Texts, text: Texts): void;
}) {
  const [title, text] = p.values;
  const [titleLabel, textLabel] = p.labels;
  const common = { languages: p.languages, errors: p.errors };
  return (
    <>
      <LangFields idBase={`${p.idBase}-title`} errorKey="title" label={titleLabel} {...common} values={title} required
        maxLength={LIMITS.title} onInput={(v) => p.onInput(v, text)} />
      <LangFields idBase={`${p.idBase}-text`} errorKey="text" label={textLabel} {...common} values={text} multiline
        maxLength={LIMITS.text} onInput={(v) => p.onInput(title, v)} />
    </>
  );
}

/**
 * A form's submit: the browser's own check first (errors next to the fields, their count in the alert, the first
 * one focused), then the API call through `action`.
 */
export function checkedSubmit<I>(
  e: Event,
  action: Action,
  i18n: I18n,
  check: () => { errors: Errors; input: I | null },
  setErrors: (errors: Errors) => void,
  send: (input: I) => Promise<string>,
): Promise<boolean> {
  e.preventDefault();
  const form = e.currentTarget as HTMLFormElement;
  const { errors, input } = check();
  setErrors(errors);
  if (input === null || Object.keys(errors).length) {
    action.say(i18n.t('ve.hasErrors', { n: Object.keys(errors).length }), true);
    requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    return Promise.resolve(false);
  }
  return action.run(() => send(input));
}

export interface Action {
  busy: boolean;
  /** Runs `work`; on success shows the message it returns, on failure the API's error, readable. */
  run(work: () => Promise<string | void>): Promise<boolean>;
  say(text: string, error?: boolean): void;
  feedback: ComponentChildren;
}

/** The status line (polite live region) and the error alert of a group of actions. */
export function useAction(): Action {
  const { i18n } = useApp();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const say = (text: string, isError = false) => {
    setStatus(isError ? '' : text);
    setError(isError ? text : '');
  };
  async function run(work: () => Promise<string | void>): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    say('');
    try {
      const message = await work();
      if (message) say(message);
      return true;
    } catch (err) {
      say(editorErrorText(i18n, err), true);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const feedback = (
    <>
      <div role="status" class="status-message">
        {busy && <p class="hint">{i18n.t('ve.saving')}</p>}
        {status && <p class="success">{status}</p>}
      </div>
      <div role="alert">
        {error && <p class="alert alert-error">{error}</p>}
      </div>
    </>
  );
  return { busy, run, say, feedback };
}
