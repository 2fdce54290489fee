// Public syntheses: the numbered list and one publication with its sourced sections.
import type { TargetedMouseEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Citation, Debate, Page, Publication, PublicationSummary, PublishedSection } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { natureLabel } from '../components/ExtractCard';
import { ErrorMessage, ErrorPage, LoadingPage, NotFoundPage } from '../components/Feedback';
import { FollowToggle } from '../components/FollowToggle';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { pickText } from '../i18n';
import { TextBlock } from '../linkify';
import { href } from '../router';
import { paragraphs, splitCitations } from '../synthesis';

export function SynthesisListPage({ slug }: { slug: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(
    () => Promise.all([api.getDebate(slug), api.listSyntheses(slug)]).then(([debate, first]) => ({ debate, first })),
    [slug],
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  return <SynthesisList debate={state.data.debate} first={state.data.first} />;
}

function SynthesisList({ debate, first }: { debate: Debate; first: Page<PublicationSummary> }) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const [items, setItems] = useState(first.items);
  const [cursor, setCursor] = useState(first.next_cursor ?? null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);

  async function loadMore() {
    if (!cursor || loading) return;
    setLoading(true);
    setError(null);
    try {
      const page = await api.listSyntheses(slug, cursor);
      setItems((list) => [...list, ...page.items.filter((p) => !list.some((x) => x.number === p.number))]);
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) },
          { label: i18n.t('synth.title') },
        ]}
      />
      <PageHeading title={`${i18n.t('synth.title')} · ${debateTitle.text}`}>{i18n.t('synth.title')}</PageHeading>
      <p>
        <a href={api.synthesesFeedUrl(slug)} type="application/atom+xml">
          {i18n.t('synth.feed')}
        </a>
      </p>
      <FollowToggle slug={slug} />
      {items.length === 0 ? (
        <p class="empty">{i18n.t('synth.none')}</p>
      ) : (
        <ul class="card-list synthesis-list">
          {items.map((p) => {
            const title = pickText(p.title, i18n.lang, debate.default_language);
            const intro = pickText(p.introduction, i18n.lang, debate.default_language);
            return (
              <li key={p.number} class="card">
                <h2>
                  <a href={href.synthesis(slug, p.number)}>
                    <span class="synthesis-number">{i18n.t('synth.number', { n: i18n.number(p.number) })}</span>
                    {title.text && (
                      <>
                        {' : '}
                        <span lang={other(title.lang)}>{title.text}</span>
                      </>
                    )}
                  </a>
                </h2>
                <p class="meta">
                  <time dateTime={p.published_at}>{i18n.t('synth.publishedOn', { date: i18n.date(p.published_at, debate.timezone) })}</time>
                  {typeof p.section_count === 'number' && <> · {i18n.tn('sections', p.section_count)}</>}
                </p>
                {intro.text && <p lang={other(intro.lang)}>{excerpt(intro.text)}</p>}
              </li>
            );
          })}
        </ul>
      )}
      {error != null && <ErrorMessage error={error} />}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={loadMore} disabled={loading}>
          {i18n.t('loadMore')}
        </button>
      )}
    </>
  );
}

