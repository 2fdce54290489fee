// Vote page (issue 4): #/d/{slug}/votes/{sessionId}. Every change is a PUT or DELETE of one ballot; the page
// shows what the server answers (ballot and purse), never a local guess.
import type { TargetedEvent } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, type Debate } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorPage, LoadingPage, NotFoundPage, SignInPrompt } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { errorText, isNotFound } from '../errors';
import { newIdempotencyKey, useAsync } from '../hooks';
import { pickText, type I18n } from '../i18n';
import { tokenWord } from '../i18n-vote';
import { TextBlock } from '../linkify';
import { href } from '../router';
import {
  ballotKey,
  blockedByExclusivity,
  canAdd,
  canRemove,
  maxAllowed,
  onScale,
  tokensOf,
  voteApi,
  withCategory,
  type Ballot,
  type BallotInput,
  type EffectiveModule,
  type Proposal,
  type Purse,
  type VoteSession,
} from '../votes';
import './votes.css';

export function VotePage({ slug, sessionId }: { slug: string; sessionId: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(
    () => Promise.all([api.getDebate(slug), voteApi(api).getSession(slug, sessionId)]).then(([debate, session]) => ({ debate, session })),
    [slug, sessionId],
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  return <VoteView debate={state.data.debate} initial={state.data.session} />;
}

/** "du 10 janvier 2027 à 09:00 au …" in the debate's time zone. */
export function VoteWindow({ session, i18n }: { session: VoteSession; i18n: I18n }) {
  const tz = session.timezone;
  const p = session.phase;
  if (!p) return <p class="vote-window">{i18n.t('vote.noPhase')}</p>;
  const start = i18n.date(p.start, tz, true);
  return (
    <p class="vote-window">
      {p.end ? i18n.t('vote.window', { start, end: i18n.date(p.end, tz, true) }) : i18n.t('vote.windowFrom', { start })}{' '}
      {i18n.t('vote.zone', { zone: tz })}
      {' · '}
      <span class={`badge badge-vote-${session.state}`}>{i18n.t(`vote.state.${session.state}`)}</span>
    </p>
  );
}

interface Pending {
  input: BallotInput | null; // null: withdraw
  key: string;
}

interface CellState {
  busy?: boolean;
  error?: string;
  /** A change the server may not have received (network error): sent again with the same Idempotency-Key. */
  pending?: Pending;
}

export function voteErrorText(i18n: I18n, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'budget_exceeded') {
      const cats = (err.details as { categories?: { remaining?: number }[] } | undefined)?.categories;
      const remaining = cats?.[0]?.remaining;
      return typeof remaining === 'number'
        ? i18n.t('vote.error.budget_exceeded', { remaining: i18n.number(remaining) })
        : i18n.t('vote.error.budget_exceeded_plain');
    }
    const known = [
      'over_proposal_maximum',
      'exclusive_categories',
      'not_on_scale',
      'module_not_applicable',
      'vote_not_started',
      'vote_closed',
      'debate_closed',
      'concurrent_change',
      'network_error',
    ];
    if (known.includes(err.code)) return i18n.t(`vote.error.${err.code}` as 'vote.error.vote_closed');
  }
  return errorText(i18n, err);
}

/** A timer is never set for longer than this: it is set again until the end (setTimeout overflows past ~24.8 days,
 *  and a computer that slept fires late timers at once, which is then checked against the clock). */
export const CLOSE_TIMER_MAX_MS = 60 * 60 * 1000;
/** When the server still says "open" after this page's clock passed the end (a clock ahead), asked again after. */
export const CLOSE_RECHECK_MS = 30 * 1000;

