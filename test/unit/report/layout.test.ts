import { describe, expect, it } from 'vitest';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { layoutSvgs, stripProlog } from '../../../src/report/layout.js';

describe('layoutSvgs', () => {
  it('gives what Graphviz gives for each source, also when a source was laid out before', async () => {
    const gv = await Graphviz.load();
    const dots = { a: 'digraph { x -> y }', b: 'digraph { x -> z }', c: 'digraph { x -> y }' };
    const first = await layoutSvgs(dots);
    const again = await layoutSvgs({ b: dots.b, d: 'digraph { y -> x }' });
    expect(first).toEqual({ a: stripProlog(gv.dot(dots.a, 'svg')), b: stripProlog(gv.dot(dots.b, 'svg')), c: stripProlog(gv.dot(dots.a, 'svg')) });
    expect(again).toEqual({ b: first.b, d: stripProlog(gv.dot('digraph { y -> x }', 'svg')) });
    expect(first.a).not.toBe(first.b);
  });
});
