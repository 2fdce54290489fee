// Plain text → text nodes and <a> elements for http(s) URLs. No HTML parsing involved.
import type { ComponentChildren } from 'preact';

const URL_RE = /https?:\/\/[^\s<>"']+/g;
const TRAILING = '.,;:!?»]\'"';

const count = (s: string, c: string) => s.split(c).length - 1;

/** Drop trailing punctuation, and closing parentheses that do not belong to the URL. */
function trimUrl(url: string): string {
  let u = url;
  for (;;) {
    const last = u[u.length - 1];
    if (TRAILING.includes(last)) u = u.slice(0, -1);
    else if (last === ')' && count(u, '(') < count(u, ')')) u = u.slice(0, -1);
    else return u;
  }
}

export interface TextPart {
  text: string;
  url?: string;
}

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrl(m[0]);
    const start = m.index ?? 0;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function Linkified({ text }: { text: string }): ComponentChildren {
  return splitLinks(text).map((p, i) =>
    p.url ? (
      <a key={i} href={p.url} rel="noopener noreferrer">
        {p.text}
      </a>
    ) : (
      p.text
    ),
  );
}

/** Paragraphs split on blank lines; single newlines are kept by CSS (white-space: pre-line). */
export function TextBlock({ text, lang }: { text: string; lang?: string }) {
  const paras = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return (
    <div class="text-block" lang={lang}>
      {paras.map((p, i) => (
        <p key={i}>
          <Linkified text={p} />
        </p>
      ))}
    </div>
  );
}

/** Fill `{name}` placeholders of a translated template with elements (e.g. <time>). */
export function fillTemplate(template: string, values: Record<string, ComponentChildren>): ComponentChildren[] {
  return template.split(/(\{\w+\})/).map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    return m && m[1] in values ? values[m[1]] : part;
  });
}
