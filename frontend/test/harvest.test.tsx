import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Debate, Extract, Idea } from '../src/api';
import { HarvestDialog, parseTags, quoteAnchor } from '../src/components/HarvestDialog';
import { IdeaExtracts } from '../src/components/IdeaExtracts';
import { PostView } from '../src/components/PostView';
import { createI18n } from '../src/i18n';
import { postHighlights } from '../src/pages/ThreadPage';
import { loadSanitizer } from '../src/sanitize';
import { jsonResponse, makeContext, makePost, WithApp } from './helpers';

beforeAll(async () => {
  await loadSanitizer();
});
afterEach(cleanup);

const BODY_HTML = '<p>Young people <strong>should be heard</strong> 😀 in police scrutiny.</p>\n<p>Second <em>one</em>.</p>';
const BODY_TEXT = 'Young people should be heard 😀 in police scrutiny.\nSecond one.';

const debate: Debate = {
  slug: 'demo',
  title: { fr: 'Débat' },
  description: {},
  languages: ['fr'],
  default_language: 'fr',
  visibility: 'public',
  status: 'open',
  timezone: 'Europe/Paris',
  phases: [],
  attribution: null,
  source: null,
  created_at: '2026-01-01T00:00:00Z',
  counts: { posts: 1, participants: 1, stances: 0 },
  my_roles: ['participant', 'harvester'],
};

const ideas: Idea[] = [
  { id: 'i1', parent_id: null, order: 1, title: { fr: 'Police' }, description: {}, counts: { posts: 1 } },
  { id: 'i2', parent_id: 'i1', order: 1, title: { fr: 'Jeunes' }, description: {}, counts: { posts: 0 } },
];

function extract(over: Partial<Extract> = {}): Extract {
  return {
    id: 'p1~0123456789abcdef',
    post_id: 'p1',
    idea_id: 'i2',
    kind: 'quote',
    text: 'should be heard 😀 in',
    start: 13,
    end: 33,
    orphaned: false,
    nature: 'proposal',
    action: null,
    important: true,
    tags: [],
    state: 'published',
    machine: false,
    harvester: { id: 'u1', display_name: 'Hélène' },
    language: 'fr',
    created_at: '2026-12-01T10:00:00Z',
    ...over,
  };
}

describe('quote anchoring helpers', () => {
  it('keeps the selection offsets when the words are unchanged, else finds the words nearest to it', () => {
    const sel = { start: 13, end: 28, quote: 'should be heard', unitStart: 13, unitEnd: 28 };
    expect(quoteAnchor(BODY_TEXT, 'should be heard', sel)).toEqual({ start: 13, end: 28, quote: 'should be heard' });
    // edited: located again, in code points (after the emoji)
    expect(quoteAnchor(BODY_TEXT, 'in police', sel)).toEqual({ start: 31, end: 40, quote: 'in police' });
    // white space folded: the server gets body_text's own characters
    expect(quoteAnchor(BODY_TEXT, 'scrutiny.  Second', null)).toEqual({ start: 41, end: 57, quote: 'scrutiny.\nSecond' });
    expect(quoteAnchor(BODY_TEXT, 'absent words', sel)).toBeNull();
  });

  it('parses tags', () => {
    expect(parseTags(' jeunes, police ,, jeunes,  écoute  active ')).toEqual(['jeunes', 'police', 'écoute active']);
  });
});

describe('highlights in a post body', () => {
  it('wraps the extract in <mark> across <strong>, with labels and the deep-link target', () => {
    const i18n = createI18n('fr');
    const highlights = postHighlights(i18n, [extract(), extract({ id: 'p1~x', orphaned: true }), extract({ id: 'p2~y', post_id: 'p2' })], 'p1');
    expect(highlights).toHaveLength(1);
    render(
      <WithApp value={makeContext(vi.fn() as unknown as typeof fetch)}>
        <PostView post={makePost({ body_html: BODY_HTML, body_text: BODY_TEXT })} slug="demo" level={2} onChange={() => {}} highlights={highlights} />
      </WithApp>,
    );
    const marks = Array.from(document.querySelectorAll('mark'));
    expect(marks).toHaveLength(2);
    expect(marks[0].parentElement!.tagName).toBe('STRONG');
    expect(marks[0].id).toBe('extract-p1_7e0123456789abcdef');
    expect(marks[0].getAttribute('tabindex')).toBe('-1');
    expect(marks[0].textContent).toBe('Début de l’extrait récolté : Proposition. should be heard');
    expect(marks[1].textContent).toBe(' 😀 in Fin de l’extrait.');
    expect(marks.every((m) => m.classList.contains('is-nugget'))).toBe(true);
  });
});

