import { useMemo, useState } from 'preact/hooks';
import { archiveHref, type Debate, type Idea, type Phase } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { DebateBadges } from '../components/DebateBadges';
import { ErrorMessage, ErrorPage, Loading, LoadingPage, NotFoundPage } from '../components/Feedback';
import { IdeaTree } from '../components/IdeaTree';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText } from '../i18n';
import { fillTemplate, Linkified, TextBlock } from '../linkify';
import { buildIdeaTree } from '../tree';
import { FollowToggle } from '../components/FollowToggle';
import { TermsConsent } from '../components/TermsConsent';
import { VoteSessionLinks } from '../components/VoteSessionLinks';
import { useLazyModule } from '../lazy';
import { canManage, canModerate, isOrganiser } from '../roles';
import { href } from '../router';

export function DebatePage({ slug }: { slug: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(
    () => Promise.all([api.getDebate(slug), api.listIdeas(slug)]).then(([debate, ideas]) => ({ debate, ideas: ideas.items })),
    [slug],
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  return <DebateView debate={state.data.debate} ideas={state.data.ideas} />;
}

function isCurrent(phase: Phase, now: number): boolean {
  const start = Date.parse(phase.start);
  const end = phase.end ? Date.parse(phase.end) : Infinity;
  return start <= now && now < end;
}

function DebateView({ debate, ideas: initialIdeas }: { debate: Debate; ideas: Idea[] }) {
  const { i18n, api } = useApp();
  const [ideas, setIdeas] = useState(initialIdeas);
  const manager = canManage(debate);
  const organiser = isOrganiser(debate);
  const [editingTree, setEditingTree] = useState(false);
  const editor = useLazyModule(() => import('../components/IdeaTreeEditor'), manager && editingTree);
  const Editor = editor.mod?.IdeaTreeEditor;
  const lang = i18n.lang;
  const title = pickText(debate.title, lang, debate.default_language);
  const description = pickText(debate.description, lang, debate.default_language);
  const tree = useMemo(() => buildIdeaTree(ideas), [ideas]);
  const now = Date.now();
  const other = (l: string) => (l !== lang ? l : undefined);
  const tz = debate.timezone;
  const dateEl = (iso: string) => (
    <time dateTime={iso} key={iso}>
      {i18n.date(iso, tz)}
    </time>
  );

  return (
    <>
      <Breadcrumb items={[{ label: title.text, lang: other(title.lang) }]} />
      <PageHeading title={title.text} lang={other(title.lang)} />
      <p class="badges">
        <DebateBadges status={debate.status} visibility={debate.visibility} explainPrivate />
      </p>
      {debate.status === 'closed' && <p class="notice">{i18n.t('debate.closedNotice')}</p>}
      {debate.archive_url && (
        <p>
          <a href={archiveHref(debate)}>{i18n.t('debate.archiveLink')}</a>
        </p>
      )}
      {description.text && <TextBlock text={description.text} lang={other(description.lang)} />}
      <TermsConsent debate={debate} />

      {(organiser || canModerate(debate)) && (
        <nav aria-labelledby="admin-title" class="admin-links">
          <h2 id="admin-title">{i18n.t('debate.admin')}</h2>
          <ul class="link-list">
            {organiser && (
              <li>
                <a href={href.settings(debate.slug)}>{i18n.t('debate.settingsLink')}</a>
              </li>
            )}
            <li>
              <a href={href.moderation(debate.slug)}>{i18n.t('debate.moderationLink')}</a>
            </li>
            {organiser && (
              <li>
                <a href={href.audit(debate.slug)}>{i18n.t('debate.auditLink')}</a>
              </li>
            )}
            {organiser && (
              <li>
                <a href={href.voteSessions(debate.slug)}>{i18n.t('debate.votesLink')}</a>
              </li>
            )}
          </ul>
        </nav>
      )}

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{i18n.t('debate.figures')}</h2>
        <ul class="stats">
          <li>{i18n.tn('posts', debate.counts?.posts ?? 0)}</li>
          <li>{i18n.tn('participants', debate.counts?.participants ?? 0)}</li>
          <li>{i18n.tn('stances', debate.counts?.stances ?? 0)}</li>
          {(debate.counts?.extracts ?? 0) > 0 && <li>{i18n.tn('extracts', debate.counts.extracts ?? 0)}</li>}
        </ul>
        <p>
          <a href={href.dashboard(debate.slug)}>{i18n.t('debate.dashboardLink')}</a>
        </p>
      </section>

      {debate.phases?.length > 0 && (
        <section aria-labelledby="phases-title">
          <h2 id="phases-title">{i18n.t('debate.phases')}</h2>
          <ol class="phases">
            {debate.phases.map((p) => {
              const name = pickText(p.name, lang, debate.default_language);
              const current = debate.status === 'open' && isCurrent(p, now);  // a closed debate has no current phase
              return (
                <li key={p.id} class={current ? 'phase phase-current' : 'phase'}>
                  <span class="phase-name" lang={other(name.lang)}>
                    {name.text}
                  </span>
                  {current && <span class="badge badge-current"> {i18n.t('debate.phaseCurrent')}</span>}
                  <br />
                  <span class="phase-dates">
                    {fillTemplate(i18n.t(p.end ? 'debate.phaseRange' : 'debate.phaseFrom'), {
                      start: dateEl(p.start),
                      end: p.end ? dateEl(p.end) : null,
                    })}
                  </span>
                </li>
              );
            })}
          </ol>
        </section>
      )}

      <section aria-labelledby="ideas-title">
        <h2 id="ideas-title">{i18n.t('debate.ideas')}</h2>
        {manager && (
          <p>
            <button
              type="button"
              class="button button-secondary"
              aria-expanded={editingTree}
              onClick={() => setEditingTree(!editingTree)}
            >
              {i18n.t('ideas.edit')}
            </button>
          </p>
        )}
        {manager && editingTree ? (
          Editor ? (
            <Editor debate={debate} ideas={ideas} onChange={setIdeas} />
          ) : editor.error ? (
            <ErrorMessage error={editor.error} onRetry={editor.retry} />
          ) : (
            <Loading />
          )
        ) : tree.length === 0 ? (
          <p class="empty">{i18n.t('debate.noIdeas')}</p>
        ) : (
          <IdeaTree nodes={tree} slug={debate.slug} defaultLanguage={debate.default_language} />
        )}
      </section>

      <VoteSessionLinks slug={debate.slug} defaultLanguage={debate.default_language} />

      <section aria-labelledby="syntheses-title">
        <h2 id="syntheses-title">{i18n.t('debate.syntheses')}</h2>
        <ul class="link-list">
          <li>
            <a href={href.syntheses(debate.slug)}>{i18n.t('debate.synthesesLink')}</a>
          </li>
          <li>
            <a href={api.synthesesFeedUrl(debate.slug)} type="application/atom+xml">
              {i18n.t('synth.feed')}
            </a>
          </li>
          {manager && (
            <li>
              <a href={href.synthesisDrafts(debate.slug)}>{i18n.t('debate.writeSynthesis')}</a>
            </li>
          )}
        </ul>
        <FollowToggle slug={debate.slug} />
      </section>

      {(debate.attribution || debate.source) && (
        <section aria-labelledby="attribution-title" class="attribution">
          <h2 id="attribution-title">{i18n.t('debate.attribution')}</h2>
          {debate.attribution && <TextBlock text={debate.attribution} lang={other(debate.default_language)} />}
          {debate.source?.url && (
            <p>
              {i18n.t('debate.importedFrom', { kind: debate.source.kind })} <Linkified text={debate.source.url} />
            </p>
          )}
        </section>
      )}
    </>
  );
}
