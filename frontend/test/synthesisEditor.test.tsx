import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Extract, SynthesisDraft } from '../src/api';
import { SynthesisEditPage } from '../src/pages/SynthesisEditor';
import { useRoute } from '../src/router';
import { apiMock, makeContext, makeDebate, WithApp } from './helpers';

const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const extract = (id: string): Extract => ({
  id,
  post_id: 'p1',
  idea_id: 'i1',
  kind: 'paraphrase',
  text: `Résumé ${id}`,
  start: null,
  end: null,
  orphaned: false,
  nature: 'proposal' as Extract['nature'],
  action: null,
  important: false,
  tags: [],
  state: 'published',
  machine: false,
  harvester: { id: 'u2', display_name: 'Bob' },
  language: 'fr',
  created_at: '2026-12-01T10:00:00Z',
});

const draft: SynthesisDraft = {
  id: 's1',
  version: 1,
  updated_at: '2026-12-02T10:00:00Z',
  updated_by: 'u9',
  published_number: null,
  title: { fr: 'Synthèse' },
  introduction: {},
  conclusion: {},
  sections: [{ idea_id: 'i1', text: { fr: '' }, citations: ['x1'] }],
};

function routes(extracts: Extract[]) {
  return {
    'GET /debates/demo': makeDebate(),
    'GET /debates/demo/ideas': {
      items: [{ id: 'i1', parent_id: null, order: 1, title: { fr: 'Mobilité' }, description: {}, counts: { posts: 1 } }],
    },
    'GET /debates/demo/synthesis-drafts/s1': draft,
    'GET /debates/demo/ideas/i1/extracts': { items: extracts, next_cursor: null },
  };
}

function renderEditor(extracts: Extract[]) {
  const { fetchImpl } = apiMock(routes(extracts));
  render(
    <WithApp value={makeContext(fetchImpl)}>
      <SynthesisEditPage slug="demo" draftId="s1" />
    </WithApp>,
  );
}

describe('Synthesis editor', () => {
  it('says that every extract of the idea is already a source, rather than that it has none', async () => {
    renderEditor([extract('x1')]);
    const details = (await screen.findByText(/Extraits de l'idée/)).closest('details')!;
    expect(await within(details).findByText('Tous les extraits publiés de cette idée sont déjà dans les sources de la section.')).toBeTruthy();
    expect(within(details).queryByText("Cette idée n'a pas encore d'extrait publié.")).toBeNull();
  }, SLOW);

  it('says so when the idea has no published extract', async () => {
    renderEditor([]);
    const details = (await screen.findByText(/Extraits de l'idée/)).closest('details')!;
    expect(await within(details).findByText("Cette idée n'a pas encore d'extrait publié.")).toBeTruthy();
  }, SLOW);

  it('asks before the app navigates away from unsaved changes, and stays when told to', async () => {
    history.replaceState(null, '', '#/d/demo/syntheses/edit/s1');
    const { fetchImpl } = apiMock(routes([extract('x1'), extract('x2')]));
    function Shell() {
      const [route] = useRoute();
      return route.name === 'synthesisEdit' ? <SynthesisEditPage slug="demo" draftId="s1" /> : <p>Ailleurs</p>;
    }
    render(
      <WithApp value={makeContext(fetchImpl)}>
        <Shell />
      </WithApp>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Ajouter aux sources' }));
    expect(await screen.findByText('Modifications non enregistrées.')).toBeTruthy();
    // leaving the app: beforeunload
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);

    // a link within the app: "Cancel" keeps the page and its address
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    history.replaceState(null, '', '#/d/demo');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(confirm).toHaveBeenCalledWith(
      'Des modifications de la synthèse ne sont pas enregistrées. Quitter cette page sans les enregistrer ?',
    );
    expect(window.location.hash).toBe('#/d/demo/syntheses/edit/s1');
    expect(screen.getByText('Modifications non enregistrées.')).toBeTruthy();

    // "OK" leaves
    confirm.mockReturnValue(true);
    history.replaceState(null, '', '#/d/demo');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByText('Ailleurs')).toBeTruthy();
    expect(window.location.hash).toBe('#/d/demo');
    // no guard is left behind
    confirm.mockClear();
    history.replaceState(null, '', '#/');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(confirm).not.toHaveBeenCalled();
  }, SLOW);
});
