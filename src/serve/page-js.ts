/**
 * The explorer page's script (plain browser JavaScript, no build step):
 * it opens a session, draws what the server says of it (enabled ops,
 * properties, statecharts with the current states and the transition just
 * taken, breadcrumbs, the trace view) and sends what the user does: take
 * an op, go back, search for a path and play it, load a saved trace, step
 * with the keyboard.
 */

/** The script text. */
export const PAGE_JS = `
(function(){
const $=s=>document.querySelector(s);
let sid=null,view=null,playing=null;
const hide=$('#hide');
function el(tag,attrs,text){const e=document.createElement(tag);for(const k in attrs||{})e.setAttribute(k,attrs[k]);if(text!==undefined)e.textContent=text;return e}
async function api(path,body){const r=await fetch(path,{method:body?'POST':'GET',headers:body?{'content-type':'application/json'}:{},body:body?JSON.stringify(Object.assign({id:sid},body)):undefined});
 const j=await r.json();if(!r.ok){$('#error').textContent=j.error||('HTTP '+r.status);throw new Error(j.error)}$('#error').textContent='';return j}
function paths(v){const out=[];v.split(',').forEach(r=>{const p=r.split('.');for(let i=1;i<=p.length;i++)out.push(p.slice(0,i).join('.'))});return out}
function render(v){
 view=v;document.body.dataset.cursor=String(v.cursor);$('#title').textContent=v.title;
 const ops=$('#ops');ops.innerHTML='';v.ops.forEach((o,k)=>{const li=el('li');const b=el('button',{'data-op':String(k)},o);b.onclick=()=>act('/api/step',{op:k});li.appendChild(b);ops.appendChild(li)});
 if(!v.ops.length)ops.appendChild(el('li',{class:'none'},'no op is enabled here'));
 const cr=$('#crumbs');cr.innerHTML='';['initial state'].concat(v.crumbs).forEach((c,k)=>{const b=el('button',{'data-crumb':String(k),class:k===v.cursor?'cur':k>v.cursor?'ahead':''},k===0?c:k+'. '+c);b.onclick=()=>act('/api/goto',{to:k});cr.appendChild(b)});
 const pt=$('#props');pt.innerHTML='';v.properties.forEach(p=>{const tr=el('tr',{'data-property':p.name,'data-status':p.status});tr.appendChild(el('td',{class:'mono'},p.name));tr.appendChild(el('td',{},p.kind));
  const td=el('td');td.appendChild(el('span',{class:'res res-'+p.status.replace(/ /g,'-')},p.status));if(p.message)td.appendChild(el('div',{class:'msg'},p.message));tr.appendChild(td);tr.title=p.description;pt.appendChild(tr)});
 $('#search-note').textContent=v.search||'';
 document.querySelectorAll('#charts g.state').forEach(g=>{g.classList.remove('cur');const t=g.querySelector('title');if(t&&t.dataset.base!==undefined)t.textContent=t.dataset.base});
 document.querySelectorAll('#charts g.edge.taken').forEach(g=>g.classList.remove('taken'));
 (v.instances||[]).forEach(x=>paths(x.state).forEach(p=>{const g=document.getElementById('state~'+x.machine+'~'+p);if(!g)return;g.classList.add('cur');const t=g.querySelector('title');if(t){if(t.dataset.base===undefined)t.dataset.base=t.textContent;t.textContent+=' · '+x.instance}}));
 (v.taken||[]).forEach(t=>{const from=paths(t.from);document.querySelectorAll('#charts g.edge').forEach(g=>{const p=g.id.split('~');if(p[0]!=='edge'||p[1]!==t.machine)return;
  const id=p[2],src=p.slice(3).join('~');if(t.branch?id===t.branch&&from.includes(src):id.split(':')[1]===t.event&&from.includes(src))g.classList.add('taken')})});
 document.querySelectorAll('#charts section').forEach(s=>s.classList.toggle('active',!!s.querySelector('g.state.cur')));
 if(v.trace){const tr=v.trace,i=v.cursor;hvspecLanes($('#lanes'),tr,i,k=>act('/api/goto',{to:k}));
  const cur=i===0?tr.initial:tr.steps[i-1].after,prev=i===0?null:(i===1?tr.initial:tr.steps[i-2].after);hvspecValues($('#values'),cur,prev,hide.checked);
  const notes=$('#notes');notes.innerHTML='';if(i>0){const st=tr.steps[i-1];st.notes.forEach(n=>notes.appendChild(el('div',{},'• '+n)));st.violations.forEach(x=>notes.appendChild(el('div',{class:'viol'},'✗ '+x.property+': '+x.message)))}}
 if(v.state!==undefined)$('#state').textContent=v.state;
 const sel=$('#target');if(sel.options.length<=1)v.properties.forEach(p=>{if(p.kind!=='eventually')sel.appendChild(el('option',{value:p.name},p.name+' ('+p.kind+')'))});
}
async function act(path,body){stop();render(await api(path,body))}
function stop(){if(playing){clearInterval(playing);playing=null;document.body.dataset.playing='no'}}
function play(){stop();document.body.dataset.playing='yes';playing=setInterval(async()=>{if(!view||view.cursor>=view.crumbs.length){stop();return}
 const p=playing;const v=await api('/api/goto',{to:view.cursor+1});if(playing===p){render(v);if(v.cursor>=v.crumbs.length)stop()}},Number($('#speed').value)||200)}
$('#search').onclick=async()=>{stop();$('#search-note').textContent='searching…';const t=$('#target').value;const v=await api('/api/search',{property:t||undefined,maxStates:Number($('#bound').value)});render(v);if(v.cursor<v.crumbs.length)play()};
$('#play').onclick=play;$('#pause').onclick=stop;
$('#load').onclick=async()=>{const n=$('#saved').value;if(n)await act('/api/load',{name:n})};
$('#file').onchange=async()=>{const f=$('#file').files[0];if(f)await act('/api/load',{name:f.name,text:await f.text()})};
hide.onchange=()=>view&&render(view);
document.addEventListener('keydown',e=>{if(!view||(e.target&&/^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName)))return;
 const n=view.crumbs.length;let to=null;if(e.key==='ArrowRight'&&view.cursor<n)to=view.cursor+1;else if(e.key==='ArrowLeft'&&view.cursor>0)to=view.cursor-1;else if(e.key==='Home')to=0;else if(e.key==='End')to=n;
 else if(e.key==='h'){hide.checked=!hide.checked;render(view);return}else if(/^[1-9]$/.test(e.key)&&Number(e.key)<=view.ops.length){act('/api/step',{op:Number(e.key)-1});return}
 if(to!==null&&to!==view.cursor){e.preventDefault();act('/api/goto',{to})}});
(async()=>{
 const q=new URLSearchParams(location.search);
 const charts=await api('/api/charts');const ch=$('#charts');
 Object.keys(charts).forEach(m=>{const s=el('section',{'data-machine':m});s.appendChild(el('h3',{},m));const d=el('div',{class:'diagram'});d.innerHTML=charts[m];s.appendChild(d);ch.appendChild(s)});
 if(!Object.keys(charts).length)$('#charts-box').hidden=true;
 const saved=await api('/api/traces');saved.forEach(n=>$('#saved').appendChild(el('option',{value:n},n)));
 const r=await fetch('/api/session',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({faults:q.getAll('fault')})});const j=await r.json();
 if(!r.ok){$('#error').textContent=j.error;return}sid=j.id;render(j.view);document.body.dataset.ready='yes';
})();
})();
`;
