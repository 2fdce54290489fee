import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api';
import {
  debatePatch,
  emptyValues,
  formKeyOf,
  isEmail,
  serverErrors,
  validateDebateForm,
  valuesFromDebate,
  type DebateFormValues,
} from '../src/debateForm';
import { createI18n } from '../src/i18n';
import '../src/i18n-admin';
import { makeDebate } from './helpers';

const fr = createI18n('fr');

function values(over: Partial<DebateFormValues> = {}): DebateFormValues {
  return { ...emptyValues('fr'), slug: 'budget-2027', title: { fr: 'Budget 2027' }, ...over };
}

describe('validateDebateForm', () => {
  it('builds the DebateInput, with phases as instants carrying the offset of their own date', () => {
    const { errors, input } = validateDebateForm(
      values({
        languages: ['fr', 'en'],
        title: { fr: ' Budget 2027 ', en: 'Budget 2027 (en)' },
        description: { fr: 'Texte', en: 'Text' },
        phases: [
          { key: 1, name: { fr: 'Propositions', en: '' }, start: '2027-01-10T09:00', end: '2027-03-28T03:00' },
          { key: 2, id: '0123456789abcdef', name: { fr: 'Vote' }, start: '2027-03-28T03:00', end: '' },
        ],
      }),
      fr,
      'create',
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      slug: 'budget-2027',
      languages: ['fr', 'en'],
      default_language: 'fr',
      title: { fr: 'Budget 2027', en: 'Budget 2027 (en)' },
      description: { fr: 'Texte', en: 'Text' },
      visibility: 'public',
      timezone: 'Europe/Paris',
      phases: [
        { name: { fr: 'Propositions' }, start: '2027-01-10T09:00:00+01:00', end: '2027-03-28T03:00:00+02:00' },
        { id: '0123456789abcdef', name: { fr: 'Vote' }, start: '2027-03-28T03:00:00+02:00', end: null },
      ],
      premoderation: false,
    });
  });

  it('explains every refused field, like the server would', () => {
    const { errors, input } = validateDebateForm(
      values({
        slug: 'Budget 2027',
        title: {},
        phases: [
          { key: 7, name: {}, start: '2027-03-28T02:30', end: '' },
          { key: 8, name: { fr: 'B' }, start: '2027-05-01T10:00', end: '2027-05-01T09:00' },
        ],
      }),
      fr,
      'create',
    );
    expect(input).toBeNull();
    expect(errors.slug.text).toMatch(/lettres minuscules/);
    expect(errors['title.fr'].text).toBe('Donnez un titre au débat dans cette langue (il en faut un dans chacune de ses langues).');
    expect(errors['phases.7.name']).toBeDefined();
    expect(errors['phases.7.start'].text).toContain("n'existe pas dans le fuseau Europe/Paris");
    expect(errors['phases.7.start'].text).toContain('03:30');
    expect(errors['phases.8.end'].text).toBe('La fin doit être postérieure au début.');
  });

  it('refuses overlapping phases, an open-ended phase included', () => {
    const { errors } = validateDebateForm(
      values({
        phases: [
          { key: 1, name: { fr: 'A' }, start: '2027-01-10T09:00', end: '' },
          { key: 2, name: { fr: 'B' }, start: '2027-02-10T09:00', end: '2027-03-10T09:00' },
        ],
      }),
      fr,
      'create',
    );
    expect(errors.phases.text).toMatch(/se chevauchent/);
  });
});

