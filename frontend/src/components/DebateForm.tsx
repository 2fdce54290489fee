// The debate form (organisers), shared by "Créer un débat" (#/new) and the settings page. Loaded on demand.
import '../i18n-admin';
import type { TargetedSubmitEvent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { DEBATE_LANGUAGES, MAX_WRITE_LIMIT, WRITE_LIMIT_NAMES, type DebateInput } from '../api';
import { useApp } from '../context';
import {
  checkDate,
  DESCRIPTION_MAX,
  INVITE_ROLES,
  isEmail,
  MAX_INVITES,
  MAX_PHASES,
  orderedLanguages,
  PHASE_NAME_MAX,
  serverErrors,
  TITLE_MAX,
  validateDebateForm,
  type DebateFormValues,
  type FieldErrors,
  type InviteRole,
  type InviteRow,
  type PhaseRow,
} from '../debateForm';
import { errorText } from '../errors';
import { languageName } from '../i18n';
import { roleLabel } from '../roles';
import { slugify, SLUG_MAX } from '../slug';
import { COMMON_TIME_ZONES, formatUtcOffset, isValidTimeZone, zoneOffsetMinutes } from '../tz';

interface Props {
  mode: 'create' | 'edit';
  formId: string;
  initial: DebateFormValues;
  submitLabel: string;
  /** Invitations sent after the debate is created (creation form). */
  withInvites?: boolean;
  /**
   * Resolves when saved, optionally with a message for the status line and the values to show from now on
   * (e.g. the phases with the ids the server gave them); rejects with the API error otherwise (its 422 fields
   * are shown next to the fields).
   */
  onSubmit(input: DebateInput, invites: InviteRow[]): Promise<SubmitResult | void>;
}

export interface SubmitResult {
  message?: string;
  values?: DebateFormValues;
}

export function capitalise(text: string): string {
  return text ? text[0].toLocaleUpperCase() + text.slice(1) : text;
}

/** "Europe/Paris (UTC+1)" with today's offset. */
function zoneLabel(zone: string, now: number): string {
  if (zone === 'UTC') return 'UTC';
  try {
    return `${zone} (${formatUtcOffset(zoneOffsetMinutes(now, zone))})`;
  } catch {
    return zone;
  }
}

export function DebateForm({ mode, formId, initial, submitLabel, withInvites = false, onSubmit }: Props) {
  const { i18n } = useApp();
  const [values, setValues] = useState<DebateFormValues>(initial);
  const [invites, setInvites] = useState<InviteRow[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // the status line: news of the last action, or the number of fields to correct (shown as an error)
  const [status, setStatusState] = useState<{ text: string; error: boolean }>({ text: '', error: false });
  const setStatus = (text: string, error = false) => setStatusState({ text, error });
  const [sending, setSending] = useState(false);
  const [slugEdited, setSlugEdited] = useState(mode === 'edit' || initial.slug !== '');
  const formRef = useRef<HTMLFormElement>(null);
  const keyCounter = useRef(Math.max(0, ...initial.phases.map((p) => p.key)) + 1);
  const nextKey = () => keyCounter.current++;
  const now = Date.now();

  const languages = orderedLanguages(values);
  const tz = values.timezone;
  const zones = COMMON_TIME_ZONES.filter(isValidTimeZone);
  if (tz && !zones.includes(tz)) zones.unshift(tz);

  const id = (key: string) => `${formId}-${key.replace(/\./g, '-')}`;
  const errId = (key: string) => `${id(key)}-error`;
  const describedBy = (key: string, ...hints: (string | false | null | undefined)[]) =>
    [...hints, errors[key] ? errId(key) : null].filter(Boolean).join(' ') || undefined;
  const invalid = (key: string) => (errors[key] ? (true as const) : undefined);
  const fieldError = (key: string, group = false) =>
    errors[key] ? (
      <p id={errId(key)} class="field-error" lang={errors[key].lang} data-group-error={group || undefined} tabIndex={group ? -1 : undefined}>
        {errors[key].text}
      </p>
    ) : null;
  const langName = (l: string) => languageName(l, i18n.lang);
  // the language is always named: the labels stay the same whatever the number of languages
  const withLang = (key: 'form.titleLang' | 'form.descriptionLang' | 'form.phaseNameLang', l: string) =>
    i18n.t(key, { lang: langName(l) });

  const set = (patch: Partial<DebateFormValues>) => setValues((v) => ({ ...v, ...patch }));

  function focusFirstError() {
    requestAnimationFrame(() => {
      const el = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-group-error]');
      el?.focus();
    });
  }

  function toggleLanguage(l: string, on: boolean) {
    setValues((v) => {
      const langs = on ? DEBATE_LANGUAGES.filter((x) => x === l || v.languages.includes(x)) : v.languages.filter((x) => x !== l);
      const defaultLanguage = langs.includes(v.defaultLanguage) ? v.defaultLanguage : (langs[0] ?? v.defaultLanguage);
      return { ...v, languages: [...langs], defaultLanguage };
    });
  }

  function setTitle(l: string, text: string) {
    setValues((v) => {
      const next = { ...v, title: { ...v.title, [l]: text } };
      if (!slugEdited && l === v.defaultLanguage) next.slug = slugify(text);
      return next;
    });
  }

  function updatePhase(key: number, patch: Partial<PhaseRow>) {
    setValues((v) => ({ ...v, phases: v.phases.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));
  }

  function addPhase() {
    if (values.phases.length >= MAX_PHASES) {
      setStatus(i18n.t('form.tooManyPhases', { max: MAX_PHASES }));
      return;
    }
    const key = nextKey();
    set({ phases: [...values.phases, { key, name: {}, start: '', end: '' }] });
    setStatus(i18n.t('form.phaseAdded', { n: values.phases.length + 1 }));
    requestAnimationFrame(() => document.getElementById(id(`phases.${key}.name.${values.defaultLanguage}`))?.focus());
  }

  function removePhase(key: number, n: number) {
    set({ phases: values.phases.filter((p) => p.key !== key) });
    setStatus(i18n.t('form.phaseRemoved', { n }));
    requestAnimationFrame(() => document.getElementById(id('add-phase'))?.focus());
  }

  function addInvite() {
    if (invites.length >= MAX_INVITES) return;
    const key = nextKey();
    setInvites([...invites, { key, email: '', role: 'participant' }]);
    requestAnimationFrame(() => document.getElementById(id(`invites.${key}`))?.focus());
  }

  function removeInvite(key: number, n: number) {
    setInvites(invites.filter((x) => x.key !== key));
    setStatus(i18n.t('form.inviteRemoved', { n }));
    requestAnimationFrame(() => document.getElementById(id('add-invite'))?.focus());
  }

  async function submit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending) return;
    setFormError(null);
    setStatus('');
    const { errors: errs, input } = validateDebateForm(values, i18n, mode);
    const wanted = invites.filter((x) => x.email.trim());
    for (const x of wanted) if (!isEmail(x.email)) errs[`invites.${x.key}`] = { text: i18n.t('form.inviteEmailInvalid') };
    setErrors(errs);
    if (!input || Object.keys(errs).length > 0) {
      setStatus(i18n.t('form.hasErrors', { n: Object.keys(errs).length }), true);
      focusFirstError();
      return;
    }
    setSending(true);
    try {
      const result = await onSubmit(input, wanted.map((x) => ({ ...x, email: x.email.trim() })));
      if (result?.values) {
        keyCounter.current = Math.max(keyCounter.current, ...result.values.phases.map((p) => p.key + 1));
        setValues(result.values);
      }
      if (result?.message) setStatus(result.message);
    } catch (err) {
      const mapped = serverErrors(err, values, values.phases.map((p) => p.key), i18n);
      const { form, ...fields } = mapped;
      setErrors(fields);
      if (form || Object.keys(fields).length === 0) setFormError(form?.text ?? errorText(i18n, err));
      if (Object.keys(fields).length > 0) {
        setStatus(i18n.t('form.hasErrors', { n: Object.keys(fields).length }), true);
        focusFirstError();
      } else {
        requestAnimationFrame(() => document.getElementById(id('form-error'))?.focus());
      }
    } finally {
      setSending(false);
    }
  }

  function dateHint(local: string): string {
    if (!isValidTimeZone(tz)) return '';
    const check = local ? checkDate(local, tz) : null;
    if (check?.ok) {
      const offset = formatUtcOffset(check.instant.offsetMinutes);
      return check.ambiguous ? i18n.t('form.dateAmbiguous', { zone: tz, offset }) : i18n.t('form.dateOffset', { zone: tz, offset });
    }
    return i18n.t('form.dateZone', { zone: tz });
  }

  return (
    <form ref={formRef} id={formId} class="debate-form" onSubmit={submit} noValidate>
      <p class="hint">{i18n.t(mode === 'create' ? 'form.requiredNote' : 'form.requiredNoteEdit')}</p>

      {mode === 'create' ? (
        <>
          <fieldset>
            <legend>{i18n.t('form.languages')}</legend>
            <p id={id('languages-hint')} class="hint">
              {i18n.t('form.languagesHint')}
            </p>
            {fieldError('languages', true)}
            <div class="checkbox-columns">
              {DEBATE_LANGUAGES.map((l) => (
                <div class="checkbox" key={l}>
                  <input
                    type="checkbox"
                    id={id(`lang-${l}`)}
                    checked={values.languages.includes(l)}
                    aria-invalid={invalid('languages')}
                    aria-describedby={describedBy('languages', id('languages-hint'))}
                    onChange={(e) => toggleLanguage(l, e.currentTarget.checked)}
                  />
                  <label for={id(`lang-${l}`)}>{capitalise(langName(l))}</label>
                </div>
              ))}
            </div>
          </fieldset>
          {values.languages.length > 1 && (
            <div class="field">
              <label for={id('defaultLanguage')} class="label">
                {i18n.t('form.defaultLanguage')}
              </label>
              <p id={id('defaultLanguage-hint')} class="hint">
                {i18n.t('form.defaultLanguageHint')}
              </p>
              <select
                id={id('defaultLanguage')}
                value={values.defaultLanguage}
                aria-invalid={invalid('defaultLanguage')}
                aria-describedby={describedBy('defaultLanguage', id('defaultLanguage-hint'))}
                onChange={(e) => set({ defaultLanguage: e.currentTarget.value })}
              >
                {values.languages.map((l) => (
                  <option key={l} value={l}>
                    {capitalise(langName(l))}
                  </option>
                ))}
              </select>
              {fieldError('defaultLanguage')}
            </div>
          )}
        </>
      ) : (
        <p>
          {i18n.t('form.languagesFixed', {
            list: languages.map((l) => langName(l)).join(', '),
            default: langName(values.defaultLanguage),
          })}
        </p>
      )}

      {languages.map((l) => (
        <div key={l} class="field-pair">
          <div class="field">
            <label for={id(`title.${l}`)} class="label">
              {withLang('form.titleLang', l)}
            </label>
            <input
              type="text"
              id={id(`title.${l}`)}
              lang={l}
              maxLength={TITLE_MAX}
              value={values.title[l] ?? ''}
              aria-required={l === values.defaultLanguage ? true : undefined}
              aria-invalid={invalid(`title.${l}`)}
              aria-describedby={describedBy(`title.${l}`)}
              onInput={(e) => setTitle(l, e.currentTarget.value)}
            />
            {fieldError(`title.${l}`)}
          </div>
          <div class="field">
            <label for={id(`description.${l}`)} class="label">
              {withLang('form.descriptionLang', l)}
            </label>
            <textarea
              id={id(`description.${l}`)}
              lang={l}
              rows={4}
              maxLength={DESCRIPTION_MAX}
              value={values.description[l] ?? ''}
              aria-invalid={invalid(`description.${l}`)}
              aria-describedby={describedBy(`description.${l}`)}
              onInput={(e) => set({ description: { ...values.description, [l]: e.currentTarget.value } })}
            />
            {fieldError(`description.${l}`)}
          </div>
        </div>
      ))}

      {mode === 'create' && (
        <div class="field">
          <label for={id('slug')} class="label">
            {i18n.t('form.slug')}
          </label>
          <p id={id('slug-hint')} class="hint">
            {i18n.t('form.slugHint', { max: SLUG_MAX })}
          </p>
          <input
            type="text"
            id={id('slug')}
            value={values.slug}
            maxLength={SLUG_MAX}
            autocomplete="off"
            spellcheck={false}
            aria-required
            aria-invalid={invalid('slug')}
            aria-describedby={describedBy('slug', id('slug-hint'), id('slug-preview'))}
            onInput={(e) => {
              setSlugEdited(true);
              set({ slug: e.currentTarget.value });
            }}
          />
          <p id={id('slug-preview')} class="hint slug-preview">
            {i18n.t('form.slugPreview', { address: `#/d/${values.slug}` })}
          </p>
          {fieldError('slug')}
        </div>
      )}

      <fieldset>
        <legend>{i18n.t('form.visibility')}</legend>
        {(['public', 'private'] as const).map((v) => (
          <div key={v}>
            <div class="radio">
              <input
                type="radio"
                id={id(`visibility-${v}`)}
                name={id('visibility')}
                checked={values.visibility === v}
                aria-describedby={id(`visibility-${v}-hint`)}
                onChange={() => set({ visibility: v })}
              />
              <label for={id(`visibility-${v}`)}>{i18n.t(`form.visibility.${v}`)}</label>
            </div>
            <p id={id(`visibility-${v}-hint`)} class="hint checkbox-hint">
              {i18n.t(`form.visibility.${v}Hint`)}
            </p>
          </div>
        ))}
        {fieldError('visibility', true)}
      </fieldset>

      <div class="checkbox">
        <input
          type="checkbox"
          id={id('premoderation')}
          checked={values.premoderation}
          aria-describedby={id('premoderation-hint')}
          onChange={(e) => set({ premoderation: e.currentTarget.checked })}
        />
        <label for={id('premoderation')}>{i18n.t('form.premoderation')}</label>
      </div>
      <p id={id('premoderation-hint')} class="hint checkbox-hint">
        {i18n.t('form.premoderationHint')}
      </p>

      <fieldset class="limits-fieldset">
        <legend>{i18n.t('form.limits')}</legend>
        <p id={id('limits-hint')} class="hint">
          {i18n.t('form.limitsHint')}
        </p>
        {WRITE_LIMIT_NAMES.map((name) => {
          const key = `writeLimits.${name}`;
          return (
            <div class="field field-inline" key={name}>
              <label for={id(key)} class="label">
                {i18n.t(`form.limit.${name}`)}
              </label>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_WRITE_LIMIT}
                step={1}
                id={id(key)}
                value={values.writeLimits[name]}
                aria-invalid={invalid(key)}
                aria-describedby={describedBy(key, id('limits-hint'))}
                onInput={(e) => set({ writeLimits: { ...values.writeLimits, [name]: e.currentTarget.value } })}
              />
              {fieldError(key)}
            </div>
          );
        })}
      </fieldset>
      {mode === 'edit' && (
        <fieldset>
          <legend>{i18n.t('form.personalData')}</legend>
          <fieldset>
            <legend>{i18n.t('form.onAccountDeletion')}</legend>
            {(['anonymise', 'remove'] as const).map((policy) => (
              <div key={policy}>
                <div class="radio">
                  <input
                    type="radio"
                    id={id(`deletion-${policy}`)}
                    name={id('deletion')}
                    checked={values.onAccountDeletion === policy}
                    aria-describedby={id(`deletion-${policy}-hint`)}
                    onChange={() => set({ onAccountDeletion: policy })}
                  />
                  <label for={id(`deletion-${policy}`)}>{i18n.t(`form.deletion.${policy}`)}</label>
                </div>
                <p id={id(`deletion-${policy}-hint`)} class="hint checkbox-hint">
                  {i18n.t(`form.deletion.${policy}Hint`)}
                </p>
              </div>
            ))}
            {fieldError('onAccountDeletion', true)}
          </fieldset>
          <p class="hint">{i18n.t('form.termsHint')}</p>
          <div class="field">
            <label for={id('termsVersion')} class="label">
              {i18n.t('form.termsVersion')}
            </label>
            <p id={id('termsVersion-hint')} class="hint">
              {i18n.t('form.termsVersionHint')}
            </p>
            <input
              type="text"
              id={id('termsVersion')}
              maxLength={40}
              value={values.termsVersion}
              aria-invalid={invalid('termsVersion')}
              aria-describedby={describedBy('termsVersion', id('termsVersion-hint'))}
              onInput={(e) => set({ termsVersion: e.currentTarget.value })}
            />
            {fieldError('termsVersion')}
          </div>
          <div class="field">
            <label for={id('termsUrl')} class="label">
              {i18n.t('form.termsUrl')}
            </label>
            <input
              type="url"
              id={id('termsUrl')}
              maxLength={500}
              value={values.termsUrl}
              aria-invalid={invalid('termsUrl')}
              aria-describedby={describedBy('termsUrl')}
              onInput={(e) => set({ termsUrl: e.currentTarget.value })}
            />
            {fieldError('termsUrl')}
          </div>
          <div class="field">
            <label for={id('termsText')} class="label">
              {i18n.t('form.termsText')}
            </label>
            <textarea
              id={id('termsText')}
              rows={4}
              value={values.termsText}
              aria-invalid={invalid('termsText')}
              aria-describedby={describedBy('termsText')}
              onInput={(e) => set({ termsText: e.currentTarget.value })}
            />
            {fieldError('termsText')}
          </div>
        </fieldset>
      )}

      <div class="field">
        <label for={id('timezone')} class="label">
          {i18n.t('form.timezone')}
        </label>
        <p id={id('timezone-hint')} class="hint">
          {i18n.t('form.timezoneHint')}
        </p>
        <select
          id={id('timezone')}
          value={tz}
          aria-invalid={invalid('timezone')}
          aria-describedby={describedBy('timezone', id('timezone-hint'))}
          onChange={(e) => set({ timezone: e.currentTarget.value })}
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {zoneLabel(z, now)}
            </option>
          ))}
        </select>
        {fieldError('timezone')}
      </div>

      <fieldset class="phases-fieldset">
        <legend>{i18n.t('form.phases')}</legend>
        <p id={id('phases-hint')} class="hint">
          {i18n.t('form.phasesHint', { zone: tz })}
        </p>
        {fieldError('phases', true)}
        {values.phases.length === 0 && <p class="empty">{i18n.t('form.noPhases')}</p>}
        {values.phases.map((row, index) => {
          const n = index + 1;
          const base = `phases.${row.key}`;
          return (
            <fieldset key={row.key} class="phase-row" aria-describedby={errors[base] ? errId(base) : undefined}>
              <legend>{i18n.t('form.phaseN', { n })}</legend>
              {fieldError(base, true)}
              {languages.map((l) => {
                const key = `${base}.name`;
                const fid = id(`${base}.name.${l}`);
                return (
                  <div class="field" key={l}>
                    <label for={fid} class="label">
                      {withLang('form.phaseNameLang', l)}
                    </label>
                    <input
                      type="text"
                      id={fid}
                      lang={l}
                      maxLength={PHASE_NAME_MAX}
                      value={row.name[l] ?? ''}
                      aria-required={l === values.defaultLanguage ? true : undefined}
                      aria-invalid={l === values.defaultLanguage ? invalid(key) : undefined}
                      aria-describedby={l === values.defaultLanguage ? describedBy(key) : undefined}
                      onInput={(e) => updatePhase(row.key, { name: { ...row.name, [l]: e.currentTarget.value } })}
                    />
                    {l === values.defaultLanguage && fieldError(key)}
                  </div>
                );
              })}
              <div class="field-pair">
                {(['start', 'end'] as const).map((which) => {
                  const key = `${base}.${which}`;
                  return (
                    <div class="field" key={which}>
                      <label for={id(key)} class="label">
                        {i18n.t(which === 'start' ? 'form.start' : 'form.end')}
                      </label>
                      <input
                        type="datetime-local"
                        id={id(key)}
                        value={row[which]}
                        aria-required={which === 'start' ? true : undefined}
                        aria-invalid={invalid(key)}
                        aria-describedby={describedBy(key, `${id(key)}-hint`)}
                        onInput={(e) => updatePhase(row.key, { [which]: e.currentTarget.value })}
                        onChange={(e) => updatePhase(row.key, { [which]: e.currentTarget.value })}
                      />
                      <p id={`${id(key)}-hint`} class="hint">
                        {dateHint(row[which])}
                      </p>
                      {fieldError(key)}
                    </div>
                  );
                })}
              </div>
              <button type="button" class="button button-secondary button-small" onClick={() => removePhase(row.key, n)}>
                {i18n.t('form.removePhase', { n })}
              </button>
            </fieldset>
          );
        })}
        <button type="button" id={id('add-phase')} class="button button-secondary" onClick={addPhase}>
          {i18n.t('form.addPhase')}
        </button>
      </fieldset>

      {withInvites && (
        <fieldset class="invites-fieldset">
          <legend>{i18n.t('form.invites')}</legend>
          <p id={id('invites-hint')} class="hint">
            {i18n.t('form.invitesHint')}
          </p>
          {invites.length === 0 && <p class="empty">{i18n.t('form.noInvites')}</p>}
          {invites.map((x, index) => {
            const n = index + 1;
            const key = `invites.${x.key}`;
            return (
              <div key={x.key} class="invite-row">
                <div class="field">
                  <label for={id(key)} class="label">
                    {i18n.t('form.inviteEmail', { n })}
                  </label>
                  <input
                    type="email"
                    id={id(key)}
                    autocomplete="off"
                    value={x.email}
                    aria-invalid={invalid(key)}
                    aria-describedby={describedBy(key)}
                    onInput={(e) => setInvites(invites.map((y) => (y.key === x.key ? { ...y, email: e.currentTarget.value } : y)))}
                  />
                  {fieldError(key)}
                </div>
                <div class="field">
                  <label for={id(`${key}-role`)} class="label">
                    {i18n.t('form.inviteRole', { n })}
                  </label>
                  <select
                    id={id(`${key}-role`)}
                    value={x.role}
                    onChange={(e) =>
                      setInvites(invites.map((y) => (y.key === x.key ? { ...y, role: e.currentTarget.value as InviteRole } : y)))
                    }
                  >
                    {INVITE_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleLabel(i18n, r)}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="button" class="button button-secondary button-small" onClick={() => removeInvite(x.key, n)}>
                  {i18n.t('form.removeInvite', { n })}
                </button>
              </div>
            );
          })}
          <button type="button" id={id('add-invite')} class="button button-secondary" onClick={addInvite}>
            {i18n.t('form.addInvite')}
          </button>
        </fieldset>
      )}

      {formError && (
        <div role="alert" id={id('form-error')} tabIndex={-1} class="alert">
          <p>{formError}</p>
        </div>
      )}
      <div class="form-actions">
        <button type="submit" class="button" aria-disabled={sending || undefined}>
          {submitLabel}
        </button>
        <span role="status" class="sending">
          {sending ? i18n.t('common.saving') : ''}
        </span>
      </div>
      <p role="status" class={status.error ? 'status-message form-status form-status-error' : 'status-message form-status'}>
        {status.text}
      </p>
    </form>
  );
}
