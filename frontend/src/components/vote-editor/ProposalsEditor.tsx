// Proposals of a session: add, edit (title and description per language), move up and down, remove.
import { useState } from 'preact/hooks';
import type { Debate } from '../../api';
import { useApp } from '../../context';
import { pickText } from '../../i18n';
import { editorLanguages, moved, proposalErrors, textMap, type Errors, type ProposalForm } from '../../voteEditor';
import { voteAdminApi, type Proposal, type VoteSession } from '../../votes';
import { checkedSubmit, cssId, TitlePair, useAction, type Action } from './Fields';

interface Props {
  debate: Debate;
  session: VoteSession;
  /** Reads the session again after a change. */
  reload(): Promise<void>;
}

export function sortedProposals(session: VoteSession): Proposal[] {
  return [...session.proposals].sort((a, b) => a.order - b.order);
}

export function ProposalsEditor({ debate, session, reload }: Props) {
  const { api, i18n } = useApp();
  const vapi = voteAdminApi(api);
  const action = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const proposals = sortedProposals(session);
  const titleOf = (p: Proposal) => pickText(p.title, i18n.lang, debate.default_language).text;
  const slug = debate.slug;

  async function move(p: Proposal, by: -1 | 1, focusId: string) {
    const ids = moved(proposals.map((x) => x.id), p.id, by);
    if (!ids) return;
    await action.run(async () => {
      await vapi.orderProposals(slug, session.id, ids);
      await reload();
      requestAnimationFrame(() => document.getElementById(focusId)?.focus());
      return i18n.t('ve.proposalMoved', { title: titleOf(p), position: ids.indexOf(p.id) + 1, count: ids.length });
    });
  }

  async function remove(p: Proposal) {
    if (!window.confirm(i18n.t('ve.confirmRemove', { title: titleOf(p) }))) return;
    await action.run(async () => {
      await vapi.deleteProposal(slug, session.id, p.id);
      await reload();
      requestAnimationFrame(() => document.getElementById('vp-new-title-' + editorLanguages(debate)[0])?.focus());
      return i18n.t('ve.proposalRemoved', { title: titleOf(p) });
    });
  }

  return (
    <section aria-labelledby="ve-proposals-title">
      <h2 id="ve-proposals-title">{i18n.t('ve.proposals')}</h2>
      {proposals.length === 0 ? (
        <p class="empty">{i18n.t('ve.noProposals')}</p>
      ) : (
        <ol class="ve-list">
          {proposals.map((p, i) => {
            const title = titleOf(p);
            const base = `vp-${cssId(p.id)}`;
            return (
              <li key={p.id} class="card ve-item">
                {editing === p.id ? (
                  <ProposalFormView
                    debate={debate}
                    idBase={base}
                    initial={{ title: { ...p.title }, text: { ...p.description } }}
                    submitLabel={i18n.t('ve.save')}
                    action={action}
                    onCancel={() => setEditing(null)}
                    onSubmit={async (input) => {
                      await vapi.updateProposal(slug, session.id, p.id, input);
                      await reload();
                      setEditing(null);
                      requestAnimationFrame(() => document.getElementById(`${base}-edit`)?.focus());
                      return i18n.t('ve.proposalSaved', { title: pickText(input.title, i18n.lang, debate.default_language).text });
                    }}
                  />
                ) : (
                  <>
                    <h3 class="ve-item-title">{title}</h3>
                    <div class="ve-item-actions">
                      <button type="button" id={`${base}-edit`} class="button button-secondary button-small" onClick={() => setEditing(p.id)}>
                        <span aria-hidden="true">{i18n.t('ve.edit')}</span>
                        <span class="visually-hidden">{i18n.t('ve.editOf', { title })}</span>
                      </button>
                      {i > 0 && (
                        <button type="button" id={`${base}-up`} class="button button-secondary button-small" aria-disabled={action.busy || undefined} onClick={() => move(p, -1, `${base}-up`)}>
                          <span aria-hidden="true">{i18n.t('ve.moveUp')}</span>
                          <span class="visually-hidden">{i18n.t('ve.moveUpOf', { title })}</span>
                        </button>
                      )}
                      {i < proposals.length - 1 && (
                        <button type="button" id={`${base}-down`} class="button button-secondary button-small" aria-disabled={action.busy || undefined} onClick={() => move(p, 1, `${base}-down`)}>
                          <span aria-hidden="true">{i18n.t('ve.moveDown')}</span>
                          <span class="visually-hidden">{i18n.t('ve.moveDownOf', { title })}</span>
                        </button>
                      )}
                      <button type="button" class="button button-secondary button-small" aria-disabled={action.busy || undefined} onClick={() => remove(p)}>
                        <span aria-hidden="true">{i18n.t('ve.remove')}</span>
                        <span class="visually-hidden">{i18n.t('ve.removeOf', { title })}</span>
                      </button>
                    </div>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {action.feedback}
      <h3 id="vp-new-heading">{i18n.t('ve.newProposal')}</h3>
      <ProposalFormView
        key={proposals.length}
        debate={debate}
        idBase="vp-new"
        labelledBy="vp-new-heading"
        initial={{ title: {}, text: {} }}
        submitLabel={i18n.t('ve.addProposal')}
        action={action}
        onSubmit={async (input) => {
          await vapi.addProposal(slug, session.id, input);
          await reload();
          requestAnimationFrame(() => document.getElementById('vp-new-title-' + editorLanguages(debate)[0])?.focus());
          return i18n.t('ve.proposalAdded', { title: pickText(input.title, i18n.lang, debate.default_language).text });
        }}
      />
    </section>
  );
}

function ProposalFormView(p: {
  debate: Debate;
  idBase: string;
  labelledBy?: string;
  initial: ProposalForm;
  submitLabel: string;
  action: Action;
  onSubmit(input: { title: Record<string, string>; description: Record<string, string> }): Promise<string>;
  onCancel?(): void;
}) {
  const { i18n } = useApp();
  const [form, setForm] = useState<ProposalForm>(p.initial);
  const [errors, setErrors] = useState<Errors>({});
  const languages = editorLanguages(p.debate);

  const submit = (e: Event) =>
    checkedSubmit(e, p.action, i18n, () => {
      const errors = proposalErrors(form, languages[0], i18n);
      return { errors, input: { title: textMap(form.title), description: textMap(form.text) } };
    }, setErrors, p.onSubmit);

  return (
    <form class="ve-form" onSubmit={submit} noValidate aria-labelledby={p.labelledBy}>
      <TitlePair
        idBase={p.idBase}
        labels={['ve.proposalTitleLang', 've.proposalDescriptionLang']}
        languages={languages}
        errors={errors}
        values={[form.title, form.text]}
        onInput={(title, text) => setForm({ title, text })}
      />
      <div class="form-actions">
        <button type="submit" class="button" aria-disabled={p.action.busy || undefined}>
          {p.submitLabel}
        </button>
        {p.onCancel && (
          <button type="button" class="button button-secondary" onClick={p.onCancel}>
            {i18n.t('ve.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
