// Offsets between a post's rendered HTML (the DOM) and its plain text (`body_text`, made by the server).
//
// The server derives body_text from the same sanitised HTML: text nodes joined, a line break added around
// block elements, runs of line breaks folded, leading/trailing space stripped. So, ignoring white space,
// the DOM's text and body_text hold the same characters in the same order. We align the two strings once
// (white space may appear on one side only) and map positions both ways through that alignment.
//
// Extract offsets from the API count Unicode code points; JavaScript strings count UTF-16 units. The
// conversion happens at the edges (toUnits / toCodePoints); everything in between works on UTF-16 units.

/** Elements carrying this attribute (our own hidden labels inside <mark>) are not part of the post's text. */
export const NON_TEXT_ATTR = 'data-nontext';

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** UTF-16 index in `s` of the code-point offset `cp` (clamped to the string). */
export function toUnits(s: string, cp: number): number {
  let units = 0;
  let seen = 0;
  while (seen < cp && units < s.length) {
    const code = s.charCodeAt(units);
    units += code >= 0xd800 && code <= 0xdbff && units + 1 < s.length ? 2 : 1;
    seen += 1;
  }
  return units;
}

/** Code-point offset of the UTF-16 index `units` in `s`. */
export function toCodePoints(s: string, units: number): number {
  let cp = 0;
  let i = 0;
  const stop = Math.min(units, s.length);
  while (i < stop) {
    const code = s.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff && i + 1 < s.length ? 2 : 1;
    cp += 1;
  }
  return cp;
}

/** Length of `s` in code points. */
export function codePointLength(s: string): number {
  return toCodePoints(s, s.length);
}

export interface Alignment {
  /** For each DOM character: the index of its counterpart in body_text, or of the next body character. */
  domToBody: Int32Array;
  domMatched: Uint8Array;
  /** For each body_text character: the index of its counterpart in the DOM text, or of the next DOM character. */
  bodyToDom: Int32Array;
  bodyMatched: Uint8Array;
}

const RESYNC_WINDOW = 40;

/**
 * Align the DOM's text with body_text. Equal characters (and white space against white space) are paired;
 * white space present on one side only is skipped; an unexpected difference resynchronises on the nearest
 * common character, so one odd character never shifts everything after it.
 */
export function alignTexts(dom: string, body: string): Alignment {
  const domToBody = new Int32Array(dom.length);
  const domMatched = new Uint8Array(dom.length);
  const bodyToDom = new Int32Array(body.length);
  const bodyMatched = new Uint8Array(body.length);
  let i = 0;
  let j = 0;
  const pair = () => {
    domToBody[i] = j;
    domMatched[i] = 1;
    bodyToDom[j] = i;
    bodyMatched[j] = 1;
    i += 1;
    j += 1;
  };
  while (i < dom.length && j < body.length) {
    const a = dom[i];
    const b = body[j];
    if (a === b || (isSpace(a) && isSpace(b))) {
      pair();
    } else if (isSpace(b)) {
      bodyToDom[j] = i;
      j += 1;
    } else if (isSpace(a)) {
      domToBody[i] = j;
      i += 1;
    } else {
      // Characters differ: skip the fewest characters on one side to meet again.
      let skipBody = -1;
      let skipDom = -1;
      for (let k = 1; k <= RESYNC_WINDOW; k += 1) {
        if (skipBody < 0 && body[j + k] === a) skipBody = k;
        if (skipDom < 0 && dom[i + k] === b) skipDom = k;
        if (skipBody >= 0 || skipDom >= 0) break;
      }
      if (skipBody >= 0 && (skipDom < 0 || skipBody <= skipDom)) {
        for (let k = 0; k < skipBody; k += 1) bodyToDom[j + k] = i;
        j += skipBody;
      } else if (skipDom >= 0) {
        for (let k = 0; k < skipDom; k += 1) domToBody[i + k] = j;
        i += skipDom;
      } else {
        // substitution: pair them without marking a match
        domToBody[i] = j;
        bodyToDom[j] = i;
        i += 1;
        j += 1;
      }
    }
  }
  for (; i < dom.length; i += 1) domToBody[i] = body.length;
  for (; j < body.length; j += 1) bodyToDom[j] = dom.length;
  return { domToBody, domMatched, bodyToDom, bodyMatched };
}

