/**
 * The worker thread's entry, loaded by piscina: every request a shard serves runs here, through
 * the HTTP layer. Imports stay static: under tsx on Node 20 a worker gets only tsx's CommonJS
 * hook, so a dynamic import() of a .ts module would fail there (tests inject their own entry).
 */
import { performRequest } from '../http/dispatch.js';
import { createTaskRunner } from './run-task.js';

export default createTaskRunner(performRequest);
