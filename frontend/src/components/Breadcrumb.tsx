import { useApp } from '../context';
import { href } from '../router';

export interface Crumb {
  label: string;
  href?: string;
  lang?: string;
}

/** Breadcrumb trail; the last crumb is the current page. */
export function Breadcrumb({ items }: { items: Crumb[] }) {
  const { i18n } = useApp();
  const all: Crumb[] = [{ label: i18n.t('home'), href: href.home() }, ...items];
  return (
    <nav aria-label={i18n.t('breadcrumb')} class="breadcrumb">
      <ol>
        {all.map((c, i) =>
          i === all.length - 1 ? (
            <li key={i}>
              <span aria-current="page" lang={c.lang}>
                {c.label}
              </span>
            </li>
          ) : (
            <li key={i}>
              <a href={c.href} lang={c.lang}>
                {c.label}
              </a>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
