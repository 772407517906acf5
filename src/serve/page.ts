/**
 * The explorer page: one HTML document with its styles and scripts inline
 * (the trace view's drawing code shared with the static report), so it
 * works offline and needs no build step.
 */
import { TRACE_CSS, TRACE_JS } from '../report/trace-js.js';
import { PAGE_JS } from './page-js.js';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2330;background:#f5f7fb}
header{background:#1f3f6b;color:#fff;padding:12px 22px;display:flex;gap:18px;align-items:baseline}header h1{margin:0;font-size:19px}header #error{color:#ffb4b4;font-weight:600}
main{padding:12px 22px;display:grid;grid-template-columns:minmax(260px,1fr) minmax(0,2.2fr);gap:16px}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1);padding:10px 14px;margin-bottom:14px}h2{margin:0 0 8px;font-size:15px;color:#1f3f6b}
button{font:inherit;cursor:pointer}#ops{list-style:none;margin:0;padding:0;max-height:360px;overflow:auto}#ops li{margin:2px 0}
#ops button{width:100%;text-align:left;border:1px solid #c9d1de;background:#f8fafd;border-radius:4px;padding:3px 8px;font:12.5px ui-monospace,Menlo,Consolas,monospace}#ops button:hover{background:#e3ecf9;border-color:#1f5fb4}
#crumbs{display:flex;flex-wrap:wrap;gap:4px}#crumbs button{border:1px solid #c9d1de;background:#fff;border-radius:12px;padding:1px 9px;font:12px ui-monospace,Menlo,Consolas,monospace}
#crumbs button.cur{background:#ffe9a8;border-color:#b26a00;font-weight:600}#crumbs button.ahead{opacity:.55;border-style:dashed}
table{border-collapse:collapse;width:100%}td,th{padding:3px 6px;border-bottom:1px solid #eef0f4;text-align:left;vertical-align:top;font-size:12.5px}.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.res{font-weight:600;padding:0 7px;border-radius:9px;font-size:11.5px;white-space:nowrap}.res-holds,.res-reached,.res-reached-earlier{background:#dff3df;color:#1c6b1c}.res-violated{background:#fde2e2;color:#a11}.res-not-reached,.res-pending{background:#eee;color:#555}
.msg{color:#a11;font-size:12px;margin-top:2px}.viol{color:#a11;font-weight:600}#notes{font-size:12.5px;margin:4px 0}
.controls{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:6px 0}.controls button{border:1px solid #1f3f6b;background:#1f3f6b;color:#fff;border-radius:4px;padding:3px 10px}
#search-note{font-size:12.5px;color:#1f3f6b;margin-top:4px}
#charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:10px}#charts section{border:1px solid #e6e9f0;border-radius:6px;padding:4px 8px}#charts section.active{border-color:#b26a00}
#charts h3{margin:0;font-size:13px}#charts .diagram{overflow:auto}#charts svg{max-width:100%;height:auto}
#charts g.state.cur path,#charts g.state.cur polygon{fill:#ffd54f;stroke:#b26a00;stroke-width:2.2}#charts g.state.cur text{font-weight:bold}
#charts g.edge.taken path{stroke:#d62728;stroke-width:2.6}#charts g.edge.taken polygon{fill:#d62728;stroke:#d62728}#charts g.edge.taken text{fill:#d62728;font-weight:bold}
pre#state{white-space:pre-wrap;font-size:12px;max-height:400px;overflow:auto}small{color:#667}
`;

/** The page's HTML. */
export const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>hvspec explorer</title><style>${CSS}${TRACE_CSS}</style></head>
<body data-ready="no" data-playing="no">
<header><h1>hvspec explorer</h1><span id="title"></span><span id="error"></span></header>
<main>
<div>
<div class="card"><h2>Enabled ops</h2><small>click to take one (keys 1-9 take the first nine)</small><ol id="ops"></ol></div>
<div class="card"><h2>Properties here</h2><table id="props"></table></div>
<div class="card"><h2>Path search</h2><small>the shortest path from here (explorer, breadth first, bounded)</small>
<div class="controls"><select id="target"><option value="">any violation or goal</option></select><label>at most <input id="bound" type="number" value="20000" min="1" max="1000000" style="width:80px"> states</label><button id="search">search</button></div>
<div class="controls"><button id="play">▶ play</button><button id="pause">❚❚ pause</button><label>ms a step <input id="speed" type="number" value="200" min="0" style="width:60px"></label></div>
<div id="search-note"></div></div>
<div class="card"><h2>Saved traces</h2><div class="controls"><select id="saved"><option value="">(a saved counterexample)</option></select><button id="load">load</button></div>
<div class="controls"><input type="file" id="file" accept=".json,application/json"></div><small>step with ← → (Home, End)</small></div>
</div>
<div>
<div class="card"><h2>Path</h2><div id="crumbs"></div></div>
<div class="card" id="charts-box"><h2>Statecharts</h2><small>filled: a current state (hover: which instance) · red: the transition just taken</small><div id="charts"></div></div>
<div class="card" id="trace-card"><h2>Trace</h2><div class="controls"><label><input type="checkbox" id="hide"> hide unchanged</label><small>(h)</small></div>
<div class="lanes-wrap" id="lanes"></div><div id="notes"></div><div id="values"></div><pre id="state"></pre></div>
</div>
</main>
<script>${TRACE_JS}${PAGE_JS}</script>
</body></html>
`;
