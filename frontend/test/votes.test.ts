import { describe, expect, it } from 'vitest';
import {
  blockedByExclusivity,
  canAdd,
  canRemove,
  maxAllowed,
  onScale,
  purseAfter,
  scaleValues,
  tokensOf,
  withCategory,
  type Purse,
} from '../src/votes';

describe('purse arithmetic', () => {
  it('reads token counts, treating missing and negative as zero', () => {
    expect(tokensOf(undefined, 'a')).toBe(0);
    expect(tokensOf({ a: 3 }, 'a')).toBe(3);
    expect(tokensOf({ a: -1 }, 'a')).toBe(0);
    expect(tokensOf({ b: 2 }, 'a')).toBe(0);
  });

  it('allows adding only within the purse and the per-proposal maximum', () => {
    expect(canAdd({ current: 0, remaining: 10, maxPerProposal: 5, blocked: false })).toBe(true);
    expect(canAdd({ current: 5, remaining: 5, maxPerProposal: 5, blocked: false })).toBe(false);
    expect(canAdd({ current: 2, remaining: 0, maxPerProposal: 5, blocked: false })).toBe(false);
    expect(canAdd({ current: 0, remaining: 3, maxPerProposal: 5, blocked: true })).toBe(false);
    expect(canRemove(0)).toBe(false);
    expect(canRemove(1)).toBe(true);
  });

  it('computes the highest count a proposal may take', () => {
    expect(maxAllowed({ current: 2, remaining: 1, maxPerProposal: 5, blocked: false })).toBe(3);
    expect(maxAllowed({ current: 2, remaining: 10, maxPerProposal: 5, blocked: false })).toBe(5);
    expect(maxAllowed({ current: 0, remaining: 0, maxPerProposal: 5, blocked: false })).toBe(0);
    expect(maxAllowed({ current: 1, remaining: 4, maxPerProposal: 5, blocked: true })).toBe(1);
    expect(maxAllowed({ current: 0, remaining: -2, maxPerProposal: 5, blocked: false })).toBe(0);
  });

  it('blocks other categories on an exclusive module', () => {
    expect(blockedByExclusivity({ for: 2 }, 'against', true)).toBe(true);
    expect(blockedByExclusivity({ for: 2 }, 'for', true)).toBe(false);
    expect(blockedByExclusivity({ for: 0 }, 'against', true)).toBe(false);
    expect(blockedByExclusivity({ for: 2 }, 'against', false)).toBe(false);
  });

  it('builds the ballot body, leaving zero categories out', () => {
    expect(withCategory({ a: 2, b: 1 }, 'a', 3)).toEqual({ a: 3, b: 1 });
    expect(withCategory({ a: 1 }, 'a', 0)).toEqual({});
    expect(withCategory(undefined, 'a', -4)).toEqual({});
    expect(withCategory({ a: 0, b: 2 }, 'c', 1.7)).toEqual({ b: 2, c: 1 });
  });

  it('previews the purse after a ballot change', () => {
    const purse: Purse = {
      module_id: 'm',
      categories: [
        { id: 'a', name: { fr: 'A' }, colour: '#000', budget: 10, spent: 4, remaining: 6 },
        { id: 'b', name: { fr: 'B' }, colour: '#000', budget: 5, spent: 0, remaining: 5 },
      ],
    };
    const after = purseAfter(purse, { a: 2 }, { a: 5, b: 1 });
    expect(after.categories.map((c) => [c.spent, c.remaining])).toEqual([
      [7, 3],
      [1, 4],
    ]);
  });
});

describe('gauge scales', () => {
  it('lists range values and checks membership', () => {
    const range = { choices: null, range: { minimum: 0, maximum: 1, step: 0.25, unit: {} } };
    expect(scaleValues(range)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(onScale(range, 0.75)).toBe(true);
    expect(onScale(range, 0.8)).toBe(false);
    const choices = { choices: [{ value: 1, label: {} }, { value: 3, label: {} }], range: null };
    expect(scaleValues(choices)).toEqual([1, 3]);
    expect(onScale(choices, 2)).toBe(false);
  });
});

describe('vote routes', async () => {
  const { parseHash, href } = await import('../src/router');
  it('parses and builds the vote and results hashes', () => {
    expect(parseHash('#/d/demo/votes/s1')).toEqual({ name: 'vote', slug: 'demo', sessionId: 's1' });
    expect(parseHash('#/d/demo/votes/s1/results')).toEqual({ name: 'voteResults', slug: 'demo', sessionId: 's1' });
    expect(parseHash('#/d/demo/votes/s1/other')).toEqual({ name: 'notfound' });
    expect(href.vote('demo', 's 1')).toBe('#/d/demo/votes/s%201');
    expect(href.voteResults('demo', 's1')).toBe('#/d/demo/votes/s1/results');
  });
});
