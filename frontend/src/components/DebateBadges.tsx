import { useApp } from '../context';

interface Props {
  status: 'open' | 'closed';
  /** Absent when unknown (the public list holds public debates only). */
  visibility?: 'public' | 'private';
  /** Tell screen readers what "Privé" means (the debate's own page). */
  explainPrivate?: boolean;
}

/** A debate's badges, the same everywhere: "Privé" first (when it is), then "Ouverte" or "Terminée". Spaced by
 *  `p.badges`; a space between them keeps them apart for screen readers too. */
export function DebateBadges({ status, visibility, explainPrivate = false }: Props) {
  const { i18n } = useApp();
  return (
    <>
      {visibility === 'private' && (
        <>
          <span class="badge badge-private">
            {i18n.t('myDebates.private')}
            {explainPrivate && (
              <>
                {' '}
                <span class="visually-hidden">{i18n.t('debate.privateHint')}</span>
              </>
            )}
          </span>{' '}
        </>
      )}
      <span class={`badge badge-${status}`}>{i18n.t(status === 'closed' ? 'status.closed' : 'status.open')}</span>
    </>
  );
}
