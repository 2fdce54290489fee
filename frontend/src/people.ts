// How a person named on a post or an extract reads: "Participant supprimé" once they deleted their account.
import type { I18n } from './i18n';

export interface Named {
  display_name: string | null;
  deleted?: boolean;
}

/** Their name; `fallback` when the API gives none (an anonymous author, an unknown harvester). */
export function personName(i18n: I18n, person: Named | null | undefined, fallback: string): string {
  if (person?.deleted) return i18n.t('post.deletedParticipant');
  return person?.display_name || fallback;
}
