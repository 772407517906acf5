// Preloaded (node --import) into an hvspec child by test/e2e/signals.ts: says on file descriptor 3
// when the command starts listening for SIGINT and SIGTERM, so that the test signals it only then.
import { writeSync } from 'node:fs';

process.on('newListener', (event) => {
  if (event === 'SIGINT' || event === 'SIGTERM') writeSync(3, `${event}\n`);
});
