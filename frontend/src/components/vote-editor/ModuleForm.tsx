// The form of one voting module: tokens (categories with name, colour, budget, maximum per proposal, exclusive
// option), gauge (labelled choices or a numeric range with unit and step) or binary.
import { useState } from 'preact/hooks';
import type { Debate } from '../../api';
import { useApp } from '../../context';
import {
  editorLanguages,
  LIMITS,
  moduleForm,
  moduleInput,
  newCategory,
  newChoice,
  type CategoryRow,
  type ChoiceRow,
  type Errors,
  type ModuleForm,
} from '../../voteEditor';
import type { ModuleInput, VoteModule } from '../../votes';
import { checkedSubmit, Field, LangFields, TitlePair, type Action } from './Fields';
import { Radios } from './SessionForm';

interface Props {
  debate: Debate;
  idBase: string;
  /** Editing: the module (its kind is fixed); creating: null. */
  module: VoteModule | null;
  submitLabel: string;
  /** The parent's status line and alert (they outlive this form). */
  action: Action;
  onSubmit(input: ModuleInput): Promise<string>;
  onCancel?(): void;
}

export function ModuleFormView({ debate, idBase, module, submitLabel, action, onSubmit, onCancel }: Props) {
  const { i18n } = useApp();
  const [form, setForm] = useState<ModuleForm>(() => moduleForm(module?.kind ?? 'tokens', module));
  const [errors, setErrors] = useState<Errors>({});
  const languages = editorLanguages(debate);
  const id = (key: string) => `${idBase}-${key}`;
  const set = (patch: Partial<ModuleForm>) => setForm((f) => ({ ...f, ...patch }));
  const setCategory = (key: number, patch: Partial<CategoryRow>) =>
    setForm((f) => ({ ...f, categories: f.categories.map((c) => (c.key === key ? { ...c, ...patch } : c)) }));
  const setChoice = (key: number, patch: Partial<ChoiceRow>) =>
    setForm((f) => ({ ...f, choices: f.choices.map((c) => (c.key === key ? { ...c, ...patch } : c)) }));
  const focusLater = (elementId: string) => requestAnimationFrame(() => document.getElementById(elementId)?.focus());

  const submit = (e: Event) => checkedSubmit(e, action, i18n, () => moduleInput(form, languages[0], i18n), setErrors, onSubmit);

  return (
    <form class="ve-form ve-module-form" onSubmit={submit} noValidate>
      {!module && (
        <Radios
          name={id('kind')}
          legend={i18n.t('ve.kind')}
          value={form.kind}
          options={(['tokens', 'gauge', 'binary'] as const).map((k) => [k, i18n.t(`ve.kind.${k}`)])}
          onChange={(v) => set({ kind: v as ModuleForm['kind'] })}
        />
      )}
      <TitlePair idBase={idBase} labels={['ve.moduleTitleLang', 've.moduleInstructionsLang']} languages={languages} errors={errors}
        values={[form.title, form.instructions]} onInput={(title, instructions) => set({ title, instructions })} />

      {form.kind === 'tokens' && (
        <fieldset>
          <legend>{i18n.t('ve.categories')}</legend>
          {errors.categories && <p class="field-error">{errors.categories}</p>}
          {form.categories.map((c, i) => {
            const n = i + 1;
            const k = (f: string) => `categories.${c.key}.${f}`;
            return (
              <fieldset key={c.key} class="ve-subgroup">
                <legend>{i18n.t('ve.category', { n })}</legend>
                <LangFields idBase={id(`cat${c.key}-name`)} errorKey={k('name')} label="ve.categoryNameLang" labelParams={{ n }}
                  languages={languages} values={c.name} errors={errors} required maxLength={LIMITS.title}
                  onInput={(name) => setCategory(c.key, { name })} />
                <div class="ve-row">
                  <Field id={id(`cat${c.key}-colour`)} label={i18n.t('ve.colour', { n })} hint={i18n.t('ve.colourHint')} value={c.colour}
                    error={errors[k('colour')]} onInput={(colour) => setCategory(c.key, { colour })} class="ve-short" />
                  <svg class="vote-swatch ve-swatch" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                    <rect width="20" height="20" fill={/^#[0-9a-fA-F]{6}$/.test(c.colour) ? c.colour : 'transparent'} />
                  </svg>
                  <Field id={id(`cat${c.key}-budget`)} label={i18n.t('ve.budget', { n })} value={c.budget} inputMode="numeric" required
                    error={errors[k('budget')]} onInput={(budget) => setCategory(c.key, { budget })} class="ve-short" />
                  <Field id={id(`cat${c.key}-max`)} label={i18n.t('ve.max', { n })} hint={i18n.t('ve.maxHint')} value={c.max}
                    inputMode="numeric" error={errors[k('max')]} onInput={(max) => setCategory(c.key, { max })} class="ve-short" />
                </div>
                {form.categories.length > 1 && (
                  <button type="button" class="button button-secondary button-small" onClick={() => {
                    set({ categories: form.categories.filter((x) => x.key !== c.key) });
                    focusLater(id('add-category'));
                  }}>
                    {i18n.t('ve.removeCategory', { n })}
                  </button>
                )}
              </fieldset>
            );
          })}
          {form.categories.length < LIMITS.categories && (
            <button type="button" id={id('add-category')} class="button button-secondary button-small" onClick={() => {
              const row = newCategory(form.categories.length);
              set({ categories: [...form.categories, row] });
              focusLater(id(`cat${row.key}-name-${languages[0]}`));
            }}>
              {i18n.t('ve.addCategory')}
            </button>
          )}
          <div class="checkbox">
            <input type="checkbox" id={id('exclusive')} checked={form.exclusive} onChange={(e) => set({ exclusive: e.currentTarget.checked })} />
            <label for={id('exclusive')}>{i18n.t('ve.exclusive')}</label>
          </div>
        </fieldset>
      )}

      {form.kind === 'gauge' && (
        <>
          <Radios
            name={id('scale')}
            legend={i18n.t('ve.scale')}
            value={form.scale}
            options={[
              ['choices', i18n.t('ve.scale.choices')],
              ['range', i18n.t('ve.scale.range')],
            ]}
            onChange={(v) => set({ scale: v as ModuleForm['scale'] })}
          />
          {form.scale === 'choices' ? (
            <fieldset>
              <legend>{i18n.t('ve.choices')}</legend>
              {errors.choices && <p class="field-error">{errors.choices}</p>}
              {form.choices.map((c, i) => {
                const n = i + 1;
                return (
                  <fieldset key={c.key} class="ve-subgroup">
                    <legend>{i18n.t('ve.choice', { n })}</legend>
                    <Field id={id(`ch${c.key}-value`)} label={i18n.t('ve.choiceValue', { n })} value={c.value} inputMode="decimal" required
                      error={errors[`choices.${c.key}.value`]} onInput={(value) => setChoice(c.key, { value })} class="ve-short" />
                    <LangFields idBase={id(`ch${c.key}-label`)} errorKey={`choices.${c.key}.label`} label="ve.choiceLabelLang"
                      labelParams={{ n }} languages={languages} values={c.label} errors={errors} required maxLength={LIMITS.title}
                      onInput={(label) => setChoice(c.key, { label })} />
                    {form.choices.length > 2 && (
                      <button type="button" class="button button-secondary button-small" onClick={() => {
                        set({ choices: form.choices.filter((x) => x.key !== c.key) });
                        focusLater(id('add-choice'));
                      }}>
                        {i18n.t('ve.removeChoice', { n })}
                      </button>
                    )}
                  </fieldset>
                );
              })}
              {form.choices.length < LIMITS.choices && (
                <button type="button" id={id('add-choice')} class="button button-secondary button-small" onClick={() => {
                  const values = form.choices.map((c) => Number(c.value)).filter(Number.isFinite);
                  const row = newChoice(values.length ? Math.max(...values) + 1 : 1);
                  set({ choices: [...form.choices, row] });
                  focusLater(id(`ch${row.key}-label-${languages[0]}`));
                }}>
                  {i18n.t('ve.addChoice')}
                </button>
              )}
            </fieldset>
          ) : (
            <fieldset>
              <legend>{i18n.t('ve.scale.range')}</legend>
              <div class="ve-row">
                <Field id={id('minimum')} label={i18n.t('ve.minimum')} value={form.minimum} inputMode="decimal" required
                  error={errors.minimum} onInput={(minimum) => set({ minimum })} class="ve-short" />
                <Field id={id('maximum')} label={i18n.t('ve.maximum')} value={form.maximum} inputMode="decimal" required
                  error={errors.maximum} onInput={(maximum) => set({ maximum })} class="ve-short" />
                <Field id={id('step')} label={i18n.t('ve.step')} value={form.step} inputMode="decimal" required
                  error={errors.step} onInput={(step) => set({ step })} class="ve-short" />
              </div>
              <LangFields idBase={id('unit')} errorKey="unit" label="ve.unitLang" languages={languages} values={form.unit}
                errors={errors} maxLength={LIMITS.unit} onInput={(unit) => set({ unit })} />
            </fieldset>
          )}
        </>
      )}

      <div class="form-actions">
        <button type="submit" class="button" aria-disabled={action.busy || undefined}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button button-secondary" onClick={onCancel}>
            {i18n.t('ve.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
