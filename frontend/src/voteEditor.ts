// The organiser's vote session editor: form values, their checks and the API bodies built from them
// (docs/api-votes.md, "Settings inputs"). Plain functions, unit-tested; the components only render them.
import { ApiError, type LocalizedText } from './api';
import { errorText } from './errors';
import type { I18n } from './i18n';
import type { EditorMessageKey } from './i18n-vote-editor';
import type { CategoryInput, ModuleInput, OverrideInput, OverrideSettings, SessionInput, VoteModule, VoteSession } from './votes';

/** Limits of the API (chalicelib/domain/votes.py, api/vote_schemas.py). */
export const LIMITS = { title: 200, text: 5000, budget: 1000, categories: 5, choices: 11, rangeValues: 101, unit: 40 } as const;
export const DEFAULT_COLOURS = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

export type Texts = Record<string, string>;
/** Field key → message; keys are the ids' suffixes (`title.fr`, `categories.2.budget`). */
export type Errors = Record<string, string>;

export function textMap(values: Texts): LocalizedText {
  const out: LocalizedText = {};
  for (const [lang, text] of Object.entries(values)) if (text.trim()) out[lang] = text.trim();
  return out;
}

/** The debate's languages, its default language first. */
export function editorLanguages(debate: { languages: string[]; default_language: string }): string[] {
  return [debate.default_language, ...debate.languages.filter((l) => l !== debate.default_language)];
}

function requireText(errors: Errors, key: string, values: Texts, lang: string, i18n: I18n): void {
  if (!(values[lang] ?? '').trim()) errors[`${key}.${lang}`] = i18n.t('ve.required');
}

// ---- session ----------------------------------------------------------------------------------------------------

export interface SessionForm {
  ideaId: string;
  phaseId: string;
  title: Texts;
  instructions: Texts;
  resultsVisibility: 'live' | 'after_close';
  proposalOrder: 'fixed' | 'random';
}

export function sessionForm(session?: VoteSession | null): SessionForm {
  return {
    ideaId: session?.idea_id ?? '',
    phaseId: session?.phase?.id ?? '',
    title: { ...(session?.title ?? {}) },
    instructions: { ...(session?.instructions ?? {}) },
    resultsVisibility: session?.results_visibility ?? 'after_close',
    proposalOrder: session?.proposal_order ?? 'fixed',
  };
}

export function sessionInput(form: SessionForm, defaultLanguage: string, i18n: I18n): { errors: Errors; input: SessionInput | null } {
  const errors: Errors = {};
  if (!form.ideaId) errors.idea = i18n.t('ve.chooseIdea');
  if (!form.phaseId) errors.phase = i18n.t('ve.choosePhase');
  requireText(errors, 'title', form.title, defaultLanguage, i18n);
  if (Object.keys(errors).length) return { errors, input: null };
  return {
    errors,
    input: {
      idea_id: form.ideaId,
      phase_id: form.phaseId,
      title: textMap(form.title),
      instructions: textMap(form.instructions),
      results_visibility: form.resultsVisibility,
      proposal_order: form.proposalOrder,
    },
  };
}

// ---- proposals --------------------------------------------------------------------------------------------------

export interface ProposalForm {
  title: Texts;
  /** the description */
  text: Texts;
}

export function proposalErrors(form: ProposalForm, defaultLanguage: string, i18n: I18n): Errors {
  const errors: Errors = {};
  requireText(errors, 'title', form.title, defaultLanguage, i18n);
  return errors;
}

