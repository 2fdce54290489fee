import type { Debate, Idea } from '../api';
import { useApp } from '../context';
import { pickText } from '../i18n';

/** An <option> of an idea picker: indented by its depth in the tree, in the title's own language. */
export function IdeaOption({ idea, depth, debate }: { idea: Idea; depth: number; debate: Pick<Debate, 'default_language'> }) {
  const { i18n } = useApp();
  const title = pickText(idea.title, i18n.lang, debate.default_language);
  return (
    <option value={idea.id} lang={title.lang !== i18n.lang ? title.lang : undefined}>
      {'\u00a0\u00a0\u00a0'.repeat(depth)}
      {title.text}
    </option>
  );
}
