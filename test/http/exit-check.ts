/**
 * Run as a child process by pool-lifecycle.test.ts: one request, then nothing. The process must
 * exit by itself although the connection is kept alive (the pool unrefs idle sockets).
 */
import { performRequest } from '../../src/http/dispatch.js';
import { makeRequest, text } from './request.js';

const response = await performRequest(makeRequest(process.argv[2]!));
process.stdout.write(`${response.status} ${text(response.body)}\n`);
