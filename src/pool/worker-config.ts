/** What the main thread tells each worker at startup (piscina's `workerData`). */
export interface WorkerConfig {
  /**
   * Tests only: a module (file URL) exporting `performRequest` with dispatch.ts's signature,
   * used instead of the HTTP layer. Null in production.
   */
  handlerModule: string | null;
}

export function isWorkerConfig(value: unknown): value is WorkerConfig {
  return typeof value === 'object' && value !== null && 'handlerModule' in value;
}
