// What the UI offers, from the caller's roles in the debate (`my_roles` of GET /debates/{slug}).
// The server decides in the end; these only hide controls that would be refused.
import type { Debate } from './api';

const HARVESTERS = new Set(['harvester', 'moderator', 'organiser']);
const MANAGERS = new Set(['moderator', 'organiser']);

export function canHarvest(debate: Pick<Debate, 'my_roles'>): boolean {
  return (debate.my_roles ?? []).some((r) => HARVESTERS.has(r));
}

/** Edit the table of ideas, write and publish syntheses. */
export function canManage(debate: Pick<Debate, 'my_roles'>): boolean {
  return (debate.my_roles ?? []).some((r) => MANAGERS.has(r));
}
