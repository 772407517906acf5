/**
 * The trace view's drawing code, shared by the static report and the
 * explorer page (`hvspec serve`): plain browser JavaScript, no build step.
 * It defines two globals:
 * - `hvspecLanes(el, trace, i, go)`: the swimlanes of a trace (a lane per
 *   partition, VP, logical processor, root worker and VSP), each step's op
 *   on its lane with arrows to the lanes it moved, step `i` highlighted;
 *   clicking a step calls `go(step)`;
 * - `hvspecValues(el, view, prev, hide)`: every machine instance's state and
 *   each column of one's own, the values the step changed highlighted, the
 *   unchanged ones left out when `hide`.
 */

/** The script text (defines `hvspecLanes` and `hvspecValues`). */
export const TRACE_JS = `
(function(){
const NS='http://www.w3.org/2000/svg';
function s(tag,attrs,text){const e=document.createElementNS(NS,tag);for(const k in attrs)e.setAttribute(k,attrs[k]);if(text!==undefined)e.textContent=text;return e}
function lanesOf(tr){const out=[];const add=l=>{if(!out.includes(l))out.push(l)};tr.initial.instances.forEach(x=>add(x.lane));tr.steps.forEach(st=>{add(st.lanes.lane);st.after.instances.forEach(x=>add(x.lane))});return out}
window.hvspecLanes=function(el,tr,i,go){
 el.innerHTML='';const lanes=lanesOf(tr);const W=112,H=26,top=34,left=34;
 const svg=s('svg',{width:String(left+lanes.length*W+10),height:String(top+Math.max(1,tr.steps.length)*H+10),class:'lanes'});
 lanes.forEach((l,k)=>{const x=left+k*W+W/2;svg.appendChild(s('text',{x:String(x),y:'16','text-anchor':'middle',class:'lane-name'},l));
  svg.appendChild(s('line',{x1:String(x),y1:String(top-8),x2:String(x),y2:String(top+tr.steps.length*H),class:'lane-line'}))});
 const defs=s('defs',{});const mk=s('marker',{id:'arr',viewBox:'0 0 10 10',refX:'9',refY:'5',markerWidth:'7',markerHeight:'7',orient:'auto-start-reverse'});mk.appendChild(s('path',{d:'M0,0L10,5L0,10z',fill:'#c25400'}));defs.appendChild(mk);svg.appendChild(defs);
 tr.steps.forEach((st,k)=>{const y=top+k*H;const g=s('g',{class:'lane-step'+(k===i-1?' cur':'')+(st.status==='skipped'?' skipped':'')+(st.violations.length?' bad':''),'data-step':String(k+1)});
  g.appendChild(s('rect',{x:'0',y:String(y),width:String(left+lanes.length*W),height:String(H),class:'lane-row'}));
  g.appendChild(s('text',{x:'4',y:String(y+17),class:'lane-num'},String(k+1)));
  const xi=lanes.indexOf(st.lanes.lane);const x=left+xi*W+W/2;
  st.lanes.messages.forEach(m=>{const xt=left+lanes.indexOf(m.to)*W+W/2;const ln=s('line',{x1:String(x),y1:String(y+H/2),x2:String(xt+(xt>x?-6:6)),y2:String(y+H/2),class:'lane-msg','marker-end':'url(#arr)'});ln.appendChild(s('title',{},m.label));g.appendChild(ln);
   g.appendChild(s('text',{x:String(xt+(xt>x?-10:10)),y:String(y+H/2-3),'text-anchor':xt>x?'end':'start',class:'lane-msg-label'},m.label.length>22?m.label.slice(0,21)+'…':m.label))});
  const label=st.op.split(' ')[0];const box=s('rect',{x:String(x-W/2+4),y:String(y+4),width:String(W-8),height:String(H-8),rx:'4',class:'lane-op'});g.appendChild(box);
  const t=s('text',{x:String(x),y:String(y+17),'text-anchor':'middle',class:'lane-op-text'},label.length>15?label.slice(0,14)+'…':label);g.appendChild(t);
  g.appendChild(s('title',{},st.op+(st.notes.length?'\\n'+st.notes.join('\\n'):'')));
  g.addEventListener('click',()=>go(k+1));svg.appendChild(g)});
 el.appendChild(svg);
 if(i>0){const y=top+(i-1)*H;if(y<el.scrollTop+top||y+H>el.scrollTop+el.clientHeight)el.scrollTop=Math.max(0,y-el.clientHeight/2)}
};
function row(cells,cls){const tr=document.createElement('tr');if(cls)tr.className=cls;cells.forEach(c=>{const td=document.createElement('td');td.textContent=c;tr.appendChild(td)});return tr}
window.hvspecValues=function(el,view,prev,hide){
 el.innerHTML='';const tb=document.createElement('table');tb.className='small mono values';tb.appendChild(row(['lane','instance','state']));tb.rows[0].className='head';
 const was=new Map((prev?prev.instances:[]).map(x=>[x.instance,x.state]));let shown=0;
 view.instances.forEach(x=>{const changed=prev!==null&&was.get(x.instance)!==x.state;if(hide&&!changed)return;shown++;
  const r=row([x.lane,x.instance,x.state],changed?'chg':'');r.dataset.instance=x.instance;if(changed&&was.has(x.instance))r.title='was '+was.get(x.instance);tb.appendChild(r)});
 Object.keys(view.columns||{}).forEach(name=>{const v=view.columns[name];const changed=prev!==null&&(prev.columns||{})[name]!==v;if(hide&&!changed)return;shown++;
  const r=row(['column',name,v],'user'+(changed?' chg':''));r.dataset.column=name;tb.appendChild(r)});
 if(!shown){const r=row([hide?'nothing changed':'no machine instances']);r.cells[0].colSpan=3;tb.appendChild(r)}
 el.appendChild(tb);
};
})();
`;

/** The trace view's styles (swimlanes, changed values). */
export const TRACE_CSS = `
.lanes-wrap{max-height:340px;overflow:auto;border:1px solid #e6e9f0;border-radius:6px;margin:6px 0 12px;background:#fbfcfe}
svg.lanes{font:11px ui-monospace,Menlo,Consolas,monospace}.lane-name{font-weight:600;fill:#1f3f6b}.lane-line{stroke:#c9d1de;stroke-dasharray:3 3}
.lane-row{fill:transparent}.lane-step{cursor:pointer}.lane-step:hover .lane-row{fill:#eef2f8}.lane-step.cur .lane-row{fill:#ffe9a8}
.lane-op{fill:#1f5fb4;stroke:#1f3f6b}.lane-op-text{fill:#fff}.lane-step.skipped .lane-op{fill:#bbb;stroke:#999}.lane-step.bad .lane-op{fill:#c62828;stroke:#7f1010}
.lane-num{fill:#888}.lane-msg{stroke:#c25400;stroke-width:1.4}.lane-msg-label{fill:#c25400;font-size:9.5px}
table.values tr.chg td{background:#fff3c4;font-weight:600}table.values tr.user td:first-child{color:#6a3d9a}table.values tr.head td{background:#eef2f8;font-weight:600}
`;
