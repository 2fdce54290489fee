import { describe, expect, it } from 'vitest';
import { href, parseHash } from '../src/router';
import { splitLinks } from '../src/linkify';

describe('parseHash', () => {
  it('parses every route', () => {
    expect(parseHash('')).toEqual({ name: 'home' });
    expect(parseHash('#/')).toEqual({ name: 'home' });
    expect(parseHash('#/d/climat')).toEqual({ name: 'debate', slug: 'climat' });
    expect(parseHash('#/d/climat/ideas/i%201')).toEqual({ name: 'idea', slug: 'climat', ideaId: 'i 1' });
    expect(parseHash('#/d/climat/posts/p1')).toEqual({ name: 'post', slug: 'climat', postId: 'p1' });
    expect(parseHash('#/signin?token=abc&next=%23%2Fd%2Fclimat')).toEqual({ name: 'signin', token: 'abc', next: '#/d/climat' });
    expect(parseHash('#/nope')).toEqual({ name: 'notfound' });
    expect(parseHash('#/d/x/ideas')).toEqual({ name: 'notfound' });
  });

  it('only accepts in-app destinations for next', () => {
    expect(parseHash('#/signin?next=https%3A%2F%2Fevil.example')).toEqual({ name: 'signin', token: null, next: null });
    expect(href.signin('#/d/a b')).toBe('#/signin?next=%23%2Fd%2Fa%20b');
    expect(href.signin('#/signin')).toBe('#/signin');
  });
});

describe('splitLinks', () => {
  it('turns URLs into links and leaves trailing punctuation out', () => {
    expect(splitLinks('Data: https://pol.is/report/r123. CC BY 4.0 (https://example.org/a_(b))')).toEqual([
      { text: 'Data: ' },
      { text: 'https://pol.is/report/r123', url: 'https://pol.is/report/r123' },
      { text: '. CC BY 4.0 (' },
      { text: 'https://example.org/a_(b)', url: 'https://example.org/a_(b)' },
      { text: ')' },
    ]);
  });

  it('ignores non-http schemes', () => {
    expect(splitLinks('javascript:alert(1)')).toEqual([{ text: 'javascript:alert(1)' }]);
  });
});
