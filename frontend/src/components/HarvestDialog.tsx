// Loaded on demand (harvesters only): the dialog that files a passage of a post, or a paraphrase, under an idea.
import '../i18n-staff';
import type { TargetedSubmitEvent } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { ACTIONS, ApiError, NATURES, type Debate, type Extract, type ExtractInput, type Idea, type Post } from '../api';
import { useApp } from '../context';
import { errorText } from '../errors';
import { pickText } from '../i18n';
import { personName } from '../people';
import { href } from '../router';
import { codePointLength, locateQuote, toUnits, type BodySelection } from '../textmap';
import { buildIdeaTree, flattenTree } from '../tree';
import { actionLabel, natureLabel } from './ExtractCard';
import { FormActions, FormAlert } from './FormActions';
import { Modal } from './Modal';
import { IdeaOption } from './IdeaOption';

const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 40;
const MAX_PARAPHRASE = 500;
const MIN_QUOTE = 3;
const MAX_QUOTE = 2000;

interface Props {
  debate: Debate;
  ideas: Idea[];
  post: Post;
  selection: BodySelection | null;
  returnFocus?: HTMLElement | null;
  onClose(): void;
  onSaved(extract: Extract): void;
}

type Field = 'quote' | 'paraphrase' | 'idea' | 'nature' | 'tags';

