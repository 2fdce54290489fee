// Organiser screens, loaded on demand: "Créer un débat" (#/new) and the debate settings (#/d/{slug}/settings):
// the debate's texts and calendar, its members, closing and reopening, and the archive of a closed debate.
import '../i18n-admin';
import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError, archiveHref, MEMBER_ROLES, type Debate, type Member } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { Modal } from '../components/Modal';
import { DebateForm } from '../components/DebateForm';
import { ActionFeedback, ErrorPage, LoadingPage, NotFoundPage, SignInPrompt } from '../components/Feedback';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import { debatePatch, emptyValues, isEmail, valuesFromDebate } from '../debateForm';
import { errorText, isNotFound } from '../errors';
import { requestHeadingFocus, useAsync } from '../hooks';
import { pickText, type I18n } from '../i18n';
import { isOrganiser, isPlatformOrganiser, roleLabel } from '../roles';
import { href } from '../router';

function Notice({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <>
      <PageHeading title={title} />
      <p class="notice">{children}</p>
    </>
  );
}

/** Highest role first: organiser, moderator, harvester, participant. */
export function mainRole(roles: readonly string[]): string {
  for (const r of [...MEMBER_ROLES].reverse()) if (roles.includes(r)) return r;
  return 'participant';
}

function roleOptions(i18n: I18n) {
  return MEMBER_ROLES.map((r) => (
    <option key={r} value={r}>
      {roleLabel(i18n, r)}
    </option>
  ));
}

function memberName(i18n: I18n, m: Member): string {
  const name = m.display_name || i18n.t('post.anonymous');
  return m.email ? `${name} (${m.email})` : name;
}

function actionError(i18n: I18n, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'last_organiser') return i18n.t('members.lastOrganiser');
    if (err.code === 'account_being_deleted') return i18n.t('members.accountBeingDeleted');
    if (err.code === 'debate_open') return i18n.t('settings.archiveNeedsClosed');
    if (err.code === 'archive_would_publish') return i18n.t('settings.archiveWouldPublish');
    if (err.code === 'validation_failed' && err.fieldErrors.some((f) => f.field === 'email')) return i18n.t('form.inviteEmailInvalid');
  }
  return errorText(i18n, err);
}

// ------------------------------------------------------------------------------------------------------------
// #/new

interface InviteOutcome {
  email: string;
  role: string;
  error: string | null;
}

export function NewDebatePage() {
  const { api, i18n, session } = useApp();
  const [created, setCreated] = useState<{ debate: Debate; invites: InviteOutcome[] } | null>(null);
  const title = i18n.t('newDebate.title');

  if (!session) {
    return (
      <Notice title={title}>
        <SignInPrompt message="newDebate.signIn" />
      </Notice>
    );
  }
  // platform_roles unknown (older stored session): let the server decide
  if (session.user?.platform_roles && !isPlatformOrganiser(session.user)) {
    return <Notice title={title}>{i18n.t('newDebate.notAllowed')}</Notice>;
  }
  if (created) return <Created debate={created.debate} invites={created.invites} />;

  return (
    <>
      <Breadcrumb items={[{ label: title }]} />
      <PageHeading title={title} />
      <DebateForm
        mode="create"
        formId="new-debate"
        initial={emptyValues(i18n.lang)}
        submitLabel={i18n.t('newDebate.submit')}
        withInvites
        onSubmit={async (input, invites) => {
          const debate = await api.createDebate(input);
          const outcomes: InviteOutcome[] = [];
          for (const invite of invites) {
            try {
              await api.inviteMember(debate.slug, invite.email, [invite.role]);
              outcomes.push({ email: invite.email, role: invite.role, error: null });
            } catch (err) {
              outcomes.push({ email: invite.email, role: invite.role, error: actionError(i18n, err) });
            }
          }
          requestHeadingFocus();
          setCreated({ debate, invites: outcomes });
        }}
      />
    </>
  );
}

