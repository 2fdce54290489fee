import { useState } from 'preact/hooks';
import type { Debate } from '../api';
import { useApp } from '../context';
import { errorText } from '../errors';
import { ActionFeedback } from './Feedback';
import { pickText } from '../i18n';

/**
 * The debate's terms of participation, with "J'accepte" while the signed-in person has not accepted this version
 * (PUT /debates/{slug}/consent). Contributions are refused (403 consent_required) until then. Renders nothing
 * when the debate has no terms; once accepted, one line says when.
 */
export function TermsConsent({ debate, onAccepted }: { debate: Debate; onAccepted?: () => void }) {
  const { api, i18n, session } = useApp();
  const [accepted, setAccepted] = useState(debate.my_consent ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const terms = debate.terms;
  if (!terms) return null;
  const current = accepted?.terms_version === terms.version;
  const text = pickText(terms.text, i18n.lang, debate.default_language);

  async function accept() {
    if (busy || !terms) return;
    setBusy(true);
    setError(null);
    try {
      const { consent } = await api.acceptTerms(debate.slug, terms.version);
      setAccepted(consent);
      setStatus(i18n.t('terms.accepted'));
      onAccepted?.();
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="terms-title" class="terms">
      <h2 id="terms-title">{i18n.t('terms.title')}</h2>
      {text.text && (
        <p class="terms-text" lang={text.lang !== i18n.lang ? text.lang : undefined}>
          {text.text}
        </p>
      )}
      {terms.url && (
        <p>
          <a href={terms.url} rel="noopener noreferrer">
            {i18n.t('terms.read', { version: terms.version })}
          </a>
        </p>
      )}
      {session && current && accepted && (
        <p class="meta">{i18n.t('terms.acceptedOn', { version: terms.version, date: i18n.date(accepted.accepted_at) })}</p>
      )}
      {session && !current && (
        <>
          <p>{i18n.t('terms.needed', { version: terms.version })}</p>
          <button type="button" class="button" aria-disabled={busy || undefined} onClick={accept}>
            {i18n.t('terms.accept')}
          </button>
        </>
      )}
      <ActionFeedback status={status} error={error} />
    </section>
  );
}
