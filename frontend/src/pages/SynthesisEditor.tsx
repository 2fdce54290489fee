// Synthesis editor (moderators, organisers), loaded on demand by LazyEditorPage.
import '../i18n-staff';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  type Debate,
  type Extract,
  type Idea,
  type SynthesisDraft,
  type SynthesisInput,
  type SynthesisSection,
} from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { natureLabel } from '../components/ExtractCard';
import { ErrorMessage, ErrorPage, LoadingPage, NotFoundPage, SignInPrompt } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { errorText, isNotFound } from '../errors';
import { useAsync } from '../hooks';
import { languageName, pickText, type I18n } from '../i18n';
import { fillTemplate } from '../linkify';
import { href, navigate, setLeaveGuard } from '../router';
import {
  applyMerge,
  draftToInput,
  insertMarker,
  mergeFields,
  removeCitation,
  sameInput,
  type MergeChoice,
  type MergeField,
} from '../synthesis';
import { buildIdeaTree, flattenTree } from '../tree';
import { IdeaOption } from '../components/IdeaOption';

const EMPTY: SynthesisInput = { title: {}, introduction: {}, conclusion: {}, sections: [] };
const TITLE_MAX = 200;
const TEXT_MAX = 6000;

function SignInNeeded() {
  const { i18n } = useApp();
  return (
    <>
      <PageHeading title={i18n.t('editor.listTitle')} />
      <p class="notice">
        <SignInPrompt message="error.unauthorized" />
      </p>
    </>
  );
}

// ------------------------------------------------------------------------------------------------------------
// Drafts list

export function SynthesisDraftsPage({ slug }: { slug: string }) {
  const { api, session } = useApp();
  const [state, retry] = useAsync(
    () =>
      session
        ? Promise.all([api.getDebate(slug), api.listDrafts(slug)]).then(([debate, drafts]) => ({ debate, drafts: drafts.items }))
        : Promise.resolve(null),
    [slug],
  );
  if (!session) return <SignInNeeded />;
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  if (!state.data) return <SignInNeeded />;
  return <DraftList debate={state.data.debate} drafts={state.data.drafts} />;
}

