// @vitest-environment node
import { describe, expect, it } from 'vitest';

// jsdom applies no :visited state, so the stylesheet itself is checked: a link styled as a button must keep the
// button's colours once visited (the visited-link purple on the accent blue is unreadable).
// read from disk (Vitest hands CSS imports, ?raw included, to tests as empty strings); node's types are not in
// this project's tsconfig, hence the untyped import
const fsModule = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: URL, encoding: 'utf8') => string };
const { readdirSync } = (await import(/* @vite-ignore */ fsModule)) as { readdirSync: (path: URL, options: { recursive: true }) => string[] };
const css = readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

const rules = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selectors, body]) => ({
  selectors: selectors.split(',').map((x: string) => x.trim()),
  decls: Object.fromEntries(
    body
      .split(';')
      .map((d) => d.split(':'))
      .filter((d) => d.length >= 2)
      .map(([k, ...v]) => [k.trim(), v.join(':').trim()]),
  ),
}));

const root = rules.find((r) => r.selectors.includes(':root'))!.decls;
const resolve = (value: string): string => value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => resolve(root[name]));

/** The last value the stylesheet gives `property` for exactly this selector. */
function declared(selector: string, property: string): string | undefined {
  let found: string | undefined;
  for (const r of rules) if (r.selectors.includes(selector) && r.decls[property]) found = resolve(r.decls[property]);
  return found;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('links styled as buttons', () => {
  it.each([
    ['.button', '.button'],
    ['.button-secondary', '.button-secondary'],
    ['.button-danger', '.button-danger'],
    ['.skip-link', '.skip-link'],
  ])('%s keeps its colours once visited, with enough contrast', (selector, backgroundFrom) => {
    const colour = declared(selector, 'color');
    expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
    expect(declared(`${selector}:visited`, 'color')).toBe(colour);
    const background = declared(backgroundFrom, 'background')!;
    expect(contrast(colour!, background)).toBeGreaterThanOrEqual(4.5);
  });

  it('outranks the visited-link colour: a:visited is less specific than .button:visited', () => {
    expect(declared('a:visited', 'color')).toBe('#5b2a86');
    // a secondary or danger link, once visited, is not given the primary button's white text
    expect(declared('.button-secondary:visited', 'color')).not.toBe(declared('.button:visited', 'color'));
  });
});

describe('Mon profil', () => {
  it('spaces the account deletion (ending on its button) from the privacy link below it', () => {
    expect(declared('.delete-account', 'margin-bottom')).toBe('1.5rem');
    expect(declared('.my-data', 'margin-bottom')).toBe('1.5rem');
  });
});

describe('form fields', () => {
  // every text-like <input type> the screens use gets the same look as the text fields (not the browser's small
  // default box): found in the sources, so that a new type is not forgotten
  const srcDir = new URL('../src/', import.meta.url);
  const used = new Set<string>();
  for (const file of readdirSync(srcDir, { recursive: true }).filter((f) => f.endsWith('.tsx'))) {
    for (const [, type] of readFileSync(new URL(file, srcDir), 'utf8').matchAll(/<input[^>]*?\stype="([a-z-]+)"/g)) used.add(type);
  }
  const own = new Set(['checkbox', 'radio', 'hidden', 'submit', 'button', 'datetime-local']);
  const textLike = [...used].filter((t) => !own.has(t)).sort();

  it('finds the types in use', () => {
    expect(textLike).toEqual(expect.arrayContaining(['email', 'number', 'text', 'url']));
  });

  it.each(textLike)('input[type=%s] is styled like the text fields', (type) => {
    for (const property of ['display', 'padding', 'border', 'border-radius', 'font']) {
      expect(declared(`input[type='${type}']`, property)).toBe(declared("input[type='text']", property));
    }
  });
});
