/**
 * Lays out DOT sources as SVG with Graphviz compiled to WebAssembly
 * (`@hpcc-js/wasm-graphviz`): no system Graphviz and no browser needed.
 * Graphviz lays out the same source the same way, so each distinct source
 * is laid out once per process (the most recent ones are kept).
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';

/** The `<svg>` element alone, without the XML prolog and doctype Graphviz writes before it. */
export const stripProlog = (svg: string): string => svg.slice(Math.max(0, svg.indexOf('<svg')));

/** How many laid-out sources are kept: a report's machines several times over. */
const KEPT = 128;

/** SVGs laid out so far, by DOT source, oldest first. */
const laidOut = new Map<string, string>();

/** SVG for each DOT source, by the same keys. */
export async function layoutSvgs(dots: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let gv: Graphviz | undefined;
  for (const [k, dot] of Object.entries(dots)) {
    let svg = laidOut.get(dot);
    if (svg === undefined) {
      gv ??= await Graphviz.load();
      svg = stripProlog(gv.dot(dot, 'svg'));
      if (laidOut.size >= KEPT) laidOut.delete(laidOut.keys().next().value!);
      laidOut.set(dot, svg);
    }
    out[k] = svg;
  }
  return out;
}
