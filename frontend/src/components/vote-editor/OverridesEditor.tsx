// How one module applies to each proposal (PUT/DELETE …/modules/{m}/overrides/{p}): switched on or off, and for
// token modules another maximum per category. Folded in a <details> under the module.
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Debate } from '../../api';
import { useApp } from '../../context';
import { pickText } from '../../i18n';
import { overrideForm, overrideInput, type Errors, type OverrideForm } from '../../voteEditor';
import { voteAdminApi, type Proposal, type VoteModule, type VoteSession } from '../../votes';
import { cssId, Field, useAction } from './Fields';
import { sortedProposals } from './ProposalsEditor';

interface Props {
  debate: Debate;
  session: VoteSession;
  module: VoteModule;
  reload(): Promise<void>;
}

export function OverridesEditor({ debate, session, module: m, reload }: Props) {
  const { i18n } = useApp();
  const action = useAction();
  const proposals = sortedProposals(session);
  return (
    <details class="ve-overrides">
      <summary>{i18n.t('ve.overrides')}</summary>
      <p class="hint">{i18n.t('ve.overridesHint')}</p>
      {proposals.length === 0 ? (
        <p class="empty">{i18n.t('ve.needProposals')}</p>
      ) : (
        proposals.map((p) => (
          <OverrideRow key={`${p.id}-${JSON.stringify(m.overrides?.[p.id] ?? null)}`} debate={debate} session={session} module={m} proposal={p}
            action={action} reload={reload} />
        ))
      )}
      {action.feedback}
    </details>
  );
}

function OverrideRow({ debate, session, module: m, proposal: p, action, reload }: Props & { proposal: Proposal; action: ReturnType<typeof useAction> }) {
  const { api, i18n } = useApp();
  const existing = m.overrides?.[p.id];
  const [form, setForm] = useState<OverrideForm>(() => overrideForm(existing));
  const [errors, setErrors] = useState<Errors>({});
  const dl = debate.default_language;
  const proposal = pickText(p.title, i18n.lang, dl).text;
  const module = pickText(m.title, i18n.lang, dl).text;
  const base = `vo-${cssId(m.id)}-${cssId(p.id)}`;
  const vapi = voteAdminApi(api);

  async function submit(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    const { errors: errs, input } = overrideInput(form, m, i18n, existing);
    setErrors(errs);
    if (!input) {
      action.say(i18n.t('ve.hasErrors', { n: Object.keys(errs).length }), true);
      return;
    }
    await action.run(async () => {
      await vapi.putOverride(debate.slug, session.id, m.id, p.id, input);
      await reload();
      return i18n.t('ve.overrideSaved', { module, proposal });
    });
  }

  async function reset() {
    await action.run(async () => {
      await vapi.deleteOverride(debate.slug, session.id, m.id, p.id);
      await reload();
      return i18n.t('ve.overrideReset', { module, proposal });
    });
  }

  return (
    <form class="ve-override" onSubmit={submit} noValidate>
      <fieldset>
        <legend>
          {proposal} {existing && <span class="hint">{i18n.t('ve.overridden')}</span>}
        </legend>
        <div class="checkbox">
          <input type="checkbox" id={`${base}-on`} checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })} />
          <label for={`${base}-on`}>{i18n.t('ve.appliesTo', { module, proposal })}</label>
        </div>
        {m.kind === 'tokens' &&
          form.enabled &&
          m.categories.map((c) => (
            <Field key={c.id} id={`${base}-${cssId(c.id)}`} class="ve-short" inputMode="numeric"
              label={i18n.t('ve.overrideMaxOf', { category: pickText(c.name, i18n.lang, dl).text, proposal })}
              hint={i18n.t('ve.overrideMaxHint', { max: i18n.number(c.max_per_proposal) })}
              value={form.max[c.id] ?? ''} error={errors[`max.${c.id}`]}
              onInput={(v) => setForm({ ...form, max: { ...form.max, [c.id]: v } })} />
          ))}
        <div class="form-actions">
          <button type="submit" class="button button-secondary button-small" aria-disabled={action.busy || undefined}>
            {i18n.t('ve.saveOverride', { proposal })}
          </button>
          {existing && (
            <button type="button" class="button button-secondary button-small" aria-disabled={action.busy || undefined} onClick={reset}>
              {i18n.t('ve.resetOverride', { proposal })}
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