function Created({ debate, invites }: { debate: Debate; invites: InviteOutcome[] }) {
  const { i18n } = useApp();
  const title = pickText(debate.title, i18n.lang, debate.default_language);
  const failed = invites.filter((x) => x.error);
  return (
    <>
      <Breadcrumb items={[{ label: i18n.t('newDebate.title') }]} />
      <PageHeading title={i18n.t('newDebate.created')} />
      <div class="status-message">
        <p class="success">{i18n.t('newDebate.createdText', { title: title.text })}</p>
      </div>
      {invites.length > 0 && (
        <section aria-labelledby="created-invites">
          <h2 id="created-invites">{i18n.t('newDebate.invitesResult')}</h2>
          <ul>
            {invites.map((x, k) => (
              <li key={k}>
                {i18n.t('newDebate.inviteLine', { email: x.email, role: roleLabel(i18n, x.role) })}
                {x.error ? <strong class="field-error">{i18n.t('newDebate.inviteFailed', { error: x.error })}</strong> : i18n.t('newDebate.inviteDone')}
              </li>
            ))}
          </ul>
          {failed.length > 0 && <p class="notice">{i18n.t('newDebate.retryInvites')}</p>}
        </section>
      )}
      <ul class="link-list">
        <li>
          <a href={href.debate(debate.slug)}>{i18n.t('newDebate.view')}</a>
        </li>
        <li>
          <a href={href.settings(debate.slug)}>{i18n.t('debate.settingsLink')}</a>
        </li>
      </ul>
    </>
  );
}

// ------------------------------------------------------------------------------------------------------------
// #/d/{slug}/settings

export function DebateSettingsPage({ slug }: { slug: string }) {
  const { api, i18n, session } = useApp();
  const [state, retry] = useAsync(async () => {
    if (!session) return null;
    const debate = await api.getDebate(slug);
    if (!isOrganiser(debate)) return { debate, members: null };
    const [staff, invited] = await Promise.all([api.listMembers(slug), api.listMembers(slug, 'invited')]);
    const members = {
      staff: { items: staff.items, next: staff.next_cursor ?? null },
      invited: { items: invited.items, next: invited.next_cursor ?? null },
    };
    return { debate, members };
  }, [slug]);
  const title = i18n.t('settings.title');
  if (!session) {
    return (
      <Notice title={title}>
        <SignInPrompt message="error.unauthorized" />
      </Notice>
    );
  }
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    return isNotFound(state.error) ? <NotFoundPage /> : <ErrorPage error={state.error} onRetry={retry} />;
  }
  if (!state.data) return <LoadingPage />;
  if (!isOrganiser(state.data.debate)) return <Notice title={title}>{i18n.t('settings.notAllowed')}</Notice>;
  if (!state.data.members) return <LoadingPage />;
  return <SettingsView initial={state.data.debate} members={state.data.members} />;
}

function SettingsView({ initial, members }: { initial: Debate; members: Record<Group, MemberList> }) {
  const { api, i18n } = useApp();
  const [debate, setDebate] = useState(initial);
  const slug = debate.slug;
  const keys = useRef(1);
  const nextKey = () => keys.current++;
  const [formValues] = useState(() => valuesFromDebate(initial, nextKey));
  const debateTitle = pickText(debate.title, i18n.lang, debate.default_language);
  const other = (l: string) => (l !== i18n.lang ? l : undefined);

  return (
    <>
      <Breadcrumb
        items={[
          { label: debateTitle.text, href: href.debate(slug), lang: other(debateTitle.lang) },
          { label: i18n.t('settings.title') },
        ]}
      />
      <PageHeading title={i18n.t('settings.title')} />
      <ul class="link-list">
        <li>
          <a href={href.debate(slug)} lang={other(debateTitle.lang)}>
            {debateTitle.text}
          </a>
        </li>
        <li>
          <a href={href.moderation(slug)}>{i18n.t('debate.moderationLink')}</a>
        </li>
        <li>
          <a href={href.audit(slug)}>{i18n.t('debate.auditLink')}</a>
        </li>
        <li>
          <a href={href.voteSessions(slug)}>{i18n.t('debate.votesLink')}</a>
        </li>
      </ul>

      <StatusSection debate={debate} onChange={setDebate} />

      <section aria-labelledby="settings-form-title">
        <h2 id="settings-form-title">{i18n.t('settings.formTitle')}</h2>
        <DebateForm
          mode="edit"
          formId="debate-settings"
          initial={formValues}
          submitLabel={i18n.t('settings.save')}
          onSubmit={async (input) => {
            const patch = debatePatch(debate, input);
            if (Object.keys(patch).length === 0) return { message: i18n.t('settings.nothingToSave') };
            const updated = await api.updateDebate(slug, patch);
            setDebate(updated);
            return { message: i18n.t('settings.saved'), values: valuesFromDebate(updated, nextKey) };
          }}
        />
      </section>

      <MembersSection debate={debate} initial={members} />
    </>
  );
}