describe('HarvestDialog', () => {
  const renderDialog = (fetchImpl: ReturnType<typeof vi.fn>, onSaved = vi.fn(), selection = { start: 13, end: 28, quote: 'should be heard', unitStart: 13, unitEnd: 28 }) =>
    render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch)}>
        <HarvestDialog
          debate={debate}
          ideas={ideas}
          post={makePost({ id: 'p1', idea_id: 'i1', body_html: BODY_HTML, body_text: BODY_TEXT })}
          selection={selection}
          onClose={vi.fn()}
          onSaved={onSaved}
        />
      </WithApp>,
    );

  it('is a labelled dialog that requires a nature, then sends offsets, quote and choices', async () => {
    const onSaved = vi.fn();
    const fetchImpl = vi.fn(async () => jsonResponse(201, extract()));
    renderDialog(fetchImpl, onSaved);
    const dialog = screen.getByRole('dialog', { name: 'Récolter un extrait' });
    expect((screen.getByLabelText('Passage cité') as HTMLTextAreaElement).value).toBe('should be heard');
    fireEvent.click(screen.getByRole('button', { name: "Enregistrer l'extrait" }));
    expect(await screen.findByText("Choisissez la nature de l'extrait.")).toBeTruthy();
    expect(screen.getByLabelText('Nature').getAttribute('aria-invalid')).toBe('true');
    expect(fetchImpl).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Idée'), { target: { value: 'i2' } });
    fireEvent.change(screen.getByLabelText('Nature'), { target: { value: 'position_for' } });
    fireEvent.click(screen.getByLabelText('Pépite'));
    fireEvent.input(screen.getByLabelText('Mots-clés (facultatif)'), { target: { value: 'jeunes, police' } });
    fireEvent.click(screen.getByRole('button', { name: "Enregistrer l'extrait" }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://api.test/debates/demo/posts/p1/extracts');
    expect(JSON.parse(init.body as string)).toEqual({
      idea_id: 'i2',
      nature: 'position_for',
      important: true,
      tags: ['jeunes', 'police'],
      start: 13,
      end: 28,
      quote: 'should be heard',
    });
    expect(dialog).toBeTruthy();
  });

  it('shows a 409 duplicate_extract with where the passage already is', async () => {
    const fetchImpl = vi.fn(async () =>
      jsonResponse(409, { error: { code: 'duplicate_extract', message: 'This passage is already harvested.', details: { extract: extract() } } }),
    );
    renderDialog(fetchImpl);
    fireEvent.change(screen.getByLabelText('Nature'), { target: { value: 'fact' } });
    fireEvent.click(screen.getByRole('button', { name: "Enregistrer l'extrait" }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Ce passage est déjà récolté.');
    expect(alert.textContent).toContain('« Jeunes » comme « Proposition », récolté par Hélène');
    expect(screen.getByRole('link', { name: "Voir l'extrait existant" }).getAttribute('href')).toBe(
      '#/d/demo/posts/p1?extract=p1~0123456789abcdef',
    );
  });

  it('sends a paraphrase without offsets', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(201, extract({ kind: 'paraphrase', start: null, end: null })));
    renderDialog(fetchImpl);
    fireEvent.click(screen.getByLabelText('Paraphrase'));
    fireEvent.input(screen.getByLabelText('Texte reformulé'), { target: { value: ' Les jeunes veulent être entendus. ' } });
    fireEvent.change(screen.getByLabelText('Nature'), { target: { value: 'issue' } });
    fireEvent.change(screen.getByLabelText('Action à mener (facultatif)'), { target: { value: 'argue' } });
    fireEvent.click(screen.getByRole('button', { name: "Enregistrer l'extrait" }));
    await waitFor(() => expect(fetchImpl).toHaveBeenCalled());
    const body = JSON.parse((fetchImpl.mock.calls[0] as unknown as [string, RequestInit])[1].body as string);
    expect(body).toEqual({ idea_id: 'i1', nature: 'issue', action: 'argue', important: false, tags: [], paraphrase: 'Les jeunes veulent être entendus.' });
  });
});

