/**
 * The worker thread's entry, loaded by piscina: every request a shard serves runs here, through
 * the HTTP layer. Imports stay static: under tsx on Node 20 a worker gets only tsx's CommonJS
 * hook, so a dynamic import() of a .ts module would fail there (tests inject their own entry).
 */
import { closeScope, performRequest, type PerformOptions } from '../http/dispatch.js';
import { openWebSocket } from '../http/websocket/open.js';
import type { HandlerOptions } from './handler.js';
import { createTaskRunner } from './run-task.js';

/**
 * Compile-time guard: an option the runtime passes but dispatch.ts does not read would be
 * silently ignored (structural typing allows extra properties), so every name must match.
 */
type UnreadOptions = Exclude<keyof HandlerOptions, keyof PerformOptions>;
const everyOptionIsRead: [UnreadOptions] extends [never] ? true : UnreadOptions = true;
void everyOptionIsRead;

export default createTaskRunner(performRequest, { closeScope, openWebSocket });
