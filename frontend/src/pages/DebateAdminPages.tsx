// Organiser screens, loaded on demand: "Créer un débat" (#/new) and the debate settings (#/d/{slug}/settings):
// the debate's texts and calendar, its members, closing and reopening, and the archive of a closed debate.
import '../i18n-admin';
import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError, archiveHref, MEMBER_ROLES, type Debate, type Member } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
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

function memberName(i18n: I18n, m: Member): string {
  const name = m.display_name || i18n.t('post.anonymous');
  return m.email ? `${name} (${m.email})` : name;
}

function actionError(i18n: I18n, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'last_organiser') return i18n.t('members.lastOrganiser');
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
    const members = isOrganiser(debate) ? (await api.listMembers(slug)).items : [];
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
  return <SettingsView initial={state.data.debate} members={state.data.members} />;
}

function SettingsView({ initial, members }: { initial: Debate; members: Member[] }) {
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

      <MembersSection slug={slug} initial={members} />
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

function MembersSection({ slug, initial }: { slug: string; initial: Member[] }) {
  const { api, i18n } = useApp();
  const [members, setMembers] = useState(initial);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('moderator');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  function upsert(m: Member) {
    setMembers((list) => (list.some((x) => x.user_id === m.user_id) ? list.map((x) => (x.user_id === m.user_id ? m : x)) : [...list, m]));
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
      if (member.roles.some((r) => r !== 'participant') || members.some((x) => x.user_id === member.user_id)) upsert(member);
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
      upsert(updated);
      setStatus(i18n.t('members.roleSaved', { name: memberName(i18n, updated), role: roleLabel(i18n, mainRole(updated.roles)) }));
    } catch (err) {
      setError(actionError(i18n, err));
    } finally {
      setBusy(false);
    }
  }

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
            {MEMBER_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(i18n, r)}
              </option>
            ))}
          </select>
        </div>
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={busy || undefined}>
            {i18n.t('members.invite')}
          </button>
        </div>
      </form>

      <ActionFeedback status={status} error={error} />

      <h3 id="members-list-title">{i18n.t('members.listTitle', { n: i18n.number(members.length) })}</h3>
      {members.length === 0 ? (
        <p class="empty">{i18n.t('members.none')}</p>
      ) : (
        <ul class="member-list" aria-labelledby="members-list-title">
          {members.map((m) => {
            const idBase = `member-${m.user_id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
            const name = memberName(i18n, m);
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
                <p class="meta">
                  {i18n.t('members.currentRoles', { roles: m.roles.map((r) => roleLabel(i18n, r)).join(', ') })}
                </p>
                <div class="member-role">
                  <div class="field">
                    <label for={`${idBase}-role`} class="label">
                      {i18n.t('members.role')}{' '}
                      <span class="visually-hidden">{i18n.t('members.roleOfHidden', { name })}</span>
                    </label>
                    <select
                      id={`${idBase}-role`}
                      value={choices[m.user_id] ?? mainRole(m.roles)}
                      onChange={(e) => setChoices({ ...choices, [m.user_id]: e.currentTarget.value })}
                    >
                      {MEMBER_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {roleLabel(i18n, r)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-disabled={busy || undefined}
                    onClick={() => saveRole(m)}
                  >
                    {i18n.t('members.saveRole')}{' '}
                    <span class="visually-hidden">{i18n.t('members.saveRoleOf', { name })}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

