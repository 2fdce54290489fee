// Loaded on demand (moderators, organisers): edit the table of ideas with buttons, not by dragging.
import '../i18n-staff';
import type { TargetedSubmitEvent } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { Debate, Idea, LocalizedText } from '../api';
import { useApp } from '../context';
import { errorText } from '../errors';
import { languageName, pickText } from '../i18n';
import { href } from '../router';
import { buildIdeaTree, flattenTree, subtreeIds, type TreeNode } from '../tree';
import { IdeaOption } from './IdeaOption';

interface Props {
  debate: Debate;
  ideas: Idea[];
  onChange(ideas: Idea[]): void;
}

const cssId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

export function IdeaTreeEditor({ debate, ideas, onChange }: Props) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tree = useMemo(() => buildIdeaTree(ideas), [ideas]);
  const ideasRef = useRef(ideas);
  ideasRef.current = ideas;

  const titleOf = (idea: Idea | null | undefined) =>
    idea ? pickText(idea.title, i18n.lang, debate.default_language).text : '';

  /** Siblings of an idea under `parentId`, in order. */
  const siblingsOf = (list: Idea[], parentId: string | null) =>
    list.filter((i) => (i.parent_id ?? null) === parentId).sort((a, b) => a.order - b.order);

  function replaceIdea(updated: Idea): Idea[] {
    const next = ideasRef.current.some((i) => i.id === updated.id)
      ? ideasRef.current.map((i) => (i.id === updated.id ? updated : i))
      : [...ideasRef.current, updated];
    ideasRef.current = next;
    onChange(next);
    return next;
  }

  function movedMessage(list: Idea[], idea: Idea): string {
    const parentId = idea.parent_id ?? null;
    const sibs = siblingsOf(list, parentId);
    const parent = parentId ? list.find((i) => i.id === parentId) : null;
    return i18n.t('ideas.moved', {
      title: titleOf(idea),
      position: i18n.number(sibs.findIndex((i) => i.id === idea.id) + 1),
      count: i18n.number(sibs.length),
      where: parent ? i18n.t('ideas.whereParent', { parent: titleOf(parent) }) : i18n.t('ideas.whereRoot'),
    });
  }

  async function run<T>(action: () => Promise<T>): Promise<T | null> {
    if (busy) return null;
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      return await action();
    } catch (err) {
      setError(errorText(i18n, err));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function step(idea: Idea, delta: -1 | 1, buttonId: string) {
    const parentId = idea.parent_id ?? null;
    const sibs = siblingsOf(ideasRef.current, parentId);
    const index = sibs.findIndex((i) => i.id === idea.id);
    const target = index + delta;
    if (target < 0 || target >= sibs.length) {
      setError(null);
      setStatus(i18n.t(delta < 0 ? 'ideas.alreadyFirst' : 'ideas.alreadyLast', { title: titleOf(idea) }));
      return;
    }
    const updated = await run(() => api.moveIdea(slug, idea.id, parentId, target));
    if (!updated) return;
    const list = replaceIdea(updated);
    setStatus(movedMessage(list, updated));
    // the same button of the same idea keeps the focus in its new place
    requestAnimationFrame(() => document.getElementById(buttonId)?.focus());
  }

  async function save(idea: Idea | null, values: FormValues): Promise<boolean> {
    const result = await run(async () => {
      if (!idea) {
        const created = await api.createIdea(slug, {
          title: values.title,
          description: values.description,
          parent_id: values.parentId,
        });
        const list = replaceIdea(created);
        return i18n.t('ideas.created', { title: titleOf(created) }) + ' ' + movedMessage(list, created);
      }
      let current = idea;
      const messages: string[] = [];
      const patch: { title?: LocalizedText; description?: LocalizedText } = {};
      if (JSON.stringify(values.title) !== JSON.stringify(cleanMap(idea.title))) patch.title = values.title;
      if (JSON.stringify(values.description) !== JSON.stringify(cleanMap(idea.description))) patch.description = values.description;
      if (patch.title || patch.description) {
        current = await api.updateIdea(slug, idea.id, patch);
        replaceIdea(current);
      }
      messages.push(i18n.t('ideas.updated', { title: titleOf(current) }));
      const sibs = siblingsOf(ideasRef.current, idea.parent_id ?? null);
      const index = sibs.findIndex((i) => i.id === idea.id);
      if (values.parentId !== (idea.parent_id ?? null) || values.position !== index) {
        current = await api.moveIdea(slug, idea.id, values.parentId, values.position);
        const list = replaceIdea(current);
        messages.push(movedMessage(list, current));
      }
      return messages.join(' ');
    });
    if (result === null) return false;
    setStatus(result);
    return true;
  }

  function renderNodes(nodes: TreeNode<Idea>[], depth: number) {
    if (nodes.length === 0) return null;
    return (
      <ul class={depth === 0 ? 'idea-tree idea-tree-edit' : 'idea-tree'}>
        {nodes.map((n, index) => {
          const idea = n.item;
          const title = pickText(idea.title, i18n.lang, debate.default_language);
          const other = title.lang !== i18n.lang ? title.lang : undefined;
          const id = cssId(idea.id);
          const isEditing = editing === idea.id;
          const hidden = (
            <span class="visually-hidden" lang={other}>
              {' '}
              « {title.text} »
            </span>
          );
          return (
            <li key={idea.id}>
              <div class="idea-row">
                <span class="idea-row-title">
                  <a href={href.idea(slug, idea.id)} lang={other}>
                    {title.text}
                  </a>{' '}
                  <span class="meta">({i18n.tn('posts', idea.counts?.posts ?? 0)})</span>
                </span>
                <span class="idea-row-actions">
                  <button
                    type="button"
                    id={`idea-${id}-up`}
                    class="button button-secondary button-small"
                    aria-disabled={index === 0 || undefined}
                    onClick={() => step(idea, -1, `idea-${id}-up`)}
                  >
                    <span aria-hidden="true">↑ </span>
                    {i18n.t('ideas.moveUp')}
                    {hidden}
                  </button>
                  <button
                    type="button"
                    id={`idea-${id}-down`}
                    class="button button-secondary button-small"
                    aria-disabled={index === nodes.length - 1 || undefined}
                    onClick={() => step(idea, 1, `idea-${id}-down`)}
                  >
                    <span aria-hidden="true">↓ </span>
                    {i18n.t('ideas.moveDown')}
                    {hidden}
                  </button>
                  <button
                    type="button"
                    id={`idea-${id}-edit`}
                    class="button button-secondary button-small"
                    aria-expanded={isEditing}
                    aria-controls={isEditing ? `idea-${id}-form` : undefined}
                    onClick={() => setEditing(isEditing ? null : idea.id)}
                  >
                    {i18n.t('ideas.editOne')}
                    {hidden}
                  </button>
                </span>
              </div>
              {isEditing && (
                <IdeaForm
                  key={`edit-${idea.id}`}
                  formId={`idea-${id}-form`}
                  debate={debate}
                  ideas={ideas}
                  tree={tree}
                  idea={idea}
                  busy={busy}
                  onSubmit={async (values) => {
                    if (await save(idea, values)) {
                      setEditing(null);
                      requestAnimationFrame(() => document.getElementById(`idea-${id}-edit`)?.focus());
                    }
                  }}
                  onCancel={() => {
                    setEditing(null);
                    requestAnimationFrame(() => document.getElementById(`idea-${id}-edit`)?.focus());
                  }}
                />
              )}
              {renderNodes(n.children, depth + 1)}
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <div class="idea-editor">
      <p class="hint">{i18n.t('ideas.editorHint')}</p>
      <div role="status" class="status-message">
        {busy ? i18n.t('ideas.busy') : status}
      </div>
      {error && (
        <p role="alert" class="alert">
          {error}
        </p>
      )}
      {renderNodes(tree, 0)}
      <section aria-labelledby="new-idea-title" class="new-idea">
        <h3 id="new-idea-title">{i18n.t('ideas.new')}</h3>
        <IdeaForm
          formId="new-idea-form"
          debate={debate}
          ideas={ideas}
          tree={tree}
          idea={null}
          busy={busy}
          onSubmit={(values) => save(null, values)}
        />
      </section>
    </div>
  );
}

interface FormValues {
  title: LocalizedText;
  description: LocalizedText;
  parentId: string | null;
  position: number;
}

function cleanMap(map: LocalizedText | undefined): LocalizedText {
  const out: LocalizedText = {};
  for (const [k, v] of Object.entries(map ?? {})) if (v.trim()) out[k] = v.trim();
  return out;
}

interface FormProps {
  formId: string;
  debate: Debate;
  ideas: Idea[];
  tree: TreeNode<Idea>[];
  idea: Idea | null;
  busy: boolean;
  /** Resolves true when saved (the creation form then empties). */
  onSubmit(values: FormValues): Promise<boolean | void>;
  onCancel?: () => void;
}

function IdeaForm({ formId, debate, ideas, tree, idea, busy, onSubmit, onCancel }: FormProps) {
  const { i18n } = useApp();
  // the debate's languages first, then any other language the idea already has
  const langs = [...new Set([...(debate.languages ?? [debate.default_language]), ...Object.keys(idea?.title ?? {})])];
  const [title, setTitle] = useState<LocalizedText>(() => ({ ...(idea?.title ?? {}) }));
  const [description, setDescription] = useState<LocalizedText>(() => ({ ...(idea?.description ?? {}) }));
  const [parentId, setParentId] = useState<string>(idea?.parent_id ?? '');
  const siblingsUnder = (pid: string) =>
    ideas
      .filter((i) => (i.parent_id ?? '') === pid && i.id !== idea?.id)
      .sort((a, b) => a.order - b.order);
  const currentIndex = idea
    ? ideas
        .filter((i) => (i.parent_id ?? '') === (idea.parent_id ?? ''))
        .sort((a, b) => a.order - b.order)
        .findIndex((i) => i.id === idea.id)
    : 0;
  const [position, setPosition] = useState<number>(currentIndex);
  const [titleError, setTitleError] = useState<string | null>(null);

  const excluded = useMemo(() => (idea ? subtreeIds(tree, idea.id) : new Set<string>()), [tree, idea]);
  const parents = useMemo(() => flattenTree(tree).filter((n) => !excluded.has(n.item.id)), [tree, excluded]);
  const slots = siblingsUnder(parentId).length + 1;
  const multi = langs.length > 1;
  const firstTitleId = `${formId}-title-${langs[0]}`;

  async function submit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    const t = cleanMap(title);
    if (Object.keys(t).length === 0) {
      setTitleError(i18n.t('ideas.titleRequired'));
      document.getElementById(firstTitleId)?.focus();
      return;
    }
    setTitleError(null);
    const ok = await onSubmit({
      title: t,
      description: cleanMap(description),
      parentId: parentId || null,
      position: Math.min(position, slots - 1),
    });
    if (ok && !idea) {
      setTitle({});
      setDescription({});
    }
  }

  const Wrapper = idea ? 'fieldset' : 'div';
  return (
    <form id={formId} class="idea-form" onSubmit={submit} noValidate>
      <Wrapper class="idea-form-fields">
        {idea && <legend>{i18n.t('ideas.editLegend', { title: pickText(idea.title, i18n.lang, debate.default_language).text })}</legend>}
        {langs.map((l, k) => {
          const name = languageName(l, i18n.lang);
          return (
            <div key={l} class="field-pair">
              <div class="field">
                <label for={`${formId}-title-${l}`} class="label">
                  {multi ? i18n.t('ideas.titleFieldLang', { lang: name }) : i18n.t('ideas.titleField')}
                </label>
                <input
                  type="text"
                  id={`${formId}-title-${l}`}
                  lang={l}
                  maxLength={200}
                  value={title[l] ?? ''}
                  aria-invalid={k === 0 && titleError ? true : undefined}
                  aria-describedby={k === 0 && titleError ? `${formId}-title-error` : undefined}
                  onInput={(e) => setTitle({ ...title, [l]: e.currentTarget.value })}
                />
                {k === 0 && titleError && (
                  <p id={`${formId}-title-error`} class="field-error">
                    {titleError}
                  </p>
                )}
              </div>
              <div class="field">
                <label for={`${formId}-desc-${l}`} class="label">
                  {multi ? i18n.t('ideas.descriptionFieldLang', { lang: name }) : i18n.t('ideas.descriptionField')}
                </label>
                <textarea
                  id={`${formId}-desc-${l}`}
                  lang={l}
                  rows={3}
                  maxLength={5000}
                  value={description[l] ?? ''}
                  onInput={(e) => setDescription({ ...description, [l]: e.currentTarget.value })}
                />
              </div>
            </div>
          );
        })}
        <div class="field">
          <label for={`${formId}-parent`} class="label">
            {i18n.t('ideas.parent')}
          </label>
          <select
            id={`${formId}-parent`}
            value={parentId}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setParentId(next);
              // a new parent: last place by default; back to the old parent: the old place
              setPosition(idea && next === (idea.parent_id ?? '') ? currentIndex : siblingsUnder(next).length);
            }}
          >
            <option value="">{i18n.t('ideas.root')}</option>
            {parents.map((n) => (
              <IdeaOption key={n.item.id} idea={n.item} depth={n.depth + 1} debate={debate} />
            ))}
          </select>
        </div>
        {idea && (
          <div class="field">
            <label for={`${formId}-position`} class="label">
              {i18n.t('ideas.position')}
            </label>
            <select
              id={`${formId}-position`}
              value={String(Math.min(position, slots - 1))}
              onChange={(e) => setPosition(Number(e.currentTarget.value))}
            >
              {Array.from({ length: slots }, (_, k) => (
                <option key={k} value={String(k)}>
                  {k === 0
                    ? i18n.t('ideas.positionFirst', { n: 1 })
                    : k === slots - 1
                      ? i18n.t('ideas.positionLast', { n: k + 1 })
                      : String(k + 1)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={busy || undefined}>
            {i18n.t(idea ? 'ideas.saveOne' : 'ideas.create')}
          </button>
          {onCancel && (
            <button type="button" class="button button-secondary" onClick={onCancel}>
              {i18n.t('common.cancel')}
            </button>
          )}
        </div>
      </Wrapper>
    </form>
  );
}
