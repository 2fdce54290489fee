// The debate form's values, their validation (the server's rules, checked before sending) and the mapping of
// the server's 422 field errors back onto the form's fields. No UI here, so that it is easy to test.
import {
  ApiError,
  DEFAULT_WRITE_LIMITS,
  MAX_WRITE_LIMIT,
  WRITE_LIMIT_NAMES,
  type Debate,
  type DebateInput,
  type DebatePatch,
  type LocalizedText,
  type PhaseInput,
  type WriteLimits,
} from './api';
import type { I18n } from './i18n';
import { slugProblem } from './slug';
import { isValidTimeZone, utcToLocalInput, wallTimeToUtc, type ZonedInstant } from './tz';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const PHASE_NAME_MAX = 200;
export const MAX_PHASES = 12;
export const MAX_INVITES = 50;
export const INVITE_ROLES = ['participant', 'harvester', 'moderator'] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// controls, zero-width and other invisible characters: the server refuses them (an address that looks the same)
const HIDDEN_RE = /[\p{Cc}\p{Cf}\p{Co}\p{Z}]/u;

export function isEmail(value: string): boolean {
  const email = value.trim();
  return EMAIL_RE.test(email) && !HIDDEN_RE.test(email);
}

export interface PhaseRow {
  /** Stable key for rendering and element ids (not sent). */
  key: number;
  /** The server's id of an existing phase (kept when editing). */
  id?: string;
  name: LocalizedText;
  /** <input type="datetime-local"> values, read in the debate's time zone. */
  start: string;
  end: string;
  /** An existing phase as the server has it: what the form cannot show (seconds) is kept unless the organiser
   * changes that field. */
  saved?: { start: string; end: string | null; name: LocalizedText };
}

export interface InviteRow {
  key: number;
  email: string;
  role: InviteRole;
}

export interface DebateFormValues {
  slug: string;
  languages: string[];
  defaultLanguage: string;
  title: LocalizedText;
  description: LocalizedText;
  visibility: 'public' | 'private';
  timezone: string;
  phases: PhaseRow[];
  premoderation: boolean;
  /** Settings only: terms of participation (empty version: none) and the account-deletion rule. */
  termsVersion: string;
  termsUrl: string;
  termsText: string;
  onAccountDeletion: 'anonymise' | 'remove';
  /** As typed (number inputs), checked on submit. */
  writeLimits: Record<WriteLimitName, string>;
}

export type WriteLimitName = (typeof WRITE_LIMIT_NAMES)[number];

function sameLimits(a: WriteLimits, b: WriteLimits): boolean {
  return WRITE_LIMIT_NAMES.every((n) => a[n] === b[n]);
}

function limitTexts(limits: WriteLimits): Record<WriteLimitName, string> {
  return Object.fromEntries(WRITE_LIMIT_NAMES.map((n) => [n, String(limits[n])])) as Record<WriteLimitName, string>;
}

export const TERMS_VERSION = /^[A-Za-z0-9._-]{1,40}$/;

/** A message shown next to a field; `lang` is set when it is not in the UI language (the server's English). */
export interface FieldMessage {
  text: string;
  lang?: string;
}

/**
 * Keys: slug, languages, defaultLanguage, title.{lang}, description.{lang}, visibility, timezone, premoderation,
 * writeLimits, writeLimits.{name},
 * phases, phases.{key}, phases.{key}.name, phases.{key}.start, phases.{key}.end, invites.{key}, form.
 */
export type FieldErrors = Record<string, FieldMessage>;

export function emptyValues(uiLang: string): DebateFormValues {
  return {
    slug: '',
    languages: [uiLang],
    defaultLanguage: uiLang,
    title: {},
    description: {},
    visibility: 'public',
    timezone: 'Europe/Paris',
    phases: [],
    premoderation: false,
    termsVersion: '',
    termsUrl: '',
    termsText: '',
    onAccountDeletion: 'anonymise',
    writeLimits: limitTexts(DEFAULT_WRITE_LIMITS),
  };
}

