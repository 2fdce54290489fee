import { describe, expect, it } from 'vitest';
import { slugify, slugProblem } from '../src/slug';

// The server's rule (chalicelib/api/schemas.py SLUG_RE); the client must agree with it on every case.
const SERVER_RE = /^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$/;

describe('slugProblem', () => {
  const cases: [string, ReturnType<typeof slugProblem>][] = [
    ['budget-2027', null],
    ['abc', null],
    ['a-b', null],
    ['a--b', null],
    ['007', null],
    ['a'.repeat(64), null],
    ['', 'empty'],
    ['ab', 'length'],
    ['a'.repeat(65), 'length'],
    ['Budget', 'chars'],
    ['budget 2027', 'chars'],
    ['débat', 'chars'],
    ['budget_2027', 'chars'],
    ['-budget', 'edges'],
    ['budget-', 'edges'],
    ['---', 'edges'],
  ];

  it.each(cases)('%j → %s', (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });

  it('accepts exactly what the server accepts', () => {
    for (const [slug] of cases) expect(slugProblem(slug) === null).toBe(SERVER_RE.test(slug));
  });
});

describe('slugify', () => {
  it('suggests a valid slug from a title', () => {
    expect(slugify('Budget participatif 2027 !')).toBe('budget-participatif-2027');
    expect(slugify('  Écoles, crèches & cœur de ville ')).toBe('ecoles-creches-coeur-de-ville');
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('x'.repeat(70))).toHaveLength(64);
    expect(slugify('a'.repeat(63) + ' b')).toBe('a'.repeat(63));
    expect(slugify('!!!')).toBe('');
  });
});