function StatusSection({ debate, onChange }: { debate: Debate; onChange(d: Debate): void }) {
  const { api, i18n } = useApp();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [archiveUrl, setArchiveUrl] = useState<string | null>(debate.archive_url ? archiveHref(debate) : null);
  // a private debate's archive is public: the organiser says they know
  const [publishPrivate, setPublishPrivate] = useState(false);
  const open = debate.status === 'open';
  const isPrivate = debate.visibility === 'private';

  async function toggle() {
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const updated = await api.updateDebate(debate.slug, { status: open ? 'closed' : 'open' });
      onChange(updated);
      setArchiveUrl(null);
      setStatus(i18n.t(updated.status === 'closed' ? 'settings.closedDone' : 'settings.openedDone'));
    } catch (err) {
      setError(actionError(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  async function archive() {
    if (busy) return;
    if (isPrivate && !publishPrivate) {
      // the server would refuse it too (409 archive_would_publish): say why without asking it
      setStatus('');
      setError(i18n.t('settings.archiveWouldPublish'));
      document.getElementById('archive-publish')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setStatus(i18n.t('settings.archiving'));
    try {
      const { url } = await api.archiveDebate(debate.slug, isPrivate && publishPrivate);
      setArchiveUrl(archiveHref(debate, url));
      setStatus(i18n.t('settings.archived'));
    } catch (err) {
      setStatus('');
      setError(actionError(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">{i18n.t('settings.statusTitle')}</h2>
      <p>
        <span class={`badge badge-${debate.status}`}>{i18n.t(open ? 'status.open' : 'status.closed')}</span>{' '}
        {i18n.t(open ? 'settings.isOpen' : 'settings.isClosed')}
      </p>
      <p>
        <button type="button" class="button button-secondary" aria-disabled={busy || undefined} onClick={toggle}>
          {i18n.t(open ? 'settings.close' : 'settings.reopen')}
        </button>
      </p>
      {!open && (
        <>
          <h3>{i18n.t('settings.archiveTitle')}</h3>
          <p id="archive-hint" class="hint">
            {i18n.t('settings.archiveHint')}
          </p>
          {isPrivate && (
            <div class="checkbox">
              <input
                type="checkbox"
                id="archive-publish"
                checked={publishPrivate}
                onChange={(e) => setPublishPrivate(e.currentTarget.checked)}
              />
              <label for="archive-publish">{i18n.t('settings.archivePublishPrivate')}</label>
            </div>
          )}
          <p>
            <button type="button" class="button" aria-describedby="archive-hint" aria-disabled={busy || undefined} onClick={archive}>
              {i18n.t('settings.archive')}
            </button>
          </p>
        </>
      )}
      <div role="status" class="status-message">
        {status && <p class="success">{status}</p>}
      </div>
      {archiveUrl && (
        <p>
          <a href={archiveUrl}>{i18n.t('settings.openArchive')}</a>
        </p>
      )}
      {error && (
        <p role="alert" class="alert">
          {error}
        </p>
      )}
    </section>
  );
}

interface MemberList {
  items: Member[];
  next: string | null;
}

type Group = 'staff' | 'invited';

/** Staff: any role beyond participant; invited: a participant an organiser named; nobody: a place taken away. */
function groupOf(m: Pick<Member, 'roles'>): Group | null {
  if (m.roles.length === 0) return null;
  return m.roles.some((r) => r !== 'participant') ? 'staff' : 'invited';
}

function MembersSection({ debate, initial }: { debate: Debate; initial: Record<Group, MemberList> }) {
  const { api, i18n, session } = useApp();
  const slug = debate.slug;
  const [lists, setLists] = useState(initial);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('participant'); // the least power by default
  const [emailError, setEmailError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ member: Member; opener: HTMLElement | null } | null>(null);

  /** Puts a member in the list their roles say (staff, invited, or none), where it was if it stays in it. */
  function place(m: Member) {
    const to = groupOf(m);
    setLists((all) => {
      const next = { ...all };
      for (const g of ['staff', 'invited'] as Group[]) {
        const here = all[g].items.some((x) => x.user_id === m.user_id);
        if (g === to) {
          next[g] = { ...all[g], items: here ? all[g].items.map((x) => (x.user_id === m.user_id ? m : x)) : [...all[g].items, m] };
        } else if (here) {
          next[g] = { ...all[g], items: all[g].items.filter((x) => x.user_id !== m.user_id) };
        }
      }
      return next;
    });
  }

  async function showMore(group: Group) {
    if (busy || !lists[group].next) return;
    setBusy(true);
    setError(null);
    try {
      const page = await api.listMembers(slug, group, lists[group].next);
      setLists((all) => {
        const known = new Set(all[group].items.map((x) => x.user_id));
        return { ...all, [group]: { items: [...all[group].items, ...page.items.filter((x) => !known.has(x.user_id))], next: page.next_cursor ?? null } };
      });
      setStatus(i18n.t('members.loadedMore', { count: i18n.number(page.items.length) }));
    } catch (err) {
      setError(actionError(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  async function invite(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setStatus('');
    setError(null);
    if (!isEmail(email)) {
      setEmailError(i18n.t('form.inviteEmailInvalid'));
      document.getElementById('invite-email')?.focus();
      return;
    }
    setEmailError(null);
    setBusy(true);
    try {
      const member = await api.inviteMember(slug, email.trim(), [role]);
      place(member);
      setStatus(i18n.t('members.invited', { email: email.trim(), role: roleLabel(i18n, mainRole(member.roles)) }));
      setEmail('');
    } catch (err) {
      const text = actionError(i18n, err);
      if (err instanceof ApiError && err.status === 422) {
        setEmailError(text);
        document.getElementById('invite-email')?.focus();
      } else setError(text);
    } finally {
      setBusy(false);
    }
  }

  async function saveRole(m: Member) {
    if (busy) return;
    const wanted = choices[m.user_id] ?? mainRole(m.roles);
    setBusy(true);
    setStatus('');
    setError(null);
    try {
      const updated = await api.setMemberRoles(slug, m.user_id, [wanted]);
      place(updated);
      setStatus(i18n.t('members.roleSaved', { name: memberName(i18n, updated), role: roleLabel(i18n, mainRole(updated.roles)) }));
    } catch (err) {
      setError(actionError(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(e: TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy || !removing) return;
    const m = removing.member;
    setBusy(true);
    setStatus('');
    setError(null);
    try {
      await api.removeMember(slug, m.user_id);
      setRemoving(null);
      place({ ...m, roles: [] });
      setStatus(i18n.t('members.removed', { name: memberName(i18n, m) }));
    } catch (err) {
      setRemoving(null);
      setError(actionError(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  function memberCard(m: Member) {
    const idBase = `member-${m.user_id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const name = memberName(i18n, m);
    const me = session?.user?.id === m.user_id;
    return (
      <li key={m.user_id} class="card member">
        <p class="member-name">
          <strong>{m.display_name || i18n.t('post.anonymous')}</strong>
          {m.email && (
            <>
              {' '}
              <span class="meta">{m.email}</span>
            </>
          )}
        </p>
        <p class="meta">{i18n.t('members.currentRoles', { roles: m.roles.map((r) => roleLabel(i18n, r)).join(', ') })}</p>
        <div class="member-role">
          <div class="field">
            <label for={`${idBase}-role`} class="label">
              {i18n.t('members.role')} <span class="visually-hidden">{i18n.t('members.roleOfHidden', { name })}</span>
            </label>
            <select
              id={`${idBase}-role`}
              value={choices[m.user_id] ?? mainRole(m.roles)}
              onChange={(e) => setChoices({ ...choices, [m.user_id]: e.currentTarget.value })}
            >
              {roleOptions(i18n)}
            </select>
          </div>
          <button type="button" class="button button-secondary button-small" aria-disabled={busy || undefined} onClick={() => saveRole(m)}>
            {i18n.t('members.saveRole')} <span class="visually-hidden">{i18n.t('members.saveRoleOf', { name })}</span>
          </button>
          {!me && (
            <button
              type="button"
              class="button button-secondary button-small"
              aria-disabled={busy || undefined}
              onClick={(e) => {
                if (!busy) setRemoving({ member: m, opener: e.currentTarget });
              }}
            >
              {i18n.t('members.remove')} <span class="visually-hidden">{i18n.t('members.removeOf', { name })}</span>
            </button>
          )}
        </div>
      </li>
    );
  }

  function list(group: Group, titleKey: 'members.listTitle' | 'members.invitedTitle', noneKey: 'members.none' | 'members.invitedNone') {
    const { items, next } = lists[group];
    const titleId = `members-${group}-title`;
    const n = i18n.number(items.length);
    return (
      <>
        <h3 id={titleId} tabIndex={-1}>
          {i18n.t(titleKey, { n: next ? i18n.t('members.countMore', { n }) : n })}
        </h3>
        {items.length === 0 ? (
          <p class="empty">{i18n.t(noneKey)}</p>
        ) : (
          <ul class="member-list" aria-labelledby={titleId}>
            {items.map(memberCard)}
          </ul>
        )}
        {next && (
          <button type="button" class="button button-secondary" aria-disabled={busy || undefined} onClick={() => showMore(group)}>
            {i18n.t('members.more')} <span class="visually-hidden">{i18n.t(titleKey, { n })}</span>
          </button>
        )}
      </>
    );
  }

  const removingGroup = removing ? groupOf(removing.member) : null;
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{i18n.t('members.title')}</h2>
      <p class="hint">{i18n.t('members.hint')}</p>

      <form class="invite-form" onSubmit={invite} noValidate aria-labelledby="invite-title">
        <h3 id="invite-title">{i18n.t('members.inviteTitle')}</h3>
        <p id="invite-hint" class="hint">
          {i18n.t('members.inviteHint')}
        </p>
        <div class="field">
          <label for="invite-email" class="label">
            {i18n.t('members.email')}
          </label>
          <input
            type="email"
            id="invite-email"
            autocomplete="off"
            value={email}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? 'invite-hint invite-email-error' : 'invite-hint'}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          {emailError && (
            <p id="invite-email-error" class="field-error">
              {emailError}
            </p>
          )}
        </div>
        <div class="field">
          <label for="invite-role" class="label">
            {i18n.t('members.role')}
          </label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            {roleOptions(i18n)}
          </select>
        </div>
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={busy || undefined}>
            {i18n.t('members.invite')}
          </button>
        </div>
      </form>

      <ActionFeedback status={status} error={error} />

      {list('staff', 'members.listTitle', 'members.none')}
      {list('invited', 'members.invitedTitle', 'members.invitedNone')}

      {removing && (
        <Modal
          labelledBy="remove-member-title"
          describedBy="remove-member-text"
          returnFocus={removing.opener}
          fallbackFocus={() => document.getElementById(`members-${removingGroup ?? 'staff'}-title`)}
          onClose={() => setRemoving(null)}
        >
          <form onSubmit={remove} noValidate>
            <h2 id="remove-member-title">{i18n.t('members.removeTitle', { name: memberName(i18n, removing.member) })}</h2>
            <p id="remove-member-text">{i18n.t(debate.visibility === 'private' ? 'members.removePrivate' : 'members.removePublic')}</p>
            <div class="form-actions">
              <button type="submit" class="button button-danger" aria-disabled={busy || undefined} data-autofocus>
                {i18n.t('members.removeConfirm')}
              </button>
              <button type="button" class="button button-secondary" onClick={() => setRemoving(null)}>
                {i18n.t('common.cancel')}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
