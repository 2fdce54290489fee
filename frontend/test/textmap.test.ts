import { describe, expect, it } from 'vitest';
import {
  alignTexts,
  codePointLength,
  extractDomId,
  highlightHtml,
  indexText,
  locateQuote,
  rangeToBody,
  toCodePoints,
  toUnits,
} from '../src/textmap';

// Pairs produced by the server's render_markdown / plain_to_html (chalicelib/domain/text.py).
const MD_HTML =
  '<p>Hello <strong>bold world</strong> and <em>it</em> end.</p>\n<p>Second para with <a href="https://x.org" rel="noopener noreferrer nofollow ugc">link</a> \ud83d\ude00 emoji.</p>\n<ul>\n<li>item one</li>\n<li>item <strong>two</strong></li>\n</ul>';
const MD_TEXT = 'Hello bold world and it end.\nSecond para with link \ud83d\ude00 emoji.\nitem one\nitem two';
const PLAIN_HTML = '<p>Para one<br>line two</p><p>Para two</p>';
const PLAIN_TEXT = 'Para one\nline two\nPara two';

function mount(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  document.body.replaceChildren(div);
  return div;
}

/** A Range from the n-th occurrence of `from` to the end of the n-th occurrence of `to`, in DOM text. */
function rangeOver(root: HTMLElement, from: string, to: string = from): Range {
  const index = indexText(root);
  const s = index.text.indexOf(from);
  const e = index.text.indexOf(to, s) + to.length;
  const at = (offset: number, isEnd: boolean): [Node, number] => {
    for (let k = 0; k < index.nodes.length; k += 1) {
      const ns = index.starts[k];
      const ne = ns + index.nodes[k].data.length;
      if (isEnd ? offset > ns && offset <= ne : offset >= ns && offset < ne) return [index.nodes[k], offset - ns];
    }
    throw new Error('offset outside the text');
  };
  const range = document.createRange();
  range.setStart(...at(s, false));
  range.setEnd(...at(e, true));
  return range;
}

describe('code points and UTF-16 units', () => {
  it('converts both ways around astral characters', () => {
    const s = 'a😀b';
    expect(s.length).toBe(4);
    expect(codePointLength(s)).toBe(3);
    expect(toUnits(s, 2)).toBe(3);
    expect(toCodePoints(s, 3)).toBe(2);
    expect(toUnits(s, 99)).toBe(4);
  });
});

describe('alignTexts', () => {
  it('pairs equal characters and skips white space found on one side only', () => {
    const a = alignTexts('ab  c', 'a\nb c');
    expect(Array.from(a.domToBody)).toEqual([0, 2, 3, 4, 4]);
    expect(Array.from(a.domMatched)).toEqual([1, 1, 1, 0, 1]);
  });

  it('resynchronises after an unexpected character', () => {
    const a = alignTexts('abXcd', 'abcd');
    expect(a.domToBody[3]).toBe(2);
    expect(a.domToBody[4]).toBe(3);
  });
});

describe('rangeToBody (DOM selection → body_text offsets)', () => {
  it('maps a selection across <strong> and </em> to code-point offsets of body_text', () => {
    const root = mount(MD_HTML);
    const sel = rangeToBody(root, rangeOver(root, 'bold world and i', 'bold world and i'), MD_TEXT);
    expect(sel).not.toBeNull();
    expect(sel!.quote).toBe('bold world and i');
    expect(sel!.start).toBe(MD_TEXT.indexOf('bold'));
    expect(sel!.end - sel!.start).toBe('bold world and i'.length);
  });

  it('counts code points after an emoji, and crosses a paragraph break', () => {
    const root = mount(MD_HTML);
    const sel = rangeToBody(root, rangeOver(root, 'emoji', 'item one'), MD_TEXT)!;
    expect(sel.quote).toBe('emoji.\nitem one');
    // "😀" is 2 UTF-16 units but 1 code point
    expect(sel.start).toBe(MD_TEXT.indexOf('emoji') - 1);
    expect([...MD_TEXT].slice(sel.start, sel.end).join('')).toBe('emoji.\nitem one');
  });

  it('handles paragraphs without white space between them and <br>', () => {
    const root = mount(PLAIN_HTML);
    const sel = rangeToBody(root, rangeOver(root, 'two', 'Para two'), PLAIN_TEXT)!;
    // DOM text is "…line twoPara two"; body_text has a line break there
    expect(sel.quote).toBe('two\nPara two');
    expect(sel.start).toBe(PLAIN_TEXT.indexOf('two'));
  });

  it('trims surrounding white space and clamps a selection that starts outside the post', () => {
    const root = mount(MD_HTML);
    const outside = document.createElement('p');
    outside.textContent = 'before';
    document.body.insertBefore(outside, root);
    const range = document.createRange();
    range.setStart(outside.firstChild!, 2);
    const hello = indexText(root).nodes[0];
    range.setEnd(hello, 6); // "Hello "
    const sel = rangeToBody(root, range, MD_TEXT)!;
    expect(sel.quote).toBe('Hello');
    expect(sel.start).toBe(0);
  });

  it('maps element boundary points (a whole <strong> selected)', () => {
    const root = mount(MD_HTML);
    const strong = root.querySelector('strong')!;
    const range = document.createRange();
    range.selectNode(strong);
    expect(rangeToBody(root, range, MD_TEXT)!.quote).toBe('bold world');
  });

  it('ignores our hidden labels inside existing highlights', () => {
    const html = highlightHtml(MD_HTML, MD_TEXT, [{ start: 6, end: 16, anchorId: 'x', before: 'Début', after: 'Fin' }]);
    const root = mount(html);
    expect(indexText(root).text.replace(/\s+/g, '')).toBe(MD_TEXT.replace(/\s+/g, ''));
    const sel = rangeToBody(root, rangeOver(root, 'world and'), MD_TEXT)!;
    expect(sel.quote).toBe('world and');
    expect(sel.start).toBe(11);
  });

  it('returns null for a collapsed selection or one outside the post', () => {
    const root = mount(MD_HTML);
    const range = document.createRange();
    range.setStart(indexText(root).nodes[0], 2);
    expect(rangeToBody(root, range, MD_TEXT)).toBeNull();
    const other = document.createElement('p');
    other.textContent = 'elsewhere';
    document.body.appendChild(other);
    range.selectNodeContents(other);
    expect(rangeToBody(root, range, MD_TEXT)).toBeNull();
  });
});

