/**
 * The coverage report as one self-contained HTML page: the headline table,
 * every machine drawn as a statechart coloured by visits (SVG laid out
 * beforehand by Graphviz), the properties with their results, and a viewer
 * that steps through saved counterexamples showing frame ownership, SLAT
 * and TLB contents after each step.
 *
 * `renderHtml` is a pure function of its input: no I/O, no clock; the same
 * data give the same bytes. The page loads nothing from the network.
 */
import { type CoverageSummary, type MachineCoverage, percent } from '../coverage/summary.js';
import type { TraceView } from './trace-view.js';
import { transitionLabel } from './text.js';
import { TRACE_JS, TRACE_CSS } from './trace-js.js';
import { pairsHtml } from './pair-list.js';

/** What a command concluded: its exit status 0, 1, 3 or 2 (see report/verdict.ts). */
export type VerdictKind = 'holds' | 'violated' | 'bounded' | 'usage';

/** One run merged into the page, as its header lists it. */
export interface HeaderRun {
  /** The command line, or the name of the recorded run when no command was recorded with it (the test suite's path walker). */
  readonly command: string;
  readonly verdict?: VerdictKind;
  readonly exitStatus?: number;
}

/** A property and what the run found. */
export interface PropertyResult {
  readonly name: string;
  readonly kind: 'always' | 'sometimes';
  readonly description: string;
  /** `not applicable`: a goal the configuration cannot reach by construction (no Dynamic Memory guest, say), so the run did not look for it. */
  readonly result: 'holds' | 'violated' | 'reached' | 'unreached' | 'not checked' | 'not applicable';
  /** A short explanation (the violation message, the engine that checked it). */
  readonly detail?: string;
}

/** Everything the page shows. */
export interface HtmlInput {
  readonly title: string;
  /** What produced the data, e.g. the command line. */
  readonly source: string;
  /** Every run whose data the page shows (the header lists them). */
  readonly runs?: readonly HeaderRun[];
  readonly summary: CoverageSummary;
  /** SVG of each machine's statechart, by machine name. */
  readonly svgs: Readonly<Record<string, string>>;
  readonly properties: readonly PropertyResult[];
  readonly traces: readonly TraceView[];
}