/** Map a half-open range [start, end) through one direction of an alignment. */
function mapRange(
  start: number,
  end: number,
  map: Int32Array,
  matched: Uint8Array,
  targetLength: number,
): [number, number] {
  const s = start < map.length ? map[start] : targetLength;
  let e: number;
  if (end <= 0) e = 0;
  else {
    const last = Math.min(end, map.length) - 1;
    e = matched[last] ? map[last] + 1 : map[last];
  }
  return [s, Math.max(s, e)];
}

export function domRangeToBody(a: Alignment, bodyLength: number, start: number, end: number): [number, number] {
  return mapRange(start, end, a.domToBody, a.domMatched, bodyLength);
}

export function bodyRangeToDom(a: Alignment, domLength: number, start: number, end: number): [number, number] {
  return mapRange(start, end, a.bodyToDom, a.bodyMatched, domLength);
}

// ---------------------------------------------------------------------------------------------------------
// DOM text index

export interface TextIndex {
  nodes: Text[];
  /** DOM text offset where each node starts. */
  starts: number[];
  text: string;
}

/** The text nodes under `root` in document order, skipping our own non-text elements. */
export function indexText(root: Node): TextIndex {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode(node: Node) {
      if (node.nodeType === 1) {
        return (node as Element).hasAttribute(NON_TEXT_ATTR) ? 2 /* REJECT */ : 3 /* SKIP */;
      }
      return 1; /* ACCEPT */
    },
  });
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    nodes.push(t);
    starts.push(text.length);
    text += t.data;
  }
  return { nodes, starts, text };
}

/** DOM text offset of a boundary point (container, offset) of a Range, clamped to `root`. */
export function pointToOffset(index: TextIndex, root: Node, container: Node, offset: number): number {
  const doc = root.ownerDocument ?? (root as Document);
  if (container.nodeType === 3) {
    const k = index.nodes.indexOf(container as Text);
    if (k >= 0) return index.starts[k] + Math.min(offset, (container as Text).data.length);
  }
  const probe = doc.createRange();
  probe.selectNodeContents(root);
  let where: number;
  try {
    where = probe.comparePoint(container, offset);
  } catch {
    return 0; // another tree
  }
  if (where < 0) return 0;
  if (where > 0) return index.text.length;
  const point = doc.createRange();
  point.setStart(container, offset);
  // the first indexed text node that starts at or after the point
  for (let k = 0; k < index.nodes.length; k += 1) {
    if (point.comparePoint(index.nodes[k], 0) >= 0) return index.starts[k];
  }
  return index.text.length;
}

export interface BodySelection {
  /** Code-point offsets into body_text, end exclusive (what the API expects). */
  start: number;
  end: number;
  /** body_text between the offsets. */
  quote: string;
  /** The same offsets in UTF-16 units. */
  unitStart: number;
  unitEnd: number;
}

/**
 * The part of `range` that lies inside `root`, as offsets into body_text. Leading and trailing white space is
 * left out. Null when the range does not touch the text of `root`.
 */
