// Results page (issue 4): #/d/{slug}/votes/{sessionId}/results. Every figure is in a table with a caption; the
// small bar charts next to the tables are plain SVG, one role="img" each with a text alternative.
import { saveBlob } from '../download';
import type { TargetedMouseEvent } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, type Debate } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorMessage, ErrorPage, LoadingPage, NotFoundPage } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText, type I18n } from '../i18n';
import '../i18n-vote';
import { href } from '../router';
import { sessionPath, voteApi, type ModuleResult, type Results, type VoteSession } from '../votes';
import { VoteWindow } from './VotePage';
import './votes.css';

type Loaded = { debate: Debate; session: VoteSession; results: Results | null; hidden: { at: string | null } | null };

export function VoteResultsPage({ slug, sessionId }: { slug: string; sessionId: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(async (): Promise<Loaded> => {
    const v = voteApi(api);
    const [debate, session] = await Promise.all([api.getDebate(slug), v.getSession(slug, sessionId)]);
    try {
      return { debate, session, results: await v.getResults(slug, sessionId), hidden: null };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'results_hidden') {
        const at = (err.details as { available_at?: string | null } | undefined)?.available_at ?? null;
        return { debate, session, results: null, hidden: { at } };
      }
      throw err;
    }
  }, [slug, sessionId]);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  return <ResultsView {...state.data} />;
}

function ResultsView({ debate, session, results, hidden }: Loaded) {
  const { i18n } = useApp();
  const lang = i18n.lang;
  const dl = debate.default_language;
  const other = (l: string) => (l !== lang ? l : undefined);
  const title = pickText(session.title, lang, dl);
  const debateTitle = pickText(debate.title, lang, dl);
  const tz = session.timezone;
  const scales = results ? moduleScales(results) : new Map<string, number>();
  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(debate.slug), lang: other(debateTitle.lang) },
          { label: title.text, href: href.vote(debate.slug, session.id), lang: other(title.lang) },
          { label: i18n.t('vote.results') },
        ]}
      />
      <PageHeading title={i18n.t('results.title', { title: title.text })} />
      <VoteWindow session={session} i18n={i18n} />
      <p>
        <a href={href.vote(debate.slug, session.id)}>{i18n.t('results.backToVote')}</a>
      </p>
      {session.can_administer && (
        <p>
          <a href={href.voteEdit(debate.slug, session.id)}>{i18n.t('vote.editLink')}</a>
        </p>
      )}
      {hidden ? (
        <p class="notice">
          {hidden.at ? i18n.t('results.hiddenAt', { date: i18n.date(hidden.at, tz, true) }) : i18n.t('results.hidden')}
        </p>
      ) : (
        results && (
          <>
            <p class="notice">
              {i18n.t(results.final ? 'results.final' : 'results.provisional')}{' '}
              {i18n.t('results.generated', { date: i18n.date(results.generated_at, tz, true) })}
            </p>
            <Exports debate={debate} session={session} />
            {results.proposals.length > 1 && <p class="hint">{i18n.t('results.scale')}</p>}
            {results.proposals.map((p) => {
              const pt = pickText(p.title, lang, dl);
              return (
                <section key={p.id} aria-labelledby={`rp-${p.id}`} class="vote-proposal">
                  <h2 id={`rp-${p.id}`} lang={other(pt.lang)}>
                    {pt.text}
                  </h2>
                  {p.modules.map((m) => (
                    <ModuleResultView
                      key={m.module_id}
                      result={m}
                      proposalTitle={pt.text}
                      proposalId={p.id}
                      dl={dl}
                      scale={scales.get(m.module_id) ?? 1}
                    />
                  ))}
                </section>
              );
            })}
          </>
        )
      )}
    </>
  );
}

function fmt(i18n: I18n, n: number | null, digits = 2): string {
  if (n === null || n === undefined) return i18n.t('results.none');
  return new Intl.NumberFormat(i18n.lang, { maximumFractionDigits: digits }).format(n);
}

interface Bar {
  label: string;
  value: number;
  against?: boolean;
}

