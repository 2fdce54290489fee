// The participation dashboard of a debate (issue 5): the latest periodic summary — participation over time,
// activity per idea, opinion groups (map + tables), consensus and divisive statements, keywords and summaries.
// This page is loaded on demand, and its charts module (Observable Plot) only once the page is open.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Debate, ParticipationDay, StatementStat, Summary } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorMessage, ErrorPage, LoadingPage, NotFoundPage } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText, type I18n } from '../i18n';
import '../i18n-dashboard';
import { useLazyModule } from '../lazy';
import { href } from '../router';

type Charts = typeof import('../charts');

const KINDS = ['posts', 'replies', 'reactions', 'stances', 'votes'] as const;
type Kind = (typeof KINDS)[number];
const ACTIVITY_OF: Record<Kind, 'post' | 'reply' | 'reaction' | 'stance' | 'vote'> = {
  posts: 'post',
  replies: 'reply',
  reactions: 'reaction',
  stances: 'stance',
  votes: 'vote',
};
const CHART_IDEAS = 15;

/**
 * The points a participation line goes through: each day (or week) with activity, plus a zero on the bucket after
 * it and on the bucket before the next one when a quiet stretch lies between them — a line from one active day
 * straight to another months later would draw activity that never happened.
 */
export function linePoints(days: ParticipationDay[], bucketDays: number): { day: string; counts: Partial<Record<Kind, number>> }[] {
  const step = bucketDays * 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const points: { day: string; counts: Partial<Record<Kind, number>> }[] = [];
  days.forEach((d, i) => {
    const at = Date.parse(`${d.day}T00:00:00Z`);
    const previous = i > 0 ? Date.parse(`${days[i - 1].day}T00:00:00Z`) : null;
    if (previous !== null && at - previous > step) {
      points.push({ day: iso(previous + step), counts: {} });
      if (at - previous > 2 * step) points.push({ day: iso(at - step), counts: {} });
    }
    points.push({ day: d.day, counts: Object.fromEntries(KINDS.map((k) => [k, d[k]])) });
  });
  return points;
}

export function groupName(id: number): string {
  return String.fromCharCode(65 + id);
}

export function DashboardPage({ slug }: { slug: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(
    () =>
      Promise.all([
        api.getDebate(slug),
        api.latestSummary(slug).catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error))),
      ]).then(([debate, summary]) => ({ debate, summary })),
    [slug],
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  return <Dashboard debate={state.data.debate} summary={state.data.summary} />;
}

function formats(i18n: I18n) {
  const lang = i18n.lang;
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const tick = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const tickYear = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    number: (n: number) => i18n.number(n),
    percent: (p: number) => percent.format(p),
    day: (iso: string) => day.format(new Date(`${iso}T00:00:00Z`)),
    tick: (span: number) => (d: Date) => (span > 300 ? tickYear : tick).format(d),
  };
}

function Dashboard({ debate, summary }: { debate: Debate; summary: Summary | null }) {
  const { i18n } = useApp();
  const title = pickText(debate.title, i18n.lang, debate.default_language);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  return (
    <>
      <Breadcrumb
        items={[
          { label: title.text, href: href.debate(debate.slug), lang: other(title.lang) },
          { label: i18n.t('dash.title') },
        ]}
      />
      <PageHeading title={i18n.t('dash.title')} />
      <p class="dashboard-debate" lang={other(title.lang)}>
        {title.text}
      </p>
      {summary ? <SummaryView debate={debate} summary={summary} /> : <p class="notice">{i18n.t('dash.none')}</p>}
    </>
  );
}

