// Organiser screens of the vote sessions, loaded on demand: the list and "Nouvelle session de vote"
// (#/d/{slug}/settings/votes), and the editor of one session (#/d/{slug}/votes/{id}/edit): settings, proposals,
// modules and their per-proposal settings. Every change is one API call; the page then reads the session again.
import '../i18n-admin';
import '../i18n-vote';
import '../i18n-vote-editor';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Debate, Idea } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorPage, LoadingPage, NotFoundPage, NoticePage, SignInPrompt } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { ModulesEditor } from '../components/vote-editor/ModulesEditor';
import { ProposalsEditor } from '../components/vote-editor/ProposalsEditor';
import { SessionSettingsForm } from '../components/vote-editor/SessionForm';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText } from '../i18n';
import { isOrganiser } from '../roles';
import { href, navigate } from '../router';
import { voteAdminApi, voteApi, type SessionSummary, type VoteSession } from '../votes';
import './votes.css';

interface Loaded<T> {
  debate: Debate;
  ideas: Idea[];
  extra: T;
}

/** Signed in, organiser of the debate: loads the debate, its ideas and `extra`; otherwise a notice. */
function OrganiserGate<T>({ slug, title, load, children }: {
  slug: string;
  title: string;
  load: (debate: Debate) => Promise<T>;
  children: (data: Loaded<T>) => ComponentChildren;
}) {
  const { api, i18n, session } = useApp();
  const [state, retry] = useAsync(async () => {
    if (!session) return null;
    const debate = await api.getDebate(slug);
    if (!isOrganiser(debate)) return { debate, ideas: [], extra: null };
    const [ideas, extra] = await Promise.all([api.listIdeas(slug), load(debate)]);
    return { debate, ideas: ideas.items, extra };
  }, [slug]);
  if (!session) {
    return (
      <NoticePage title={title}>
        <SignInPrompt message="error.unauthorized" />
      </NoticePage>
    );
  }
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  const data = state.data;
  if (!data) return <LoadingPage />;
  if (data.extra === null) return <NoticePage title={title}>{i18n.t('ve.notAllowed')}</NoticePage>;
  return <>{children(data as Loaded<T>)}</>;
}

// ------------------------------------------------------------------------------------------------------------
// #/d/{slug}/settings/votes

export function VoteSessionsPage({ slug }: { slug: string }) {
  const { api, i18n } = useApp();
  return (
    <OrganiserGate slug={slug} title={i18n.t('ve.listTitle')} load={() => voteApi(api).listSessions(slug).then((r) => r.items)}>
      {({ debate, ideas, extra }) => <SessionsView debate={debate} ideas={ideas} sessions={extra} />}
    </OrganiserGate>
  );
}

function SessionsView({ debate, ideas, sessions }: { debate: Debate; ideas: Idea[]; sessions: SessionSummary[] }) {
  const { api, i18n } = useApp();
  const dl = debate.default_language;
  const debateTitle = pickText(debate.title, i18n.lang, dl);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(debate.slug), lang: other(debateTitle.lang) },
          { label: i18n.t('settings.title'), href: href.settings(debate.slug) },
          { label: i18n.t('ve.listTitle') },
        ]}
      />
      <PageHeading title={i18n.t('ve.listTitle')} />
      <p class="hint">{i18n.t('ve.listHint')}</p>
      {sessions.length === 0 ? (
        <p class="empty">{i18n.t('ve.none')}</p>
      ) : (
        <ul class="ve-list">
          {sessions.map((s) => {
            const t = pickText(s.title, i18n.lang, dl);
            return (
              <li key={s.id} class="card ve-item">
                <h2 class="ve-item-title" lang={other(t.lang)}>
                  {t.text}
                </h2>
                <p class="meta">
                  <span class={`badge badge-vote-${s.state}`}>{i18n.t(`vote.state.${s.state}`)}</span>{' '}
                  {i18n.t('ve.counts', { proposals: i18n.number(s.counts.proposals), modules: i18n.number(s.counts.modules) })}
                </p>
                <ul class="link-list">
                  <li>
                    <a href={href.voteEdit(debate.slug, s.id)} aria-label={i18n.t('ve.editOf', { title: t.text })}>
                      {i18n.t('ve.edit')}
                    </a>
                  </li>
                  <li>
                    <a href={href.vote(debate.slug, s.id)} aria-label={i18n.t('ve.viewOf', { title: t.text })}>
                      {i18n.t('ve.view')}
                    </a>
                  </li>
                  <li>
                    <a href={href.voteResults(debate.slug, s.id)} aria-label={i18n.t('ve.resultsOf', { title: t.text })}>
                      {i18n.t('ve.results')}
                    </a>
                  </li>
                </ul>
              </li>
            );
          })}
        </ul>
      )}
      <section aria-labelledby="ve-new-title">
        <h2 id="ve-new-title">{i18n.t('ve.newTitle')}</h2>
        {debate.phases.length === 0 && <p class="notice">{i18n.t('ve.noPhase')}</p>}
        {ideas.length === 0 && <p class="notice">{i18n.t('ve.noIdea')}</p>}
        {debate.phases.length > 0 && ideas.length > 0 && (
          <SessionSettingsForm
            debate={debate}
            ideas={ideas}
            submitLabel={i18n.t('ve.create')}
            onSubmit={async (input) => {
              const created = await voteAdminApi(api).createSession(debate.slug, input);
              justCreated = created.id;
              navigate(href.voteEdit(debate.slug, created.id));
              return i18n.t('ve.created');
            }}
          />
        )}
      </section>
    </>
  );
}