/** The ids in a new order after moving one up (-1) or down (+1); null when it cannot move. */
export function moved(ids: string[], id: string, by: -1 | 1): string[] | null {
  const i = ids.indexOf(id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  const next = [...ids];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

// ---- modules ----------------------------------------------------------------------------------------------------

export interface CategoryRow {
  key: number;
  id?: string;
  name: Texts;
  colour: string;
  budget: string;
  max: string;
}

export interface ChoiceRow {
  key: number;
  value: string;
  label: Texts;
}

export interface ModuleForm {
  kind: 'tokens' | 'gauge' | 'binary';
  title: Texts;
  instructions: Texts;
  exclusive: boolean;
  categories: CategoryRow[];
  scale: 'choices' | 'range';
  choices: ChoiceRow[];
  minimum: string;
  maximum: string;
  step: string;
  unit: Texts;
}

let rowKey = 1;
export const nextRowKey = () => rowKey++;

export function newCategory(index: number): CategoryRow {
  return { key: nextRowKey(), name: {}, colour: DEFAULT_COLOURS[index % DEFAULT_COLOURS.length], budget: '10', max: '' };
}

export function newChoice(value: number): ChoiceRow {
  return { key: nextRowKey(), value: String(value), label: {} };
}

export function moduleForm(kind: ModuleForm['kind'], module?: VoteModule | null): ModuleForm {
  const form: ModuleForm = {
    kind,
    title: { ...(module?.title ?? {}) },
    instructions: { ...(module?.instructions ?? {}) },
    exclusive: false,
    categories: [newCategory(0)],
    scale: 'choices',
    choices: [1, 2, 3, 4, 5].map(newChoice),
    minimum: '0',
    maximum: '10',
    step: '1',
    unit: {},
  };
  if (module?.kind === 'tokens') {
    form.exclusive = module.exclusive;
    form.categories = module.categories.map((c) => ({
      key: nextRowKey(),
      id: c.id,
      name: { ...c.name },
      colour: c.colour,
      budget: String(c.budget),
      max: c.max_per_proposal === c.budget ? '' : String(c.max_per_proposal),
    }));
  } else if (module?.kind === 'gauge') {
    if (module.choices) {
      form.choices = module.choices.map((c) => ({ key: nextRowKey(), value: String(c.value), label: { ...c.label } }));
    } else if (module.range) {
      form.scale = 'range';
      form.minimum = String(module.range.minimum);
      form.maximum = String(module.range.maximum);
      form.step = String(module.range.step);
      form.unit = { ...module.range.unit };
    }
  }
  return form;
}

/** A whole number in [min, max], or null. */
function wholeNumber(raw: string, min: number, max: number): number | null {
  const t = raw.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** A decimal number ("2,5" is accepted), or null. */
export function decimal(raw: string): number | null {
  const t = raw.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function moduleInput(form: ModuleForm, defaultLanguage: string, i18n: I18n): { errors: Errors; input: ModuleInput | null } {
  const errors: Errors = {};
  requireText(errors, 'title', form.title, defaultLanguage, i18n);
  const common = { title: textMap(form.title), instructions: textMap(form.instructions) };
  let input: ModuleInput | null = null;

  if (form.kind === 'tokens') {
    const categories: CategoryInput[] = [];
    if (form.categories.length === 0) errors.categories = i18n.t('ve.needCategory');
    form.categories.forEach((c, i) => {
      requireText(errors, `categories.${c.key}.name`, c.name, defaultLanguage, i18n);
      const budget = wholeNumber(c.budget, 1, LIMITS.budget);
      if (budget === null) errors[`categories.${c.key}.budget`] = i18n.t('ve.budgetRange', { max: LIMITS.budget });
      const max = c.max.trim() === '' ? budget : wholeNumber(c.max, 1, budget ?? LIMITS.budget);
      if (max === null && budget !== null) errors[`categories.${c.key}.max`] = i18n.t('ve.maxRange', { budget: budget });
      if (!/^#[0-9a-fA-F]{6}$/.test(c.colour)) errors[`categories.${c.key}.colour`] = i18n.t('ve.colourFormat');
      categories.push({
        ...(c.id ? { id: c.id } : {}),
        name: textMap(c.name),
        colour: c.colour || DEFAULT_COLOURS[i % DEFAULT_COLOURS.length],
        budget: budget ?? 0,
        max_per_proposal: max ?? 0,
      });
    });
    input = { kind: 'tokens', ...common, exclusive: form.exclusive, categories };
  } else if (form.kind === 'gauge' && form.scale === 'choices') {
    if (form.choices.length < 2 || form.choices.length > LIMITS.choices) errors.choices = i18n.t('ve.choicesCount', { max: LIMITS.choices });
    const seen = new Set<number>();
    const choices = form.choices.map((c) => {
      const value = decimal(c.value);
      if (value === null) errors[`choices.${c.key}.value`] = i18n.t('ve.number');
      else if (seen.has(value)) errors[`choices.${c.key}.value`] = i18n.t('ve.distinct');
      else seen.add(value);
      requireText(errors, `choices.${c.key}.label`, c.label, defaultLanguage, i18n);
      return { value: value ?? 0, label: textMap(c.label) };
    });
    input = { kind: 'gauge', ...common, choices };
  } else if (form.kind === 'gauge') {
    const minimum = decimal(form.minimum);
    const maximum = decimal(form.maximum);
    const step = decimal(form.step);
    if (minimum === null) errors.minimum = i18n.t('ve.number');
    if (maximum === null) errors.maximum = i18n.t('ve.number');
    else if (minimum !== null && maximum <= minimum) errors.maximum = i18n.t('ve.maxAboveMin');
    if (step === null || step <= 0) errors.step = i18n.t('ve.stepPositive');
    else if (minimum !== null && maximum !== null && maximum > minimum) {
      const steps = (maximum - minimum) / step;
      if (Math.abs(steps - Math.round(steps)) > 1e-9) errors.step = i18n.t('ve.stepWhole');
      else if (Math.round(steps) + 1 > LIMITS.rangeValues) errors.step = i18n.t('ve.tooManyValues', { max: LIMITS.rangeValues });
    }
    input = { kind: 'gauge', ...common, range: { minimum: minimum ?? 0, maximum: maximum ?? 0, step: step ?? 1, unit: textMap(form.unit) } };
  } else {
    input = { kind: 'binary', ...common };
  }
  return Object.keys(errors).length ? { errors, input: null } : { errors, input };
}

// ---- per-proposal overrides -------------------------------------------------------------------------------------

export interface OverrideForm {
  enabled: boolean;
  /** category id → maximum on this proposal ('' = the module's own maximum) */
  max: Record<string, string>;
}

export function overrideForm(o: OverrideSettings | undefined): OverrideForm {
  const max: Record<string, string> = {};
  for (const [id, n] of Object.entries(o?.max_per_proposal ?? {})) max[id] = String(n);
  return { enabled: o?.enabled ?? true, max };
}

/**
 * The PUT body (it replaces the whole override): the form's `enabled` and maxima, and the texts and gauge scale
 * the override already had (set through the API; this form does not edit them).
 */
export function overrideInput(
  form: OverrideForm,
  module: VoteModule,
  i18n: I18n,
  existing?: OverrideSettings,
): { errors: Errors; input: OverrideInput | null } {
  const errors: Errors = {};
  const max: Record<string, number> = {};
  if (module.kind === 'tokens') {
    for (const c of module.categories) {
      const raw = (form.max[c.id] ?? '').trim();
      if (raw === '') continue;
      const n = wholeNumber(raw, 0, c.budget);
      if (n === null) errors[`max.${c.id}`] = i18n.t('ve.overrideMax', { budget: c.budget });
      else max[c.id] = n;
    }
  }
  if (Object.keys(errors).length) return { errors, input: null };
  const input: OverrideInput = { enabled: form.enabled };
  if (existing?.title) input.title = existing.title;
  if (existing?.instructions) input.instructions = existing.instructions;
  if (existing?.choices) input.choices = existing.choices;
  else if (existing?.range) input.range = existing.range;
  if (Object.keys(max).length) input.max_per_proposal = max;
  return { errors, input };
}

// ---- errors from the API ----------------------------------------------------------------------------------------

const EDITOR_CODES: Record<string, EditorMessageKey> = {
  session_started: 've.error.session_started',
  too_many_proposals: 've.error.too_many_proposals',
  too_many_modules: 've.error.too_many_modules',
  concurrent_change: 've.error.concurrent_change',
  validation_failed: 've.error.validation_failed',
};

/** A readable sentence for an error of an editor action: ours for the vote codes, with the server's details. */
export function editorErrorText(i18n: I18n, err: unknown): string {
  if (err instanceof ApiError && EDITOR_CODES[err.code]) {
    const base = i18n.t(EDITOR_CODES[err.code]);
    if (err.code === 'session_started') {
      const reasons = (err.details as { reasons?: unknown } | undefined)?.reasons;
      return Array.isArray(reasons) && reasons.length ? `${base} ${reasons.map(String).join('; ')}.` : base;
    }
    if (err.code === 'validation_failed') {
      const fields = err.fieldErrors.map((f) => `${f.field}: ${f.message}`);
      return fields.length ? `${base} ${fields.join(' ')}` : `${base} ${err.message}`;
    }
    return base;
  }
  return errorText(i18n, err);
}
