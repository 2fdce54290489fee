import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { MyDebate } from '../src/api';
import { DebateListPage } from '../src/pages/DebateListPage';
import { apiMock, jsonResponse, makeContext, WithApp } from './helpers';

const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });

afterEach(cleanup);

const PUBLIC_LIST = {
  items: [{ slug: 'climat', title: { fr: 'Climat 2027' }, default_language: 'fr', status: 'open' }],
  next_cursor: null,
};

function mine(over: Partial<MyDebate> = {}): MyDebate {
  return {
    slug: 'mobilites',
    title: { fr: 'Consultation privée sur les mobilités', en: 'Private consultation on mobility' },
    default_language: 'fr',
    visibility: 'private',
    status: 'open',
    roles: ['participant', 'moderator'],
    since: '2026-11-02T08:00:00.000Z',
    ...over,
  };
}

function renderHome(routes: Record<string, unknown>, opts: Parameters<typeof makeContext>[1] = {}) {
  const mock = apiMock({ 'GET /debates': PUBLIC_LIST, ...routes });
  render(
    <WithApp value={makeContext(mock.fetchImpl, opts)}>
      <DebateListPage />
    </WithApp>,
  );
  return mock;
}

describe('Mes débats on the home page', () => {
  it('lists the debates the person has a place in, above the public ones, with badges and roles', async () => {
    renderHome({
      'GET /me/debates': {
        items: [mine(), mine({ slug: 'climat', title: { fr: 'Climat 2027' }, visibility: 'public', status: 'closed', roles: ['participant'] })],
        next_cursor: null,
      },
    });
    const section = await screen.findByRole('region', { name: 'Mes débats' });
    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    const link = within(items[0]).getByRole('link', { name: 'Consultation privée sur les mobilités' });
    expect(link.getAttribute('href')).toBe('#/d/mobilites');
    expect(within(items[0]).getByRole('heading', { level: 3 }).textContent).toBe('Consultation privée sur les mobilités');
    expect(items[0].textContent).toContain('Privé');
    expect(items[0].textContent).toContain('Ouverte');
    expect(items[0].textContent).toContain('Vos rôles : Participant, Modérateur · depuis le 2 novembre 2026');
    expect(items[1].textContent).not.toContain('Privé');
    expect(items[1].textContent).toContain('Terminée');
    // badges in one order everywhere: "Privé" first, then the status, apart (a space for screen readers)
    expect(within(items[0]).getByText('Privé').nextElementSibling?.textContent).toBe('Ouverte');
    expect(items[0].querySelector('p.badges')!.textContent).toBe('Privé Ouverte');
    // headings in order: the page, then two sections, "Mes débats" and the public consultations, each with its
    // debates one level below
    const headings = screen.getAllByRole('heading').map((h) => `${h.tagName} ${h.textContent}`);
    expect(headings).toEqual([
      'H1 Débats',
      'H2 Mes débats',
      'H3 Consultation privée sur les mobilités',
      'H3 Climat 2027',
      'H2 Consultations publiques',
      'H3 Climat 2027',
    ]);
    const publicSection = screen.getByRole('region', { name: 'Consultations publiques' });
    expect(within(publicSection).getByRole('heading', { level: 3 }).textContent).toBe('Climat 2027');
    expect(within(publicSection).getByText('Ouverte')).toBeTruthy();
    expect(section.contains(publicSection)).toBe(false);
    const results = await axe.run(document.body, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'], rules: { region: { enabled: false }, 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  }, SLOW);

  it('shows each title in the interface language when there is one, else in the debate language', async () => {
    const frenchOnly = mine({ slug: 'fr-only', title: { fr: 'Atelier' }, roles: ['participant', 'organiser'] });
    renderHome({ 'GET /me/debates': { items: [mine(), frenchOnly] } }, { lang: 'en' });
    const section = await screen.findByRole('region', { name: 'My debates' });
    const [first, second] = within(section).getAllByRole('heading', { level: 3 });
    expect(first.textContent).toBe('Private consultation on mobility');
    expect(first.getAttribute('lang')).toBeNull();
    expect(second.textContent).toBe('Atelier');
    expect(second.getAttribute('lang')).toBe('fr');
    expect(section.textContent).toContain('Private');
    expect(section.textContent).toContain('Your roles: Participant, Organiser · since November 2, 2026');
  }, SLOW);

  it('is not asked for nor shown when nobody is signed in', async () => {
    const { calls } = renderHome({}, { signedIn: false });
    await screen.findByRole('heading', { level: 3, name: 'Climat 2027' });
    expect(screen.queryByRole('region', { name: 'Mes débats' })).toBeNull();
    expect(screen.getAllByRole('heading').map((h) => `${h.tagName} ${h.textContent}`)).toEqual([
      'H1 Débats',
      'H2 Consultations publiques',
      'H3 Climat 2027',
    ]);
    expect(calls.map((c) => c.path)).toEqual(['/debates']);
  }, SLOW);

  it('says where the debates will appear when there is none yet', async () => {
    renderHome({ 'GET /me/debates': { items: [], next_cursor: null } });
    const section = await screen.findByRole('region', { name: 'Mes débats' });
    await within(section).findByText('Les débats auxquels vous êtes invité ou auxquels vous contribuez apparaîtront ici.');
    expect(within(section).queryByRole('list')).toBeNull();
  }, SLOW);

  it('loads the next page with the cursor', async () => {
    const { calls } = renderHome({
      'GET /me/debates': (_body: unknown, url: URL) =>
        jsonResponse(
          200,
          url.searchParams.get('cursor') === 'c1'
            ? { items: [mine({ slug: 'b', title: { fr: 'Deuxième' } })], next_cursor: null }
            : { items: [mine({ slug: 'a', title: { fr: 'Premier' } })], next_cursor: 'c1' },
        ),
    });
    const section = await screen.findByRole('region', { name: 'Mes débats' });
    await within(section).findByRole('link', { name: 'Premier' });
    fireEvent.click(within(section).getByRole('button', { name: 'Charger plus' }));
    await within(section).findByRole('link', { name: 'Deuxième' });
    expect(within(section).getAllByRole('listitem')).toHaveLength(2);
    expect(within(section).queryByRole('button', { name: 'Charger plus' })).toBeNull();
    expect(calls.filter((c) => c.path.startsWith('/me/debates')).map((c) => c.path)).toEqual(['/me/debates', '/me/debates?cursor=c1']);
  }, SLOW);

  it('keeps the public list when its own request fails, and offers to retry', async () => {
    let attempts = 0;
    renderHome({
      'GET /me/debates': () =>
        ++attempts === 1
          ? jsonResponse(503, { error: { code: 'temporarily_unavailable', message: 'Busy.' } })
          : jsonResponse(200, { items: [mine()], next_cursor: null }),
    });
    const section = await screen.findByRole('region', { name: 'Mes débats' });
    await within(section).findByRole('alert');
    expect(screen.getByRole('heading', { level: 3, name: 'Climat 2027' })).toBeTruthy();
    fireEvent.click(within(section).getByRole('button', { name: 'Réessayer' }));
    await within(section).findByRole('link', { name: 'Consultation privée sur les mobilités' });
    expect(within(section).queryByRole('alert')).toBeNull();
  }, SLOW);
});
