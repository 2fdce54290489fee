// Voting modules of a session: the list with a summary of each, add, edit, remove; the per-proposal settings of
// each module (OverridesEditor).
import { useState } from 'preact/hooks';
import type { Debate } from '../../api';
import { useApp } from '../../context';
import { pickText, type I18n } from '../../i18n';
import { voteAdminApi, type VoteModule, type VoteSession } from '../../votes';
import { cssId, useAction } from './Fields';
import { ModuleFormView } from './ModuleForm';
import { OverridesEditor } from './OverridesEditor';

interface Props {
  debate: Debate;
  session: VoteSession;
  reload(): Promise<void>;
}

export function moduleSummary(i18n: I18n, m: VoteModule, dl: string): string {
  const t = (map: Record<string, string>) => pickText(map, i18n.lang, dl).text;
  if (m.kind === 'tokens') {
    const categories = m.categories
      .map((c) => i18n.t('ve.moduleSummary.category', { name: t(c.name), budget: i18n.number(c.budget), max: i18n.number(c.max_per_proposal) }))
      .join(' ; ');
    const text = i18n.t('ve.moduleSummary.tokens', { categories });
    return m.exclusive && m.categories.length > 1 ? `${text} (${i18n.t('ve.moduleSummary.exclusive')})` : text;
  }
  if (m.kind === 'gauge') {
    if (m.choices) {
      return i18n.t('ve.moduleSummary.choices', { choices: m.choices.map((c) => `${i18n.number(c.value)} = ${t(c.label)}`).join(', ') });
    }
    if (m.range) {
      const r = m.range;
      return i18n.t('ve.moduleSummary.range', { min: i18n.number(r.minimum), max: i18n.number(r.maximum), step: i18n.number(r.step), unit: t(r.unit) }).trim();
    }
  }
  return i18n.t('ve.moduleSummary.binary');
}

export function ModulesEditor({ debate, session, reload }: Props) {
  const { api, i18n } = useApp();
  const vapi = voteAdminApi(api);
  const action = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const [added, setAdded] = useState(0);
  const dl = debate.default_language;
  const slug = debate.slug;
  const titleOf = (m: { title: Record<string, string> }) => pickText(m.title, i18n.lang, dl).text;
  const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  async function remove(m: VoteModule) {
    if (!window.confirm(i18n.t('ve.confirmRemove', { title: titleOf(m) }))) return;
    await action.run(async () => {
      await vapi.deleteModule(slug, session.id, m.id);
      await reload();
      focusLater('ve-modules-title');
      return i18n.t('ve.moduleRemoved', { title: titleOf(m) });
    });
  }

  return (
    <section aria-labelledby="ve-modules-title">
      <h2 id="ve-modules-title" tabIndex={-1}>
        {i18n.t('ve.modules')}
      </h2>
      <p class="hint">{i18n.t('ve.modulesHint')}</p>
      {session.modules.length === 0 ? (
        <p class="empty">{i18n.t('ve.noModules')}</p>
      ) : (
        <ul class="ve-list">
          {session.modules.map((m) => {
            const title = titleOf(m);
            const base = `vm-${cssId(m.id)}`;
            return (
              <li key={m.id} class="card ve-item">
                <h3 class="ve-item-title">{title}</h3>
                {editing === m.id ? (
                  <ModuleFormView
                    debate={debate}
                    idBase={base}
                    module={m}
                    action={action}
                    submitLabel={i18n.t('ve.saveModule')}
                    onCancel={() => {
                      setEditing(null);
                      focusLater(`${base}-edit`);
                    }}
                    onSubmit={async (input) => {
                      try {
                        await vapi.replaceModule(slug, session.id, m.id, input);
                      } catch (err) {
                        await reload().catch(() => undefined); // concurrent_change: show what the other organiser saved
                        throw err;
                      }
                      await reload();
                      setEditing(null);
                      focusLater(`${base}-edit`);
                      return i18n.t('ve.moduleSaved', { title: titleOf(input) });
                    }}
                  />
                ) : (
                  <>
                    <p>{moduleSummary(i18n, m, dl)}</p>
                    <div class="ve-item-actions">
                      <button type="button" id={`${base}-edit`} class="button button-secondary button-small" onClick={() => setEditing(m.id)}>
                        <span aria-hidden="true">{i18n.t('ve.edit')}</span>
                        <span class="visually-hidden">{i18n.t('ve.editModule', { title })}</span>
                      </button>
                      <button type="button" class="button button-secondary button-small" aria-disabled={action.busy || undefined} onClick={() => remove(m)}>
                        <span aria-hidden="true">{i18n.t('ve.remove')}</span>
                        <span class="visually-hidden">{i18n.t('ve.removeOf', { title })}</span>
                      </button>
                    </div>
                    <OverridesEditor debate={debate} session={session} module={m} reload={reload} />
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {action.feedback}
      <h3 id="vm-new-heading">{i18n.t('ve.addModule')}</h3>
      <ModuleFormView
        key={added}
        debate={debate}
        idBase="vm-new"
        module={null}
        action={action}
        submitLabel={i18n.t('ve.createModule')}
        onSubmit={async (input) => {
          await vapi.addModule(slug, session.id, input);
          await reload();
          setAdded((n) => n + 1);
          focusLater('vm-new-heading');
          return i18n.t('ve.moduleAdded', { title: titleOf(input) });
        }}
      />
    </section>
  );
}
