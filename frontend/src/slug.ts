// A debate's slug (its address: #/d/{slug}), checked like the server does (chalicelib/api/schemas.py,
// SLUG_RE = ^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$): 3 to 64 lower-case letters, digits and dashes, not
// starting or ending with a dash.

export const SLUG_MIN = 3;
export const SLUG_MAX = 64;

export type SlugProblem = 'empty' | 'chars' | 'length' | 'edges';

/** Why the server would refuse this slug, or null when it is valid. The most useful explanation comes first. */
export function slugProblem(slug: string): SlugProblem | null {
  if (slug === '') return 'empty';
  if (/[^a-z0-9-]/.test(slug)) return 'chars';
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX) return 'length';
  if (slug.startsWith('-') || slug.endsWith('-')) return 'edges';
  return null;
}

/** A slug suggested from a title: "Budget participatif 2027 !" → "budget-participatif-2027". */
export function slugify(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ß/g, 'ss')
    .toLowerCase();
  return ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
}