export function valuesFromDebate(debate: Debate, nextKey: () => number): DebateFormValues {
  const tz = debate.timezone || 'Europe/Paris';
  return {
    slug: debate.slug,
    languages: [...debate.languages],
    defaultLanguage: debate.default_language,
    title: { ...debate.title },
    description: { ...debate.description },
    visibility: debate.visibility,
    timezone: tz,
    phases: (debate.phases ?? []).map((p) => ({
      key: nextKey(),
      id: p.id,
      name: { ...p.name },
      start: utcToLocalInput(p.start, tz),
      end: p.end ? utcToLocalInput(p.end, tz) : '',
      saved: { start: p.start, end: p.end, name: { ...p.name } },
    })),
    premoderation: !!debate.premoderation,
    termsVersion: debate.terms?.version ?? '',
    termsUrl: debate.terms?.url ?? '',
    termsText: debate.terms?.text?.[debate.default_language] ?? '',
    onAccountDeletion: debate.on_account_deletion ?? 'anonymise',
    writeLimits: limitTexts({ ...DEFAULT_WRITE_LIMITS, ...debate.write_limits }),
  };
}

/** The chosen languages, the default one first. */
export function orderedLanguages(values: Pick<DebateFormValues, 'languages' | 'defaultLanguage'>): string[] {
  return [values.defaultLanguage, ...values.languages.filter((l) => l !== values.defaultLanguage)].filter((l) =>
    values.languages.includes(l),
  );
}

function cleanTexts(map: LocalizedText, languages: string[]): LocalizedText {
  const out: LocalizedText = {};
  for (const l of languages) {
    const v = (map[l] ?? '').trim();
    if (v) out[l] = v;
  }
  return out;
}

/** The instant a phase date field stands for, or why it cannot be used. */
export type DateCheck =
  | { ok: true; instant: ZonedInstant; ambiguous: boolean }
  | { ok: false; reason: 'empty' | 'invalid' | 'nonexistent'; suggestion?: ZonedInstant };

export function checkDate(local: string, timeZone: string): DateCheck {
  if (!local.trim()) return { ok: false, reason: 'empty' };
  const r = wallTimeToUtc(local, timeZone);
  switch (r.status) {
    case 'ok':
      return { ok: true, instant: r.instant, ambiguous: false };
    case 'ambiguous':
      return { ok: true, instant: r.instant, ambiguous: true };
    case 'nonexistent':
      return { ok: false, reason: 'nonexistent', suggestion: r.instant };
    default:
      return { ok: false, reason: 'invalid' };
  }
}

/** "03:30" of a local wall time. */
function timeOf(instant: ZonedInstant): string {
  return instant.local.slice(11, 16);
}

