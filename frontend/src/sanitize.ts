// Defence in depth: the server already sanitises body_html; sanitise again before innerHTML.
// DOMPurify is loaded on demand (only pages that show posts need it) to keep the first bundle small.
import type { DOMPurify } from 'dompurify';

const ALLOWED_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'h2', 'h3', 'h4', 'code', 'pre', 'img'];
const ALLOWED_ATTR = ['href', 'title', 'src', 'alt', 'rel'];

let purify: DOMPurify | null = null;
let loading: Promise<void> | null = null;

export function loadSanitizer(): Promise<void> {
  loading ??= import('dompurify').then((mod) => {
    const instance = mod.default;
    instance.addHook('afterSanitizeAttributes', (node) => {
      const el = node as Element;
      if (node.nodeName === 'A' && el.hasAttribute('href')) {
        el.setAttribute('rel', 'noopener noreferrer nofollow');
      }
      // an image without a text alternative is treated as decorative (RGAA 1.2)
      if (node.nodeName === 'IMG' && !el.hasAttribute('alt')) {
        el.setAttribute('alt', '');
      }
    });
    purify = instance;
  });
  return loading;
}

/** Sanitised HTML, or null when the sanitiser is not loaded yet (show the plain text instead). */
export function sanitizeHtml(html: string): string | null {
  if (!purify) return null;
  return purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    // style attributes would also break the strict CSP (style-src 'self')
    FORBID_ATTR: ['style'],
  });
}
