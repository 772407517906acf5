/**
 * The entry of a worker thread of a search over threads: it answers the
 * caller's requests (protocol.ts) with a {@link LevelWorker}, one at a
 * time, in order.
 */
import { parentPort } from 'node:worker_threads';
import { LevelWorker } from './level-worker.js';
import type { Request } from './protocol.js';

const port = parentPort;
if (port) {
  const worker = new LevelWorker<unknown, unknown, unknown>(false);
  let queue = Promise.resolve();
  port.on('message', (req: Request) => {
    queue = queue.then(async () => port.postMessage(await worker.handle(req)));
  });
}
