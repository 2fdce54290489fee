import { useEffect, useState } from 'preact/hooks';

export interface LazyState<M> {
  mod: M | null;
  error: unknown;
  retry(): void;
}

/**
 * Loads a module on demand (code splitting) once `enabled` is true. Staff-only screens use this so that the
 * first bundle stays small for readers.
 */
export function useLazyModule<M>(load: () => Promise<M>, enabled = true): LazyState<M> {
  const [mod, setMod] = useState<M | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled || mod) return;
    let alive = true;
    setError(null);
    load().then(
      (m) => alive && setMod(m),
      (err: unknown) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, attempt]);
  return { mod, error, retry: () => setAttempt((a) => a + 1) };
}
