/**
 * Cold start in a fresh process: the package's import, then a new client's first response over a
 * new connection (the worker thread starts, loads the engine, handshakes). Run from a build
 * (`node`, not tsx), e.g. after `npm run build`: `node dist/../bench/micro/cold.js URL CA_FILE`.
 */
import { readFileSync } from 'node:fs';

const started = performance.now();
const { AsyncClient } = await import('../../src/index.js');
const imported = performance.now();
const client = new AsyncClient({ ca: readFileSync(process.argv[3]!, 'utf8') });
const response = await client.get(process.argv[2]!);
const answered = performance.now();
console.log(`import ${(imported - started).toFixed(0)} ms, first response ${(answered - imported).toFixed(0)} ms (status ${response.status}), since process start ${answered.toFixed(0)} ms`);
await client.close();