export function parseTags(value: string): string[] {
  const seen = new Set<string>();
  for (const raw of value.split(',')) {
    const tag = raw.replace(/\s+/g, ' ').trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/**
 * The offsets to send for a quotation: the selection's when the words were not changed, else the place of
 * the (edited or pasted) words in body_text nearest to the selection. Null when they are not in the text.
 */
export function quoteAnchor(
  bodyText: string,
  quote: string,
  selection: BodySelection | null,
): { start: number; end: number; quote: string } | null {
  const q = quote.trim();
  if (!q) return null;
  if (selection && q === selection.quote) return { start: selection.start, end: selection.end, quote: selection.quote };
  const found = locateQuote(bodyText, q, selection?.start ?? 0);
  if (!found) return null;
  const s = toUnits(bodyText, found.start);
  const e = toUnits(bodyText, found.end);
  return { start: found.start, end: found.end, quote: bodyText.slice(s, e) };
}

export function HarvestDialog({ debate, ideas, post, selection, returnFocus, onClose, onSaved }: Props) {
  const { api, i18n } = useApp();
  const slug = debate.slug;
  const uid = `harvest-${post.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const [kind, setKind] = useState<'quote' | 'paraphrase'>('quote');
  const [quote, setQuote] = useState(selection?.quote ?? '');
  const [paraphrase, setParaphrase] = useState('');
  const [ideaId, setIdeaId] = useState(ideas.some((i) => i.id === post.idea_id) ? post.idea_id : '');
  const [nature, setNature] = useState('');
  const [action, setAction] = useState('');
  const [important, setImportant] = useState(false);
  const [tags, setTags] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<Extract | null | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const options = useMemo(() => flattenTree(buildIdeaTree(ideas)), [ideas]);
  const ideaTitle = (id: string) => {
    const idea = ideas.find((i) => i.id === id);
    return idea ? pickText(idea.title, i18n.lang, debate.default_language).text : id;
  };
  const author = post.author?.display_name || i18n.t('post.anonymous');

  function validate(): { input: ExtractInput | null; errs: Partial<Record<Field, string>> } {
    const errs: Partial<Record<Field, string>> = {};
    if (!ideaId) errs.idea = i18n.t('harvest.errorIdea');
    if (!nature) errs.nature = i18n.t('harvest.errorNature');
    const tagList = parseTags(tags);
    if (tagList.length > MAX_TAGS || tagList.some((t) => t.length > MAX_TAG_LENGTH)) errs.tags = i18n.t('harvest.errorTags');
    const common = {
      idea_id: ideaId,
      nature: nature as ExtractInput['nature'],
      important,
      tags: tagList,
      ...(action ? { action: action as ExtractInput['action'] } : {}),
    };
    if (kind === 'quote') {
      const q = quote.trim();
      if (codePointLength(q) < MIN_QUOTE || codePointLength(q) > MAX_QUOTE) {
        errs.quote = i18n.t('harvest.errorQuote');
        return { input: null, errs };
      }
      const anchor = quoteAnchor(post.body_text, q, selection);
      if (!anchor) {
        errs.quote = i18n.t('harvest.errorQuoteNotFound');
        return { input: null, errs };
      }
      return { input: Object.keys(errs).length ? null : { ...common, ...anchor }, errs };
    }
    const p = paraphrase.trim();
    if (!p || codePointLength(p) > MAX_PARAPHRASE) errs.paraphrase = i18n.t('harvest.errorParaphrase');
    return { input: Object.keys(errs).length ? null : { ...common, paraphrase: p }, errs };
  }

  async function onSubmit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending) return;
    setFormError(null);
    setDuplicate(undefined);
    const { input, errs } = validate();
    setErrors(errs);
    if (!input) {
      // focus the first field in error
      const order: Field[] = ['quote', 'paraphrase', 'idea', 'nature', 'tags'];
      const first = order.find((f) => errs[f]);
      if (first) requestAnimationFrame(() => document.getElementById(`${uid}-${first}`)?.focus());
      return;
    }
    setSending(true);
    try {
      const extract = await api.createExtract(slug, post.id, input);
      setSending(false);
      onSaved(extract);
    } catch (err) {
      setSending(false);
      if (err instanceof ApiError && err.code === 'duplicate_extract') {
        const existing = (err.details as { extract?: Extract | null } | undefined)?.extract ?? null;
        setDuplicate(existing);
      } else {
        setFormError(errorText(i18n, err));
      }
      requestAnimationFrame(() => document.getElementById(`${uid}-alert`)?.focus());
    }
  }

  const fieldProps = (field: Field, hint?: boolean) => {
    const ids = [hint ? `${uid}-${field}-hint` : '', errors[field] ? `${uid}-${field}-error` : ''].filter(Boolean).join(' ');
    return {
      id: `${uid}-${field}`,
      'aria-invalid': errors[field] ? (true as const) : undefined,
      'aria-describedby': ids || undefined,
    };
  };
  const fieldError = (field: Field) =>
    errors[field] ? (
      <p id={`${uid}-${field}-error`} class="field-error">
        {errors[field]}
      </p>
    ) : null;

  const otherLang = post.language && post.language !== i18n.lang ? post.language : undefined;
  const titleId = `${uid}-title`;

  return (
    <Modal
      labelledBy={titleId}
      onClose={onClose}
      returnFocus={returnFocus}
      fallbackFocus={() => document.getElementById(`post-${post.id}`)}
      class="harvest-dialog"
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate class="dialog-form">
        <h2 id={titleId} class="dialog-title">
          {i18n.t('harvest.dialogTitle')}
        </h2>
        <p class="meta">{i18n.t('harvest.source', { author })}</p>
        {!selection && <p class="notice">{i18n.t('harvest.noSelection')}</p>}

        <fieldset class="radio-group">
          <legend>{i18n.t('harvest.kind')}</legend>
          <div class="radio">
            <input
              type="radio"
              id={`${uid}-kind-quote`}
              name={`${uid}-kind`}
              checked={kind === 'quote'}
              onChange={() => setKind('quote')}
            />
            <label for={`${uid}-kind-quote`}>{i18n.t('harvest.kindQuote')}</label>
          </div>
          <div class="radio">
            <input
              type="radio"
              id={`${uid}-kind-paraphrase`}
              name={`${uid}-kind`}
              checked={kind === 'paraphrase'}
              onChange={() => setKind('paraphrase')}
            />
            <label for={`${uid}-kind-paraphrase`}>{i18n.t('harvest.kindParaphrase')}</label>
          </div>
        </fieldset>

        {kind === 'quote' ? (
          <div class="field">
            <label for={`${uid}-quote`} class="label">
              {i18n.t('harvest.quote')}
            </label>
            <p id={`${uid}-quote-hint`} class="hint">
              {i18n.t('harvest.quoteHint')}
            </p>
            <textarea
              {...fieldProps('quote', true)}
              rows={4}
              lang={otherLang}
              value={quote}
              data-autofocus={selection ? undefined : true}
              onInput={(e) => setQuote(e.currentTarget.value)}
            />
            {fieldError('quote')}
          </div>
        ) : (
          <div class="field">
            <label for={`${uid}-paraphrase`} class="label">
              {i18n.t('harvest.paraphrase')}
            </label>
            <p id={`${uid}-paraphrase-hint`} class="hint">
              {i18n.t('harvest.paraphraseHint')}
            </p>
            <textarea
              {...fieldProps('paraphrase', true)}
              rows={4}
              value={paraphrase}
              onInput={(e) => setParaphrase(e.currentTarget.value)}
            />
            {fieldError('paraphrase')}
          </div>
        )}

        <div class="field">
          <label for={`${uid}-idea`} class="label">
            {i18n.t('harvest.idea')}
          </label>
          <select
            {...fieldProps('idea')}
            value={ideaId}
            data-autofocus={selection ? true : undefined}
            onChange={(e) => setIdeaId(e.currentTarget.value)}
          >
            {!ideaId && <option value="">{i18n.t('common.choose')}</option>}
            {options.map((o) => (
              <IdeaOption key={o.item.id} idea={o.item} depth={o.depth} debate={debate} />
            ))}
          </select>
          {fieldError('idea')}
        </div>

        <div class="field">
          <label for={`${uid}-nature`} class="label">
            {i18n.t('harvest.nature')}
          </label>
          <select {...fieldProps('nature')} value={nature} onChange={(e) => setNature(e.currentTarget.value)}>
            <option value="">{i18n.t('common.choose')}</option>
            {NATURES.map((n) => (
              <option key={n} value={n}>
                {natureLabel(i18n, n)}
              </option>
            ))}
          </select>
          {fieldError('nature')}
        </div>

        <div class="field">
          <label for={`${uid}-action`} class="label">
            {i18n.t('harvest.action')}
          </label>
          <select id={`${uid}-action`} value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="">{i18n.t('common.none')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(i18n, a)}
              </option>
            ))}
          </select>
        </div>

        <div class="checkbox">
          <input
            type="checkbox"
            id={`${uid}-important`}
            checked={important}
            aria-describedby={`${uid}-important-hint`}
            onChange={(e) => setImportant(e.currentTarget.checked)}
          />
          <label for={`${uid}-important`}>{i18n.t('harvest.important')}</label>
        </div>
        <p id={`${uid}-important-hint`} class="hint checkbox-hint">
          {i18n.t('harvest.importantHint')}
        </p>

        <div class="field">
          <label for={`${uid}-tags`} class="label">
            {i18n.t('harvest.tags')}
          </label>
          <p id={`${uid}-tags-hint`} class="hint">
            {i18n.t('harvest.tagsHint')}
          </p>
          <input type="text" {...fieldProps('tags', true)} value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
          {fieldError('tags')}
        </div>

        {(formError || duplicate !== undefined) && (
          <FormAlert uid={uid}>
            {formError ? (
              <p>{formError}</p>
            ) : (
              <>
                <p>{i18n.t('harvest.duplicate')}</p>
                {duplicate && (
                  <>
                    <p>
                      {i18n.t('harvest.duplicateDetails', {
                        idea: ideaTitle(duplicate.idea_id),
                        nature: natureLabel(i18n, duplicate.nature),
                        harvester: personName(i18n, duplicate.harvester, '—'),
                      })}
                    </p>
                    <p>
                      <a href={href.post(slug, duplicate.post_id, duplicate.id)} onClick={onClose}>
                        {i18n.t('harvest.viewExisting')}
                      </a>
                    </p>
                  </>
                )}
              </>
            )}
          </FormAlert>
        )}

        <FormActions submitLabel={i18n.t('harvest.submit')} sending={sending} onCancel={onClose} disableWhileSending />
      </form>
    </Modal>
  );
}
