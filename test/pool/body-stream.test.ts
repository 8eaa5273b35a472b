import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/errors.js';
import { BodyStream, type BodyStreamHooks } from '../../src/pool/body-stream.js';
import { CreditGate } from '../../src/pool/credit.js';

function hooks(overrides: Partial<BodyStreamHooks> = {}): BodyStreamHooks & { pulls: number; cancels: number; stalls: number } {
  const counts = { pulls: 0, cancels: 0, stalls: 0 };
  return Object.assign(counts, {
    consumed: () => counts.pulls++,
    cancelled: () => counts.cancels++,
    stalled: () => counts.stalls++,
    stallMs: 0,
    waiting: () => {},
    ...overrides,
  });
}

const bytes = (n: number): Uint8Array => new Uint8Array([n]);

describe('BodyStream (main side of a streamed body)', () => {
  it('grants one credit per chunk the reader takes, not per chunk received', async () => {
    const h = hooks();
    const body = new BodyStream(h);
    body.push(bytes(1));
    body.push(bytes(2));
    expect(h.pulls).toBe(0);
    expect(await body.read()).toEqual(bytes(1));
    expect(h.pulls).toBe(1);
    const waiting = body.read();
    expect(await waiting).toEqual(bytes(2));
    const next = body.read();
    body.push(bytes(3)); // handed straight to the waiting reader
    expect(await next).toEqual(bytes(3));
    expect(h.pulls).toBe(3);
    body.end();
    expect(await body.read()).toBeNull();
  });

  it('breaking out of for-await cancels; finishing normally does not', async () => {
    const h = hooks();
    const body = new BodyStream(h);
    body.push(bytes(1));
    body.push(bytes(2));
    for await (const _ of body) break;
    expect(h.cancels).toBe(1);

    const done = new BodyStream(h);
    done.push(bytes(1));
    done.end();
    for await (const _ of done);
    expect(h.cancels).toBe(1);
  });

  it('an error is seen next, ahead of chunks still queued', async () => {
    const body = new BodyStream(hooks());
    body.push(bytes(1));
    body.fail(new Error('reset'));
    await expect(body.read()).rejects.toThrow('reset');
  });

  it('a reader left waiting past stallMs gets a read TimeoutError', async () => {
    const h = hooks({ stallMs: 30 });
    const body = new BodyStream(h);
    const error = await body.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'read' });
    expect(h.stalls).toBe(1);
  });
});

describe('CreditGate (worker side)', () => {
  it('lets the window through, then waits for grants', async () => {
    const gate = new CreditGate(2);
    await gate.take();
    await gate.take();
    let third = false;
    const pending = gate.take().then(() => (third = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    gate.grant();
    await pending;
    expect(third).toBe(true);
  });

  it('a failure wakes the waiter with the error', async () => {
    const gate = new CreditGate(0);
    const pending = gate.take();
    gate.fail(new Error('aborted'));
    await expect(pending).rejects.toThrow('aborted');
    await expect(gate.take()).rejects.toThrow('aborted');
  });
});