function DraftList({ debate, drafts }: { debate: Debate; drafts: SynthesisDraft[] }) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);

  async function create() {
    if (creating) return;
    setCreating(true);
    setError(null);
    try {
      const draft = await api.createDraft(slug, EMPTY);
      navigate(href.synthesisEdit(slug, draft.id));
    } catch (err) {
      setError(err);
      setCreating(false);
    }
  }

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) },
          { label: i18n.t('synth.title'), href: href.syntheses(slug) },
          { label: i18n.t('editor.listTitle') },
        ]}
      />
      <PageHeading title={i18n.t('editor.listTitle')} />
      <p>
        <button type="button" class="button" onClick={create} aria-disabled={creating || undefined}>
          {i18n.t('editor.new')}
        </button>
      </p>
      {error != null && <ErrorMessage error={error} />}
      {drafts.length === 0 ? (
        <p class="empty">{i18n.t('editor.noDrafts')}</p>
      ) : (
        <ul class="card-list draft-list">
          {drafts.map((d) => {
            const title = pickText(d.title, i18n.lang, debate.default_language);
            return (
              <li key={d.id} class="card">
                <h2>
                  <a href={href.synthesisEdit(slug, d.id)} lang={title.text ? other(title.lang) : undefined}>
                    {title.text || i18n.t('editor.untitled')}
                  </a>
                </h2>
                <p class="meta">
                  {fillTemplate(i18n.t('editor.versionInfo'), {
                    n: i18n.number(d.version),
                    date: (
                      <time key="d" dateTime={d.updated_at}>
                        {i18n.date(d.updated_at, debate.timezone, true)}
                      </time>
                    ),
                  })}
                  {' · '}
                  {i18n.tn('sections', d.sections?.length ?? 0)}
                </p>
                {d.published_number != null && (
                  <p>
                    <span class="badge badge-open">{i18n.t('editor.publishedAs', { n: i18n.number(d.published_number) })}</span>{' '}
                    <a href={href.synthesis(slug, d.published_number)}>{i18n.t('editor.viewPublished')}</a>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

// ------------------------------------------------------------------------------------------------------------
// Editor

export function SynthesisEditPage({ slug, draftId }: { slug: string; draftId: string }) {
  const { api, session } = useApp();
  const [state, retry] = useAsync(
    () =>
      session
        ? Promise.all([api.getDebate(slug), api.listIdeas(slug), api.getDraft(slug, draftId)]).then(([debate, ideas, draft]) => ({
            debate,
            ideas: ideas.items,
            draft,
          }))
        : Promise.resolve(null),
    [slug, draftId],
  );
  if (!session) return <SignInNeeded />;
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  if (!state.data) return <SignInNeeded />;
  return <Editor debate={state.data.debate} ideas={state.data.ideas} draft={state.data.draft} />;
}

interface IdeaExtracts {
  items: Extract[];
  loading: boolean;
  error: unknown;
}

interface Problem {
  text: string;
  section?: number;
  lang?: string;
}

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

let uidCounter = 0;
const newUid = () => `s${(uidCounter += 1)}`;

/** Localised messages for a refused publication (422) from the error's details. */
export function publishProblems(i18n: I18n, err: unknown, sections: SynthesisSection[]): Problem[] {
  if (!(err instanceof ApiError)) return [{ text: errorText(i18n, err) }];
  const details = (err.details ?? {}) as {
    problems?: Array<{ section: number; language: string; sentence?: number; text?: string; number?: number }>;
    extracts?: string[];
  };
  const lang = (code: string) => languageName(code, i18n.lang);
  switch (err.code) {
    case 'unsourced_sentence':
      if (details.problems?.length) {
        return details.problems.map((p) => ({
          text: i18n.t('editor.unsourced', {
            section: p.section + 1,
            lang: lang(p.language),
            sentence: (p.sentence ?? 0) + 1,
            text: p.text ?? '',
          }),
          section: p.section,
          lang: p.language,
        }));
      }
      break;
    case 'bad_citation':
      if (details.problems?.length) {
        return details.problems.map((p) => ({
          text: i18n.t('editor.badCitation', { section: p.section + 1, lang: lang(p.language), number: p.number ?? '?' }),
          section: p.section,
          lang: p.language,
        }));
      }
      break;
    case 'unknown_citation': {
      const ids = details.extracts ?? [];
      const where = ids.map((id) => {
        const s = sections.findIndex((x) => x.citations.includes(id));
        return s >= 0 ? `[${sections[s].citations.indexOf(id) + 1}] (section ${s + 1})` : id;
      });
      const first = sections.findIndex((x) => x.citations.some((c) => ids.includes(c)));
      return [{ text: i18n.t('editor.unknownCitation', { list: where.join(', ') }), section: first >= 0 ? first : undefined }];
    }
    case 'empty_synthesis':
      return [{ text: i18n.t('editor.emptySynthesis') }];
    case 'missing_title':
      return [{ text: i18n.t('editor.missingTitle') }];
    default:
      break;
  }
  return [{ text: errorText(i18n, err) }];
}

function Editor({ debate, ideas, draft }: { debate: Debate; ideas: Idea[]; draft: SynthesisDraft }) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const languages = debate.languages?.length ? debate.languages : [debate.default_language];
  const [lang, setLang] = useState(() => (languages.includes(i18n.lang) ? i18n.lang : debate.default_language));
  const [input, setInput] = useState<SynthesisInput>(() => draftToInput(draft));
  const [base, setBase] = useState<SynthesisInput>(() => draftToInput(draft));
  const [version, setVersion] = useState(draft.version);
  const [updatedAt, setUpdatedAt] = useState(draft.updated_at);
  const [published, setPublished] = useState<number | null>(draft.published_number ?? null);
  const [uids, setUids] = useState<string[]>(() => draft.sections.map(() => newUid()));
  const [status, setStatus] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [conflict, setConflict] = useState<SynthesisDraft | null>(null);
  const [choices, setChoices] = useState<Record<string, MergeChoice>>({});
  const [extracts, setExtracts] = useState<Record<string, IdeaExtracts>>({});
  const [newIdea, setNewIdea] = useState('');
  const inputRef = useRef(input);
  inputRef.current = input;

  const readOnly = published != null;
  const dirty = !sameInput(input, base);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);
  const ideaOptions = useMemo(() => flattenTree(buildIdeaTree(ideas)), [ideas]);
  const ideaTitle = (id: string) => {
    const idea = ideas.find((i) => i.id === id);
    return idea ? pickText(idea.title, i18n.lang, debate.default_language) : { text: id, lang: i18n.lang };
  };

  // Warn before leaving the page with unsaved changes: leaving the app (beforeunload) or going to another of its
  // pages (the router asks before a hash change).
  useEffect(() => {
    if (!dirty || readOnly) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = i18n.t('editor.leaveWarning');
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const removeGuard = setLeaveGuard(() => i18n.t('editor.leaveConfirm'));
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      removeGuard();
    };
  }, [dirty, readOnly, i18n]);

  // The extracts of each section's idea (to pick sources and show the cited ones).
  const sectionIdeas = [...new Set(input.sections.map((s) => s.idea_id))].join(' ');
  useEffect(() => {
    for (const ideaId of sectionIdeas.split(' ').filter(Boolean)) {
      if (extracts[ideaId]) continue;
      setExtracts((m) => ({ ...m, [ideaId]: { items: [], loading: true, error: null } }));
      (async () => {
        const all: Extract[] = [];
        let cursor: string | null = null;
        try {
          do {
            const page = await api.listIdeaExtracts(slug, ideaId, cursor, 100);
            all.push(...page.items);
            cursor = page.next_cursor ?? null;
          } while (cursor && all.length < 2000);
          setExtracts((m) => ({ ...m, [ideaId]: { items: all, loading: false, error: null } }));
        } catch (error) {
          setExtracts((m) => ({ ...m, [ideaId]: { items: all, loading: false, error } }));
        }
      })();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sectionIdeas]);

  const focusLater = (id: string, caret?: number) =>
    requestAnimationFrame(() => {
      const el = document.getElementById(id) as HTMLTextAreaElement | null;
      if (!el) return;
      el.focus();
      if (caret !== undefined && typeof el.setSelectionRange === 'function') el.setSelectionRange(caret, caret);
    });

  // -------- edits
  const update = (next: SynthesisInput) => {
    inputRef.current = next;
    setInput(next);
  };
  const setText = (kind: 'title' | 'introduction' | 'conclusion', value: string) =>
    update({ ...inputRef.current, [kind]: { ...inputRef.current[kind], [lang]: value } });
  const setSection = (i: number, section: SynthesisSection) =>
    update({ ...inputRef.current, sections: inputRef.current.sections.map((s, k) => (k === i ? section : s)) });

  function setSectionText(i: number, value: string) {
    const s = inputRef.current.sections[i];
    setSection(i, { ...s, text: { ...s.text, [lang]: value } });
    if (problems.some((p) => p.section === i)) setProblems((list) => list.filter((p) => p.section !== i));
  }

  function addSource(i: number, extractId: string) {
    const s = inputRef.current.sections[i];
    if (s.citations.includes(extractId)) return;
    const n = s.citations.length + 1;
    setSection(i, { ...s, citations: [...s.citations, extractId] });
    setStatus(i18n.t('editor.sourceAdded', { n }));
    focusLater(`${uids[i]}-cite-${n}`);
  }

  function cite(i: number, n: number) {
    const s = inputRef.current.sections[i];
    const area = document.getElementById(`${uids[i]}-text`) as HTMLTextAreaElement | null;
    const text = s.text[lang] ?? '';
    const start = area ? area.selectionStart : text.length;
    const end = area ? area.selectionEnd : text.length;
    const result = insertMarker(text, start, end, n);
    setSection(i, { ...s, text: { ...s.text, [lang]: result.text } });
    setStatus(i18n.t('editor.markerInserted', { n }));
    focusLater(`${uids[i]}-text`, result.caret);
  }

  function removeSource(i: number, k: number) {
    setSection(i, removeCitation(inputRef.current.sections[i], k));
    setStatus(i18n.t('editor.sourceRemoved'));
    focusLater(`${uids[i]}-text`);
  }

  function moveSection(i: number, delta: -1 | 1, buttonSuffix: string) {
    const j = i + delta;
    const list = inputRef.current.sections;
    if (j < 0 || j >= list.length) {
      const t = ideaTitle(list[i].idea_id).text;
      setStatus(i18n.t(delta < 0 ? 'ideas.alreadyFirst' : 'ideas.alreadyLast', { title: t }));
      return;
    }
    const sections = [...list];
    [sections[i], sections[j]] = [sections[j], sections[i]];
    const ids = [...uids];
    [ids[i], ids[j]] = [ids[j], ids[i]];
    update({ ...inputRef.current, sections });
    setUids(ids);
    setStatus(
      i18n.t('editor.sectionMoved', {
        title: ideaTitle(sections[j].idea_id).text,
        position: i18n.number(j + 1),
        count: i18n.number(sections.length),
      }),
    );
    focusLater(`${ids[j]}-${buttonSuffix}`);
  }

  function removeSection(i: number) {
    update({ ...inputRef.current, sections: inputRef.current.sections.filter((_, k) => k !== i) });
    setUids(uids.filter((_, k) => k !== i));
    setProblems([]);
    setStatus(i18n.t('editor.sectionRemoved'));
    focusLater('sections-title');
  }

  function addSection() {
    if (!newIdea) return;
    const uid = newUid();
    update({ ...inputRef.current, sections: [...inputRef.current.sections, { idea_id: newIdea, text: {}, citations: [] }] });
    setUids([...uids, uid]);
    setStatus(i18n.t('editor.sectionAdded', { idea: ideaTitle(newIdea).text }));
    setNewIdea('');
    focusLater(`${uid}-text`);
  }

  // -------- save / publish
  function accept(saved: SynthesisDraft) {
    setBase(draftToInput(saved));
    setVersion(saved.version);
    setUpdatedAt(saved.updated_at);
    if (saved.published_number != null) setPublished(saved.published_number);
  }

  function showConflict(err: unknown): boolean {
    if (err instanceof ApiError && err.code === 'stale_version') {
      const current = (err.details as { current?: SynthesisDraft } | undefined)?.current;
      if (current) {
        setConflict(current);
        setChoices({});
        setStatus('');
        focusLater('conflict-title');
        return true;
      }
    }
    return false;
  }

  async function save(payload: SynthesisInput = inputRef.current, atVersion = version): Promise<SynthesisDraft | null> {
    setProblems([]);
    setStatus('');
    try {
      const saved = await api.saveDraft(slug, draft.id, payload, atVersion);
      accept(saved);
      setStatus(i18n.t('editor.saved', { n: i18n.number(saved.version) }));
      return saved;
    } catch (err) {
      if (!showConflict(err)) {
        setProblems([{ text: errorText(i18n, err) }]);
        focusLater('editor-problems');
      }
      return null;
    }
  }

  async function onSave() {
    if (busy || readOnly) return;
    setBusy('save');
    await save();
    setBusy(null);
  }

  async function onPublish() {
    if (busy || readOnly) return;
    setBusy('publish');
    let atVersion = version;
    if (dirty) {
      const saved = await save();
      if (!saved) {
        setBusy(null);
        return;
      }
      atVersion = saved.version;
    }
    setProblems([]);
    try {
      const pub = await api.publishDraft(slug, draft.id, atVersion);
      setPublished(pub.number);
      setStatus(i18n.t('editor.publishedDone', { n: i18n.number(pub.number) }));
      focusLater('published-link');
    } catch (err) {
      if (!showConflict(err)) {
        const list = publishProblems(i18n, err, inputRef.current.sections);
        setProblems(list);
        const first = list.find((p) => p.section !== undefined);
        if (first && first.lang && languages.includes(first.lang)) setLang(first.lang);
        focusLater(first?.section !== undefined && uids[first.section] ? `${uids[first.section]}-text` : 'editor-problems');
      }
    } finally {
      setBusy(null);
    }
  }

  async function onMerge(fields: MergeField[]) {
    if (!conflict || busy) return;
    const theirs = draftToInput(conflict);
    const merged = applyMerge(inputRef.current, theirs, fields, choices);
    const sectionsFromTheirs = fields.some((f) => f.kind === 'sections' && (f.auto ?? choices[f.key] ?? 'mine') === 'theirs');
    setBase(theirs);
    setVersion(conflict.version);
    update(merged);
    if (sectionsFromTheirs) setUids(merged.sections.map(() => newUid()));
    const at = conflict.version;
    setConflict(null);
    setBusy('save');
    const saved = await save(merged, at);
    setBusy(null);
    if (saved) focusLater('editor-status');
  }

  const mergeView = conflict ? mergeFields(base, input, draftToInput(conflict), languages) : [];

  const problemsFor = (i: number) => problems.filter((p) => p.section === i && (!p.lang || p.lang === lang));
  const langName = (l: string) => languageName(l, i18n.lang);
  const title = pickText(input.title, i18n.lang, debate.default_language).text;

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) },
          { label: i18n.t('editor.listTitle'), href: href.synthesisDrafts(slug) },
          { label: title || i18n.t('editor.untitled') },
        ]}
      />
      <PageHeading title={`${i18n.t('editor.title')} · ${title || i18n.t('editor.untitled')}`}>{i18n.t('editor.title')}</PageHeading>
      <p class="meta">
        {fillTemplate(i18n.t('editor.versionInfo'), {
          n: i18n.number(version),
          date: (
            <time key="d" dateTime={updatedAt}>
              {i18n.date(updatedAt, debate.timezone, true)}
            </time>
          ),
        })}
        {dirty && !readOnly && (
          <>
            {' · '}
            <strong class="unsaved">{i18n.t('editor.unsaved')}</strong>
          </>
        )}
      </p>
      {readOnly && (
        <p class="notice">
          {i18n.t('editor.readOnly')}{' '}
          <a id="published-link" href={href.synthesis(slug, published!)}>
            {i18n.t('editor.viewPublished')}
          </a>
        </p>
      )}

      {conflict && (
        <ConflictPanel
          conflict={conflict}
          fields={mergeView}
          choices={choices}
          onChoose={(key, c) => setChoices({ ...choices, [key]: c })}
          onMerge={() => onMerge(mergeView)}
          debate={debate}
          ideaTitle={ideaTitle}
          lang={lang}
        />
      )}

      {languages.length > 1 && (
        <fieldset class="radio-group inline-radios">
          <legend>{i18n.t('editor.language')}</legend>
          {languages.map((l) => (
            <div class="radio" key={l}>
              <input type="radio" id={`lang-${l}`} name="editor-lang" checked={lang === l} onChange={() => setLang(l)} />
              <label for={`lang-${l}`}>{capitalize(langName(l))}</label>
            </div>
          ))}
        </fieldset>
      )}

      <section aria-labelledby="header-title">
        <h2 id="header-title">{i18n.t('editor.header')}</h2>
        <div class="field">
          <label for="synthesis-title" class="label">
            {i18n.t('editor.titleField')}
          </label>
          <input
            type="text"
            id="synthesis-title"
            lang={lang}
            maxLength={TITLE_MAX}
            readOnly={readOnly}
            value={input.title[lang] ?? ''}
            onInput={(e) => setText('title', e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="synthesis-introduction" class="label">
            {i18n.t('editor.introduction')}
          </label>
          <textarea
            id="synthesis-introduction"
            lang={lang}
            rows={5}
            maxLength={TEXT_MAX}
            readOnly={readOnly}
            value={input.introduction[lang] ?? ''}
            onInput={(e) => setText('introduction', e.currentTarget.value)}
          />
        </div>
      </section>

      <section aria-labelledby="sections-title">
        <h2 id="sections-title" tabIndex={-1}>
          {i18n.t('editor.sections')}
        </h2>
        {input.sections.length === 0 && <p class="empty">{i18n.t('editor.noSections')}</p>}
        {input.sections.map((section, i) => (
          <SectionEditor
            key={uids[i]}
            uid={uids[i]}
            index={i}
            count={input.sections.length}
            section={section}
            lang={lang}
            readOnly={readOnly}
            ideaTitle={ideaTitle(section.idea_id)}
            extracts={extracts[section.idea_id]}
            problems={problemsFor(i)}
            timezone={debate.timezone}
            onText={(v) => setSectionText(i, v)}
            onAddSource={(id) => addSource(i, id)}
            onCite={(n) => cite(i, n)}
            onRemoveSource={(k) => removeSource(i, k)}
            onMove={(d, suffix) => moveSection(i, d, suffix)}
            onRemove={() => removeSection(i)}
          />
        ))}
        {!readOnly && (
          <div class="add-section">
            <div class="field">
              <label for="new-section-idea" class="label">
                {i18n.t('editor.newSectionIdea')}
              </label>
              <select id="new-section-idea" value={newIdea} onChange={(e) => setNewIdea(e.currentTarget.value)}>
                <option value="">{i18n.t('common.choose')}</option>
                {ideaOptions.map((o) => (
                  <IdeaOption key={o.item.id} idea={o.item} depth={o.depth} debate={debate} />
                ))}
              </select>
            </div>
            <button type="button" class="button button-secondary" onClick={addSection} aria-disabled={!newIdea || undefined}>
              {i18n.t('editor.addSection')}
            </button>
          </div>
        )}
      </section>

      <div class="field conclusion-field">
        <h2 id="conclusion-title">
          <label for="synthesis-conclusion">{i18n.t('editor.conclusion')}</label>
        </h2>
        <textarea
          id="synthesis-conclusion"
          lang={lang}
          rows={5}
          maxLength={TEXT_MAX}
          readOnly={readOnly}
          value={input.conclusion[lang] ?? ''}
          onInput={(e) => setText('conclusion', e.currentTarget.value)}
        />
      </div>

      {problems.length > 0 && (
        <div role="alert" id="editor-problems" tabIndex={-1} class="alert">
          {problems.length === 1 ? (
            <p>{problems[0].text}</p>
          ) : (
            <ul>
              {problems.map((p, k) => (
                <li key={k}>{p.text}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {!readOnly && (
        <div class="form-actions editor-actions">
          <button type="button" class="button" onClick={onSave} aria-disabled={busy !== null || undefined}>
            {i18n.t('editor.save')}
          </button>
          <button type="button" class="button button-secondary" onClick={onPublish} aria-disabled={busy !== null || undefined}>
            {i18n.t('editor.publish')}
          </button>
        </div>
      )}
      <div role="status" id="editor-status" tabIndex={-1} class="status-message">
        {busy ? i18n.t('common.saving') : status}
        {!busy && readOnly && status && (
          <>
            {' '}
            <a href={href.synthesis(slug, published!)}>{i18n.t('editor.viewPublished')}</a>
          </>
        )}
      </div>
      <p>
        <a href={href.synthesisDrafts(slug)}>{i18n.t('editor.allDrafts')}</a>
      </p>
    </>
  );
}

// ------------------------------------------------------------------------------------------------------------

interface SectionProps {
  uid: string;
  index: number;
  count: number;
  section: SynthesisSection;
  lang: string;
  readOnly: boolean;
  ideaTitle: { text: string; lang: string };
  extracts: IdeaExtracts | undefined;
  problems: Problem[];
  timezone: string;
  onText(value: string): void;
  onAddSource(extractId: string): void;
  onCite(n: number): void;
  onRemoveSource(index: number): void;
  onMove(delta: -1 | 1, buttonSuffix: string): void;
  onRemove(): void;
}

function SectionEditor(props: SectionProps) {
  const { uid, index, count, section, lang, readOnly, ideaTitle, extracts, problems } = props;
  const { i18n } = useApp();
  const headingId = `${uid}-title`;
  const textId = `${uid}-text`;
  const hintId = `${uid}-hint`;
  const errorId = `${uid}-error`;
  const byId = new Map((extracts?.items ?? []).map((x) => [x.id, x]));
  const publishedExtracts = (extracts?.items ?? []).filter((x) => x.state === 'published');
  const available = publishedExtracts.filter((x) => !section.citations.includes(x.id));
  const otherIdea = ideaTitle.lang !== i18n.lang ? ideaTitle.lang : undefined;

  return (
    <section aria-labelledby={headingId} class="section-editor">
      <h3 id={headingId}>
        {fillTemplate(i18n.t('editor.sectionLegend'), {
          n: String(index + 1),
          idea: (
            <span key="i" lang={otherIdea}>
              {ideaTitle.text}
            </span>
          ),
        })}
      </h3>
      {!readOnly && (
        <div class="button-group section-tools">
          <button
            type="button"
            id={`${uid}-up`}
            class="button button-secondary button-small"
            aria-disabled={index === 0 || undefined}
            onClick={() => props.onMove(-1, 'up')}
          >
            {i18n.t('editor.moveSectionUp')}
          </button>
          <button
            type="button"
            id={`${uid}-down`}
            class="button button-secondary button-small"
            aria-disabled={index === count - 1 || undefined}
            onClick={() => props.onMove(1, 'down')}
          >
            {i18n.t('editor.moveSectionDown')}
          </button>
          <button type="button" class="button button-secondary button-small" onClick={props.onRemove}>
            {i18n.t('editor.removeSection')}
          </button>
        </div>
      )}
      <div class="field">
        <label for={textId} class="label">
          {i18n.t('editor.sectionText')}
        </label>
        <p id={hintId} class="hint">
          {i18n.t('editor.sectionHint')}
        </p>
        <textarea
          id={textId}
          lang={lang}
          rows={7}
          maxLength={TEXT_MAX}
          readOnly={readOnly}
          value={section.text[lang] ?? ''}
          aria-invalid={problems.length ? true : undefined}
          aria-describedby={problems.length ? `${hintId} ${errorId}` : hintId}
          onInput={(e) => props.onText(e.currentTarget.value)}
        />
        {problems.length > 0 && (
          <div id={errorId} class="field-error">
            {problems.map((p, k) => (
              <p key={k}>{p.text}</p>
            ))}
          </div>
        )}
      </div>

      <h4>{i18n.t('editor.cited')}</h4>
      {section.citations.length === 0 ? (
        <p class="empty">{i18n.t('editor.noCited')}</p>
      ) : (
        <ol class="cited-list">
          {section.citations.map((id, k) => {
            const x = byId.get(id);
            const n = k + 1;
            return (
              <li key={id} value={n}>
                <span class="citation-number">[{n}]</span>{' '}
                {x ? <ExtractSummary extract={x} /> : <span class="meta">{extracts?.loading ? i18n.t('loading') : i18n.t('editor.extractMissing', { id })}</span>}
                {!readOnly && (
                  <span class="button-group cited-tools">
                    <button type="button" id={`${uid}-cite-${n}`} class="button button-small" onClick={() => props.onCite(n)} aria-controls={textId}>
                      {i18n.t('editor.cite')} [{n}]
                    </button>
                    <button type="button" class="button button-secondary button-small" onClick={() => props.onRemoveSource(k)}>
                      {i18n.t('editor.removeSource')} <span class="visually-hidden">[{n}]</span>
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}

      {!readOnly && (
        <details class="available-extracts">
          <summary>
            {i18n.t('editor.available')} ({i18n.number(available.length)})
          </summary>
          {extracts?.error != null && <ErrorMessage error={extracts.error} />}
          {extracts && !extracts.loading && available.length === 0 && (
            <p class="empty">{i18n.t(publishedExtracts.length > 0 ? 'editor.allExtractsCited' : 'editor.noExtracts')}</p>
          )}
          <ul class="extract-pick-list">
            {available.map((x) => (
              <li key={x.id}>
                <ExtractSummary extract={x} id={`${uid}-x-${x.id.replace(/[^A-Za-z0-9_-]/g, '_')}`} />{' '}
                <button
                  type="button"
                  class="button button-secondary button-small"
                  aria-describedby={`${uid}-x-${x.id.replace(/[^A-Za-z0-9_-]/g, '_')}`}
                  onClick={() => props.onAddSource(x.id)}
                >
                  {i18n.t('editor.addSource')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function ExtractSummary({ extract: x, id }: { extract: Extract; id?: string }): ComponentChildren {
  const { i18n } = useApp();
  return (
    <span class="extract-summary" id={id}>
      {x.kind === 'quote' ? <q lang={x.language !== i18n.lang ? x.language : undefined}>{x.text}</q> : <span>{x.text}</span>}{' '}
      <span class="meta">
        ({natureLabel(i18n, x.nature)}
        {x.important ? `, ${i18n.t('extract.nugget')}` : ''}
        {x.orphaned ? `, ${i18n.t('extract.orphaned')}` : ''})
      </span>
    </span>
  );
}

// ------------------------------------------------------------------------------------------------------------

interface ConflictProps {
  conflict: SynthesisDraft;
  fields: MergeField[];
  choices: Record<string, MergeChoice>;
  onChoose(key: string, choice: MergeChoice): void;
  onMerge(): void;
  debate: Debate;
  ideaTitle(id: string): { text: string; lang: string };
  lang: string;
}

function ConflictPanel({ conflict, fields, choices, onChoose, onMerge, debate, ideaTitle, lang }: ConflictProps) {
  const { i18n } = useApp();
  const conflicts = fields.filter((f) => f.auto === null);
  const theirsOnly = fields.filter((f) => f.auto === 'theirs');
  const fieldName = (f: MergeField) => {
    if (f.kind === 'sections') return i18n.t('editor.fieldSections');
    const name = i18n.t(f.kind === 'title' ? 'editor.titleField' : f.kind === 'introduction' ? 'editor.introduction' : 'editor.conclusion');
    return (debate.languages?.length ?? 1) > 1 ? `${name} (${languageName(f.lang!, i18n.lang)})` : name;
  };
  const show = (f: MergeField, side: 'mine' | 'theirs') => {
    const value = f[side];
    if (typeof value === 'string') {
      return value.trim() ? (
        <div class="conflict-text" lang={f.lang}>
          {value}
        </div>
      ) : (
        <div class="conflict-text empty">{i18n.t('common.empty')}</div>
      );
    }
    return value.length === 0 ? (
      <div class="conflict-text empty">{i18n.t('common.empty')}</div>
    ) : (
      <ol class="conflict-text conflict-sections">
        {value.map((s, k) => (
          <li key={k}>
            <strong>{ideaTitle(s.idea_id).text}</strong> ({i18n.tn('extractsShort', s.citations.length)})
            <div lang={lang}>{s.text[lang] ?? ''}</div>
          </li>
        ))}
      </ol>
    );
  };

  return (
    <section aria-labelledby="conflict-title" class="conflict">
      <h2 id="conflict-title" tabIndex={-1}>
        {i18n.t('editor.conflictTitle')}
      </h2>
      <p>
        {fillTemplate(i18n.t('editor.conflictIntro'), {
          n: i18n.number(conflict.version),
          date: (
            <time key="d" dateTime={conflict.updated_at}>
              {i18n.date(conflict.updated_at, debate.timezone, true)}
            </time>
          ),
        })}
      </p>
      {theirsOnly.length > 0 && (
        <p class="notice">
          {i18n.t('editor.takenAutomatically')} {theirsOnly.map(fieldName).join(', ')}.
        </p>
      )}
      {conflicts.length === 0 && <p>{i18n.t('editor.conflictNone')}</p>}
      {conflicts.map((f) => {
        const choice = choices[f.key] ?? 'mine';
        const id = `merge-${f.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        return (
          <fieldset key={f.key} class="conflict-field">
            <legend>{fieldName(f)}</legend>
            <div class="side-by-side">
              <div>
                <p class="label">{i18n.t('editor.conflictSaved', { n: i18n.number(conflict.version) })}</p>
                {show(f, 'theirs')}
              </div>
              <div>
                <p class="label">{i18n.t('editor.conflictMine')}</p>
                {show(f, 'mine')}
              </div>
            </div>
            <div class="radio">
              <input type="radio" id={`${id}-mine`} name={id} checked={choice === 'mine'} onChange={() => onChoose(f.key, 'mine')} />
              <label for={`${id}-mine`}>{i18n.t('editor.keepMine')}</label>
            </div>
            <div class="radio">
              <input type="radio" id={`${id}-theirs`} name={id} checked={choice === 'theirs'} onChange={() => onChoose(f.key, 'theirs')} />
              <label for={`${id}-theirs`}>{i18n.t('editor.takeTheirs')}</label>
            </div>
          </fieldset>
        );
      })}
      <button type="button" class="button" onClick={onMerge}>
        {i18n.t('editor.applyMerge')}
      </button>
    </section>
  );
}