function SummaryView({ debate, summary }: { debate: Debate; summary: Summary }) {
  const { i18n } = useApp();
  const tz = debate.timezone;
  return (
    <>
      <p class="hint">
        {i18n.t('dash.computed', { date: i18n.date(summary.created_at, tz, true), cutoff: i18n.date(summary.cutoff, tz, true) })}{' '}
        {i18n.t('dash.periodic')}
      </p>
      {!summary.caught_up && <p class="notice">{i18n.t('dash.behind')}</p>}
      <Totals summary={summary} />
      <Participation summary={summary} />
      <IdeasActivity debate={debate} summary={summary} />
      <Groups debate={debate} summary={summary} />
      <Keywords debate={debate} summary={summary} />
      <Threads debate={debate} summary={summary} />
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="dashboard-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Totals({ summary }: { summary: Summary }) {
  const { i18n } = useApp();
  const totals = summary.participation.totals;
  const shown = (['contributors', ...KINDS] as const).filter((k) => k === 'contributors' || (totals[k] ?? 0) > 0);
  return (
    <Section id="dash-totals" title={i18n.t('dash.totals')}>
      <dl class="dashboard-totals">
        {shown.map((k) => (
          <div key={k}>
            <dt>{i18n.t(`dash.kind.${k}`)}</dt>
            <dd>{i18n.number(totals[k] ?? 0)}</dd>
          </div>
        ))}
      </dl>
      <p class="hint">{i18n.t('dash.totalsHint')}</p>
    </Section>
  );
}

/** A Plot chart drawn at the width of its box (redrawn when the box changes size); nothing until the charts module is
 * there, and nothing where layout is unknown (width 0). */
function PlotChart({ draw, deps }: { draw: (charts: Charts, width: number) => SVGSVGElement; deps: unknown[] }) {
  const box = useRef<HTMLDivElement>(null);
  const charts = useLazyModule(() => import('../charts'));
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el || !charts.mod || width < 120) return;
    el.replaceChildren(draw(charts.mod, width));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [charts.mod, width, ...deps]);
  return (
    <div class="chart">
      <div ref={box} class="chart-canvas" />
      {charts.error ? <ErrorMessage error={charts.error} onRetry={charts.retry} /> : null}
    </div>
  );
}

