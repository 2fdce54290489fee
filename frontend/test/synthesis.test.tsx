import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Debate, PublishedSection, SynthesisInput } from '../src/api';
import { PublishedSectionView } from '../src/pages/SynthesisPages';
import {
  applyMerge,
  insertMarker,
  mergeFields,
  normalizeInput,
  removeCitation,
  sameInput,
  splitCitations,
} from '../src/synthesis';
import { makeContext, WithApp } from './helpers';

afterEach(cleanup);

describe('citation markers', () => {
  it('splits a text into plain parts and valid [n] citations', () => {
    expect(splitCitations('A [1]. B [2][3]. C [4] and [0].', 3)).toEqual([
      { text: 'A ' },
      { cite: 1 },
      { text: '. B ' },
      { cite: 2 },
      { cite: 3 },
      { text: '. C [4] and [0].' },
    ]);
    expect(splitCitations('No citation.', 2)).toEqual([{ text: 'No citation.' }]);
  });

  it('inserts [n] at the cursor, with a space when it would stick to a word', () => {
    expect(insertMarker('Heard.', 5, 5, 1)).toEqual({ text: 'Heard [1].', caret: 9 });
    expect(insertMarker('Heard [1].', 9, 9, 2)).toEqual({ text: 'Heard [1][2].', caret: 12 });
    expect(insertMarker('A B', 2, 3, 3)).toEqual({ text: 'A [3]', caret: 5 });
    expect(insertMarker('', 0, 0, 1)).toEqual({ text: '[1]', caret: 3 });
  });

  it('removes a citation and renumbers the following markers in every language', () => {
    const section = {
      idea_id: 'i1',
      text: { fr: 'Un [1]. Deux [2]. Trois [3][2].', en: 'One [2]. Other [9].' },
      citations: ['x1', 'x2', 'x3'],
    };
    expect(removeCitation(section, 1)).toEqual({
      idea_id: 'i1',
      text: { fr: 'Un [1]. Deux. Trois [2].', en: 'One. Other [9].' },
      citations: ['x1', 'x3'],
    });
  });
});

const debate = {
  slug: 'demo',
  title: { fr: 'Débat' },
  description: {},
  languages: ['fr', 'en'],
  default_language: 'fr',
  visibility: 'public',
  status: 'open',
  timezone: 'Europe/Paris',
  phases: [],
  attribution: null,
  source: null,
  created_at: '2026-01-01T00:00:00Z',
  counts: { posts: 0, participants: 0, stances: 0 },
  my_roles: [],
} satisfies Debate;

describe('published section rendering', () => {
  it('turns each [n] into a link to its footnote, and each footnote links to the passage', () => {
    const section: PublishedSection = {
      idea_id: 'i1',
      idea_title: { fr: 'Transports' },
      text: { fr: 'Les bus sont lents [1]. Il faut des pistes [2][1].\n\nEt [7] reste du texte.' },
      citations: [
        { number: 1, extract_id: 'p1~aaaa', post_id: 'p1', kind: 'quote', text: 'le bus est lent', start: 3, end: 18, nature: 'issue' },
        { number: 2, extract_id: 'p2~bbbb', post_id: 'p2', kind: 'paraphrase', text: 'plus de pistes', start: null, end: null, nature: 'proposal' },
      ],
    };
    render(
      <WithApp value={makeContext(vi.fn() as unknown as typeof fetch)}>
        <PublishedSectionView section={section} index={0} debate={debate} pubNumber={4} />
      </WithApp>,
    );
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Transports');
    const refs = screen.getAllByRole('link', { name: /^\[\d\]$/ });
    expect(refs.map((a) => a.textContent)).toEqual(['[1]', '[2]', '[1]']);
    expect(refs[0].getAttribute('href')).toBe('#/d/demo/syntheses/4?cite=1-1');
    expect(refs[0].id).toBe('ref-1-1-1');
    expect(refs[2].id).toBe('ref-1-1-2');
    expect(refs[0].getAttribute('aria-describedby')).toBe('note-1-1-text');
    // an out-of-range marker stays text
    expect(document.body.textContent).toContain('Et [7] reste du texte.');

    const notes = document.querySelectorAll('ol.citations > li');
    expect(notes[0].id).toBe('note-1-1');
    expect(notes[0].querySelector('q')!.textContent).toBe('le bus est lent');
    const passages = screen.getAllByRole('link', { name: 'Voir dans la discussion' });
    // a quotation opens the thread on the highlighted passage; a paraphrase opens the post
    expect(passages.map((a) => a.getAttribute('href'))).toEqual([
      '#/d/demo/posts/p1?extract=p1~aaaa',
      '#/d/demo/posts/p2',
    ]);
    expect(screen.getAllByRole('link', { name: 'Retour au texte' })).toHaveLength(2);
  });
});

