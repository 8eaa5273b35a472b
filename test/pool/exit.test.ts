import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the default pool never keeps the process alive', () => {
  it('a script that makes requests through it exits by itself', () => {
    const script = fileURLToPath(new URL('./fixtures/exit-script.ts', import.meta.url));
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000 });
    const elapsed = performance.now() - started;
    expect(child.error).toBeUndefined(); // set (ETIMEDOUT) if the child had to be killed
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('echo:child streamed=300000');
    console.log(`child script (tsx start-up, 2 worker threads, a request and a stream) exited by itself after ${elapsed.toFixed(0)} ms`);
    // Well under the 30 s idle timeout: it is not the threads timing out that lets it go.
    expect(elapsed).toBeLessThan(10_000);
  });
});