describe('debatePatch', () => {
  it('sends only what changed, and keeps the phase ids', () => {
    const debate = makeDebate({
      phases: [{ id: 'p1', name: { fr: 'Phase' }, start: '2027-01-10T08:00:00.000Z', end: null }],
    });
    let k = 0;
    const v = valuesFromDebate(debate, () => ++k);
    expect(v.phases[0]).toMatchObject({ id: 'p1', start: '2027-01-10T09:00', end: '' });
    const same = validateDebateForm(v, fr, 'edit').input!;
    expect(debatePatch(debate, same)).toEqual({});

    const changed = validateDebateForm({ ...v, title: { fr: 'Nouveau titre' }, premoderation: true }, fr, 'edit').input!;
    expect(debatePatch(debate, changed)).toEqual({ title: { fr: 'Nouveau titre' }, premoderation: true });

    // a new time zone re-reads the same wall-clock times: the instants change, the ids stay
    const moved = validateDebateForm({ ...v, timezone: 'America/New_York' }, fr, 'edit').input!;
    expect(debatePatch(debate, moved)).toEqual({
      timezone: 'America/New_York',
      phases: [{ id: 'p1', name: { fr: 'Phase' }, start: '2027-01-10T09:00:00-05:00', end: null }],
    });
  });

  it('sends the terms of participation and the account-deletion rule when they change, never when creating', () => {
    const debate = makeDebate();
    const v = valuesFromDebate(debate, () => 1);
    expect(v.onAccountDeletion).toBe('anonymise');
    const edited = { ...v, termsVersion: '2026-01', termsUrl: 'https://example.org/cgu', termsText: ' Soyez courtois. ', onAccountDeletion: 'remove' as const };
    expect(debatePatch(debate, validateDebateForm(edited, fr, 'edit').input!)).toEqual({
      terms: { version: '2026-01', url: 'https://example.org/cgu', text: { fr: 'Soyez courtois.' } },
      on_account_deletion: 'remove',
    });
    const saved = makeDebate({ terms: { version: '2026-01', url: null, text: {} }, on_account_deletion: 'remove' });
    expect(debatePatch(saved, validateDebateForm(valuesFromDebate(saved, () => 1), fr, 'edit').input!)).toEqual({});
    const emptied = { ...valuesFromDebate(saved, () => 1), termsVersion: '' };
    expect(debatePatch(saved, validateDebateForm(emptied, fr, 'edit').input!)).toEqual({ terms: null });
    expect(validateDebateForm({ ...v, termsUrl: 'javascript:x' }, fr, 'edit').errors).toMatchObject({
      termsVersion: { text: 'Indiquez une version pour ces conditions.' },
      termsUrl: { text: 'Indiquez une adresse qui commence par https:// ou http://.' },
    });
    expect(validateDebateForm({ ...edited, slug: 'neuf' }, fr, 'create').input).not.toHaveProperty('terms');
  });
});

describe('what the server refuses is refused before sending', () => {
  it('wants a title in every language of the debate', () => {
    const { errors, input } = validateDebateForm(values({ languages: ['fr', 'en'], title: { fr: 'Budget' } }), fr, 'create');
    expect(input).toBeNull();
    expect(Object.keys(errors)).toEqual(['title.en']);
  });

  it('refuses emails with invisible characters', () => {
    expect(isEmail('a@example.org')).toBe(true);
    for (const email of ['a\u200b@example.org', 'a\u0000@example.org', 'a\u00a0b@example.org', '\u202ea@example.org']) {
      expect(isEmail(email)).toBe(false);
    }
  });
});

describe('saving the calendar keeps what the form cannot show', () => {
  it('keeps seconds of phases the organiser did not touch, and drops names in languages the debate does not have', () => {
    const debate = makeDebate({
      languages: ['en'],
      default_language: 'en',
      title: { en: 'Imported' },
      description: {},
      timezone: 'UTC',
      phases: [{ id: 'p1', name: { en: 'Conversation', fr: 'Conversation' }, start: '2017-06-14T05:55:32.326Z', end: null }],
    });
    let k = 0;
    const v = valuesFromDebate(debate, () => ++k);
    expect(debatePatch(debate, validateDebateForm(v, fr, 'edit').input!)).toEqual({});
    const ended = { ...v, phases: [{ ...v.phases[0], end: '2026-12-03T17:00' }] };
    expect(debatePatch(debate, validateDebateForm(ended, fr, 'edit').input!).phases).toEqual([
      { id: 'p1', name: { en: 'Conversation' }, start: '2017-06-14T05:55:32.326Z', end: '2026-12-03T17:00:00+00:00' },
    ]);
  });
});