const input = (over: Partial<SynthesisInput> = {}): SynthesisInput => ({
  title: { fr: 'Titre' },
  introduction: { fr: 'Intro' },
  conclusion: { fr: 'Fin' },
  sections: [{ idea_id: 'i1', text: { fr: 'Texte [1].' }, citations: ['x1'] }],
  ...over,
});

describe('409 merge view logic', () => {
  it('compares drafts the way the server stores them', () => {
    expect(sameInput(input({ title: { fr: ' Titre \n', en: '' } }), input())).toBe(true);
    expect(sameInput(input({ title: { fr: 'Autre' } }), input())).toBe(false);
    expect(normalizeInput(input({ conclusion: { fr: '  ', en: 'End ' } })).conclusion).toEqual({ en: 'End' });
  });

  it('settles fields changed on one side only and reports real conflicts', () => {
    const base = input();
    const mine = input({ introduction: { fr: 'Mon intro' }, conclusion: { fr: 'Ma fin' } });
    const theirs = input({ title: { fr: 'Leur titre' }, conclusion: { fr: 'Leur fin' } });
    const fields = mergeFields(base, mine, theirs, ['fr', 'en']);
    expect(fields.map((f) => [f.key, f.auto])).toEqual([
      ['title.fr', 'theirs'],
      ['introduction.fr', 'mine'],
      ['conclusion.fr', null],
    ]);
    const conflict = fields.find((f) => f.key === 'conclusion.fr')!;
    expect(conflict.mine).toBe('Ma fin');
    expect(conflict.theirs).toBe('Leur fin');
  });

  it('keeps my text by default and takes theirs where chosen, on every field', () => {
    const base = input();
    const mine = input({
      conclusion: { fr: 'Ma fin' },
      sections: [{ idea_id: 'i1', text: { fr: 'Mon texte [1].' }, citations: ['x1'] }],
    });
    const theirs = input({
      title: { fr: 'Leur titre' },
      conclusion: { fr: 'Leur fin', en: 'Their end' },
      sections: [{ idea_id: 'i2', text: { fr: 'Leur texte [1].' }, citations: ['x9'] }],
    });
    const fields = mergeFields(base, mine, theirs, ['fr', 'en']);
    expect(fields.map((f) => [f.key, f.auto])).toEqual([
      ['title.fr', 'theirs'],
      ['conclusion.fr', null],
      ['conclusion.en', 'theirs'],
      ['sections', null],
    ]);

    const keepMine = applyMerge(mine, theirs, fields, {});
    expect(keepMine.title).toEqual({ fr: 'Leur titre' });
    expect(keepMine.conclusion).toEqual({ fr: 'Ma fin', en: 'Their end' });
    expect(keepMine.sections[0].text.fr).toBe('Mon texte [1].');

    const mixed = applyMerge(mine, theirs, fields, { 'conclusion.fr': 'theirs', sections: 'mine' });
    expect(mixed.conclusion).toEqual({ fr: 'Leur fin', en: 'Their end' });
    expect(mixed.sections[0].citations).toEqual(['x1']);

    const allTheirs = applyMerge(mine, theirs, fields, { 'conclusion.fr': 'theirs', sections: 'theirs' });
    expect(sameInput(allTheirs, theirs)).toBe(true);
    // the user's own text is never modified in place
    expect(mine.conclusion).toEqual({ fr: 'Ma fin' });
  });

  it('removes a language the other side emptied when their version is chosen', () => {
    const base = input({ introduction: { fr: 'Intro', en: 'Intro en' } });
    const mine = input({ introduction: { fr: 'Intro', en: 'My intro en' } });
    const theirs = input({ introduction: { fr: 'Intro' } });
    const fields = mergeFields(base, mine, theirs, ['fr', 'en']);
    expect(fields.map((f) => [f.key, f.auto])).toEqual([['introduction.en', null]]);
    expect(applyMerge(mine, theirs, fields, { 'introduction.en': 'theirs' }).introduction).toEqual({ fr: 'Intro' });
  });
});
