import { describe, expect, it } from 'vitest';
import { buildIdeaTree, buildTree, findNode, flattenTree, subtreeIds, type TreeNode } from '../src/tree';

interface I {
  id: string;
  parent_id: string | null;
  order: number;
}

const shape = (nodes: TreeNode<I>[]): unknown[] =>
  nodes.map((n) => (n.children.length ? { [n.item.id]: shape(n.children) } : n.item.id));

describe('buildIdeaTree', () => {
  it('nests ideas under their parent and sorts siblings by order', () => {
    const flat: I[] = [
      { id: 'b', parent_id: null, order: 2 },
      { id: 'a2', parent_id: 'a', order: 1 },
      { id: 'a', parent_id: null, order: 1 },
      { id: 'a1', parent_id: 'a', order: 0 },
      { id: 'a1x', parent_id: 'a1', order: 0 },
      { id: 'c', parent_id: null, order: 0 },
    ];
    expect(shape(buildIdeaTree(flat))).toEqual(['c', { a: [{ a1: ['a1x'] }, 'a2'] }, 'b']);
  });

  it('keeps ideas whose parent is missing as roots', () => {
    const flat: I[] = [
      { id: 'x', parent_id: 'gone', order: 1 },
      { id: 'y', parent_id: null, order: 0 },
    ];
    expect(shape(buildIdeaTree(flat))).toEqual(['y', 'x']);
  });

  it('does not loop forever on a cycle or a self-parent', () => {
    const flat: I[] = [
      { id: 'p', parent_id: 'q', order: 0 },
      { id: 'q', parent_id: 'p', order: 1 },
      { id: 's', parent_id: 's', order: 2 },
    ];
    const tree = buildIdeaTree(flat);
    const count = (ns: TreeNode<I>[]): number => ns.reduce((n, x) => n + 1 + count(x.children), 0);
    expect(count(tree)).toBe(3);
    expect(tree.map((n) => n.item.id)).toContain('s');
  });

  it('returns an empty list for no ideas', () => {
    expect(buildIdeaTree([])).toEqual([]);
  });

  it('finds a node anywhere in the tree', () => {
    const tree = buildIdeaTree<I>([
      { id: 'a', parent_id: null, order: 0 },
      { id: 'b', parent_id: 'a', order: 0 },
    ]);
    expect(findNode(tree, 'b')?.item.id).toBe('b');
    expect(findNode(tree, 'zz')).toBeNull();
  });
});

describe('buildTree (thread posts)', () => {
  it('keeps list order among siblings when no comparator is given', () => {
    const posts = [
      { id: 'root', parent_id: null },
      { id: 'r1', parent_id: 'root' },
      { id: 'r1a', parent_id: 'r1' },
      { id: 'r2', parent_id: 'root' },
    ];
    const [root] = buildTree(posts);
    expect(root.item.id).toBe('root');
    expect(root.children.map((c) => c.item.id)).toEqual(['r1', 'r2']);
    expect(root.children[0].children.map((c) => c.item.id)).toEqual(['r1a']);
  });
});

describe('flattenTree / subtreeIds (idea pickers and moves)', () => {
  const ideas = [
    { id: 'a', parent_id: null, order: 2 },
    { id: 'b', parent_id: null, order: 1 },
    { id: 'a1', parent_id: 'a', order: 1 },
    { id: 'a1x', parent_id: 'a1', order: 1 },
    { id: 'a2', parent_id: 'a', order: 2 },
  ];

  it('lists ideas in reading order with depth and place among siblings', () => {
    const flat = flattenTree(buildIdeaTree(ideas));
    expect(flat.map((n) => [n.item.id, n.depth, n.index, n.siblings, n.parent?.id ?? null])).toEqual([
      ['b', 0, 0, 2, null],
      ['a', 0, 1, 2, null],
      ['a1', 1, 0, 2, 'a'],
      ['a1x', 2, 0, 1, 'a1'],
      ['a2', 1, 1, 2, 'a'],
    ]);
  });

  it('gives an idea and its descendants (not valid as its new parent)', () => {
    expect([...subtreeIds(buildIdeaTree(ideas), 'a')].sort()).toEqual(['a', 'a1', 'a1x', 'a2']);
    expect([...subtreeIds(buildIdeaTree(ideas), 'zz')]).toEqual([]);
  });
});
