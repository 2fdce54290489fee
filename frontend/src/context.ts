import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient, Session, User } from './api';
import type { AppConfig } from './config';
import type { I18n, Lang } from './i18n';
import type { StoredSession } from './session';

export interface AppContextValue {
  api: ApiClient;
  config: AppConfig;
  i18n: I18n;
  setLang(lang: Lang): void;
  session: StoredSession | null;
  signIn(session: Session): void;
  signOut(): void;
  /** The signed-in user changed (e.g. a new display name): keep the stored session in step. */
  setUser(user: User): void;
  /** Current location hash, e.g. "#/d/slug"; used as `next` for sign-in prompts. */
  hash: string;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('AppContext missing');
  return ctx;
}