/** Escapes text for HTML. */
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON safe to embed in a script element. */
const embed = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2330;background:#f5f7fb}
header{background:#1f3f6b;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.85}
main{padding:18px 28px;max-width:1500px}h2{margin:26px 0 10px;font-size:18px;color:#1f3f6b}
table{border-collapse:collapse;background:#fff;border-radius:6px;overflow:hidden;box-shadow:0 1px 2px rgba(0,0,0,.08)}
th,td{padding:5px 10px;border-bottom:1px solid #e6e9f0;text-align:left;vertical-align:top}th{background:#eef2f8;font-weight:600}
.bar{display:inline-block;width:90px;height:8px;background:#e6e9f0;border-radius:4px;margin-right:6px;vertical-align:middle}.bar i{display:block;height:8px;border-radius:4px;background:#2ca02c}
.machines{display:grid;grid-template-columns:1fr;gap:16px}
.machine .details{display:grid;grid-template-columns:minmax(0,3fr) minmax(280px,2fr);gap:16px;align-items:start}
.machine{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1);padding:12px 16px}.machine h3{margin:0 0 6px;font-size:16px}
.machine .diagram{overflow:auto;text-align:center}.machine .diagram svg{max-width:100%;height:auto}
.legend span{display:inline-block;margin-right:14px;font-size:12px}.sw{display:inline-block;width:22px;height:0;border-top:3px solid;vertical-align:middle;margin-right:4px}
ul.gaps{margin:6px 0;padding-left:18px;font-size:13px}ul.gaps li{margin:2px 0}
.st-gap{color:#d62728}.st-paths-only{color:#e07b00}.st-by-design{color:#777}
.res{font-weight:600;padding:1px 8px;border-radius:10px;font-size:12px}.res-holds,.res-reached{background:#dff3df;color:#1c6b1c}.res-violated,.res-unreached{background:#fde2e2;color:#a11}.res-not{background:#eee;color:#555}
header ul.runs{margin:8px 0 0;padding-left:18px;font-size:13px}header ul.runs li{margin:2px 0}header code{background:rgba(255,255,255,.12);padding:0 4px;border-radius:3px}
#viewer{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1);padding:12px 16px}
#viewer .controls{display:flex;gap:10px;align-items:center;margin-bottom:10px;flex-wrap:wrap}
#viewer button{font:inherit;padding:4px 14px;border:1px solid #1f3f6b;background:#1f3f6b;color:#fff;border-radius:4px;cursor:pointer}#viewer button:disabled{opacity:.4;cursor:default}
#viewer .cols{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1.3fr) minmax(0,1fr);gap:20px}
ol.ops{margin:0;padding-left:24px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}ol.ops li{padding:1px 4px;cursor:pointer;border-radius:3px}ol.ops li.cur{background:#ffe9a8}ol.ops li.skipped{color:#999}ol.ops li.bad{color:#a11;font-weight:600}
.frames{display:grid;grid-template-columns:repeat(32,1fr);gap:2px;margin:6px 0}.frames div{height:12px;border-radius:2px;border:1px solid #d5dae3}
.frames div.changed{outline:2px solid #000}.notes{font-size:13px;margin:6px 0}.viol{color:#a11;font-weight:600}
tr.stale td{background:#fde2e2;color:#a11;font-weight:600}
.frames-axis{font-size:11px;color:#666}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}.small td,.small th{padding:2px 6px;font-size:12px}
.hlegend span{display:inline-block;margin:0 10px 2px 0;font-size:11px}.hlegend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:3px;vertical-align:-1px}
`;

const VIEWER_JS = `
(function(){
const traces=JSON.parse(document.getElementById('trace-data').textContent);
const root=document.getElementById('viewer');if(!root||!traces.length)return;
const hide=root.querySelector('#viewer-hide');const sel=root.querySelector('#viewer-trace'),prev=root.querySelector('#viewer-prev'),next=root.querySelector('#viewer-next'),pos=root.querySelector('#viewer-step');
let t=0,i=0;
const palette=['#4e79a7','#f28e2b','#59a14f','#b07aa1','#76b7b2','#edc948','#ff9da7','#9c755f'];
function colour(h){if(h==='free')return '#ffffff';if(h==='hypervisor')return '#555b66';if(h==='root')return '#c7cfdb';
 const m=/^(partition|pool):(.*)$/.exec(h);if(!m)return '#eee';let k=0;for(const c of m[2])k=(k*31+c.charCodeAt(0))>>>0;const base=palette[k%palette.length];return m[1]==='pool'?base+'66':base;}
function hex(n){return '0x'+n.toString(16)}
function el(tag,attrs,text){const e=document.createElement(tag);for(const k in attrs||{})e.setAttribute(k,attrs[k]);if(text!==undefined)e.textContent=text;return e}
function table(head,rows,none){const tb=el('table',{class:'small mono'});const tr=el('tr');head.forEach(h=>tr.appendChild(el('th',{},h)));tb.appendChild(tr);
 rows.forEach(r=>{const x=el('tr');r.forEach(c=>x.appendChild(el('td',{},String(c))));tb.appendChild(x)});if(!rows.length){const x=el('tr');x.appendChild(el('td',{colspan:head.length},none||'(empty)'));tb.appendChild(x)}return tb}
const same=(a,b)=>JSON.stringify(a)===JSON.stringify(b);
function show(){
 const tr=traces[t];const n=tr.steps.length;i=Math.max(0,Math.min(i,n));
 const view=i===0?tr.initial:tr.steps[i-1].after;const prevView=i<=1?tr.initial:tr.steps[i-2].after;
 pos.textContent='step '+i+' of '+n;prev.disabled=i===0;next.disabled=i===n;root.dataset.step=String(i);
 const ops=root.querySelector('#viewer-ops');ops.innerHTML='';
 tr.steps.forEach((s,k)=>{const li=el('li',{},s.op+(s.status==='skipped'?'  (skipped)':''));if(k===i-1)li.className='cur';if(s.status==='skipped')li.classList.add('skipped');if(s.violations.length)li.classList.add('bad');li.onclick=()=>{i=k+1;show()};ops.appendChild(li)});
 const cur=i===0?null:tr.steps[i-1];const notes=root.querySelector('#viewer-notes');notes.innerHTML='';
 if(!cur)notes.appendChild(el('div',{},'initial system'));else{cur.notes.forEach(x=>notes.appendChild(el('div',{},'• '+x)));cur.violations.forEach(v=>notes.appendChild(el('div',{class:'viol'},'✗ '+v.property+': '+v.message)))}
 const fr=root.querySelector('#viewer-frames');fr.innerHTML='';
 view.frames.forEach((h,f)=>{const d=el('div',{title:'frame '+hex(f)+': '+h+' (holds '+view.contents[f]+' data)'});d.style.background=colour(h);if(prevView.frames[f]!==h&&i>0)d.className='changed';fr.appendChild(d)});
 const lg=root.querySelector('#viewer-legend');lg.innerHTML='';[...new Set(view.frames)].sort().forEach(h=>{const s=el('span');const sw=el('i');sw.style.background=colour(h);sw.style.border='1px solid #999';s.appendChild(sw);s.appendChild(document.createTextNode(h));lg.appendChild(s)});
 const sl=root.querySelector('#viewer-slat');sl.innerHTML='';
 Object.keys(view.slat).sort().forEach(pid=>{const rows=view.slat[pid];if(hide.checked&&i>0&&same(rows,prevView.slat[pid]||[]))return;sl.appendChild(el('div',{class:'mono'},pid+' SLAT ('+rows.length+' pages)'));
  const before=prevView.slat[pid]||[];const gone=before.filter(p=>!rows.some(r=>r[0]===p[0]));
  const big=rows.length>24;const shown=big?rows.filter(r=>!before.some(p=>p[0]===r[0]&&p[1]===r[1])):rows;
  if(big)sl.appendChild(el('div',{class:'mono'},'  changed this step: '+shown.length+' added, '+gone.length+' removed'+(gone.length?' ('+gone.map(p=>hex(p[0])).join(' ')+')':'')));
  if(big&&!shown.length&&!gone.length)return;
  sl.appendChild(table(['gpa','frame','access'],shown.map(r=>[hex(r[0]),hex(r[1]),r[2].toString(2).padStart(4,'0')]),big?'(unchanged)':'(no pages mapped)'));});
 const tl=root.querySelector('#viewer-tlb');tl.innerHTML='';
 view.tlb.forEach((l,k)=>{if(hide.checked&&i>0&&same(l,prevView.tlb[k]))return;tl.appendChild(el('div',{class:'mono'},'lp'+l.lp+': '+(l.running?'runs '+l.running:'idle')));const tb=table(['tag','gva','gpa','frame'],l.entries.map(e=>[e.tag,hex(e.gva),hex(e.gpa),hex(e.frame)]),'(no entries)');
  const pid=l.running?l.running.split(' ')[0]:null;l.entries.forEach((e,k)=>{if(pid&&e.tag!==pid){const row=tb.rows[k+1];row.className='stale';row.title='entry of '+e.tag+' while lp'+l.lp+' runs '+pid}});tl.appendChild(tb)});
 hvspecLanes(root.querySelector('#viewer-lanes'),tr,i,k=>{i=k;show()});
 hvspecValues(root.querySelector('#viewer-machines'),view,i===0?null:prevView,hide.checked);
}
traces.forEach((tr,k)=>sel.appendChild(el('option',{value:String(k)},tr.title)));
sel.onchange=()=>{t=Number(sel.value);i=0;show()};prev.onclick=()=>{i--;show()};next.onclick=()=>{i++;show()};
hide.onchange=show;
document.addEventListener('keydown',e=>{if(e.target&&e.target.tagName==='SELECT')return;const n=traces[t].steps.length;
 if(e.key==='ArrowRight'&&i<n){i++;show()}else if(e.key==='ArrowLeft'&&i>0){i--;show()}else if(e.key==='Home'){i=0;show()}else if(e.key==='End'){i=n;show()}else if(e.key==='h'){hide.checked=!hide.checked;show()}});
show();
})();
`;

const bar = (covered: number, total: number) => `<span class="bar"><i style="width:${total ? Math.round((100 * covered) / total) : 0}%"></i></span>`;

function headlineTable(s: CoverageSummary): string {
  const rows = s.machines
    .map((m) => {
      const h = m.headline;
      return `<tr><td><a href="#machine-${esc(m.machine)}">${esc(m.machine)}</a></td><td>${bar(h.states.covered, h.states.total)}${h.states.covered}/${h.states.total} (${percent(h.states)})</td><td>${bar(h.transitions.covered, h.transitions.total)}${h.transitions.covered}/${h.transitions.total} (${percent(h.transitions)})</td><td>${h.guardsBothWays.covered}/${h.guardsBothWays.total}</td><td>${bar(h.pairs.covered, h.pairs.total)}${h.pairs.covered}/${h.pairs.total} (${percent(h.pairs)})</td></tr>`;
    })
    .join('');
  const steps = s.engines.map((e) => `${esc(e)}: ${s.steps[e]!.steps} steps (${s.steps[e]!.skipped} skipped)`).join(' · ');
  const unknown = s.unknownMachines.length ? `<p class="st-gap">recorded but not in the universe: ${s.unknownMachines.map(esc).join(', ')}</p>` : '';
  return `<table><tr><th>machine</th><th>states</th><th>transitions</th><th>guards both ways</th><th>transition pairs</th></tr>${rows}</table><p class="small">${steps || 'no steps recorded'}</p>${unknown}`;
}

function machineCard(m: MachineCoverage, svg: string | undefined): string {
  const gaps = [
    ...m.states.filter((x) => x.status !== 'visited').map((x) => `<li class="st-${x.status}">state <b>${esc(x.id)}</b>: ${x.status === 'paths-only' ? 'reached only by the path walker' : 'never visited'}</li>`),
    ...m.transitions
      .filter((t) => t.status !== 'visited')
      .map((t) => `<li class="st-${t.status}"><span class="mono">${esc(transitionLabel(t))}</span> — ${t.status === 'paths-only' ? 'reached only by the path walker' : esc(`${t.status}${t.reason ? `: ${t.reason}` : ''}`)}</li>`),
    ...m.outside.map((o) => `<li class="st-gap">recorded but not declared: ${esc(o.key)} ×${o.visits}</li>`),
  ];
  const guards = m.guards.length
    ? `<table class="small"><tr><th>guard</th><th>transition</th><th>passed</th><th>refused</th></tr>${m.guards.map((g) => `<tr><td>${esc(g.guard)}</td><td class="mono">${esc(g.transition)}</td><td>${g.passed}</td><td>${g.refused}</td></tr>`).join('')}</table>`
    : '';
  const h = m.headline;
  return `<section class="machine" id="machine-${esc(m.machine)}" data-machine="${esc(m.machine)}">
<h3>${esc(m.machine)} <small>states ${h.states.covered}/${h.states.total} · transitions ${h.transitions.covered}/${h.transitions.total}</small></h3>
<div class="diagram">${svg ?? '<p class="st-gap">no diagram</p>'}</div>
<div class="details"><div>${gaps.length ? `<ul class="gaps">${gaps.join('')}</ul>` : '<p>Every state and transition was covered.</p>'}</div>
<div>${guards}${pairsHtml(m)}</div></div>
</section>`;
}

function propertiesTable(ps: readonly PropertyResult[]): string {
  if (!ps.length) return '<p>No property results were recorded.</p>';
  const rows = ps
    .map((p) => {
      const cls = p.result === 'not checked' || p.result === 'not applicable' ? 'res-not' : `res-${p.result}`;
      return `<tr><td class="mono">${esc(p.name)}</td><td>${p.kind}</td><td><span class="res ${cls}">${esc(p.result)}</span></td><td>${esc(p.description)}${p.detail ? `<br><small>${esc(p.detail)}</small>` : ''}</td></tr>`;
    })
    .join('');
  return `<table><tr><th>property</th><th>kind</th><th>result</th><th>claim</th></tr>${rows}</table>`;
}

function viewer(traces: readonly TraceView[]): string {
  if (!traces.length) return '<p>No counterexample was saved: every checked property held.</p>';
  return `<div id="viewer">
<div class="controls"><select id="viewer-trace"></select><button id="viewer-prev">◀ prev</button><span id="viewer-step" class="mono"></span><button id="viewer-next">next ▶</button><label><input type="checkbox" id="viewer-hide"> hide unchanged</label><small>(← → Home End keys; h: hide unchanged)</small></div>
<div class="lanes-wrap" id="viewer-lanes"></div>
<div class="cols">
<div><b>trace</b><ol class="ops" id="viewer-ops"></ol><div class="notes" id="viewer-notes"></div><b>machines and columns</b> <small>(highlighted: changed by this step)</small><div id="viewer-machines"></div></div>
<div><b>frame ownership</b> <span class="frames-axis">(32 frames a row from 0x0; hover for details; outlined: changed by this step)</span><div class="frames" id="viewer-frames"></div><div class="hlegend" id="viewer-legend"></div><b>SLAT</b><div id="viewer-slat"></div></div>
<div><b>TLB</b><div id="viewer-tlb"></div></div>
</div></div>`;
}

/** The header's list of the runs merged into the page. */
function runList(runs: readonly HeaderRun[]): string {
  if (!runs.length) return '';
  const item = (r: HeaderRun) => {
    const v = r.verdict ? `<span class="res res-${r.verdict === 'holds' ? 'holds' : r.verdict === 'violated' ? 'violated' : 'not'}">${esc(r.verdict)}</span> ` : '';
    return `<li data-run>${v}<code>${esc(r.command)}</code>${r.exitStatus !== undefined ? ` · exit status ${r.exitStatus}` : ''}</li>`;
  };
  return `<p>${runs.length} run${runs.length === 1 ? '' : 's'} merged:</p><ul class="runs">${runs.map(item).join('')}</ul>`;
}

/** The whole page. */
export function renderHtml(input: HtmlInput): string {
  const s = input.summary;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(input.title)}</title><style>${CSS}${TRACE_CSS}</style></head>
<body>
<header><h1>${esc(input.title)}</h1><p>${esc(input.source)}</p>${runList(input.runs ?? [])}</header>
<main>
<h2>Coverage</h2>
${headlineTable(s)}
<p class="legend"><span><i class="sw" style="border-color:#1f5fb4"></i>taken (darker, thicker: more often)</span><span><i class="sw" style="border-color:#d62728;border-top-style:dashed"></i>never taken</span><span><i class="sw" style="border-color:#e07b00;border-top-style:dashed"></i>only the path walker</span><span><i class="sw" style="border-color:#999;border-top-style:dotted"></i>unreachable by design</span></p>
<div class="machines">${s.machines.map((m) => machineCard(m, input.svgs[m.machine])).join('\n')}</div>
<h2>Properties</h2>
${propertiesTable(input.properties)}
<h2>Counterexamples</h2>
${viewer(input.traces)}
</main>
<script type="application/json" id="trace-data">${embed(input.traces)}</script>
<script>${TRACE_JS}${VIEWER_JS}</script>
</body></html>
`;
}