/** The session just created: its editor opens with "Session de vote créée" in the status line. */
let justCreated: string | null = null;

// ------------------------------------------------------------------------------------------------------------
// #/d/{slug}/votes/{id}/edit

export function VoteSessionEditPage({ slug, sessionId }: { slug: string; sessionId: string }) {
  const { api, i18n } = useApp();
  return (
    <OrganiserGate slug={slug} title={i18n.t('ve.listTitle')} load={() => voteApi(api).getSession(slug, sessionId)}>
      {({ debate, ideas, extra }) => <EditView debate={debate} ideas={ideas} initial={extra} />}
    </OrganiserGate>
  );
}

function EditView({ debate, ideas, initial }: { debate: Debate; ideas: Idea[]; initial: VoteSession }) {
  const { api, i18n } = useApp();
  const [session, setSession] = useState(initial);
  const [created] = useState(() => {
    const was = justCreated === initial.id;
    justCreated = null;
    return was;
  });
  const dl = debate.default_language;
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const title = pickText(session.title, i18n.lang, dl);
  const debateTitle = pickText(debate.title, i18n.lang, dl);
  const reload = async () => setSession(await voteApi(api).getSession(debate.slug, session.id));

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(debate.slug), lang: other(debateTitle.lang) },
          { label: i18n.t('ve.listTitle'), href: href.voteSessions(debate.slug) },
          { label: title.text, lang: other(title.lang) },
        ]}
      />
      <PageHeading title={i18n.t('ve.editTitle', { title: title.text })} />
      <div role="status" class="status-message">
        {created && <p class="success">{i18n.t('ve.created')}</p>}
      </div>
      <p class="meta">
        <span class={`badge badge-vote-${session.state}`}>{i18n.t(`vote.state.${session.state}`)}</span>
      </p>
      {session.state !== 'upcoming' && <p class="notice">{i18n.t('ve.startedNote')}</p>}
      <ul class="link-list">
        <li>
          <a href={href.vote(debate.slug, session.id)}>{i18n.t('ve.view')}</a>
        </li>
        <li>
          <a href={href.voteResults(debate.slug, session.id)}>{i18n.t('ve.results')}</a>
        </li>
        <li>
          <a href={href.voteSessions(debate.slug)}>{i18n.t('ve.backToList')}</a>
        </li>
      </ul>

      <section aria-labelledby="ve-settings-title">
        <h2 id="ve-settings-title">{i18n.t('ve.settings')}</h2>
        <SessionSettingsForm
          debate={debate}
          ideas={ideas}
          session={session}
          submitLabel={i18n.t('ve.saveSettings')}
          onSubmit={async (input) => {
            setSession(await voteAdminApi(api).updateSession(debate.slug, session.id, input));
            return i18n.t('ve.saved');
          }}
        />
      </section>
      <ProposalsEditor debate={debate} session={session} reload={reload} />
      <ModulesEditor debate={debate} session={session} reload={reload} />
    </>
  );
}
