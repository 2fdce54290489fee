import { describe, expect, it } from 'vitest';
import { createI18n, pickText } from '../src/i18n';

// French groups thousands with a narrow no-break space (U+202F).
const NNBSP = '\u202f';

describe('French plurals', () => {
  const fr = createI18n('fr');

  it('uses the singular for 0 and 1', () => {
    expect(fr.tn('ideas', 0)).toBe('0 idée');
    expect(fr.tn('ideas', 1)).toBe('1 idée');
    expect(fr.tn('posts', 0)).toBe('0 contribution');
    expect(fr.tn('participants', 1)).toBe('1 participant');
  });

  it('uses the plural for 2', () => {
    expect(fr.tn('ideas', 2)).toBe('2 idées');
    expect(fr.tn('posts', 2)).toBe('2 contributions');
    expect(fr.tn('stances', 2)).toBe('2 positions exprimées');
  });

  it('uses the "many" form for 1 000 000, with a localised number', () => {
    expect(fr.tn('ideas', 1_000_000)).toBe(`1${NNBSP}000${NNBSP}000 d'idées`);
    expect(fr.tn('posts', 1_000_000)).toBe(`1${NNBSP}000${NNBSP}000 de contributions`);
    expect(fr.tn('replies', 1_000_000)).toBe(`1${NNBSP}000${NNBSP}000 de réponses`);
  });

  it('uses "other" for large numbers that are not round millions', () => {
    expect(fr.tn('posts', 1234)).toBe(`1${NNBSP}234 contributions`);
  });
});

describe('English plurals', () => {
  const en = createI18n('en');

  it('uses "other" for 0 and "one" for 1', () => {
    expect(en.tn('ideas', 0)).toBe('0 ideas');
    expect(en.tn('ideas', 1)).toBe('1 idea');
    expect(en.tn('ideas', 2)).toBe('2 ideas');
    expect(en.tn('replies', 1)).toBe('1 reply');
  });

  it('formats large numbers with commas', () => {
    expect(en.tn('ideas', 1_000_000)).toBe('1,000,000 ideas');
    expect(en.tn('participants', 1_000_000)).toBe('1,000,000 participants');
  });
});

describe('messages', () => {
  it('interpolates parameters and keeps unknown placeholders', () => {
    const fr = createI18n('fr');
    expect(fr.t('signin.already', { name: 'Alice' })).toBe('Vous êtes connecté en tant que Alice.');
    expect(fr.t('debate.phaseRange')).toBe('Du {start} au {end}');
  });

  it('has the labels the end-to-end tests rely on', () => {
    const fr = createI18n('fr');
    const en = createI18n('en');
    expect([fr.t('composer.label'), fr.t('composer.submit'), fr.t('post.reply')]).toEqual(['Votre message', 'Publier', 'Répondre']);
    expect([en.t('composer.label'), en.t('composer.submit'), en.t('post.reply')]).toEqual(['Your message', 'Publish', 'Reply']);
    expect([fr.t('signin.email'), fr.t('signin.submit')]).toEqual(['Adresse e-mail', 'Recevoir un lien de connexion']);
    expect([en.t('signin.email'), en.t('signin.submit')]).toEqual(['Email address', 'Send me a sign-in link']);
  });

  it('formats dates in the given time zone', () => {
    const fr = createI18n('fr');
    // 23:30 UTC on 31 Dec is already 1 January in Paris
    expect(fr.date('2026-12-31T23:30:00Z', 'Europe/Paris')).toBe('1er janvier 2027'); // the first of the month is an ordinal in French
    expect(fr.date('2026-12-31T23:30:00Z', 'America/New_York')).toBe('31 décembre 2026');
    // an unknown zone does not throw
    expect(() => fr.date('2026-12-31T23:30:00Z', 'Not/AZone')).not.toThrow();
  });
});

describe('pickText', () => {
  it('prefers the UI language, then the default language, then any', () => {
    expect(pickText({ fr: 'Bonjour', en: 'Hello' }, 'en', 'fr')).toEqual({ text: 'Hello', lang: 'en' });
    expect(pickText({ fr: 'Bonjour', de: 'Hallo' }, 'en', 'fr')).toEqual({ text: 'Bonjour', lang: 'fr' });
    expect(pickText({ de: 'Hallo' }, 'en', 'fr')).toEqual({ text: 'Hallo', lang: 'de' });
    expect(pickText(null, 'fr')).toEqual({ text: '', lang: 'fr' });
  });
});
