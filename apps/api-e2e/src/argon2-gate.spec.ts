import { describe, expect, it } from 'vitest';
import { Argon2Gate } from '@zhtj/api/auth';

describe('Argon2Gate: bounded password hashing per process (issue 10 item 7)', () => {
  it('runs at most `concurrency` at once, queues up to `queue`, and refuses the rest at once with 429', async () => {
    const gate = new Argon2Gate(2, 3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return 'done';
      });
    const results = Array.from({ length: 8 }, () => work().then((v) => v, (e: { code?: string }) => e.code));
    await new Promise((r) => setTimeout(r, 10));
    expect(releases.length).toBe(2);
    // 2 running + 3 waiting; the other 3 were refused without waiting.
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    const settled = await Promise.all(results);
    expect(settled.filter((r) => r === 'done').length).toBe(5);
    expect(settled.filter((r) => r === 'TOO_MANY_REQUESTS').length).toBe(3);
    expect(peak).toBe(2);
  });
});