/** The figures a module's bars draw: token totals by category, votes by gauge value, for and against. */
function barValues(m: ModuleResult): number[] {
  if (m.kind === 'tokens') return m.categories.map((c) => c.total);
  if (m.kind === 'gauge') return m.distribution.map((d) => d.count);
  return [m.for, m.against];
}

/** One scale per module, shared by every proposal: its largest figure across proposals (at least 1). Bars scaled
 *  within each proposal would all be full-width for 2, 4 and 6 tokens, and always full with one category. */
export function moduleScales(results: Results): Map<string, number> {
  const scales = new Map<string, number>();
  for (const p of results.proposals) {
    for (const m of p.modules) scales.set(m.module_id, Math.max(scales.get(m.module_id) ?? 1, ...barValues(m)));
  }
  return scales;
}

/** Horizontal bars against `max` (the module's scale across proposals); the whole chart is one image whose name
 *  lists the figures (the table beside it has them too). */
function BarChart({ bars, name, max }: { bars: Bar[]; name: string; max: number }) {
  const { i18n } = useApp();
  const scale = Math.max(1, max, ...bars.map((b) => b.value));
  return (
    <div role="img" aria-label={name} class="vote-chart">
      {bars.map((b, i) => (
        <div key={i} class="vote-chart-row">
          <span class="vote-chart-label">{b.label}</span>
          <svg viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" aria-hidden="true">
            <rect class="vote-chart-track" x="0" y="0" width="100" height="10" />
            <rect class={b.against ? 'vote-chart-bar-against' : 'vote-chart-bar'} x="0" y="0" width={(100 * b.value) / scale} height="10" />
          </svg>
          <span class="vote-chart-value">{i18n.number(b.value)}</span>
        </div>
      ))}
    </div>
  );
}

