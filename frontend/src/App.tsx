import type { TargetedMouseEvent } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApiClient, type Session, type User } from './api';
import type { AppConfig } from './config';
import { AppContext, useApp, type AppContextValue } from './context';
import { NotFoundPage } from './components/Feedback';
import { createI18n, loadLang, saveLang, type Lang } from './i18n';
import { DebateListPage } from './pages/DebateListPage';
import { DebatePage } from './pages/DebatePage';
import { IdeaPage } from './pages/IdeaPage';
import { SignInPage } from './pages/SignInPage';
import { ThreadPage } from './pages/ThreadPage';
import {
  LazyAuditPage,
  LazyDashboardPage,
  LazyVotePage,
  LazyVoteEditorPage,
  LazyEditorPage,
  LazyInfoPage,
  LazyModerationPage,
  LazyNewDebatePage,
  LazyProfilePage,
  LazySettingsPage,
  LazySynthesisPage,
} from './pages/LazyPages';
import { href, useRoute, type Route } from './router';
import { clearSession, loadSession, saveSession, updateStoredUser, type StoredSession } from './session';

function renderRoute(route: Route) {
  switch (route.name) {
    case 'home':
      return <DebateListPage />;
    case 'debate':
      return <DebatePage slug={route.slug} />;
    case 'idea':
      return <IdeaPage slug={route.slug} ideaId={route.ideaId} />;
    case 'post':
      return <ThreadPage slug={route.slug} postId={route.postId} extractId={route.extract} />;
    case 'syntheses':
      return <LazySynthesisPage slug={route.slug} />;
    case 'synthesis':
      return <LazySynthesisPage slug={route.slug} number={route.number} cite={route.cite} />;
    case 'synthesisDrafts':
      return <LazyEditorPage slug={route.slug} />;
    case 'synthesisEdit':
      return <LazyEditorPage slug={route.slug} draftId={route.draftId} />;
    case 'signin':
      return <SignInPage token={route.token} next={route.next} />;
    case 'newDebate':
      return <LazyNewDebatePage />;
    case 'settings':
      return <LazySettingsPage slug={route.slug} />;
    case 'moderation':
      return <LazyModerationPage slug={route.slug} />;
    case 'audit':
      return <LazyAuditPage slug={route.slug} />;
    case 'dashboard':
      return <LazyDashboardPage slug={route.slug} />;
    case 'vote':
      return <LazyVotePage slug={route.slug} sessionId={route.sessionId} />;
    case 'voteResults':
      return <LazyVotePage slug={route.slug} sessionId={route.sessionId} results />;
    case 'voteSessions':
      return <LazyVoteEditorPage slug={route.slug} />;
    case 'voteEdit':
      return <LazyVoteEditorPage slug={route.slug} sessionId={route.sessionId} />;
    case 'profile':
      return <LazyProfilePage />;
    case 'accessibility':
      return <LazyInfoPage page="accessibility" />;
    case 'privacy':
      return <LazyInfoPage page="privacy" />;
    default:
      return <NotFoundPage />;
  }
}

export function App({ config, fetchImpl }: { config: AppConfig; fetchImpl?: typeof fetch }) {
  const [lang, setLangState] = useState<Lang>(loadLang);
  const i18n = useMemo(() => createI18n(lang), [lang]);
  const [session, setSession] = useState<StoredSession | null>(loadSession);
  const [expired, setExpired] = useState(false);
  const [route, hash] = useRoute();

  const sessionRef = useRef(session);
  sessionRef.current = session;
  const langRef = useRef(lang);
  langRef.current = lang;

  const api = useMemo(
    () =>
      createApiClient({
        baseUrl: config.apiUrl,
        getToken: () => sessionRef.current?.token ?? null,
        getLang: () => langRef.current,
        onUnauthorized: () => {
          clearSession();
          sessionRef.current = null;
          setSession(null);
          setExpired(true);
        },
        fetchImpl,
      }),
    [config.apiUrl, fetchImpl],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // Check a stored token once at start and refresh the display name.
  useEffect(() => {
    const s = sessionRef.current;
    if (!s) return;
    api.me().then(
      ({ user }) => {
        if (sessionRef.current?.token === s.token) setSession(updateStoredUser(s, user));
      },
      () => {
        // 401 is handled by onUnauthorized; other errors: keep the session
      },
    );
  }, [api]);

  const setLang = useCallback((l: Lang) => {
    saveLang(l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);

  const signIn = useCallback((s: Session) => {
    const stored = saveSession(s);
    sessionRef.current = stored;
    setExpired(false);
    setSession(stored);
  }, []);

  const signOut = useCallback(() => {
    clearSession();
    sessionRef.current = null;
    setSession(null);
  }, []);

  const setUser = useCallback((user: User) => {
    const s = sessionRef.current;
    if (!s) return;
    const next = updateStoredUser(s, user);
    sessionRef.current = next;
    setSession(next);
  }, []);

  const ctx: AppContextValue = { api, config, i18n, setLang, session, signIn, signOut, setUser, hash };
  const pageKey = `${hash}|${session?.token ?? ''}`;

  return (
    <AppContext.Provider value={ctx}>
      <SiteHeader route={route} />
      <main id="main" tabIndex={-1} class="site-main">
        {expired && (
          <p role="alert" class="alert alert-error">
            {i18n.t('error.session_expired')} <a href={href.signin(hash)}>{i18n.t('signIn')}</a>
          </p>
        )}
        <div key={pageKey}>{renderRoute(route)}</div>
      </main>
      <footer class="site-footer">
        <ul class="footer-links" aria-label={i18n.t('footer.links')}>
          <li>
            <a href={href.accessibility()}>{i18n.t('footer.accessibility')}</a>
          </li>
          <li>
            <a href={href.privacy()}>{i18n.t('footer.privacy')}</a>
          </li>
          <li>
            <a href={config.sourceUrl}>{i18n.t('footerLicence')}</a>
          </li>
        </ul>
      </footer>
    </AppContext.Provider>
  );
}

function SiteHeader({ route }: { route: Route }) {
  const { i18n, setLang, session, signOut, hash } = useApp();
  const target: Lang = i18n.lang === 'fr' ? 'en' : 'fr';

  const skip = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    // hash routing: do not change the location, move the focus instead
    e.preventDefault();
    const heading = document.getElementById('page-title');
    (heading ?? document.getElementById('main'))?.focus();
  };

  return (
    <header class="site-header">
      <a href="#main" class="skip-link" onClick={skip}>
        {i18n.t('skipToContent')}
      </a>
      <div class="header-inner">
        <a href={href.home()} class="brand">
          {i18n.t('appName')}
        </a>
        <nav aria-label={i18n.t('mainNav')} class="header-nav">
          <ul>
            <li>
              <button type="button" class="link-button" lang={target} onClick={() => setLang(target)}>
                {i18n.t('switchLang')}
              </button>
            </li>
            {session ? (
              <>
                {session.user && (
                  <li class="user-name">
                    <a href={href.profile()} aria-current={route.name === 'profile' ? 'page' : undefined}>
                      <span class="visually-hidden">{i18n.t('nav.profile')} </span>
                      {session.user.display_name}
                    </a>
                  </li>
                )}
                <li>
                  <button type="button" class="link-button" onClick={signOut}>
                    {i18n.t('signOut')}
                  </button>
                </li>
              </>
            ) : (
              route.name !== 'signin' && (
                <li>
                  <a href={href.signin(hash)}>{i18n.t('signIn')}</a>
                </li>
              )
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

