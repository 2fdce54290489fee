import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { errorText } from '../errors';
import { SignInPrompt } from './Feedback';

/** "Suivre ce débat" / "Ne plus suivre": email on each published synthesis (GET/PUT/DELETE …/follow). */
export function FollowToggle({ slug }: { slug: string }) {
  const { api, i18n, session } = useApp();
  const [following, setFollowing] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!session) return;
    let alive = true;
    api.getFollow(slug).then(
      (r) => alive && setFollowing(!!r.following),
      (err: unknown) => alive && setError(errorText(i18n, err)),
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slug, session?.token]);

  if (!session) {
    return (
      <p class="follow">
        <SignInPrompt message="follow.signIn" />
      </p>
    );
  }

  async function toggle() {
    if (busy || following === null) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.setFollow(slug, !following);
      setFollowing(!!r.following);
      setStatus(i18n.t(r.following ? 'follow.on' : 'follow.off'));
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="follow">
      {following !== null && (
        <>
          <button type="button" class="button button-secondary" onClick={toggle} aria-disabled={busy || undefined} aria-describedby="follow-hint">
            {i18n.t(following ? 'follow.unfollow' : 'follow.follow')}
          </button>{' '}
          <span id="follow-hint" class="hint">
            {i18n.t('follow.hint')}
          </span>
        </>
      )}
      <p role="status" class="status-message">
        {status}
      </p>
      {error && (
        <p role="alert" class="alert alert-inline">
          {error}
        </p>
      )}
    </div>
  );
}