describe('locateQuote', () => {
  it('finds the occurrence nearest to the hint', () => {
    const text = 'yes and yes and yes';
    expect(locateQuote(text, 'yes', 9)).toEqual({ start: 8, end: 11 });
    expect(locateQuote(text, 'no')).toBeNull();
  });

  it('matches across folded white space and counts code points', () => {
    const text = '😀 one\ntwo   three';
    expect(locateQuote(text, "one two three")).toEqual({ start: 2, end: 17 });
  });
});

describe('highlightHtml (body_text ranges → <mark> in the sanitised HTML)', () => {
  it('wraps a range that crosses inline tags in one <mark> per text node, with labels and an anchor', () => {
    const start = MD_TEXT.indexOf('Hello');
    const end = MD_TEXT.indexOf(' and');
    const root = mount(
      highlightHtml(MD_HTML, MD_TEXT, [
        { start, end, anchorId: 'extract-a', before: 'Début de l’extrait', after: 'Fin de l’extrait', className: 'is-nugget', key: 'a' },
      ]),
    );
    const marks = Array.from(root.querySelectorAll('mark'));
    expect(marks.map((m) => m.textContent)).toEqual(['Début de l’extrait Hello ', 'bold world Fin de l’extrait']);
    expect(marks[1].parentElement!.tagName).toBe('STRONG');
    expect(marks[0].id).toBe('extract-a');
    expect(marks[0].getAttribute('tabindex')).toBe('-1');
    expect(marks[1].id).toBe('');
    expect(marks.every((m) => m.classList.contains('extract-mark') && m.classList.contains('is-nugget'))).toBe(true);
    expect(marks[0].getAttribute('data-extract-id')).toBe('a');
    // the text of the post is unchanged
    expect(indexText(root).text).toBe(indexText(mount(MD_HTML)).text);
  });

  it('uses code points (after an emoji) and crosses paragraphs', () => {
    const units = MD_TEXT.indexOf('emoji');
    const start = toCodePoints(MD_TEXT, units);
    const end = start + 'emoji.\nitem one'.length;
    const root = mount(highlightHtml(MD_HTML, MD_TEXT, [{ start, end, anchorId: 'e' }]));
    expect(Array.from(root.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['emoji.', 'item one']);
    // no <mark> around the white space between the blocks
    expect(root.querySelector('ul > mark')).toBeNull();
  });

  it('splits overlapping highlights into segments and gives each its own focus target', () => {
    const text = 'one two three four';
    const html = '<p>one <em>two three</em> four</p>';
    const root = mount(
      highlightHtml(html, text, [
        { start: 0, end: 13, anchorId: 'A', key: 'a' },
        { start: 4, end: 18, anchorId: 'B', key: 'b' },
        { start: 4, end: 7, anchorId: 'C', key: 'c' },
      ]),
    );
    const marks = Array.from(root.querySelectorAll('mark'));
    expect(marks.map((m) => [m.textContent, m.getAttribute('data-extract-id')])).toEqual([
      ['one ', 'a'],
      ['two', 'a b c'],
      [' three', 'a b'],
      [' four', 'b'],
    ]);
    expect(root.querySelector('#A')!.textContent).toBe('one ');
    expect(root.querySelector('#B')!.textContent).toBe('two');
    expect(root.querySelector('#C')!.textContent).toBe('two');
    expect(root.querySelector('#C')!.getAttribute('tabindex')).toBe('-1');
  });

  it('leaves the HTML alone when no range lands in the text', () => {
    expect(highlightHtml(PLAIN_HTML, PLAIN_TEXT, [])).toBe(PLAIN_HTML);
    expect(highlightHtml(PLAIN_HTML, PLAIN_TEXT, [{ start: 5, end: 5, anchorId: 'z' }])).toBe(PLAIN_HTML);
  });

  it('round-trips: a highlighted range selected again gives the same offsets', () => {
    const start = PLAIN_TEXT.indexOf('line');
    const end = PLAIN_TEXT.length - 4;
    const root = mount(highlightHtml(PLAIN_HTML, PLAIN_TEXT, [{ start, end, anchorId: 'r', before: 'b', after: 'a' }]));
    const marks = root.querySelectorAll('mark');
    const range = document.createRange();
    range.setStartBefore(marks[0]);
    range.setEndAfter(marks[marks.length - 1]);
    const sel = rangeToBody(root, range, PLAIN_TEXT)!;
    expect([sel.start, sel.end]).toEqual([start, end]);
  });
});

describe('extractDomId', () => {
  it('makes a safe id from an extract id', () => {
    expect(extractDomId('06abc.06def~0123456789abcdef')).toBe('extract-06abc_2e06def_7e0123456789abcdef');
  });
});
