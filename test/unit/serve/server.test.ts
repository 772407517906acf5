/**
 * The explorer's server without a browser: it answers only requests to a
 * local Host (DNS-rebinding protection), and its session API takes ops,
 * goes back and finds the shortest path to a violation on any model (a
 * counter that must stay below 3 here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { Model } from '../../../src/engine/model.js';
import { keyIdentity } from '../../../src/engine/key-identity.js';
import { startServer, type RunningServer } from '../../../src/serve/server.js';
import { localHost } from '../../../src/serve/host-check.js';

const counter: Model<number, 'inc' | 'dec'> = {
  initial: () => 0,
  actions: (s) => (s > 0 ? ['inc', 'dec'] : ['inc']),
  next: (s, op) => ({ state: op === 'inc' ? s + 1 : s - 1, outcome: undefined }),
  properties: [
    { kind: 'always', name: 'stays-below-three', description: 'The counter stays below 3.', check: (s) => (s >= 3 ? `the counter is ${s}` : null) },
    { kind: 'sometimes', name: 'reaches-two', description: 'The counter reaches 2.', reached: (s) => s === 2 },
  ],
  describe: (op) => op,
  identity: keyIdentity((s) => String(s)),
};

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    target: () => ({ title: 'counter', model: counter, show: (s: number) => String(s) }),
    load: () => {
      throw new Error('no traces');
    },
    saved: () => [],
    readSaved: () => '',
    charts: async () => ({}),
  });
});
afterAll(() => server.close());

/** A raw request with the Host header given (fetch does not let one set it). */
function get(host: string, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: method === 'GET' ? '/' : '/api/session', method, headers: { host, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = async (path: string, body: object) => {
  const r = await fetch(`${server.url}${path.slice(1)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as any };
};

describe('hvspec serve: the server', () => {
  it('listens on 127.0.0.1 only and refuses a request whose Host header is not local (403)', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1.nip.io', `localhost:${server.port + 1}`]) {
      const r = await get(host);
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain('<html');
    }
    expect((await get('evil.example', 'POST', '{}')).status).toBe(403);
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      const r = await get(host);
      expect(r.status, host).toBe(200);
      expect(r.body).toContain('<title>hvspec explorer</title>');
    }
    expect(localHost(undefined, 80)).toBe(false);
  });

  it('serves a session of any model: ops in its order, property status, going back, the shortest path to a violation', async () => {
    const { json: s } = await post('/api/session', {});
    expect(s.view.ops).toEqual(['inc']);
    expect(s.view.state).toBe('0');
    const id = s.id;
    let v = (await post('/api/step', { id, op: 0 })).json;
    v = (await post('/api/step', { id, op: 0 })).json;
    expect(v.ops).toEqual(['inc', 'dec']);
    expect(v.properties).toEqual([
      { name: 'stays-below-three', kind: 'always', description: 'The counter stays below 3.', status: 'holds' },
      { name: 'reaches-two', kind: 'sometimes', description: 'The counter reaches 2.', status: 'reached' },
    ]);
    v = (await post('/api/goto', { id, to: 1 })).json;
    expect([v.cursor, v.state, v.crumbs]).toEqual([1, '1', ['inc', 'inc']]);
    v = (await post('/api/search', { id, property: 'stays-below-three' })).json;
    expect(v.search).toMatch(/^violation stays-below-three in 2 steps .*: the counter is 3$/);
    expect(v.crumbs).toEqual(['inc', 'inc', 'inc']);
    v = (await post('/api/goto', { id, to: 3 })).json;
    expect(v.properties[0]).toMatchObject({ status: 'violated', message: 'the counter is 3' });
    expect(v.properties[1].status).toBe('reached earlier');
    expect((await post('/api/step', { id, op: 7 })).status).toBe(400);
    expect((await post('/api/goto', { id: 'nope', to: 0 })).status).toBe(404);
    const r = await fetch(`${server.url}api/step`, { method: 'POST', body: 'id=s1' });
    expect(r.status).toBe(415);
  });
});
