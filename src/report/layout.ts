/**
 * Lays out DOT sources as SVG with Graphviz compiled to WebAssembly
 * (`@hpcc-js/wasm-graphviz`): no system Graphviz and no browser needed.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';

/** The `<svg>` element alone, without the XML prolog and doctype Graphviz writes before it. */
export const stripProlog = (svg: string): string => svg.slice(Math.max(0, svg.indexOf('<svg')));

/** SVG for each DOT source, by the same keys. */
export async function layoutSvgs(dots: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const gv = await Graphviz.load();
  const out: Record<string, string> = {};
  for (const [k, dot] of Object.entries(dots)) out[k] = stripProlog(gv.dot(dot, 'svg'));
  return out;
}
