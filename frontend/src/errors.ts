import { ApiError } from './api';
import type { I18n, MessageKey } from './i18n';

const KNOWN = new Set([
  'network_error',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'debate_closed',
  'consent_required',
  'payload_too_large',
]);

/** A sentence for the user: our own translation for well-known codes, else the server's message. */
export function errorText(i18n: I18n, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited' && error.retryAfter) {
      return i18n.t('error.rate_limited_wait', { seconds: error.retryAfter });
    }
    if (KNOWN.has(error.code)) return i18n.t(`error.${error.code}` as MessageKey);
    const fields = error.fieldMessages;
    if (error.message) return fields.length ? `${error.message} ${fields.join(' ')}` : error.message;
  }
  return i18n.t('error.generic');
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.code === 'not_found');
}
