// The dashboard's charts, drawn with Observable Plot. This module (and Plot with it) is fetched only when the
// dashboard opens. Every chart is an SVG with role="img" and a name; the same data is in a <table> next to it.
// Two fixes for a strict CSP and axe (docs: frontend-notes §2): Plot's <style> element is removed (its rules are in
// styles.css under .palabre-plot), and the marks' own aria-labels are dropped (a <g> with a name but no role).
import * as Plot from '@observablehq/plot';

export const KIND_COLOURS = ['#1846a3', '#0f7b6c', '#b4530a', '#7b2d8e', '#a01b12'];
export const GROUP_COLOURS = ['#1f5fae', '#c2410c', '#2b7a3d', '#7b2d8e', '#8a5a00'];

export interface Formats {
  number: (n: number) => string;
  /** A tick's date (a Date at midnight UTC). */
  day: (d: Date) => string;
}

function finish(node: SVGSVGElement | HTMLElement, label: string): SVGSVGElement {
  const svg = (node instanceof SVGSVGElement ? node : node.querySelector('svg')) as SVGSVGElement;
  svg.querySelectorAll('style').forEach((s) => s.remove());
  svg.querySelectorAll('[aria-label],[aria-description]').forEach((el) => {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  });
  svg.removeAttribute('aria-description');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('focusable', 'false');
  return svg;
}

const common = { className: 'palabre-plot' } as const;

export interface Series {
  kind: string;
  date: Date;
  value: number;
}

/** Lines (and dots, so that a single day shows) per kind of contribution over time. */
export function participationChart(series: Series[], kinds: string[], width: number, label: string, f: Formats) {
  const node = Plot.plot({
    ...common,
    width,
    height: Math.round(Math.min(320, Math.max(220, width * 0.45))),
    marginLeft: 48,
    x: { type: 'utc', label: null, tickFormat: f.day, ticks: Math.max(2, Math.floor(width / 110)) },
    y: { label: null, grid: true, zero: true, tickFormat: f.number, ticks: 5 },
    color: { domain: kinds, range: KIND_COLOURS },
    marks: [
      Plot.ruleY([0], { ariaHidden: 'true' }),
      Plot.lineY(series, { x: 'date', y: 'value', stroke: 'kind', strokeWidth: 2, ariaHidden: 'true' }),
      Plot.dot(series, { x: 'date', y: 'value', fill: 'kind', r: 2.5, ariaHidden: 'true' }),
    ],
  });
  return finish(node, label);
}

export interface IdeaBar {
  idea: string;
  kind: string;
  value: number;
}

/** Horizontal stacked bars: each idea's activity per kind. */
export function ideasChart(bars: IdeaBar[], ideas: string[], kinds: string[], width: number, label: string, f: Formats) {
  const marginLeft = Math.round(Math.min(220, width * 0.42));
  const short = (text: string) => {
    const max = Math.max(12, Math.floor(marginLeft / 6.5));
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  };
  const node = Plot.plot({
    ...common,
    width,
    height: 60 + ideas.length * 34,
    marginLeft,
    x: { label: null, grid: true, tickFormat: f.number, ticks: Math.max(2, Math.floor(width / 120)) },
    y: { label: null, domain: ideas, tickFormat: short },
    color: { domain: kinds, range: KIND_COLOURS },
    marks: [
      Plot.barX(bars, Plot.stackX({ y: 'idea', x: 'value', fill: 'kind', ariaHidden: 'true' })),
      Plot.ruleX([0], { ariaHidden: 'true' }),
    ],
  });
  return finish(node, label);
}

export interface Cluster {
  x: number;
  y: number;
  size: number;
  group: string;
}

/** The opinion map: base clusters at their 2-D positions, sized by members, coloured by group. */
export function groupsMap(clusters: Cluster[], groups: string[], width: number, label: string) {
  const size = Math.round(Math.min(width, 460));
  const node = Plot.plot({
    ...common,
    width: size,
    height: size,
    inset: 20,
    x: { axis: null },
    y: { axis: null },
    r: { range: [3, Math.max(10, size / 22)] },
    color: { domain: groups, range: GROUP_COLOURS },
    marks: [
      Plot.frame({ stroke: '#d5d8de', ariaHidden: 'true' }),
      Plot.ruleX([0], { stroke: '#d5d8de', ariaHidden: 'true' }),
      Plot.ruleY([0], { stroke: '#d5d8de', ariaHidden: 'true' }),
      Plot.dot(clusters, {
        x: 'x',
        y: 'y',
        r: 'size',
        fill: 'group',
        fillOpacity: 0.8,
        stroke: '#ffffff',
        strokeWidth: 1,
        ariaHidden: 'true',
      }),
    ],
  });
  return finish(node, label);
}