function VoteView({ debate, initial }: { debate: Debate; initial: VoteSession }) {
  const { api, i18n, session: signedIn } = useApp();
  const vapi = useMemo(() => voteApi(api), [api]);
  const [session, setSession] = useState(initial);
  const [ballots, setBallots] = useState<Map<string, Ballot>>(
    () => new Map((initial.mine?.ballots ?? []).map((b) => [ballotKey(b.proposal_id, b.module_id), b])),
  );
  const [purses, setPurses] = useState<Map<string, Purse>>(() => new Map((initial.mine?.purses ?? []).map((p) => [p.module_id, p])));
  const [cells, setCells] = useState<Record<string, CellState>>({});
  const [announce, setAnnounce] = useState('');
  /** How the vote closed while the page was open: its end passed, or the server refused a ballot (409). */
  const [closedHere, setClosedHere] = useState<'clock' | 'refused' | null>(null);
  const closedNoticeRef = useRef<HTMLParagraphElement>(null);
  const [recheck, setRecheck] = useState(0);
  const seq = useRef<Record<string, number>>({});
  // One request per ballot at a time: requests sent together may be carried out in any order, and the server
  // must end with the last choice made. A change made meanwhile waits; only the latest waiting one is sent.
  const inFlight = useRef<Record<string, boolean>>({});
  const waiting = useRef<Record<string, (() => void) | undefined>>({});

  const lang = i18n.lang;
  const dl = debate.default_language;
  const other = (l: string) => (l !== lang ? l : undefined);
  const title = pickText(session.title, lang, dl);
  const debateTitle = pickText(debate.title, lang, dl);
  const instructions = pickText(session.instructions, lang, dl);
  const readOnly = !session.can_vote;
  const tokenModules = session.modules.filter((m) => m.kind === 'tokens');

  const setCell = (k: string, c: CellState) => setCells((all) => ({ ...all, [k]: c }));

  /** Read the session again; the server's word on the state wins, except that a vote closed here stays closed. */
  function refreshSession(keepClosed: boolean) {
    vapi.getSession(debate.slug, session.id).then(
      (fresh) => setSession((now) => (keepClosed && fresh.state === 'open' && now.state === 'closed' ? now : fresh)),
      () => undefined,
    );
  }

  function closeHere(how: 'clock' | 'refused') {
    setSession((s) => (s.state === 'closed' ? s : { ...s, state: 'closed', can_vote: false }));
    setClosedHere(how);
    setAnnounce(i18n.t(how === 'clock' ? 'vote.closedNow' : 'vote.closedRefused'));
  }

  // The phase's end passes while the page is open: switch to the closed state then (no reload needed).
  const end = session.state === 'open' && session.phase?.end ? Date.parse(session.phase.end) : NaN;
  useEffect(() => {
    if (Number.isNaN(end)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (Date.now() >= end) {
      // the server said "open" although this clock passed the end: this clock is ahead; ask the server again later
      timer = setTimeout(() => {
        refreshSession(false);
        setRecheck((n) => n + 1);
      }, CLOSE_RECHECK_MS);
      return () => clearTimeout(timer);
    }
    const arm = () => {
      const left = end - Date.now();
      if (left > 0) {
        timer = setTimeout(arm, Math.min(left, CLOSE_TIMER_MAX_MS));
        return;
      }
      closeHere('clock');
      // the results may now be available; if the server disagrees (this clock ahead), it reopens the page
      refreshSession(false);
    };
    arm();
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [end, recheck]);

  // the controls just gave way to read-only text: if the focus was in one, bring it to the notice
  useEffect(() => {
    if (!closedHere) return;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) closedNoticeRef.current?.focus();
  }, [closedHere]);

  function send(p: Proposal, m: EffectiveModule, input: BallotInput | null, retryPending?: Pending) {
    const k = ballotKey(p.id, m.module_id);
    const change: Pending = retryPending ?? { input, key: newIdempotencyKey() };
    const mySeq = (seq.current[k] = (seq.current[k] ?? 0) + 1);
    setCell(k, { busy: true, pending: change });
    if (inFlight.current[k]) {
      waiting.current[k] = () => void transmit(p, m, change, mySeq);
      return;
    }
    void transmit(p, m, change, mySeq);
  }

  async function transmit(p: Proposal, m: EffectiveModule, change: Pending, mySeq: number) {
    const k = ballotKey(p.id, m.module_id);
    inFlight.current[k] = true;
    try {
      const answer = change.input
        ? await vapi.putBallot(debate.slug, session.id, p.id, m.module_id, change.input, change.key)
        : await vapi.deleteBallot(debate.slug, session.id, p.id, m.module_id, change.key);
      if (answer.purse) {
        const purse = answer.purse;
        setPurses((all) => new Map(all).set(purse.module_id, purse));
      }
      if (seq.current[k] !== mySeq) return; // a later change of the same ballot is on its way
      setBallots((all) => {
        const next = new Map(all);
        if (answer.ballot) next.set(k, answer.ballot);
        else next.delete(k);
        return next;
      });
      setCell(k, {});
      if (m.kind !== 'tokens') setAnnounce(i18n.t(answer.ballot ? 'vote.saved' : 'vote.cleared'));
    } catch (err) {
      if (seq.current[k] !== mySeq) return;
      const network = err instanceof ApiError && err.code === 'network_error';
      setCell(k, { error: voteErrorText(i18n, err), pending: network ? change : undefined });
      if (err instanceof ApiError && err.code === 'vote_closed') {
        // closed on the server: the page shows it at once (even if reading the session again fails), then takes
        // the server's session (results link…) without reopening
        closeHere('refused');
        refreshSession(true);
      } else if (err instanceof ApiError && ['vote_not_started', 'debate_closed', 'module_not_applicable'].includes(err.code)) {
        // the window or the settings changed: read the session again (state, can_vote, effective modules)
        refreshSession(false);
      }
    } finally {
      inFlight.current[k] = false;
      const next = waiting.current[k];
      waiting.current[k] = undefined;
      next?.();
    }
  }

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(debate.slug), lang: other(debateTitle.lang) },
          { label: title.text, lang: other(title.lang) },
        ]}
      />
      <PageHeading title={title.text} lang={other(title.lang)} />
      <VoteWindow session={session} i18n={i18n} />
      {instructions.text && <TextBlock text={instructions.text} lang={other(instructions.lang)} />}

      {session.state === 'upcoming' && session.phase && (
        <p class="notice">{i18n.t('vote.upcomingNotice', { start: i18n.date(session.phase.start, session.timezone, true) })}</p>
      )}
      {session.state === 'closed' && (
        <p class="notice" ref={closedNoticeRef} tabIndex={-1}>
          {i18n.t(closedHere === 'refused' ? 'vote.closedRefused' : closedHere === 'clock' ? 'vote.closedNow' : 'vote.closedNotice')}
        </p>
      )}
      {session.state === 'open' && !signedIn && (
        <p class="notice">
          <SignInPrompt message="vote.signIn" />
        </p>
      )}
      {session.state === 'open' && signedIn && !session.can_vote && <p class="notice">{i18n.t('vote.cannotVote')}</p>}
      {!readOnly && <p class="hint">{i18n.t('vote.savedAuto')}</p>}
      {session.proposal_order === 'random' && <p class="hint">{i18n.t('vote.randomOrder')}</p>}

      {(session.results_available || session.can_administer) && (
        <p>
          <a href={href.voteResults(debate.slug, session.id)}>{i18n.t('vote.resultsLink')}</a>
        </p>
      )}
      {session.can_administer && (
        <p>
          <a href={href.voteEdit(debate.slug, session.id)}>{i18n.t('vote.editLink')}</a>
        </p>
      )}

      {signedIn && !readOnly && tokenModules.length > 0 && (
        <section aria-labelledby="purses-title" class="vote-purses">
          <h2 id="purses-title" class="visually-hidden">
            {i18n.t('vote.purses')}
          </h2>
          {tokenModules.map((m) => {
            const purse = purses.get(m.id);
            if (!purse) return null;
            const mt = pickText(m.title, lang, dl);
            return (
              <div key={m.id} class="vote-purse">
                {tokenModules.length > 1 && (
                  <p class="vote-purse-title" lang={other(mt.lang)}>
                    {mt.text}
                  </p>
                )}
                <p role="status" aria-atomic="true" class="vote-purse-left" id={`purse-${m.id}`}>
                  {purse.categories.map((c, i) => (
                    <span key={c.id} class="vote-purse-line">
                      {i > 0 && ' · '}
                      {pursePhrase(i18n, c.remaining, purse.categories.length > 1 ? pickText(c.name, lang, dl).text : null)}
                      <span class="vote-purse-budget"> ({i18n.t('vote.ofBudget', { budget: i18n.number(c.budget) })})</span>
                    </span>
                  ))}
                </p>
              </div>
            );
          })}
        </section>
      )}

      <section aria-labelledby="proposals-title">
        <h2 id="proposals-title">{i18n.t('vote.proposals')}</h2>
        {session.proposals.length === 0 ? (
          <p class="empty">{i18n.t('vote.noProposals')}</p>
        ) : (
          <ol class="vote-proposals">
            {session.proposals.map((p) => {
              const pt = pickText(p.title, lang, dl);
              const pd = pickText(p.description, lang, dl);
              return (
                <li key={p.id} class="vote-proposal">
                  <article aria-labelledby={`proposal-${p.id}`}>
                    <h3 id={`proposal-${p.id}`} lang={other(pt.lang)}>
                      {pt.text}
                    </h3>
                    {pd.text && <TextBlock text={pd.text} lang={other(pd.lang)} />}
                    {p.modules.map((m) => {
                      const k = ballotKey(p.id, m.module_id);
                      const props: ControlProps = {
                        proposal: p,
                        proposalTitle: pt.text,
                        module: m,
                        ballot: ballots.get(k),
                        purse: purses.get(m.module_id),
                        cell: cells[k] ?? {},
                        readOnly,
                        single: tokenModules.length <= 1,
                        onSend: (input) => send(p, m, input),
                        onRetry: () => {
                          const pending = cells[k]?.pending;
                          if (pending) send(p, m, pending.input, pending);
                        },
                      };
                      return (
                        <div key={m.module_id} class={`vote-module vote-module-${m.kind}`}>
                          {m.kind === 'tokens' ? <TokensControl {...props} /> : m.kind === 'gauge' ? <GaugeControl {...props} /> : <BinaryControl {...props} />}
                        </div>
                      );
                    })}
                  </article>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <p role="status" class="visually-hidden">
        {announce}
      </p>
    </>
  );
}

function pursePhrase(i18n: I18n, remaining: number, category: string | null): string {
  const tokens = i18n.t(tokenWord(i18n.lang, remaining));
  const n = i18n.number(remaining);
  return category ? i18n.t('vote.leftCategory', { n, tokens, category }) : i18n.t('vote.left', { n, tokens });
}

interface ControlProps {
  proposal: Proposal;
  proposalTitle: string;
  module: EffectiveModule;
  ballot: Ballot | undefined;
  purse: Purse | undefined;
  cell: CellState;
  readOnly: boolean;
  /** Only one token module in the session: its groups are named "Jetons pour « … »". */
  single: boolean;
  onSend(input: BallotInput | null): void;
  onRetry(): void;
}

function CellFeedback({ cell, onRetry, id }: { cell: CellState; onRetry(): void; id: string }) {
  const { i18n } = useApp();
  return (
    <div id={id}>
      {cell.busy && <p class="hint vote-saving">{i18n.t('vote.saving')}</p>}
      <div role="alert" class={cell.error ? 'alert alert-error alert-inline' : undefined}>
        {cell.error && (
          <>
            <p>{cell.error}</p>
            {cell.pending && (
              <button type="button" class="button button-secondary button-small" onClick={onRetry}>
                {i18n.t('vote.retry')}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function ClearButton({ props, moduleTitle }: { props: ControlProps; moduleTitle: string }) {
  const { i18n } = useApp();
  const { ballot, cell, onSend, proposalTitle } = props;
  const none = !ballot || cell.busy;
  return (
    <button
      type="button"
      class="button button-secondary button-small vote-clear"
      aria-disabled={none ? 'true' : undefined}
      onClick={() => {
        if (!none) onSend(null);
      }}
    >
      <span aria-hidden="true">{i18n.t('vote.clear')}</span>
      <span class="visually-hidden">{i18n.t('vote.clearFor', { module: moduleTitle, proposal: proposalTitle })}</span>
    </button>
  );
}

function TokensControl(props: ControlProps) {
  const { i18n } = useApp();
  const { proposal, proposalTitle, module: m, ballot, purse, cell, readOnly, onSend, onRetry, single } = props;
  if (m.kind !== 'tokens') return null;
  const tokens = ballot?.kind === 'tokens' ? ballot.tokens : undefined;
  const mt = pickText(m.title, i18n.lang).text;
  const shownTitle = mt || i18n.t('results.tokens'); // the organiser's name for the module, even when it is the only one
  const groupName = single
    ? i18n.t('vote.tokensGroup', { proposal: proposalTitle })
    : i18n.t('vote.tokensGroupModule', { module: mt, proposal: proposalTitle });
  const several = m.categories.length > 1;
  const fbId = `fb-${proposal.id}-${m.module_id}`;

  if (readOnly) {
    const parts = m.categories
      .map((c) => ({ c, n: tokensOf(tokens, c.id) }))
      .filter((x) => x.n > 0)
      .map((x) => `${i18n.number(x.n)} ${i18n.t(tokenWord(i18n.lang, x.n))}${several ? ` « ${pickText(x.c.name, i18n.lang).text} »` : ''}`);
    return (
      <p class="vote-readonly">
        <span class="vote-module-name">{i18n.t('vote.moduleValue', { module: shownTitle })}</span>
        {parts.length ? i18n.t('vote.yourVote', { value: parts.join(', ') }) : i18n.t('vote.noVote')}
      </p>
    );
  }

  return (
    <fieldset class="vote-tokens" aria-describedby={fbId}>
      <legend>
        <span aria-hidden="true">{shownTitle}</span>
        <span class="visually-hidden">{groupName}</span>
      </legend>
      {m.exclusive && several && <p class="hint">{i18n.t('vote.exclusiveHint')}</p>}
      {m.categories.map((c) => {
        const current = tokensOf(tokens, c.id);
        const pc = purse?.categories.find((x) => x.id === c.id);
        const remaining = pc?.remaining ?? 0;
        const blocked = blockedByExclusivity(tokens, c.id, m.exclusive);
        const opts = { current, remaining, maxPerProposal: c.max_per_proposal, blocked };
        const addOk = canAdd(opts) && !cell.busy;
        const removeOk = canRemove(current) && !cell.busy;
        const cname = pickText(c.name, i18n.lang).text;
        const names = several
          ? {
              add: i18n.t('vote.addCategory', { category: cname, proposal: proposalTitle }),
              remove: i18n.t('vote.removeCategory', { category: cname, proposal: proposalTitle }),
              count: i18n.t('vote.countCategory', { category: cname, proposal: proposalTitle }),
            }
          : {
              add: i18n.t('vote.add', { proposal: proposalTitle }),
              remove: i18n.t('vote.remove', { proposal: proposalTitle }),
              count: i18n.t('vote.count', { proposal: proposalTitle }),
            };
        const inputId = `tok-${proposal.id}-${m.module_id}-${c.id}`;
        const hintId = `${inputId}-hint`;
        const set = (n: number) => onSend({ tokens: withCategory(tokens, c.id, n) });
        const onChange = (e: TargetedEvent<HTMLInputElement>) => {
          const raw = e.currentTarget.value.trim();
          const n = Number(raw);
          if (raw === '' || !Number.isInteger(n) || n < 0 || n === current || cell.busy) {
            e.currentTarget.value = String(current);
            return;
          }
          set(n);
        };
        return (
          <div key={c.id} class="vote-token-row">
            {several && (
              <span class="vote-category" aria-hidden="true">
                <svg class="vote-swatch" width="12" height="12" viewBox="0 0 12 12" focusable="false" aria-hidden="true">
                  <rect width="12" height="12" fill={c.colour} />
                </svg>
                {cname}
              </span>
            )}
            <button
              type="button"
              class="button button-secondary vote-step"
              aria-disabled={removeOk ? undefined : 'true'}
              onClick={() => removeOk && set(current - 1)}
            >
              <span aria-hidden="true">−</span>
              <span class="visually-hidden">{names.remove}</span>
            </button>
            <label for={inputId} class="visually-hidden">
              {names.count}
            </label>
            <input
              id={inputId}
              type="number"
              inputMode="numeric"
              class="vote-count"
              min={0}
              max={maxAllowed(opts)}
              step={1}
              value={current}
              aria-describedby={hintId}
              onChange={onChange}
            />
            <button
              type="button"
              class="button button-secondary vote-step"
              aria-disabled={addOk ? undefined : 'true'}
              // when + cannot add, say why: the tokens left (the purse's status) and the maximum here
              aria-describedby={addOk ? undefined : `purse-${m.module_id} ${hintId}`}
              onClick={() => addOk && set(current + 1)}
            >
              <span aria-hidden="true">+</span>
              <span class="visually-hidden">{names.add}</span>
            </button>
            <span id={hintId} class="hint vote-max">
              {i18n.t('vote.maxHint', { max: i18n.number(c.max_per_proposal) })}
            </span>
          </div>
        );
      })}
      <CellFeedback cell={cell} onRetry={onRetry} id={fbId} />
    </fieldset>
  );
}


/** While a gauge or binary change is on its way, show the choice just made (the server's answer replaces it). */
function shownValue<T>(cell: CellState, saved: T | null): T | null {
  const input = cell.busy ? cell.pending?.input : undefined;
  if (input === null) return null;
  if (input && 'value' in input) return input.value as T;
  return saved;
}

function GaugeControl(props: ControlProps) {
  const { i18n } = useApp();
  const { proposal, proposalTitle, module: m, ballot, cell, readOnly, onSend, onRetry } = props;
  const [localError, setLocalError] = useState('');
  if (m.kind !== 'gauge') return null;
  const mt = pickText(m.title, i18n.lang).text;
  const value = shownValue(cell, ballot?.kind === 'gauge' ? ballot.value : null);
  const fbId = `fb-${proposal.id}-${m.module_id}`;
  const groupName = i18n.t('vote.gaugeGroup', { module: mt, proposal: proposalTitle });
  const label = (v: number) => {
    const ch = m.choices?.find((c) => c.value === v);
    if (ch) return pickText(ch.label, i18n.lang).text;
    const unit = m.range ? pickText(m.range.unit, i18n.lang).text : '';
    return `${i18n.number(v)}${unit ? ` ${unit}` : ''}`;
  };

  if (readOnly) {
    return (
      <p class="vote-readonly">
        <span class="vote-module-name">{i18n.t('vote.moduleValue', { module: mt })}</span>{value === null ? i18n.t('vote.noVote') : i18n.t('vote.yourVote', { value: label(value) })}
      </p>
    );
  }

  if (m.choices) {
    const name = `g-${proposal.id}-${m.module_id}`;
    return (
      <fieldset class="vote-gauge" aria-describedby={fbId}>
        <legend>
          <span aria-hidden="true">{mt}</span>
          <span class="visually-hidden">{groupName}</span>
        </legend>
        <div class="vote-choices">
          {m.choices.map((c) => {
            const id = `${name}-${String(c.value).replace(/[^\w-]/g, '_')}`;
            return (
              <span key={c.value} class="vote-choice">
                <input
                  type="radio"
                  id={id}
                  name={name}
                  value={String(c.value)}
                  checked={value === c.value}
                  onChange={() => onSend({ value: c.value })}
                />
                <label for={id}>{pickText(c.label, i18n.lang).text}</label>
              </span>
            );
          })}
        </div>
        <ClearButton props={props} moduleTitle={mt} />
        <CellFeedback cell={cell} onRetry={onRetry} id={fbId} />
      </fieldset>
    );
  }

  const r = m.range;
  if (!r) return null;
  const unit = pickText(r.unit, i18n.lang).text;
  const inputId = `gv-${proposal.id}-${m.module_id}`;
  const hintId = `${inputId}-hint`;
  const scale = { min: i18n.number(r.minimum), max: i18n.number(r.maximum), step: i18n.number(r.step) };
  const onChange = (e: TargetedEvent<HTMLInputElement>) => {
    const raw = e.currentTarget.value.trim().replace(',', '.');
    if (raw === '') return;
    const n = Number(raw);
    if (!Number.isFinite(n) || !onScale(m, n)) {
      setLocalError(i18n.t('vote.notOnScale', scale));
      return;
    }
    setLocalError('');
    if (n !== value) onSend({ value: n });
  };
  const shown: CellState = localError ? { ...cell, error: localError } : cell;
  return (
    <fieldset class="vote-gauge" aria-describedby={fbId}>
      <legend>
        <span aria-hidden="true">{mt}</span>
        <span class="visually-hidden">{groupName}</span>
      </legend>
      <div class="field vote-range">
        <label for={inputId}>
          <span aria-hidden="true">{unit ? `${mt} (${unit})` : mt}</span>
          <span class="visually-hidden">{unit ? i18n.t('vote.gaugeValue', { module: mt, proposal: proposalTitle, unit }) : groupName}</span>
        </label>
        <input
          id={inputId}
          type="number"
          min={r.minimum}
          max={r.maximum}
          step={r.step}
          value={value ?? ''}
          aria-describedby={hintId}
          aria-invalid={localError ? 'true' : undefined}
          onChange={onChange}
        />
        {unit && <span aria-hidden="true"> {unit}</span>}
        <p id={hintId} class="hint">
          {i18n.t('vote.gaugeHint', scale)}
        </p>
      </div>
      <ClearButton props={props} moduleTitle={mt} />
      <CellFeedback cell={shown} onRetry={onRetry} id={fbId} />
    </fieldset>
  );
}

function BinaryControl(props: ControlProps) {
  const { i18n } = useApp();
  const { proposal, proposalTitle, module: m, ballot, cell, readOnly, onSend, onRetry } = props;
  const value = shownValue(cell, ballot?.kind === 'binary' ? ballot.value : null);
  const mt = pickText(m.title, i18n.lang).text;
  const fbId = `fb-${proposal.id}-${m.module_id}`;
  const word = (v: 'for' | 'against') => i18n.t(v === 'for' ? 'vote.for' : 'vote.against');
  if (readOnly) {
    return (
      <p class="vote-readonly">
        <span class="vote-module-name">{i18n.t('vote.moduleValue', { module: mt })}</span>{value === null ? i18n.t('vote.noVote') : i18n.t('vote.yourVote', { value: word(value) })}
      </p>
    );
  }
  const name = `b-${proposal.id}-${m.module_id}`;
  return (
    <fieldset class="vote-binary" aria-describedby={fbId}>
      <legend>
        <span aria-hidden="true">{mt}</span>
        <span class="visually-hidden">{i18n.t('vote.binaryGroup', { proposal: proposalTitle })}</span>
      </legend>
      <div class="vote-choices">
        {(['for', 'against'] as const).map((v) => (
          <span key={v} class="vote-choice">
            <input type="radio" id={`${name}-${v}`} name={name} value={v} checked={value === v} onChange={() => onSend({ value: v })} />
            <label for={`${name}-${v}`}>{word(v)}</label>
          </span>
        ))}
      </div>
      <ClearButton props={props} moduleTitle={mt} />
      <CellFeedback cell={cell} onRetry={onRetry} id={fbId} />
    </fieldset>
  );
}
