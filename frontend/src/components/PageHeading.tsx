import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { consumeHeadingFocus } from '../hooks';
import { useApp } from '../context';

interface Props {
  /** Plain-text title, also used for document.title. */
  title: string;
  /** False for transient headings (loading): they take the focus but leave it pending for the final one. */
  final?: boolean;
  lang?: string;
  children?: ComponentChildren;
}

/** The page's single h1. Receives the focus after a route change. */
export function PageHeading({ title, final = true, lang, children }: Props) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { i18n } = useApp();
  useEffect(() => {
    if (consumeHeadingFocus(final)) ref.current?.focus();
    // focus only when the heading mounts
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const app = i18n.t('appName');
    document.title = title && title !== app ? `${title} · ${app}` : app;
  }, [title, i18n]);
  return (
    <h1 ref={ref} tabIndex={-1} id="page-title" lang={lang}>
      {children ?? title}
    </h1>
  );
}