function ModuleResultView({
  result: m,
  proposalTitle,
  proposalId,
  dl,
  scale,
}: {
  result: ModuleResult;
  proposalTitle: string;
  proposalId: string;
  dl: string;
  scale: number;
}) {
  const { i18n } = useApp();
  const lang = i18n.lang;
  const mt = pickText(m.title, lang, dl).text;
  const caption = i18n.t('results.caption', { module: mt, proposal: proposalTitle });
  const chartName = (bars: Bar[]) =>
    i18n.t('results.chart', { module: mt, proposal: proposalTitle, summary: bars.map((b) => `${b.label} ${i18n.number(b.value)}`).join(', ') });
  const regionId = `rt-${proposalId}-${m.module_id}`;
  const voters = <p>{i18n.t('results.votersN', { n: i18n.number(m.voters) })}</p>;

  if (m.kind === 'tokens') {
    const bars = m.categories.map((c) => ({ label: pickText(c.name, lang, dl).text, value: c.total }));
    return (
      <div class="vote-result">
        <h3>{mt}</h3>
        {voters}
        <BarChart bars={bars} name={chartName(bars)} max={scale} />
        <div class="table-scroll" role="region" aria-labelledby={`${regionId}-c`} tabIndex={0}>
          <table class="data-table">
            <caption id={`${regionId}-c`}>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{i18n.t('results.category')}</th>
                <th scope="col">{i18n.t('results.tokens')}</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b, i) => (
                <tr key={i}>
                  <th scope="row">{b.label}</th>
                  <td>{i18n.number(b.value)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{i18n.t('results.voters')}</th>
                <td>{i18n.number(m.voters)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
    );
  }

  if (m.kind === 'gauge') {
    const unit = m.unit ? pickText(m.unit, lang, dl).text : '';
    const label = (d: { value: number; label?: Record<string, string> }) =>
      d.label ? pickText(d.label, lang, dl).text : `${i18n.number(d.value)}${unit ? ` ${unit}` : ''}`;
    const bars = m.distribution.map((d) => ({ label: label(d), value: d.count }));
    const withUnit = (n: number | null) => (n === null ? i18n.t('results.none') : `${fmt(i18n, n)}${unit ? ` ${unit}` : ''}`);
    return (
      <div class="vote-result">
        <h3>{mt}</h3>
        {voters}
        <p>
          {i18n.t('results.meanMedian', { mean: withUnit(m.mean), median: withUnit(m.median) })}
        </p>
        <BarChart bars={bars} name={chartName(bars)} max={scale} />
        <div class="table-scroll" role="region" aria-labelledby={`${regionId}-c`} tabIndex={0}>
          <table class="data-table">
            <caption id={`${regionId}-c`}>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{i18n.t('results.value')}</th>
                <th scope="col">{i18n.t('results.count')}</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b, i) => (
                <tr key={i}>
                  <th scope="row">{b.label}</th>
                  <td>{i18n.number(b.value)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{i18n.t('results.mean')}</th>
                <td>{withUnit(m.mean)}</td>
              </tr>
              <tr>
                <th scope="row">{i18n.t('results.median')}</th>
                <td>{withUnit(m.median)}</td>
              </tr>
              <tr>
                <th scope="row">{i18n.t('results.voters')}</th>
                <td>{i18n.number(m.voters)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </div>
    );
  }

  const bars: Bar[] = [
    { label: i18n.t('vote.for'), value: m.for },
    { label: i18n.t('vote.against'), value: m.against, against: true },
  ];
  return (
    <div class="vote-result">
      <h3>{mt}</h3>
      {voters}
      <BarChart bars={bars} name={chartName(bars)} max={scale} />
      <div class="table-scroll" role="region" aria-labelledby={`${regionId}-c`} tabIndex={0}>
        <table class="data-table">
          <caption id={`${regionId}-c`}>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{i18n.t('results.position')}</th>
              <th scope="col">{i18n.t('results.count')}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b, i) => (
              <tr key={i}>
                <th scope="row">{b.label}</th>
                <td>{i18n.number(b.value)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{i18n.t('results.voters')}</th>
              <td>{i18n.number(m.voters)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** CSV and XLSX downloads. The links point at the API; with a session they are fetched with the token. */
function Exports({ debate, session }: { debate: Debate; session: VoteSession }) {
  const { i18n, config, session: signedIn } = useApp();
  const [error, setError] = useState<unknown>(null);
  const base = config.apiUrl.replace(/\/+$/, '') + sessionPath(debate.slug, session.id);
  // the interface's language: headings, and the separators its spreadsheets expect; texts the debate lacks in it
  // come in the debate's default language
  const langParam = i18n.lang;
  const files: { name: 'results.csv' | 'results.xlsx' | 'ballots.csv' | 'ballots.xlsx'; label: Parameters<I18n['t']>[0] }[] = [
    { name: 'results.csv', label: 'results.csv' },
    { name: 'results.xlsx', label: 'results.xlsx' },
  ];
  if (session.can_administer) {
    files.push({ name: 'ballots.csv', label: 'results.ballotsCsv' }, { name: 'ballots.xlsx', label: 'results.ballotsXlsx' });
  }

  async function download(e: TargetedMouseEvent<HTMLAnchorElement>, url: string, filename: string) {
    if (!signedIn) return; // public results: a plain link
    e.preventDefault();
    setError(null);
    try {
      const res = await fetch(url, { headers: { Authorization: `Bearer ${signedIn.token}`, Accept: '*/*' }, mode: 'cors', credentials: 'omit' });
      if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, i18n.t('results.downloadFailed'));
      saveBlob(await res.blob(), filename);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'network_error', i18n.t('results.downloadFailed')));
    }
  }

  return (
    <section aria-labelledby="exports-title">
      <h2 id="exports-title">{i18n.t('results.exports')}</h2>
      <ul class="link-list">
        {files.map((f) => {
          const url = `${base}/exports/${f.name}?lang=${encodeURIComponent(langParam)}`;
          const filename = `vote-${session.id}-${f.name}`;
          return (
            <li key={f.name}>
              <a href={url} download={filename} onClick={(e) => download(e, url, filename)}>
                {i18n.t(f.label)}
              </a>
            </li>
          );
        })}
      </ul>
      {error != null && <ErrorMessage error={error} />}
    </section>
  );
}