export function rangeToBody(root: Element, range: Range, bodyText: string): BodySelection | null {
  if (range.collapsed || !range.intersectsNode(root)) return null;
  const index = indexText(root);
  const domStart = pointToOffset(index, root, range.startContainer, range.startOffset);
  const domEnd = pointToOffset(index, root, range.endContainer, range.endOffset);
  if (domEnd <= domStart) return null;
  const alignment = alignTexts(index.text, bodyText);
  let [s, e] = domRangeToBody(alignment, bodyText.length, domStart, domEnd);
  while (s < e && isSpace(bodyText[s])) s += 1;
  while (e > s && isSpace(bodyText[e - 1])) e -= 1;
  // never cut a surrogate pair
  if (s > 0 && isLowSurrogate(bodyText.charCodeAt(s))) s -= 1;
  if (e < bodyText.length && isLowSurrogate(bodyText.charCodeAt(e))) e += 1;
  if (e <= s) return null;
  return {
    start: toCodePoints(bodyText, s),
    end: toCodePoints(bodyText, e),
    quote: bodyText.slice(s, e),
    unitStart: s,
    unitEnd: e,
  };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Where `quote` stands in `text` (code points): the exact occurrence nearest `hint` (a code-point offset),
 * else a match with runs of white space folded. Null when the words are not in the text.
 */
export function locateQuote(text: string, quote: string, hint = 0): { start: number; end: number } | null {
  const q = quote.trim();
  if (!q) return null;
  const hintUnits = toUnits(text, hint);
  let best = -1;
  for (let at = text.indexOf(q); at !== -1; at = text.indexOf(q, at + 1)) {
    if (best < 0 || Math.abs(at - hintUnits) < Math.abs(best - hintUnits)) best = at;
  }
  if (best >= 0) return { start: toCodePoints(text, best), end: toCodePoints(text, best + q.length) };
  // fold white space on both sides
  const folded: string[] = [];
  const origin: number[] = [];
  let prevSpace = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (isSpace(c)) {
      if (prevSpace) continue;
      folded.push(' ');
      prevSpace = true;
    } else {
      folded.push(c);
      prevSpace = false;
    }
    origin.push(i);
  }
  const hay = folded.join('');
  const target = q.replace(/\s+/g, ' ');
  let bestFolded = -1;
  for (let at = hay.indexOf(target); at !== -1; at = hay.indexOf(target, at + 1)) {
    if (bestFolded < 0 || Math.abs(origin[at] - hintUnits) < Math.abs(origin[bestFolded] - hintUnits)) bestFolded = at;
  }
  if (bestFolded < 0) return null;
  const s = origin[bestFolded];
  const e = origin[bestFolded + target.length - 1] + 1;
  return { start: toCodePoints(text, s), end: toCodePoints(text, e) };
}

// ---------------------------------------------------------------------------------------------------------
// Highlighting

export interface Highlight {
  /** Code-point offsets into body_text. */
  start: number;
  end: number;
  /** id of the element that receives the focus for this highlight (its first piece). */
  anchorId: string;
  className?: string;
  /** Visually hidden text at the start and end of the highlight (read by screen readers). */
  before?: string;
  after?: string;
  /** Written to data-extract-id. */
  key?: string;
}

/**
 * The sanitised `html` with each highlight wrapped in <mark> elements (one per text node it crosses, so
 * inline tags such as <strong> or a paragraph break stay intact). Overlapping highlights are split into
 * segments; a segment covered by several highlights gets a single <mark> listing them all.
 */
