import type { Idea } from '../api';
import { useApp } from '../context';
import { pickText } from '../i18n';
import { href } from '../router';
import type { TreeNode } from '../tree';

interface Props {
  nodes: TreeNode<Idea>[];
  slug: string;
  defaultLanguage?: string;
}

/** Table of ideas as nested lists, each idea linking to its page. */
export function IdeaTree({ nodes, slug, defaultLanguage }: Props) {
  const { i18n } = useApp();
  if (nodes.length === 0) return null;
  return (
    <ul class="idea-tree">
      {nodes.map((n) => {
        const title = pickText(n.item.title, i18n.lang, defaultLanguage);
        return (
          <li key={n.item.id}>
            <a href={href.idea(slug, n.item.id)} lang={title.lang !== i18n.lang ? title.lang : undefined}>
              {title.text}
            </a>{' '}
            <span class="meta">({i18n.tn('posts', n.item.counts?.posts ?? 0)})</span>
            <IdeaTree nodes={n.children} slug={slug} defaultLanguage={defaultLanguage} />
          </li>
        );
      })}
    </ul>
  );
}