function Legend({ labels, palette }: { labels: string[]; palette: 'k' | 'g' }) {
  const { i18n } = useApp();
  return (
    <ul class="chart-legend" aria-label={i18n.t('dash.legend')}>
      {labels.map((label, i) => (
        <li key={label}>
          <span class={`swatch swatch-${palette}${i}`} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}

function TableBox({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
      {children}
    </div>
  );
}

function Participation({ summary }: { summary: Summary }) {
  const { i18n } = useApp();
  const f = useMemo(() => formats(i18n), [i18n]);
  const part = summary.participation;
  const days = part.days;
  const kinds = KINDS.filter((k) => days.some((d) => d[k] > 0));
  const labels = kinds.map((k) => i18n.t(`dash.kind.${k}`));
  const weekly = part.bucket === 'week';
  if (days.length === 0) {
    return (
      <Section id="dash-participation" title={i18n.t('dash.participation')}>
        <p class="empty">{i18n.t('dash.noActivity')}</p>
      </Section>
    );
  }
  const first = days[0].day;
  const last = days[days.length - 1].day;
  const span = (Date.parse(last) - Date.parse(first)) / 86_400_000;
  const name = i18n.t('dash.participationChart', {
    bucket: i18n.t(weekly ? 'dash.bucket.week' : 'dash.bucket.day'),
    from: f.day(first),
    to: f.day(last),
  });
  const series = linePoints(days, weekly ? 7 : 1).flatMap((p) =>
    kinds.map((k, i) => ({ kind: labels[i], date: new Date(`${p.day}T00:00:00Z`), value: p.counts[k] ?? 0 })),
  );
  const captionId = 'dash-participation-caption';
  return (
    <Section id="dash-participation" title={i18n.t('dash.participation')}>
      <Legend labels={labels} palette="k" />
      <PlotChart
        draw={(charts, width) => charts.participationChart(series, labels, width, name, { number: f.number, day: f.tick(span) })}
        deps={[summary.id, i18n.lang]}
      />
      <details class="chart-data">
        <summary>{i18n.t('dash.showData')}</summary>
        <TableBox id={captionId}>
          <table class="data-table">
            <caption id={captionId}>
              {i18n.t(weekly ? 'dash.participationCaptionWeek' : 'dash.participationCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{i18n.t(weekly ? 'dash.week' : 'dash.day')}</th>
                {kinds.map((k) => (
                  <th scope="col" key={k}>
                    {i18n.t(`dash.kind.${k}`)}
                  </th>
                ))}
                <th scope="col">{i18n.t('dash.kind.contributors')}</th>
                <th scope="col">{i18n.t('dash.newContributors')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">
                    <time dateTime={d.day}>{f.day(d.day)}</time>
                  </th>
                  {kinds.map((k) => (
                    <td key={k}>{f.number(d[k])}</td>
                  ))}
                  <td>{f.number(d.contributors)}</td>
                  <td>{f.number(d.new_contributors)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </details>
    </Section>
  );
}

function IdeasActivity({ debate, summary }: { debate: Debate; summary: Summary }) {
  const { i18n } = useApp();
  const f = useMemo(() => formats(i18n), [i18n]);
  const active = summary.ideas.filter((idea) => (idea.activity.events ?? 0) > 0);
  const kinds = KINDS.filter((k) => active.some((idea) => (idea.activity[ACTIVITY_OF[k]] ?? 0) > 0));
  const labels = kinds.map((k) => i18n.t(`dash.kind.${k}`));
  const title = (idea: Summary['ideas'][number]) => pickText(idea.title, i18n.lang, debate.default_language).text;
  if (active.length === 0) {
    return (
      <Section id="dash-ideas" title={i18n.t('dash.ideas')}>
        <p class="empty">{i18n.t('dash.noActivity')}</p>
      </Section>
    );
  }
  const top = active.slice(0, CHART_IDEAS);
  // the same title twice would be one bar: number duplicates
  const names = top.map((idea, i) => (top.findIndex((o) => title(o) === title(idea)) < i ? `${title(idea)} (${i + 1})` : title(idea)));
  const bars = top.flatMap((idea, i) =>
    kinds.map((k, j) => ({ idea: names[i], kind: labels[j], value: idea.activity[ACTIVITY_OF[k]] ?? 0 })),
  );
  const name = i18n.t('dash.ideasChart', { count: f.number(top.length) });
  const captionId = 'dash-ideas-caption';
  return (
    <Section id="dash-ideas" title={i18n.t('dash.ideas')}>
      <Legend labels={labels} palette="k" />
      <PlotChart
        draw={(charts, width) => charts.ideasChart(bars, names, labels, width, name, { number: f.number, day: () => '' })}
        deps={[summary.id, i18n.lang]}
      />
      <TableBox id={captionId}>
        <table class="data-table">
          <caption id={captionId}>{i18n.t('dash.ideasCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{i18n.t('dash.idea')}</th>
              {kinds.map((k) => (
                <th scope="col" key={k}>
                  {i18n.t(`dash.kind.${k}`)}
                </th>
              ))}
              <th scope="col">{i18n.t('dash.events')}</th>
            </tr>
          </thead>
          <tbody>
            {active.map((idea) => (
              <tr key={idea.id}>
                <th scope="row">
                  <a href={href.idea(debate.slug, idea.id)}>{title(idea)}</a>
                </th>
                {kinds.map((k) => (
                  <td key={k}>{f.number(idea.activity[ACTIVITY_OF[k]] ?? 0)}</td>
                ))}
                <td>{f.number(idea.activity.events ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </Section>
  );
}

function Groups({ debate, summary }: { debate: Debate; summary: Summary }) {
  const { i18n } = useApp();
  const f = useMemo(() => formats(i18n), [i18n]);
  const g = summary.groups;
  if (!g || !g.available || !g.groups || !g.base_clusters) {
    return (
      <Section id="dash-groups" title={i18n.t('dash.groups')}>
        <p class="empty">{i18n.t('dash.groupsNone')}</p>
      </Section>
    );
  }
  const groups = g.groups;
  const labels = groups.map((group) => i18n.t('dash.group', { name: groupName(group.id) }));
  const clustered = groups.reduce((n, group) => n + group.size, 0);
  const clusters = g.base_clusters.map((c) => ({ x: c.x, y: c.y, size: c.size, group: labels[c.group] }));
  const name = i18n.t('dash.groupsChart', {
    groups: groups
      .map((group) => i18n.t('dash.groupSize', { name: groupName(group.id), members: i18n.tn('participants', group.size) }))
      .join(', '),
  });
  const statements = g.statements ?? {};
  const lang = summary.language !== i18n.lang ? summary.language : undefined;
  const groupsCaption = 'dash-groups-caption';
  const clustersCaption = 'dash-clusters-caption';
  return (
    <>
      <Section id="dash-groups" title={i18n.t('dash.groups')}>
        <p>{i18n.t('dash.groupsIntro')}</p>
        <p>
          {i18n.t('dash.clustered', { clustered: f.number(g.clustered ?? clustered), participants: f.number(g.participants ?? clustered) })}
        </p>
        <Legend labels={labels} palette="g" />
        <PlotChart draw={(charts, width) => charts.groupsMap(clusters, labels, width, name)} deps={[summary.id, i18n.lang]} />
        <TableBox id={groupsCaption}>
          <table class="data-table">
            <caption id={groupsCaption}>{i18n.t('dash.groupsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{i18n.t('dash.group', { name: '' }).trim()}</th>
                <th scope="col">{i18n.t('dash.members')}</th>
                <th scope="col">{i18n.t('dash.share')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group, i) => (
                <tr key={group.id}>
                  <th scope="row">
                    <span class={`swatch swatch-g${i}`} aria-hidden="true" />
                    {labels[i]}
                  </th>
                  <td>{f.number(group.size)}</td>
                  <td>{f.percent(clustered ? group.size / clustered : 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
        <details class="chart-data">
          <summary>{i18n.t('dash.showData')}</summary>
          <TableBox id={clustersCaption}>
            <table class="data-table">
              <caption id={clustersCaption}>{i18n.t('dash.clustersCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{i18n.t('dash.group', { name: '' }).trim()}</th>
                  <th scope="col">{i18n.t('dash.x')}</th>
                  <th scope="col">{i18n.t('dash.y')}</th>
                  <th scope="col">{i18n.t('dash.members')}</th>
                </tr>
              </thead>
              <tbody>
                {g.base_clusters.map((c, i) => (
                  <tr key={i}>
                    <th scope="row">{labels[c.group]}</th>
                    <td>{i18n.number(Math.round(c.x * 100) / 100)}</td>
                    <td>{i18n.number(Math.round(c.y * 100) / 100)}</td>
                    <td>{f.number(c.size)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        </details>
      </Section>

      <Section id="dash-consensus" title={i18n.t('dash.consensus')}>
        <p>{i18n.t('dash.consensusIntro')}</p>
        <h3>{i18n.t('dash.consensusAgree')}</h3>
        <StatementList stats={g.consensus?.agree ?? []} statements={statements} lang={lang} slug={debate.slug} overall />
        <h3>{i18n.t('dash.consensusDisagree')}</h3>
        <StatementList stats={g.consensus?.disagree ?? []} statements={statements} lang={lang} slug={debate.slug} overall />
      </Section>

      <Section id="dash-divisive" title={i18n.t('dash.divisive')}>
        <p>{i18n.t('dash.divisiveIntro')}</p>
        {(g.divisive ?? []).length === 0 ? (
          <p class="empty">{i18n.t('dash.noneFound')}</p>
        ) : (
          <ul class="statement-list">
            {(g.divisive ?? []).map((d) => (
              <li key={d.statement}>
                <StatementText id={d.statement} statements={statements} lang={lang} slug={debate.slug} />
                <span class="statement-stat">
                  {i18n.t('dash.agreeByGroup', {
                    rates: d.agree_rate_by_group.map((r, i) => `${labels[i]} ${f.percent(r)}`).join(', '),
                  })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="dash-representative" title={i18n.t('dash.representative')}>
        {groups.map((group, i) => (
          <div key={group.id} class="group-statements">
            <h3>
              <span class={`swatch swatch-g${i}`} aria-hidden="true" />
              {i18n.t('dash.groupSize', { name: groupName(group.id), members: i18n.tn('participants', group.size) })}
            </h3>
            <StatementList stats={group.representative} statements={statements} lang={lang} slug={debate.slug} />
          </div>
        ))}
      </Section>
    </>
  );
}

function StatementText({
  id,
  statements,
  lang,
  slug,
}: {
  id: string;
  statements: Record<string, { text: string; idea_id: string }>;
  lang?: string;
  slug: string;
}) {
  const s = statements[id];
  if (!s) return null;
  return (
    <a href={href.post(slug, id)} class="statement-text" lang={lang}>
      {s.text}
    </a>
  );
}

function StatementList({
  stats,
  statements,
  lang,
  slug,
  overall = false,
}: {
  stats: StatementStat[];
  statements: Record<string, { text: string; idea_id: string }>;
  lang?: string;
  slug: string;
  overall?: boolean;
}) {
  const { i18n } = useApp();
  const f = useMemo(() => formats(i18n), [i18n]);
  const shown = stats.filter((s) => statements[s.statement]);
  if (shown.length === 0) return <p class="empty">{i18n.t('dash.noneFound')}</p>;
  return (
    <ul class="statement-list">
      {shown.map((s) => {
        const share = s.n_trials ? s.n_success / s.n_trials : 0;
        const key = s.direction === 'agree' ? (overall ? 'dash.overallAgree' : 'dash.agreeRate') : overall ? 'dash.overallDisagree' : 'dash.disagreeRate';
        return (
          <li key={`${s.statement}-${s.direction}`}>
            <StatementText id={s.statement} statements={statements} lang={lang} slug={slug} />
            <span class="statement-stat">{i18n.t(key, { p: f.percent(share) })}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Keywords({ debate, summary }: { debate: Debate; summary: Summary }) {
  const { i18n } = useApp();
  const ideas = summary.ideas.filter((idea) => idea.keywords?.length || idea.summary?.length);
  const lang = summary.language !== i18n.lang ? summary.language : undefined;
  return (
    <Section id="dash-keywords" title={i18n.t('dash.keywords')}>
      {ideas.length === 0 ? (
        <p class="empty">{i18n.t('dash.noActivity')}</p>
      ) : (
        <>
          <p>{i18n.t('dash.keywordsIntro')}</p>
          {ideas.map((idea) => {
            const t = pickText(idea.title, i18n.lang, debate.default_language);
            const headingId = `dash-kw-${idea.id}`;
            return (
              <article key={idea.id} class="idea-keywords" aria-labelledby={headingId}>
                <h3 id={headingId}>
                  <a href={href.idea(debate.slug, idea.id)} lang={t.lang !== i18n.lang ? t.lang : undefined}>
                    {t.text}
                  </a>
                </h3>
                {idea.keywords.length > 0 && (
                  <>
                    <h4 class="small-heading">{i18n.t('dash.keywordsOf')}</h4>
                    <ul class="keyword-list" lang={lang}>
                      {idea.keywords.map((k) => (
                        <li key={k.term}>{k.term}</li>
                      ))}
                    </ul>
                  </>
                )}
                {idea.summary.length > 0 && (
                  <>
                    <h4 class="small-heading">{i18n.t('dash.summaryOf')}</h4>
                    <ul class="summary-sentences">
                      {idea.summary.map((s) => (
                        <li key={`${s.post_id}-${s.start}`}>
                          <q lang={lang}>{s.text}</q>{' '}
                          <a href={href.post(debate.slug, s.post_id)}>{i18n.t('dash.readPost')}</a>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </article>
            );
          })}
        </>
      )}
    </Section>
  );
}

function Threads({ debate, summary }: { debate: Debate; summary: Summary }) {
  const { i18n } = useApp();
  if (!summary.threads.length) return null;
  const lang = summary.language !== i18n.lang ? summary.language : undefined;
  return (
    <Section id="dash-threads" title={i18n.t('dash.threads')}>
      <ol class="thread-list">
        {summary.threads.map((t) => (
          <li key={t.thread}>
            <a href={href.post(debate.slug, t.thread)} lang={lang}>
              {t.excerpt}
            </a>{' '}
            <span class="statement-stat">{i18n.t(t.events === 1 ? 'dash.threadEvent' : 'dash.threadEvents', { n: i18n.number(t.events) })}</span>
          </li>
        ))}
      </ol>
    </Section>
  );
}
