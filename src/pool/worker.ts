/**
 * The worker thread's entry, loaded by piscina: every request a shard serves runs here.
 * The handler is loaded on first use (not at the top level) so that piscina can load this file
 * either way it tries, and so a test's injected handler never pulls in the real HTTP stack.
 */
import { workerData } from 'node:worker_threads';
import type { HandlerModule, RequestHandler } from './handler.js';
import { createTaskRunner } from './run-task.js';
import { isWorkerConfig } from './worker-config.js';

let handler: Promise<RequestHandler> | null = null;

function loadHandler(): Promise<RequestHandler> {
  handler ??= importHandler();
  return handler;
}

async function importHandler(): Promise<RequestHandler> {
  const injected = isWorkerConfig(workerData) ? workerData.handlerModule : null;
  if (injected !== null) return ((await import(injected)) as HandlerModule).performRequest;
  return (await import('../http/dispatch.js')).performRequest;
}

export default createTaskRunner(loadHandler);
