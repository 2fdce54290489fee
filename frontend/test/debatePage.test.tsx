import { cleanup, configure, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DebatePage } from '../src/pages/DebatePage';
import { apiMock, makeContext, makeDebate, WithApp } from './helpers';

const SLOW = 30_000;
configure({ asyncUtilTimeout: 10_000 });

afterEach(cleanup);

function renderDebate(over: Parameters<typeof makeDebate>[0], lang: 'fr' | 'en' = 'fr') {
  const { fetchImpl } = apiMock({
    'GET /debates/demo': makeDebate({ my_roles: ['participant'], ...over }),
    'GET /debates/demo/ideas': { items: [], next_cursor: null },
    'GET /debates/demo/follow': { following: false },
    'GET /debates/demo/votes': { items: [], next_cursor: null },
  });
  render(
    <WithApp value={makeContext(fetchImpl, { lang })}>
      <DebatePage slug="demo" />
    </WithApp>,
  );
}

describe('a debate page’s badges', () => {
  it('shows "Privé" then the status, as on the home page, in one spaced row', async () => {
    renderDebate({ visibility: 'private', status: 'open' });
    await screen.findByRole('heading', { level: 1, name: 'Budget participatif' });
    const rows = document.querySelectorAll('p.badges');
    expect(rows).toHaveLength(1);
    const badges = [...rows[0].querySelectorAll(':scope > .badge')];
    expect(badges.map((b) => b.className)).toEqual(['badge badge-private', 'badge badge-open']);
    // what "Privé" means, for screen readers; a space keeps the two badges apart when read
    expect(rows[0].textContent).toBe('Privé : seules les personnes invitées peuvent lire ce débat et y participer. Ouverte');
  }, SLOW);

  it('shows only the status of a public debate', async () => {
    renderDebate({ status: 'closed' }, 'en');
    await screen.findByRole('heading', { level: 1, name: 'Budget participatif' });
    const row = document.querySelector('p.badges')!;
    expect([...row.querySelectorAll('.badge')].map((b) => b.textContent)).toEqual(['Closed']);
  }, SLOW);
});