/** Checks the form like the server would; returns the errors and, when there are none, the DebateInput. */
export function validateDebateForm(
  values: DebateFormValues,
  i18n: I18n,
  mode: 'create' | 'edit',
): { errors: FieldErrors; input: DebateInput | null } {
  const errors: FieldErrors = {};
  const err = (key: string, text: string) => {
    if (!errors[key]) errors[key] = { text };
  };
  if (mode === 'create') {
    const problem = slugProblem(values.slug);
    if (problem) err('slug', i18n.t(`form.slug.${problem}`));
    if (values.languages.length === 0) err('languages', i18n.t('form.languagesRequired'));
  }
  const languages = orderedLanguages(values);
  const title = cleanTexts(values.title, languages);
  const description = cleanTexts(values.description, languages);
  for (const l of languages) {
    // the server wants a title in every language of the debate
    if (!title[l]) err(`title.${l}`, i18n.t('form.titleRequired'));
    if ((title[l] ?? '').length > TITLE_MAX) err(`title.${l}`, i18n.t('form.tooLong', { max: TITLE_MAX }));
    if ((description[l] ?? '').length > DESCRIPTION_MAX) err(`description.${l}`, i18n.t('form.tooLong', { max: DESCRIPTION_MAX }));
  }
  if (!isValidTimeZone(values.timezone)) err('timezone', i18n.t('form.timezoneInvalid'));

  const phases: PhaseInput[] = [];
  // the saved instant when the field still shows it in the same zone (the input has no seconds)
  // (a new time zone re-reads the wall-clock times: they then stand for other instants)
  const unchanged = (saved: string | null | undefined, local: string) =>
    saved && local === utcToLocalInput(saved, values.timezone) ? saved : null;
  values.phases.forEach((row) => {
    const base = `phases.${row.key}`;
    const name = cleanTexts(row.name, languages);
    if (!name[values.defaultLanguage]) err(`${base}.name`, i18n.t('form.phaseNameRequired'));
    else if (Object.values(name).some((v) => v.length > PHASE_NAME_MAX)) err(`${base}.name`, i18n.t('form.tooLong', { max: PHASE_NAME_MAX }));
    if (errors.timezone) return;
    const start = checkDate(row.start, values.timezone);
    const end = row.end.trim() ? checkDate(row.end, values.timezone) : null;
    for (const [which, check] of [['start', start], ['end', end]] as const) {
      if (!check || check.ok) continue;
      if (check.reason === 'empty') err(`${base}.${which}`, i18n.t('form.startRequired'));
      else if (check.reason === 'invalid') err(`${base}.${which}`, i18n.t('form.dateInvalid'));
      else
        err(
          `${base}.${which}`,
          i18n.t('form.dateNonexistent', { zone: values.timezone, time: check.suggestion ? timeOf(check.suggestion) : '' }),
        );
    }
    if (start.ok && end?.ok && end.instant.epochMs <= start.instant.epochMs) err(`${base}.end`, i18n.t('form.endBeforeStart'));
    if (start.ok && (!end || end.ok)) {
      const phase: PhaseInput = {
        // only the debate's languages: the server refuses names in others (an imported phase may have some)
        name,
        start: unchanged(row.saved?.start, row.start) ?? start.instant.iso,
        end: end && end.ok ? (unchanged(row.saved?.end, row.end) ?? end.instant.iso) : null,
      };
      if (row.id) phase.id = row.id;
      phases.push(phase);
    }
  });
  const writeLimits = { ...DEFAULT_WRITE_LIMITS };
  for (const name of WRITE_LIMIT_NAMES) {
    const text = values.writeLimits[name].trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > MAX_WRITE_LIMIT) {
      err(`writeLimits.${name}`, i18n.t('form.limitRange', { max: MAX_WRITE_LIMIT.toLocaleString(i18n.lang) }));
    } else writeLimits[name] = n;
  }
  for (const who of ['user', 'ip'] as const) {
    if (!errors[`writeLimits.${who}_per_hour`] && writeLimits[`${who}_per_hour`] < writeLimits[`${who}_per_minute`]) {
      err(`writeLimits.${who}_per_hour`, i18n.t('form.limitHourBelowMinute'));
    }
  }
  if (values.phases.length > MAX_PHASES) err('phases', i18n.t('form.tooManyPhases', { max: MAX_PHASES }));
  if (!errors.phases && phases.length === values.phases.length) {
    // the server refuses overlapping phases (an open-ended phase overlaps every later one)
    const sorted = [...phases].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (let k = 1; k < sorted.length; k++) {
      const before = sorted[k - 1];
      if (before.end === null || Date.parse(before.end) > Date.parse(sorted[k].start)) {
        err('phases', i18n.t('form.phasesOverlap'));
        break;
      }
    }
  }

  let terms: DebateInput['terms'];
  if (mode === 'edit') {
    const version = values.termsVersion.trim();
    const url = values.termsUrl.trim();
    const text = values.termsText.trim();
    if ((url || text) && !version) err('termsVersion', i18n.t('form.termsVersionRequired'));
    else if (version && !TERMS_VERSION.test(version)) err('termsVersion', i18n.t('form.termsVersionInvalid'));
    if (url && !/^https?:\/\/\S+$/.test(url)) err('termsUrl', i18n.t('form.termsUrlInvalid'));
    if (text.length > DESCRIPTION_MAX) err('termsText', i18n.t('form.tooLong', { max: DESCRIPTION_MAX }));
    if (version) terms = { version, url: url || null, text: text ? { [values.defaultLanguage]: text } : {} };
  }

  if (Object.keys(errors).length > 0) return { errors, input: null };
  return {
    errors,
    input: {
      ...(mode === 'edit' ? { terms, on_account_deletion: values.onAccountDeletion } : {}),
      slug: values.slug,
      languages,
      default_language: values.defaultLanguage,
      title,
      description,
      visibility: values.visibility,
      timezone: values.timezone,
      phases,
      premoderation: values.premoderation,
      ...(sameLimits(writeLimits, DEFAULT_WRITE_LIMITS) ? {} : { write_limits: writeLimits }),
    },
  };
}

