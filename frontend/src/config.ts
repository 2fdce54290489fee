export interface AppConfig {
  apiUrl: string;
  /** Where the source code is published (AGPL-3.0 §13). */
  sourceUrl: string;
}

// Operators set sourceUrl in config.json to where they publish their source (AGPL-3.0 section 13); until then
// the footer links to the licence itself rather than to a made-up repository.
export const DEFAULT_SOURCE_URL = 'https://www.gnu.org/licenses/agpl-3.0.html';

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const res = await fetchImpl('./config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const raw = (await res.json()) as Partial<AppConfig>;
  if (!raw || typeof raw.apiUrl !== 'string' || !raw.apiUrl) throw new Error('config.json: apiUrl missing');
  return {
    apiUrl: raw.apiUrl,
    sourceUrl: typeof raw.sourceUrl === 'string' && raw.sourceUrl ? raw.sourceUrl : DEFAULT_SOURCE_URL,
  };
}
