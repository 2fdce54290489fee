// Build trees from flat lists (ideas: parent_id + order; thread posts: parent_id + list order).

export interface TreeNode<T> {
  item: T;
  children: TreeNode<T>[];
}

interface Linked {
  id: string;
  parent_id: string | null;
}

/**
 * Nest `items` under their parents. Items whose parent is missing from the list become roots.
 * Siblings keep the order given by `compare` (stable: list order when equal). Cycles are broken.
 */
export function buildTree<T extends Linked>(items: readonly T[], compare?: (a: T, b: T) => number): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>();
  for (const item of items) {
    if (!nodes.has(item.id)) nodes.set(item.id, { item, children: [] });
  }
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parentId = node.item.parent_id;
    const parent = parentId != null && parentId !== node.item.id ? nodes.get(parentId) : undefined;
    if (parent && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  if (compare) {
    const sortRec = (list: TreeNode<T>[]) => {
      list.sort((a, b) => compare(a.item, b.item));
      list.forEach((n) => sortRec(n.children));
    };
    sortRec(roots);
  }
  return roots;
}

/** True when `node` is `candidate` or one of candidate's ancestors (would create a cycle). */
function isAncestor<T extends Linked>(node: TreeNode<T>, candidate: TreeNode<T>, nodes: Map<string, TreeNode<T>>): boolean {
  const seen = new Set<string>();
  let cur: TreeNode<T> | undefined = candidate;
  while (cur && !seen.has(cur.item.id)) {
    if (cur === node) return true;
    seen.add(cur.item.id);
    const pid: string | null = cur.item.parent_id;
    cur = pid != null ? nodes.get(pid) : undefined;
  }
  return false;
}

export interface Ordered extends Linked {
  order: number;
}

export function buildIdeaTree<T extends Ordered>(ideas: readonly T[]): TreeNode<T>[] {
  return buildTree(ideas, (a, b) => a.order - b.order);
}

export function findNode<T extends Linked>(roots: TreeNode<T>[], id: string): TreeNode<T> | null {
  for (const n of roots) {
    if (n.item.id === id) return n;
    const found = findNode(n.children, id);
    if (found) return found;
  }
  return null;
}

export interface FlatNode<T> {
  item: T;
  depth: number;
  /** Position among its siblings (0-based) and the number of siblings, itself included. */
  index: number;
  siblings: number;
  parent: T | null;
}

/** The tree in reading order (depth first), with each node's depth and place among its siblings. */
export function flattenTree<T>(roots: TreeNode<T>[]): FlatNode<T>[] {
  const out: FlatNode<T>[] = [];
  const walk = (nodes: TreeNode<T>[], depth: number, parent: T | null) => {
    nodes.forEach((n, index) => {
      out.push({ item: n.item, depth, index, siblings: nodes.length, parent });
      walk(n.children, depth + 1, n.item);
    });
  };
  walk(roots, 0, null);
  return out;
}

/** Ids of `id` and of every idea below it (an idea cannot move under these). */
export function subtreeIds<T extends Linked>(roots: TreeNode<T>[], id: string): Set<string> {
  const ids = new Set<string>();
  const start = findNode(roots, id);
  const walk = (n: TreeNode<T>) => {
    ids.add(n.item.id);
    n.children.forEach(walk);
  };
  if (start) walk(start);
  return ids;
}
