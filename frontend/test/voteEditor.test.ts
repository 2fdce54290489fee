import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api';
import { createI18n } from '../src/i18n';
import '../src/i18n-vote-editor';
import { href, parseHash } from '../src/router';
import {
  editorErrorText,
  editorLanguages,
  moduleForm,
  moduleInput,
  moved,
  overrideForm,
  overrideInput,
  sessionInput,
  type ModuleForm,
} from '../src/voteEditor';
import type { VoteModule } from '../src/votes';

const fr = createI18n('fr');
const en = createI18n('en');

const tokens: VoteModule = {
  id: 'm1', kind: 'tokens', order: 0, rev: 1, title: { fr: 'Jetons' }, instructions: {}, exclusive: false,
  categories: [{ id: 'c1', name: { fr: 'Pour' }, colour: '#2ca02c', budget: 10, max_per_proposal: 4 }],
};

describe('vote session editor: forms to API bodies', () => {
  it('puts the default language first', () => {
    expect(editorLanguages({ languages: ['en', 'fr'], default_language: 'fr' })).toEqual(['fr', 'en']);
  });

  it('requires an idea, a phase and a title in the default language', () => {
    const empty = { ideaId: '', phaseId: '', title: { en: 'x' }, instructions: {}, resultsVisibility: 'live' as const, proposalOrder: 'fixed' as const };
    const { errors, input } = sessionInput(empty, 'fr', fr);
    expect(input).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['idea', 'phase', 'title.fr']);
    const ok = sessionInput({ ...empty, ideaId: 'i', phaseId: 'p', title: { fr: ' Budget ', en: '' } }, 'fr', fr);
    expect(ok.input).toEqual({ idea_id: 'i', phase_id: 'p', title: { fr: 'Budget' }, instructions: {}, results_visibility: 'live', proposal_order: 'fixed' });
  });

  it('builds a token module, keeping category ids and leaving the maximum to the budget when empty', () => {
    const form = moduleForm('tokens', tokens);
    expect(form.categories[0].max).toBe('4');
    form.categories[0].max = '';
    form.categories[0].budget = '12';
    const { input } = moduleInput(form, 'fr', fr);
    expect(input).toEqual({
      kind: 'tokens', title: { fr: 'Jetons' }, instructions: {}, exclusive: false,
      categories: [{ id: 'c1', name: { fr: 'Pour' }, colour: '#2ca02c', budget: 12, max_per_proposal: 12 }],
    });
  });

  it('refuses a maximum above the budget, a bad colour and a budget out of range', () => {
    const form = moduleForm('tokens', tokens);
    Object.assign(form.categories[0], { max: '11', colour: 'green' });
    const key = form.categories[0].key;
    expect(Object.keys(moduleInput(form, 'fr', fr).errors).sort()).toEqual([`categories.${key}.colour`, `categories.${key}.max`]);
    form.categories[0].budget = '1001';
    expect(moduleInput(form, 'fr', fr).errors[`categories.${key}.budget`]).toBeTruthy();
  });

  it('builds labelled gauges and refuses duplicate values', () => {
    const form: ModuleForm = { ...moduleForm('gauge'), title: { fr: 'Impact' } };
    form.choices = form.choices.slice(0, 2);
    form.choices[0].label = { fr: 'Faible' };
    form.choices[1].label = { fr: 'Fort' };
    form.choices[1].value = '2,5';
    expect(moduleInput(form, 'fr', fr).input).toEqual({
      kind: 'gauge', title: { fr: 'Impact' }, instructions: {},
      choices: [{ value: 1, label: { fr: 'Faible' } }, { value: 2.5, label: { fr: 'Fort' } }],
    });
    form.choices[1].value = '1';
    expect(moduleInput(form, 'fr', fr).errors[`choices.${form.choices[1].key}.value`]).toBe(fr.t('ve.distinct'));
  });

  it('builds numeric ranges with a whole number of steps', () => {
    const form: ModuleForm = { ...moduleForm('gauge'), title: { fr: 'Coût' }, scale: 'range', minimum: '0', maximum: '60', step: '5', unit: { fr: 'M€' } };
    expect(moduleInput(form, 'fr', fr).input).toEqual({
      kind: 'gauge', title: { fr: 'Coût' }, instructions: {}, range: { minimum: 0, maximum: 60, step: 5, unit: { fr: 'M€' } },
    });
    expect(moduleInput({ ...form, step: '7' }, 'fr', fr).errors.step).toBe(fr.t('ve.stepWhole'));
    expect(moduleInput({ ...form, step: '0.5' }, 'fr', fr).errors.step).toBe(fr.t('ve.tooManyValues', { max: 101 }));
    expect(moduleInput({ ...form, maximum: '-1' }, 'fr', fr).errors.maximum).toBeTruthy();
  });

  it('moves a proposal up or down, not past the ends', () => {
    expect(moved(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 'c', 1)).toBeNull();
  });

  it('keeps what an override already had and adds the maxima typed', () => {
    const existing = { enabled: true, title: { fr: 'Autre' } };
    const form = overrideForm(existing);
    form.max.c1 = '2';
    expect(overrideInput(form, tokens, fr, existing).input).toEqual({ enabled: true, title: { fr: 'Autre' }, max_per_proposal: { c1: 2 } });
    form.max.c1 = '11';
    expect(overrideInput(form, tokens, fr, existing).errors['max.c1']).toBeTruthy();
  });

  it('explains API refusals in words, with the reasons the server gives', () => {
    const started = new ApiError(409, 'session_started', 'x', { reasons: ['a module would be removed'] });
    expect(editorErrorText(en, started)).toBe('Voting has started: this change would invalidate votes already cast. a module would be removed.');
    const invalid = new ApiError(422, 'validation_failed', 'bad', { fields: [{ field: 'categories.0.budget', message: 'too big' }] });
    expect(editorErrorText(fr, invalid)).toBe('Le serveur a refusé ces valeurs. categories.0.budget: too big');
  });

  it('routes to the list and to the editor', () => {
    expect(parseHash(href.voteSessions('climat'))).toEqual({ name: 'voteSessions', slug: 'climat' });
    expect(parseHash(href.voteEdit('climat', 's1'))).toEqual({ name: 'voteEdit', slug: 'climat', sessionId: 's1' });
  });
});
