import { describe, expect, it } from 'vitest';
import { Argon2Gate } from './argon2-gate';

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
    const results = Array.from({ length: 8 }, () =>
      work().then(
        (v) => v,
        (e: { code?: string }) => e.code,
      ),
    );
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

/** Work that holds its slot until released, recording the order in which work started. */
function slowWork(gate: Argon2Gate) {
  const started: string[] = [];
  const releases: (() => void)[] = [];
  const submit = (name: string, lane?: 'trusted' | 'anonymous') =>
    gate
      .run(async () => {
        started.push(name);
        await new Promise<void>((resolve) => releases.push(resolve));
        return name;
      }, lane)
      .then(
        (v) => v,
        (e: { code?: string }) => `${name}:${e.code}`,
      );
  const tick = () => new Promise((r) => setTimeout(r, 1));
  /** Releases running work one at a time until nothing runs or waits. */
  const drain = async () => {
    for (let i = 0; i < 1000 && releases.length > 0; i++) {
      releases.shift()?.();
      await tick();
    }
  };
  return { started, releases, submit, tick, drain };
}

describe('Argon2Gate lanes: a known device goes ahead of an anonymous flood (issue 21 item 5)', () => {
  it('gives the next free slot to a trusted caller even when the anonymous lane is saturated with earlier work', async () => {
    const gate = new Argon2Gate(2, 32, 8);
    const w = slowWork(gate);
    // A flood: 2 running, 8 anonymous waiting (the lane is full), 2 more refused.
    const flood = Array.from({ length: 12 }, (_, i) => w.submit(`anon-${i}`, 'anonymous'));
    await w.tick();
    expect(gate.queued).toEqual({ trusted: 0, anonymous: 8 });
    // The known user arrives last of all …
    const known = w.submit('known', 'trusted');
    await w.tick();
    expect(gate.queued).toEqual({ trusted: 1, anonymous: 8 });
    // … and gets the first slot that frees, before all 8 anonymous callers who came earlier.
    w.releases.shift()?.();
    await w.tick();
    expect(w.started).toEqual(['anon-0', 'anon-1', 'known']);
    await w.drain();
    expect(await known).toBe('known');
    const settled = await Promise.all(flood);
    expect(settled.filter((r) => r.endsWith(':TOO_MANY_REQUESTS'))).toEqual(['anon-10:TOO_MANY_REQUESTS', 'anon-11:TOO_MANY_REQUESTS']);
  });

  it('sheds the newest anonymous waiter, never a trusted one, when every waiting place is taken', async () => {
    const gate = new Argon2Gate(1, 3);
    const w = slowWork(gate);
    const anon = Array.from({ length: 4 }, (_, i) => w.submit(`anon-${i}`, 'anonymous'));
    await w.tick();
    expect(gate.queued).toEqual({ trusted: 0, anonymous: 3 });
    const t1 = w.submit('t1', 'trusted');
    const t2 = w.submit('t2', 'trusted');
    await w.tick();
    expect(gate.queued).toEqual({ trusted: 2, anonymous: 1 });
    const t3 = w.submit('t3', 'trusted');
    const t4 = w.submit('t4', 'trusted');
    await w.tick();
    // The anonymous lane went first; only then is the trusted lane itself full.
    expect(gate.queued).toEqual({ trusted: 3, anonymous: 0 });
    await w.drain();
    expect(await Promise.all([t1, t2, t3, t4])).toEqual(['t1', 't2', 't3', 't4:TOO_MANY_REQUESTS']);
    expect(await Promise.all(anon)).toEqual(['anon-0', 'anon-1:TOO_MANY_REQUESTS', 'anon-2:TOO_MANY_REQUESTS', 'anon-3:TOO_MANY_REQUESTS']);
    expect(w.started).toEqual(['anon-0', 't1', 't2', 't3']);
  });

  it('bounds the anonymous lane below the whole queue, so trusted callers find room without shedding', async () => {
    const gate = new Argon2Gate(1, 4, 2);
    const w = slowWork(gate);
    const anon = Array.from({ length: 5 }, (_, i) => w.submit(`anon-${i}`, 'anonymous'));
    const trusted = Array.from({ length: 2 }, (_, i) => w.submit(`t-${i}`, 'trusted'));
    await w.tick();
    expect(gate.queued).toEqual({ trusted: 2, anonymous: 2 });
    await w.drain();
    expect(await Promise.all(trusted)).toEqual(['t-0', 't-1']);
    expect((await Promise.all(anon)).filter((r) => r.endsWith(':TOO_MANY_REQUESTS')).length).toBe(2);
    expect(w.started).toEqual(['anon-0', 't-0', 't-1', 'anon-1', 'anon-2']);
  });
});
