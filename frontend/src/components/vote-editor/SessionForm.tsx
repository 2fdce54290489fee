// The session's settings (create and edit): idea, phase, title and instructions per language, results visibility,
// proposal order.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Debate, Idea } from '../../api';
import { useApp } from '../../context';
import { pickText } from '../../i18n';
import { buildIdeaTree, flattenTree } from '../../tree';
import { editorLanguages, sessionForm, sessionInput, type Errors, type SessionForm } from '../../voteEditor';
import type { SessionInput, VoteSession } from '../../votes';
import { IdeaOption } from '../IdeaOption';
import { checkedSubmit, TitlePair, useAction } from './Fields';

interface Props {
  debate: Debate;
  ideas: Idea[];
  session?: VoteSession | null;
  submitLabel: string;
  /** Saves; resolves with the status message. */
  onSubmit(input: SessionInput): Promise<string>;
}

export function SessionSettingsForm({ debate, ideas, session, submitLabel, onSubmit }: Props) {
  const { i18n } = useApp();
  const [form, setForm] = useState<SessionForm>(() => sessionForm(session));
  const [errors, setErrors] = useState<Errors>({});
  const action = useAction();
  const languages = editorLanguages(debate);
  const tz = debate.timezone;
  const set = (patch: Partial<SessionForm>) => setForm((f) => ({ ...f, ...patch }));
  const options = flattenTree(buildIdeaTree(ideas));
  const phaseLabel = (p: Debate['phases'][number]) => {
    const start = i18n.date(p.start, tz, true);
    const range = p.end ? i18n.t('ve.phaseFromTo', { start, end: i18n.date(p.end, tz, true) }) : i18n.t('ve.phaseFrom', { start });
    return i18n.t('ve.phaseRange', { name: pickText(p.name, i18n.lang, debate.default_language).text, range });
  };

  const submit = (e: Event) =>
    checkedSubmit(e, action, i18n, () => sessionInput(form, languages[0], i18n), setErrors, onSubmit);

  return (
    <form class="vote-session-form" onSubmit={submit} noValidate>
      <p class="hint">{i18n.t('ve.requiredNote')}</p>
      <RequiredSelect id="vs-idea" label={i18n.t('ve.idea')} value={form.ideaId} error={errors.idea}
        onChange={(ideaId) => set({ ideaId })}>
        {options.map((o) => (
          <IdeaOption key={o.item.id} idea={o.item} depth={o.depth} debate={debate} />
        ))}
      </RequiredSelect>
      <RequiredSelect id="vs-phase" label={i18n.t('ve.phase')} hint={i18n.t('ve.phaseHint', { zone: tz })} value={form.phaseId}
        error={errors.phase} onChange={(phaseId) => set({ phaseId })}>
        {debate.phases.map((p) => (
          <option key={p.id} value={p.id}>
            {phaseLabel(p)}
          </option>
        ))}
      </RequiredSelect>
      <TitlePair
        idBase="vs"
        labels={['ve.titleLang', 've.instructionsLang']}
        languages={languages}
        errors={errors}
        values={[form.title, form.instructions]}
        onInput={(title, instructions) => set({ title, instructions })}
      />
      <Radios name="vs-visibility" legend={i18n.t('ve.visibility')} value={form.resultsVisibility}
        options={(['after_close', 'live'] as const).map((v) => [v, i18n.t(`ve.visibility.${v}`)])}
        onChange={(v) => set({ resultsVisibility: v as SessionForm['resultsVisibility'] })} />
      <Radios name="vs-order" legend={i18n.t('ve.order')} value={form.proposalOrder}
        options={(['fixed', 'random'] as const).map((v) => [v, i18n.t(`ve.order.${v}`)])}
        onChange={(v) => set({ proposalOrder: v as SessionForm['proposalOrder'] })} />
      <div class="form-actions">
        <button type="submit" class="button" aria-disabled={action.busy || undefined}>
          {submitLabel}
        </button>
      </div>
      {action.feedback}
    </form>
  );
}

export function Radios({
  name,
  legend,
  value,
  options,
  onChange,
}: {
  name: string;
  legend: string;
  value: string;
  options: [string, string][];
  onChange(value: string): void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map(([v, label]) => (
        <div class="radio" key={v}>
          <input type="radio" id={`${name}-${v}`} name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
          <label for={`${name}-${v}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A required <select> with its label, hint and error; "— Choisir —" first while nothing is chosen. */
function RequiredSelect(p: { id: string; label: string; hint?: string; value: string; error?: string; onChange(v: string): void; children: ComponentChildren }) {
  const { i18n } = useApp();
  const describedBy = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={p.id} class="label">
        {p.label}
        <span aria-hidden="true"> *</span>
      </label>
      {p.hint && (
        <p id={`${p.id}-hint`} class="hint">
          {p.hint}
        </p>
      )}
      <select id={p.id} value={p.value} aria-required="true" aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy}
        onChange={(e) => p.onChange(e.currentTarget.value)}>
        {!p.value && <option value="">{i18n.t('common.choose')}</option>}
        {p.children}
      </select>
      {p.error && (
        <p id={`${p.id}-error`} class="field-error">
          {p.error}
        </p>
      )}
    </div>
  );
}