export function highlightHtml(html: string, bodyText: string, highlights: readonly Highlight[], doc: Document = document): string {
  if (highlights.length === 0) return html;
  const template = doc.createElement('template');
  template.innerHTML = html;
  const root = template.content;
  const index = indexText(root);
  const alignment = alignTexts(index.text, bodyText);

  interface Span {
    h: Highlight;
    s: number;
    e: number;
  }
  const spans: Span[] = [];
  for (const h of highlights) {
    const us = toUnits(bodyText, h.start);
    const ue = toUnits(bodyText, h.end);
    if (!(ue > us)) continue;
    const [s, e] = bodyRangeToDom(alignment, index.text.length, us, ue);
    if (e > s) spans.push({ h, s, e });
  }
  if (spans.length === 0) return html;

  // Elementary segments between every start and end.
  const cuts = [...new Set(spans.flatMap((sp) => [sp.s, sp.e]))].sort((a, b) => a - b);
  interface Piece {
    /** text node index */
    n: number;
    s: number;
    e: number;
    covering: Span[];
  }
  const pieces: Piece[] = [];
  for (let k = 0; k + 1 < cuts.length; k += 1) {
    const s = cuts[k];
    const e = cuts[k + 1];
    const covering = spans.filter((sp) => sp.s <= s && sp.e >= e);
    if (covering.length === 0) continue;
    // split further at text node boundaries
    for (let n = 0; n < index.nodes.length; n += 1) {
      const ns = index.starts[n];
      const ne = ns + index.nodes[n].data.length;
      const ps = Math.max(s, ns);
      const pe = Math.min(e, ne);
      // a piece made of white space only between blocks is left alone
      if (pe > ps && index.text.slice(ps, pe).trim() !== '') pieces.push({ n, s: ps, e: pe, covering });
    }
  }
  if (pieces.length === 0) return html;
  pieces.sort((a, b) => a.s - b.s);

  // First and last piece of each highlight carry its anchor and hidden labels.
  const first = new Map<Span, Piece>();
  const last = new Map<Span, Piece>();
  for (const p of pieces) {
    for (const sp of p.covering) {
      if (!first.has(sp)) first.set(sp, p);
      last.set(sp, p);
    }
  }

  // Wrap from the end so that earlier offsets stay valid while text nodes are split.
  for (let k = pieces.length - 1; k >= 0; k -= 1) {
    const p = pieces[k];
    const n = p.n;
    const node = index.nodes[n];
    const local = p.s - index.starts[n];
    const localEnd = p.e - index.starts[n];
    if (localEnd < node.data.length) node.splitText(localEnd);
    const middle = local > 0 ? node.splitText(local) : node;
    const mark = doc.createElement('mark');
    const classes = ['extract-mark', ...new Set(p.covering.map((sp) => sp.h.className).filter(Boolean))];
    mark.setAttribute('class', classes.join(' '));
    mark.setAttribute('data-extract-id', p.covering.map((sp) => sp.h.key ?? sp.h.anchorId).join(' '));
    middle.parentNode!.replaceChild(mark, middle);
    mark.appendChild(middle);

    const starting = p.covering.filter((sp) => first.get(sp) === p);
    const ending = p.covering.filter((sp) => last.get(sp) === p);
    for (const sp of ending) {
      if (sp.h.after) mark.appendChild(hiddenLabel(doc, sp.h.after, 'after'));
    }
    for (const sp of [...starting].reverse()) {
      if (sp.h.before) mark.insertBefore(hiddenLabel(doc, sp.h.before, 'before'), mark.firstChild);
    }
    // The mark itself is the focus target of the first highlight starting here; further ones get a wrapper.
    let target: Element = mark;
    starting.forEach((sp, i) => {
      if (i === 0) {
        mark.id = sp.h.anchorId;
        mark.setAttribute('tabindex', '-1');
      } else {
        const wrapper = doc.createElement('span');
        wrapper.id = sp.h.anchorId;
        wrapper.setAttribute('tabindex', '-1');
        wrapper.setAttribute('class', 'extract-anchor');
        target.parentNode!.replaceChild(wrapper, target);
        wrapper.appendChild(target);
        target = wrapper;
      }
    });
  }
  return template.innerHTML;
}

function hiddenLabel(doc: Document, text: string, where: 'before' | 'after'): HTMLElement {
  const span = doc.createElement('span');
  span.setAttribute('class', 'visually-hidden');
  span.setAttribute(NON_TEXT_ATTR, where);
  span.textContent = where === 'before' ? `${text} ` : ` ${text}`;
  return span;
}

/** A DOM id for an extract id (which may hold characters such as "~" and "."). */
export function extractDomId(extractId: string): string {
  return `extract-${extractId.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