function excerpt(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

export function SynthesisPage({ slug, number, cite }: { slug: string; number: number; cite?: string }) {
  const { api } = useApp();
  const [state, retry] = useAsync(
    () => Promise.all([api.getDebate(slug), api.getSynthesis(slug, number)]).then(([debate, pub]) => ({ debate, pub })),
    [slug, number],
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  return <SynthesisView debate={state.data.debate} pub={state.data.pub} cite={cite} />;
}

/** DOM ids for the footnotes of section `s` (0-based) and their markers. */
export const noteId = (s: number, n: number) => `note-${s + 1}-${n}`;
export const refId = (s: number, n: number, occurrence: number) => `ref-${s + 1}-${n}-${occurrence}`;

function focusById(id: string): boolean {
  const el = document.getElementById(id);
  if (!el) return false;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
  return true;
}

function SynthesisView({ debate, pub, cite }: { debate: Debate; pub: Publication; cite?: string }) {
  const { i18n, api } = useApp();
  const slug = debate.slug;
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);
  const title = pickText(pub.title, i18n.lang, debate.default_language);
  const intro = pickText(pub.introduction, i18n.lang, debate.default_language);
  const conclusion = pickText(pub.conclusion, i18n.lang, debate.default_language);
  const heading = title.text || i18n.t('synth.number', { n: i18n.number(pub.number) });

  // ?cite=2-1 opens the page on a footnote
  useEffect(() => {
    if (cite && /^\d+-\d+$/.test(cite)) focusById(`note-${cite}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) },
          { label: i18n.t('synth.title'), href: href.syntheses(slug) },
          { label: heading, lang: title.text ? other(title.lang) : undefined },
        ]}
      />
      <PageHeading title={heading} lang={title.text ? other(title.lang) : undefined} />
      <p class="meta">
        {i18n.t('synth.number', { n: i18n.number(pub.number) })},{' '}
        <time dateTime={pub.published_at}>{i18n.t('synth.publishedOn', { date: i18n.date(pub.published_at, debate.timezone) })}</time>
      </p>
      {intro.text && <TextBlock text={intro.text} lang={other(intro.lang)} />}

      {pub.sections.map((section, s) => (
        <PublishedSectionView key={s} section={section} index={s} debate={debate} pubNumber={pub.number} />
      ))}

      {conclusion.text && (
        <section aria-labelledby="synthesis-conclusion">
          <h2 id="synthesis-conclusion">{i18n.t('synth.conclusion')}</h2>
          <TextBlock text={conclusion.text} lang={other(conclusion.lang)} />
        </section>
      )}

      <p class="synthesis-links">
        <a href={href.syntheses(slug)}>{i18n.t('synth.all')}</a>
        {' · '}
        <a href={api.synthesesFeedUrl(slug)} type="application/atom+xml">
          {i18n.t('synth.feed')}
        </a>
      </p>
    </>
  );
}

interface SectionProps {
  section: PublishedSection;
  index: number;
  debate: Debate;
  pubNumber: number;
}

export function PublishedSectionView({ section, index: s, debate, pubNumber }: SectionProps) {
  const { i18n } = useApp();
  const slug = debate.slug;
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const ideaTitle = pickText(section.idea_title, i18n.lang, debate.default_language);
  const text = pickText(section.text, i18n.lang, debate.default_language);
  const citations = [...(section.citations ?? [])].sort((a, b) => a.number - b.number);
  const count = citations.length;
  const headingId = `section-${s + 1}-title`;
  const occurrences = new Map<number, number>();

  const jump = (e: TargetedMouseEvent<HTMLAnchorElement>, id: string, cite: string | null) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (focusById(id) && cite) history.replaceState(null, '', href.synthesis(slug, pubNumber, cite));
  };

  return (
    <section aria-labelledby={headingId} class="synthesis-section">
      <h2 id={headingId} lang={other(ideaTitle.lang)}>
        {ideaTitle.text}
      </h2>
      <div class="text-block synthesis-text" lang={other(text.lang)}>
        {paragraphs(text.text).map((para, p) => (
          <p key={p}>
            {splitCitations(para, count).map((part, k) => {
              if ('text' in part) return part.text;
              const seen = (occurrences.get(part.cite) ?? 0) + 1;
              occurrences.set(part.cite, seen);
              return (
                <a
                  key={k}
                  class="cite-ref"
                  id={refId(s, part.cite, seen)}
                  href={href.synthesis(slug, pubNumber, `${s + 1}-${part.cite}`)}
                  aria-describedby={`${noteId(s, part.cite)}-text`}
                  onClick={(e) => jump(e, noteId(s, part.cite), `${s + 1}-${part.cite}`)}
                >
                  [{part.cite}]
                </a>
              );
            })}
          </p>
        ))}
      </div>
      {count > 0 && (
        <>
          <h3 class="sources-title">{i18n.t('synth.sources')}</h3>
          <ol class="citations">
            {citations.map((c) => (
              <CitationItem
                key={c.number}
                citation={c}
                s={s}
                slug={slug}
                pubNumber={pubNumber}
                jump={jump}
                hasRef={occurrences.has(c.number)}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function CitationItem({
  citation: c,
  s,
  slug,
  pubNumber,
  jump,
  hasRef,
}: {
  citation: Citation;
  s: number;
  slug: string;
  pubNumber: number;
  hasRef: boolean;
  jump: (e: TargetedMouseEvent<HTMLAnchorElement>, id: string, cite: string | null) => void;
}) {
  const { i18n } = useApp();
  return (
    <li id={noteId(s, c.number)} tabIndex={-1} value={c.number} class="citation">
      <span class="citation-number" aria-hidden="true">
        [{c.number}]
      </span>{' '}
      {c.withdrawn ? (
        <span class="citation-text" id={`${noteId(s, c.number)}-text`}>
          <em>{i18n.t('synth.withdrawn')}</em>
        </span>
      ) : c.kind === 'quote' ? (
        <q class="citation-text" id={`${noteId(s, c.number)}-text`}>
          {c.text}
        </q>
      ) : (
        <span class="citation-text" id={`${noteId(s, c.number)}-text`}>
          {i18n.t('synth.paraphrase')} {c.text}
        </span>
      )}{' '}
      <span class="meta">({natureLabel(i18n, c.nature)})</span>
      <br />
      {!c.withdrawn && (
        <a href={href.post(slug, c.post_id, c.kind === 'quote' && !c.orphaned ? c.extract_id : null)}>
          {i18n.t('synth.viewInDebate')}
        </a>
      )}
      {hasRef && (
        <>
          {!c.withdrawn && ' · '}
          <a href={href.synthesis(slug, pubNumber)} onClick={(e) => jump(e, refId(s, c.number, 1), null)}>
            {i18n.t('synth.backToText')}
          </a>
        </>
      )}
    </li>
  );
}