describe('IdeaExtracts', () => {
  type PageBody = { items: Extract[]; next_cursor: string | null };
  /** The server's two lists: published extracts, and (?state=submitted) the suggestions; each a queue of pages. */
  function renderWith(lists: { published?: PageBody[]; submitted?: PageBody[] }, onDebate: Debate = debate) {
    const calls: string[] = [];
    const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      calls.push(url.pathname + url.search);
      if (init?.method === 'POST') {
        const id = decodeURIComponent(url.pathname.split('/extracts/')[1].replace('/review', ''));
        const decision = JSON.parse(String(init.body)).decision;
        return jsonResponse(200, suggested(Number(id.slice(4)), decision === 'confirm' ? 'published' : 'rejected'));
      }
      const queue = url.searchParams.get('state') === 'submitted' ? lists.submitted : lists.published;
      return jsonResponse(200, queue?.shift() ?? { items: [], next_cursor: null });
    });
    render(
      <WithApp value={makeContext(fetchImpl as unknown as typeof fetch)}>
        <IdeaExtracts debate={onDebate} ideaId="i2" />
      </WithApp>,
    );
    return calls;
  }
  const suggested = (n: number, state: Extract['state'] = 'submitted') =>
    extract({ id: `p1~s${n}`, text: `suggestion ${n}`, state, machine: true, important: false });
  const harvested = (n: number) => extract({ id: `p1~h${n}`, text: `harvested ${n}` });

  it('shows the published extracts first, and the suggestions apart with their own pages', async () => {
    const calls = renderWith({
      published: [{ items: [harvested(1), harvested(2)], next_cursor: null }],
      submitted: [
        { items: [suggested(1), suggested(2)], next_cursor: 'c2' },
        { items: [suggested(3)], next_cursor: null },
      ],
    });
    expect(await screen.findByRole('heading', { name: 'Suggestions à valider (2+)' })).toBeTruthy();
    expect(screen.getByText('harvested 1')).toBeTruthy();
    expect(screen.getByText('harvested 2')).toBeTruthy();
    // the published list is complete: no button for it, and no "none among those loaded"
    expect(screen.queryByRole('button', { name: "Charger plus d'extraits" })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Charger plus de suggestions' }));
    expect(await screen.findByRole('heading', { name: 'Suggestions à valider (3)' })).toBeTruthy();
    expect(screen.getByText('1 suggestions supplémentaires chargées.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Charger plus de suggestions' })).toBeNull();
    expect(calls.filter((c) => c.includes('state=submitted'))).toEqual([
      '/debates/demo/ideas/i2/extracts?limit=20&state=submitted',
      '/debates/demo/ideas/i2/extracts?limit=20&cursor=c2&state=submitted',
    ]);
  });

  it('offers more published extracts only when the server says there are more', async () => {
    renderWith({
      published: [
        { items: [harvested(1)], next_cursor: 'p2' },
        { items: [harvested(2)], next_cursor: null },
      ],
    });
    fireEvent.click(await screen.findByRole('button', { name: "Charger plus d'extraits" }));
    expect(await screen.findByText('harvested 2')).toBeTruthy();
    expect(screen.getByText('1 extraits supplémentaires chargés.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: "Charger plus d'extraits" })).toBeNull();
  });

  it('says there is no extract yet beside the suggestions, with no button to load more', async () => {
    renderWith({ published: [{ items: [], next_cursor: null }], submitted: [{ items: [suggested(1)], next_cursor: null }] });
    expect(await screen.findByRole('heading', { name: 'Suggestions à valider (1)' })).toBeTruthy();
    expect(screen.getByText("Aucun extrait n'a encore été récolté pour cette idée.")).toBeTruthy();
    expect(screen.queryAllByRole('button', { name: /Charger plus/ })).toEqual([]);
  });

  it('does not ask for the suggestions when the reader is not a harvester', async () => {
    const calls = renderWith(
      { published: [{ items: [harvested(1)], next_cursor: null }] },
      { ...debate, my_roles: ['participant'] },
    );
    expect(await screen.findByText('harvested 1')).toBeTruthy();
    expect(calls).toEqual(['/debates/demo/ideas/i2/extracts?limit=20']);
    expect(screen.queryByRole('heading', { name: /Suggestions/ })).toBeNull();
    expect(screen.queryAllByRole('button', { name: /Charger plus/ })).toEqual([]);
  });

  it('moves a confirmed suggestion to the published extracts; a rejected one stays shown as rejected', async () => {
    renderWith({
      published: [{ items: [harvested(1)], next_cursor: null }],
      submitted: [{ items: [suggested(1), suggested(2)], next_cursor: null }],
    });
    expect(await screen.findByRole('heading', { name: 'Suggestions à valider (2)' })).toBeTruthy();
    const confirm = screen.getAllByRole('button', { name: /Confirmer/ });
    fireEvent.click(confirm[0]);
    expect(await screen.findByRole('heading', { name: 'Suggestions à valider (1)' })).toBeTruthy();
    const lists = document.querySelectorAll('.extract-list');
    expect(lists[0].textContent).toContain('suggestion 1');
    expect(lists[1].textContent).not.toContain('suggestion 1');
    fireEvent.click(screen.getByRole('button', { name: /Rejeter/ }));
    expect(await screen.findByRole('heading', { name: 'Suggestions à valider (0)' })).toBeTruthy();
    expect(document.querySelectorAll('.extract-list')[1].textContent).toContain('suggestion 2');
  });
});
