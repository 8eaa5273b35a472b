import { afterAll, describe, expect, it } from 'vitest';
import { CertificateError, HTTPError, TLSError, TimeoutError } from '../../src/errors.js';
import { WorkerPool } from '../../src/pool/index.js';
import { FAKE_WORKER, fakeRequest } from './helpers.js';

describe('errors keep their class across the thread hop', () => {
  const pool = new WorkerPool({ workers: 2, workerFile: FAKE_WORKER });
  afterAll(() => pool.close());
  const fail = (path: string): Promise<unknown> => pool.request(fakeRequest(`https://x.test${path}`)).then(
    () => expect.fail('should have rejected'),
    (error: unknown) => error,
  );

  it('TLSError with its alert', async () => {
    const error = await fail('/error/tls');
    expect(error).toBeInstanceOf(TLSError);
    expect(error).toBeInstanceOf(HTTPError);
    expect(error).toMatchObject({ alert: 40, alertName: 'handshake_failure', direction: 'received', message: 'server refused the handshake' });
  });

  it('TimeoutError with its phase', async () => {
    const error = await fail('/error/timeout');
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'connect', timeoutMs: 1234 });
  });

  it('CertificateError with its reason (and still a TLSError)', async () => {
    const error = await fail('/error/certificate');
    expect(error).toBeInstanceOf(CertificateError);
    expect(error).toBeInstanceOf(TLSError);
    expect(error).toMatchObject({ reason: 'expired', subject: 'CN=expired.test', alert: 45 });
  });

  it('anything else becomes an HTTPError that names the original', async () => {
    const error = await fail('/error/plain');
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as Error).message).toBe('TypeError: a bug in the handler');
  });
});
