// Pure logic for syntheses: citation markers [n] in section texts, and merging after a 409 stale_version.
import type { SynthesisDraft, SynthesisInput, SynthesisSection } from './api';

export type CitedPart = { text: string } | { cite: number };

const MARKER = /\[(\d{1,3})\]/g;

/**
 * A section text cut into plain text and citation markers. `[n]` becomes a citation only when 1 ≤ n ≤ count
 * (the section's number of cited extracts); anything else stays text.
 */
export function splitCitations(text: string, count: number): CitedPart[] {
  const parts: CitedPart[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const n = Number(m[1]);
    if (n < 1 || n > count) continue;
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ cite: n });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Paragraphs of a text (blank lines separate them). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * Insert the marker `[n]` at the cursor (replacing a selection). A space is added before it when it would
 * otherwise stick to a word. Returns the new text and the cursor position after the marker.
 */
export function insertMarker(text: string, selStart: number, selEnd: number, n: number): { text: string; caret: number } {
  const start = Math.max(0, Math.min(selStart, text.length));
  const end = Math.max(start, Math.min(selEnd, text.length));
  const before = text.slice(0, start);
  const prev = before[before.length - 1];
  const glue = prev !== undefined && !/\s/.test(prev) && prev !== ']' ? ' ' : '';
  const marker = `${glue}[${n}]`;
  return { text: before + marker + text.slice(end), caret: start + marker.length };
}

/**
 * Remove the citation at `index` (0-based) from a section: its markers [index+1] disappear from every
 * language, and the following markers are renumbered so that [n] keeps citing the same extract.
 */
export function removeCitation(section: SynthesisSection, index: number): SynthesisSection {
  const removed = index + 1;
  const count = section.citations.length;
  const text: Record<string, string> = {};
  for (const [lang, value] of Object.entries(section.text)) {
    text[lang] = value
      .replace(/ ?\[(\d{1,3})\]/g, (whole, digits: string) => {
        const n = Number(digits);
        if (n < 1 || n > count) return whole;
        if (n === removed) return '';
        const lead = whole.startsWith(' ') ? ' ' : '';
        return n > removed ? `${lead}[${n - 1}]` : whole;
      });
  }
  return { ...section, text, citations: section.citations.filter((_, i) => i !== index) };
}

// ------------------------------------------------------------------------------------------------------------
// Comparing and merging drafts

const clean = (s: string | undefined) => (s ?? '').replace(/\r\n?/g, '\n').trim();

function cleanMap(map: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map ?? {})) {
    const c = clean(v);
    if (c) out[k] = c;
  }
  return out;
}

/** The input as the server will store it (texts trimmed, empty languages dropped). */
export function normalizeInput(input: SynthesisInput): SynthesisInput {
  return {
    title: cleanMap(input.title),
    introduction: cleanMap(input.introduction),
    conclusion: cleanMap(input.conclusion),
    sections: input.sections.map((s) => ({
      idea_id: s.idea_id,
      text: cleanMap(s.text),
      citations: [...new Set(s.citations)],
    })),
  };
}

export function draftToInput(d: SynthesisDraft | SynthesisInput): SynthesisInput {
  return {
    title: { ...(d.title ?? {}) },
    introduction: { ...(d.introduction ?? {}) },
    conclusion: { ...(d.conclusion ?? {}) },
    sections: (d.sections ?? []).map((s) => ({ idea_id: s.idea_id, text: { ...(s.text ?? {}) }, citations: [...(s.citations ?? [])] })),
  };
}

const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

export function sameInput(a: SynthesisInput, b: SynthesisInput): boolean {
  return sortedJson(normalizeInput(a)) === sortedJson(normalizeInput(b));
}

export type TextKind = 'title' | 'introduction' | 'conclusion';
export type MergeChoice = 'mine' | 'theirs';

export interface MergeField {
  key: string;
  kind: TextKind | 'sections';
  lang?: string;
  mine: string | SynthesisSection[];
  theirs: string | SynthesisSection[];
  /**
   * How the field is settled without asking: 'mine' when only I changed it (or both made the same change),
   * 'theirs' when only the other person changed it, null when both changed it differently (a conflict).
   */
  auto: MergeChoice | null;
}

/**
 * Three-way comparison of my text (`mine`), the version I started from (`base`) and the version saved
 * meanwhile (`theirs`). Only fields that differ between mine and theirs are returned.
 */
export function mergeFields(base: SynthesisInput, mine: SynthesisInput, theirs: SynthesisInput, languages: readonly string[]): MergeField[] {
  const b = normalizeInput(base);
  const m = normalizeInput(mine);
  const t = normalizeInput(theirs);
  const fields: MergeField[] = [];
  for (const kind of ['title', 'introduction', 'conclusion'] as const) {
    const langs = [...new Set([...languages, ...Object.keys(m[kind]), ...Object.keys(t[kind])])];
    for (const lang of langs) {
      const mv = m[kind][lang] ?? '';
      const tv = t[kind][lang] ?? '';
      if (mv === tv) continue;
      const bv = b[kind][lang] ?? '';
      const auto: MergeChoice | null = mv === bv ? 'theirs' : tv === bv ? 'mine' : null;
      fields.push({ key: `${kind}.${lang}`, kind, lang, mine: mine[kind][lang] ?? '', theirs: theirs[kind][lang] ?? '', auto });
    }
  }
  const ms = sortedJson(m.sections);
  const ts = sortedJson(t.sections);
  if (ms !== ts) {
    const bs = sortedJson(b.sections);
    const auto: MergeChoice | null = ms === bs ? 'theirs' : ts === bs ? 'mine' : null;
    fields.push({ key: 'sections', kind: 'sections', mine: mine.sections, theirs: theirs.sections, auto });
  }
  return fields;
}

/** My input with, for each field, the side chosen (the user's choice for conflicts, else the automatic one). */
export function applyMerge(
  mine: SynthesisInput,
  theirs: SynthesisInput,
  fields: readonly MergeField[],
  choices: Readonly<Record<string, MergeChoice>>,
): SynthesisInput {
  const out = draftToInput(mine);
  const src = draftToInput(theirs);
  for (const f of fields) {
    const choice = f.auto ?? choices[f.key] ?? 'mine';
    if (choice !== 'theirs') continue;
    if (f.kind === 'sections') {
      out.sections = src.sections;
    } else {
      const value = src[f.kind][f.lang!];
      if (value) out[f.kind][f.lang!] = value;
      else delete out[f.kind][f.lang!];
    }
  }
  return out;
}
