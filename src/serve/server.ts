/**
 * The explorer page's server (`hvspec serve`): Node's http on 127.0.0.1
 * only, refusing any request whose Host header is not local (403). It
 * serves the page and a small JSON API over in-memory sessions (one per
 * tab): open a session, take an op, go to a point of the path, search for
 * a path, load a trace; each answers with the session's view.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localHost } from './host-check.js';
import { PAGE_HTML } from './page.js';
import { Session } from './session.js';
import type { AnyTarget } from './target.js';

/** A request the server cannot serve: its status and the message. */
export class ServeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ServeError';
  }
}

/** What the server explores: the target of a session, saved traces, statecharts. */
export interface ServeBackend {
  /** The target with `faults` switched on (a ServeError for an unknown fault). */
  target(faults: readonly string[]): AnyTarget;
  /** A trace file's target and ops (a ServeError when it does not decode). */
  load(text: string, name: string): { readonly target: AnyTarget; readonly ops: readonly unknown[] };
  /** The names of the saved traces offered. */
  saved(): readonly string[];
  /** The text of a saved trace by its name (a ServeError when there is none). */
  readSaved(name: string): string;
  /** The statechart SVG of each machine (none for a model without machines), laid out when first asked for. */
  charts(): Promise<Readonly<Record<string, string>>>;
  /** A trace every new session starts with (`--trace`). */
  readonly start?: { readonly text: string; readonly name: string };
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The most sessions kept. */
export const SESSIONS_MAX = 64;

/** The largest request body (a trace file). */
const BODY_MAX = 16 * 1024 * 1024;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
const json = (res: ServerResponse, status: number, v: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(v));

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new ServeError(415, 'requests carry JSON (content-type: application/json)');
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > BODY_MAX) throw new ServeError(413, 'request too large');
    chunks.push(c);
  }
  let v: unknown;
  try {
    v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ServeError(400, 'the request is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ServeError(400, 'the request is not a JSON object');
  return v as Record<string, unknown>;
}

const int = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ServeError(400, `${what} must be a whole number`);
  return v;
};

/** Starts serving `backend` on 127.0.0.1 at `port` (0: a free port). */
export async function startServer(backend: ServeBackend, port = 0): Promise<RunningServer> {
  const sessions = new Map<string, Session>();
  let next = 1;
  let bound = 0;
  const session = (b: Record<string, unknown>) => {
    const s = sessions.get(String(b.id));
    if (!s) throw new ServeError(404, 'no such session (reload the page)');
    return s;
  };
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
    if (req.method === 'GET' && path === '/api/charts') return json(res, 200, await backend.charts());
    if (req.method === 'GET' && path === '/api/traces') return json(res, 200, backend.saved());
    if (req.method !== 'POST') throw new ServeError(404, `no such page: ${path}`);
    const b = await readBody(req);
    if (path === '/api/session') {
      const faults = Array.isArray(b.faults) ? b.faults.map(String) : [];
      const s = new Session(backend.target(faults));
      if (backend.start) {
        const t = backend.load(backend.start.text, backend.start.name);
        s.reset(t.target, t.ops);
      }
      const id = `s${next++}`;
      sessions.set(id, s);
      // The oldest sessions are forgotten past SESSIONS_MAX (a tab left open that long reloads).
      for (const old of sessions.keys()) if (sessions.size > SESSIONS_MAX) sessions.delete(old);
      return json(res, 200, { id, view: s.view() });
    }
    const s = session(b);
    if (path === '/api/step') {
      if (!s.take(int(b.op, 'op'))) throw new ServeError(400, 'no such op here');
    } else if (path === '/api/goto') {
      if (!s.goto(int(b.to, 'to'))) throw new ServeError(400, 'no such point on the path');
    } else if (path === '/api/search') {
      const property = typeof b.property === 'string' && b.property !== '' ? b.property : undefined;
      const bound = b.maxStates === undefined ? undefined : int(b.maxStates, 'maxStates');
      s.search(property, bound === undefined ? undefined : Math.max(1, Math.min(bound, 1_000_000)));
    } else if (path === '/api/load') {
      const name = typeof b.name === 'string' ? b.name : 'trace';
      const t = backend.load(typeof b.text === 'string' ? b.text : backend.readSaved(name), name);
      s.reset(t.target, t.ops);
    } else throw new ServeError(404, `no such page: ${path}`);
    return json(res, 200, s.view());
  };
  const server = createServer((req, res) => {
    if (!localHost(req.headers.host, bound)) return json(res, 403, { error: 'this server answers only requests to 127.0.0.1 or localhost' });
    route(req, res).catch((e: unknown) => {
      if (e instanceof ServeError) json(res, e.status, { error: e.message });
      else json(res, 500, { error: e instanceof Error ? e.message : String(e) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