/** Only what changed, so that the audit log names the fields the organiser really changed. */
export function debatePatch(debate: Debate, input: DebateInput): DebatePatch {
  const patch: DebatePatch = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const texts = (m: LocalizedText) => Object.fromEntries(Object.entries(m ?? {}).filter(([, v]) => v).sort());
  if (!same(texts(input.title), texts(debate.title))) patch.title = input.title;
  if (!same(texts(input.description), texts(debate.description))) patch.description = input.description;
  if (input.visibility !== debate.visibility) patch.visibility = input.visibility;
  if (input.timezone !== debate.timezone) patch.timezone = input.timezone;
  if (input.premoderation !== !!debate.premoderation) patch.premoderation = input.premoderation;
  if (input.terms && !same(input.terms, debate.terms ?? null)) patch.terms = input.terms;
  else if (!input.terms && debate.terms && input.on_account_deletion) patch.terms = null; // edit form: emptied
  if (input.on_account_deletion && input.on_account_deletion !== (debate.on_account_deletion ?? 'anonymise')) {
    patch.on_account_deletion = input.on_account_deletion;
  }
  const limits = input.write_limits ?? DEFAULT_WRITE_LIMITS;
  if (!sameLimits(limits, { ...DEFAULT_WRITE_LIMITS, ...debate.write_limits })) patch.write_limits = limits;
  const instant = (iso: string | null) => (iso ? Date.parse(iso) : null);
  // names compared in the debate's languages (the form drops the others; an untouched phase is not re-sent)
  const ours = (m: LocalizedText) => texts(Object.fromEntries(Object.entries(m ?? {}).filter(([l]) => input.languages.includes(l))));
  const mine = input.phases.map((p) => [p.id ?? null, ours(p.name), instant(p.start), instant(p.end)]);
  const theirs = (debate.phases ?? []).map((p) => [p.id, ours(p.name), instant(p.start), instant(p.end)]);
  const byStart = (a: unknown[], b: unknown[]) => (a[2] as number) - (b[2] as number);
  if (!same([...mine].sort(byStart), [...theirs].sort(byStart))) patch.phases = input.phases;
  return patch;
}

/** Where a server field error belongs in the form ("phases.1.start" → the second phase row's start). */
export function formKeyOf(field: string, message: string, values: DebateFormValues, phaseKeys: number[]): string {
  const parts = field.split('.');
  switch (parts[0]) {
    case 'slug':
    case 'languages':
    case 'visibility':
    case 'timezone':
    case 'premoderation':
      return parts[0];
    case 'terms':
      return parts[1] === 'url' ? 'termsUrl' : parts[1] === 'text' ? 'termsText' : 'termsVersion';
    case 'on_account_deletion':
      return 'onAccountDeletion';
    case 'default_language':
      return 'defaultLanguage';
    case 'write_limits':
      return (WRITE_LIMIT_NAMES as readonly string[]).includes(parts[1]) ? `writeLimits.${parts[1]}` : 'writeLimits';
    case 'title':
    case 'description': {
      const lang = parts[1] && values.languages.includes(parts[1]) ? parts[1] : values.defaultLanguage;
      return `${parts[0]}.${lang}`;
    }
    case 'phases': {
      const index = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) : -1;
      const key = phaseKeys[index];
      if (key === undefined) return 'phases';
      const sub = parts[2];
      return sub === 'name' || sub === 'start' || sub === 'end' ? `phases.${key}.${sub}` : `phases.${key}`;
    }
    case 'body':
      // model-level checks: "title must be given in the default language", "default_language must be …"
      if (message.startsWith('title')) return `title.${values.defaultLanguage}`;
      if (message.startsWith('default_language')) return 'defaultLanguage';
      return 'form';
    default:
      return 'form';
  }
}

/** The server's answer to a refused save, as messages next to the fields. */
export function serverErrors(error: unknown, values: DebateFormValues, phaseKeys: number[], i18n: I18n): FieldErrors {
  const errors: FieldErrors = {};
  // the server writes its messages in English
  const lang = i18n.lang === 'en' ? undefined : 'en';
  if (error instanceof ApiError && error.code === 'slug_taken') {
    errors.slug = { text: i18n.t('form.slugTaken') };
    return errors;
  }
  if (error instanceof ApiError && error.fieldErrors.length > 0) {
    for (const f of error.fieldErrors) {
      const key = formKeyOf(f.field, f.message, values, phaseKeys);
      const text = key === 'form' && f.field !== 'body' ? `${f.field}: ${f.message}` : f.message;
      errors[key] = errors[key] ? { text: `${errors[key].text} ${text}`, lang } : { text, lang };
    }
  }
  return errors;
}
