import { describe, expect, it } from 'vitest';
import { href, parseHash } from '../src/router';
import { splitLinks } from '../src/linkify';
import { serverNext } from '../src/pages/SignInPage';

describe('parseHash', () => {
  it('parses every route', () => {
    expect(parseHash('')).toEqual({ name: 'home' });
    expect(parseHash('#/')).toEqual({ name: 'home' });
    expect(parseHash('#/d/climat')).toEqual({ name: 'debate', slug: 'climat' });
    expect(parseHash('#/d/climat/ideas/i%201')).toEqual({ name: 'idea', slug: 'climat', ideaId: 'i 1' });
    expect(parseHash('#/d/climat/posts/p1')).toEqual({ name: 'post', slug: 'climat', postId: 'p1' });
    expect(parseHash('#/signin?token=abc&next=%23%2Fd%2Fclimat')).toEqual({ name: 'signin', token: 'abc', next: '#/d/climat' });
    expect(parseHash('#/d/climat/posts/p1?extract=p1~abc')).toEqual({ name: 'post', slug: 'climat', postId: 'p1', extract: 'p1~abc' });
    expect(parseHash('#/d/climat/syntheses')).toEqual({ name: 'syntheses', slug: 'climat' });
    expect(parseHash('#/d/climat/syntheses/12')).toEqual({ name: 'synthesis', slug: 'climat', number: 12 });
    expect(parseHash('#/d/climat/syntheses/12?cite=2-1')).toEqual({ name: 'synthesis', slug: 'climat', number: 12, cite: '2-1' });
    expect(parseHash('#/d/climat/syntheses/0')).toEqual({ name: 'notfound' });
    expect(parseHash('#/d/climat/syntheses/edit')).toEqual({ name: 'synthesisDrafts', slug: 'climat' });
    expect(parseHash('#/d/climat/syntheses/edit/s1')).toEqual({ name: 'synthesisEdit', slug: 'climat', draftId: 's1' });
    expect(parseHash('#/nope')).toEqual({ name: 'notfound' });
    expect(parseHash('#/d/x/ideas')).toEqual({ name: 'notfound' });
  });

  it('only accepts in-app destinations for next', () => {
    expect(parseHash('#/signin?next=https%3A%2F%2Fevil.example')).toEqual({ name: 'signin', token: null, next: null });
    expect(href.signin('#/d/a b')).toBe('#/signin?next=%23%2Fd%2Fa%20b');
    expect(href.signin('#/signin')).toBe('#/signin');
  });

  it('builds citation deep links', () => {
    expect(href.post('d', 'a.b', 'a.b~0123')).toBe('#/d/d/posts/a.b?extract=a.b~0123');
    expect(href.synthesis('d', 3, '1-2')).toBe('#/d/d/syntheses/3?cite=1-2');
    expect(parseHash(href.post('d', 'a.b', 'a.b~0123'))).toEqual({ name: 'post', slug: 'd', postId: 'a.b', extract: 'a.b~0123' });
  });

  it('shortens a sign-in destination the API would refuse', () => {
    expect(serverNext('#/d/x/posts/p1')).toBe('#/d/x/posts/p1');
    expect(serverNext('#/d/x/posts/p1?extract=p1~abc')).toBe('#/d/x/posts/p1');
    expect(serverNext('#/d/x%20y')).toBe('#/');
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
