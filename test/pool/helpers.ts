/** Shared by the pool tests: requests for the fake handler, and reading its answers. */
import type { RequestMessage, ResponseMessage } from '../../src/pool/messages.js';
import type { Profile } from '../../src/profiles/types.js';

/** The injected worker entry: the real runtime over a fake HTTP layer (the real one is src/http/dispatch.ts). */
export const FAKE_WORKER = new URL('./fixtures/fake-worker.ts', import.meta.url);

/** The pool only reads a profile to pick a shard, so tests need no real browser. */
const profile = { id: 'test-profile' } as unknown as Profile;

export function fakeRequest(url: string, overrides: Partial<RequestMessage> = {}): RequestMessage {
  return {
    method: 'GET',
    url,
    headers: [],
    body: null,
    profile,
    http2: 'auto',
    randomTlsExtensionOrder: false,
    verify: true,
    ca: [],
    proxy: null,
    timeout: 0,
    headerOrder: null,
    decode: true,
    maxBodySize: 0,
    stream: false,
    localAddress: null,
    family: 0,
    resolve: {},
    keylog: null,
    ...overrides,
  };
}

export function header(response: ResponseMessage, name: string): string | undefined {
  return response.headers.find(([key]) => key === name)?.[1];
}

export function text(response: ResponseMessage): string {
  return new TextDecoder().decode(response.body ?? new Uint8Array(0));
}

/** Hosts that the pool sends to distinct shards, one per shard asked for. */
export function hostsOnDistinctShards(shardOf: (request: RequestMessage) => number, count: number): string[] {
  const byShard = new Map<number, string>();
  for (let i = 0; byShard.size < count; i++) {
    const host = `host-${i}.test`;
    const shard = shardOf(fakeRequest(`https://${host}/`));
    if (!byShard.has(shard)) byShard.set(shard, host);
  }
  return [...byShard.values()];
}

/** Runs `count` jobs with at most `limit` at once. */
export async function withConcurrency<T>(count: number, limit: number, job: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}
