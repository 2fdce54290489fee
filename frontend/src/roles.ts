// What the UI offers, from the caller's roles in the debate (`my_roles` of GET /debates/{slug}).
// The server decides in the end; these only hide controls that would be refused.
import type { Debate, User } from './api';
import type { I18n } from './i18n';

const HARVESTERS = new Set(['harvester', 'moderator', 'organiser']);
const MANAGERS = new Set(['moderator', 'organiser']);

export function canHarvest(debate: Pick<Debate, 'my_roles'>): boolean {
  return (debate.my_roles ?? []).some((r) => HARVESTERS.has(r));
}

/** Edit the table of ideas, write and publish syntheses. */
export function canManage(debate: Pick<Debate, 'my_roles'>): boolean {
  return (debate.my_roles ?? []).some((r) => MANAGERS.has(r));
}

/** Moderation queue: moderators and organisers. */
export function canModerate(debate: Pick<Debate, 'my_roles'>): boolean {
  return canManage(debate);
}

/** Settings, members, close/reopen, archive, audit log. */
export function isOrganiser(debate: Pick<Debate, 'my_roles'>): boolean {
  return (debate.my_roles ?? []).includes('organiser');
}

/** May create debates (POST /debates). */
export function isPlatformOrganiser(user: Pick<User, 'platform_roles'> | null | undefined): boolean {
  return (user?.platform_roles ?? []).includes('organiser');
}

/** A role's name in the UI language ("Modérateur"); an unknown role as the server spelt it. */
export function roleLabel(i18n: I18n, role: string): string {
  return (['participant', 'harvester', 'moderator', 'organiser'] as const).includes(role as never)
    ? i18n.t(`role.${role as 'participant'}`)
    : role;
}