describe('write limits', () => {
  it('are sent only when they differ from the defaults, and patched back to the defaults when reset', () => {
    const plain = validateDebateForm(values(), fr, 'create').input!;
    expect(plain.write_limits).toBeUndefined();
    const limits = { ...values().writeLimits, user_per_minute: '5', ip_per_hour: '9000' };
    const custom = validateDebateForm(values({ writeLimits: limits }), fr, 'create').input!;
    expect(custom.write_limits).toEqual({ user_per_minute: 5, user_per_hour: 600, ip_per_minute: 300, ip_per_hour: 9000 });

    const debate = makeDebate({ write_limits: custom.write_limits });
    const v = valuesFromDebate(debate, () => 1);
    expect(v.writeLimits.user_per_minute).toBe('5');
    expect(debatePatch(debate, validateDebateForm(v, fr, 'edit').input!)).toEqual({});
    const reset = validateDebateForm({ ...v, writeLimits: values().writeLimits }, fr, 'edit').input!;
    expect(debatePatch(debate, reset)).toEqual({
      write_limits: { user_per_minute: 30, user_per_hour: 600, ip_per_minute: 300, ip_per_hour: 6000 },
    });
  });

  it('must be whole numbers in range, the hourly limit not below the per-minute one', () => {
    const bad = { ...values().writeLimits, user_per_minute: '0', ip_per_minute: '2.5', user_per_hour: 'x' };
    const { errors, input } = validateDebateForm(values({ writeLimits: bad }), fr, 'create');
    expect(input).toBeNull();
    expect(Object.keys(errors).sort()).toEqual([
      'writeLimits.ip_per_minute',
      'writeLimits.user_per_hour',
      'writeLimits.user_per_minute',
    ]);
    const inverted = { ...values().writeLimits, ip_per_minute: '700', ip_per_hour: '600' };
    expect(Object.keys(validateDebateForm(values({ writeLimits: inverted }), fr, 'create').errors)).toEqual([
      'writeLimits.ip_per_hour',
    ]);
    expect(formKeyOf('write_limits.ip_per_hour', 'x', values(), [])).toBe('writeLimits.ip_per_hour');
    expect(formKeyOf('write_limits', 'x', values(), [])).toBe('writeLimits');
  });
});

describe('server errors', () => {
  const v = values({ languages: ['fr', 'en'] });

  it('puts each 422 field next to its form field', () => {
    expect(formKeyOf('slug', 'x', v, [])).toBe('slug');
    expect(formKeyOf('title.en', 'x', v, [])).toBe('title.en');
    expect(formKeyOf('phases.1.start', 'x', v, [4, 9])).toBe('phases.9.start');
    expect(formKeyOf('phases.0', 'x', v, [4, 9])).toBe('phases.4');
    expect(formKeyOf('phases', 'phases must not overlap', v, [4])).toBe('phases');
    expect(formKeyOf('body', 'title must be given in the default language', v, [])).toBe('title.fr');
    expect(formKeyOf('body', 'default_language must be one of languages', v, [])).toBe('defaultLanguage');
    expect(formKeyOf('surprise', 'x', v, [])).toBe('form');
  });

  it('marks the server’s English messages, and translates slug_taken', () => {
    const err = new ApiError(422, 'validation_failed', 'invalid', {
      fields: [{ field: 'timezone', message: "'Mars/Olympus' is not a known time zone" }],
    });
    expect(serverErrors(err, v, [], fr)).toEqual({ timezone: { text: "'Mars/Olympus' is not a known time zone", lang: 'en' } });
    const taken = new ApiError(409, 'slug_taken', 'This address is already taken');
    expect(serverErrors(taken, v, [], fr).slug.text).toBe('Cette adresse est déjà prise : choisissez-en une autre.');
  });
});
