export interface AppConfig {
  apiUrl: string;
  /** Where the source code is published (AGPL-3.0 §13). */
  sourceUrl: string;
  /** Who runs this instance (named in the accessibility statement and the privacy page). */
  operatorName?: string;
  /** Where people write about accessibility problems and personal data (mailto address). */
  contactEmail?: string;
  /** A contact page, instead of or next to the email address. */
  contactUrl?: string;
}

// Operators set sourceUrl in config.json to where they publish their source (AGPL-3.0 section 13); until then
// the footer links to the licence itself rather than to a made-up repository.
export const DEFAULT_SOURCE_URL = 'https://www.gnu.org/licenses/agpl-3.0.html';

const EMAIL_RE = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const res = await fetchImpl('./config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const raw = (await res.json()) as Record<string, unknown> | null;
  if (!raw || typeof raw.apiUrl !== 'string' || !raw.apiUrl) throw new Error('config.json: apiUrl missing');
  const contactEmail = text(raw.contactEmail);
  const contactUrl = text(raw.contactUrl);
  return {
    apiUrl: raw.apiUrl,
    sourceUrl: text(raw.sourceUrl) ?? DEFAULT_SOURCE_URL,
    operatorName: text(raw.operatorName),
    contactEmail: contactEmail && EMAIL_RE.test(contactEmail) ? contactEmail : undefined,
    contactUrl: contactUrl && /^https?:\/\//i.test(contactUrl) ? contactUrl : undefined,
  };
}
