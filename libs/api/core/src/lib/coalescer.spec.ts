import { describe, expect, it } from 'vitest';
import { Coalescer, togetherOrEachAlone } from './coalescer';

/** A run that waits until released, recording what it was given. */
function gatedRuns() {
  const runs: { key: string; items: string[]; release: () => void }[] = [];
  const run = (key: string, items: readonly string[]) =>
    new Promise<(string | Error)[]>((resolve) => {
      runs.push({
        key,
        items: [...items],
        release: () => resolve(items.map((x) => (x.startsWith('bad') ? new Error(`refused ${x}`) : `done ${x}`))),
      });
    });
  return { runs, run };
}

const tick = () => new Promise((r) => setImmediate(r));

/** Group commit of single approvals (issue 8, docs/benchmarks.md): what runs together, and who gets what. */
describe('Coalescer', () => {
  it('runs a lone item at once, and hands what queued meanwhile to the next run together', async () => {
    const { runs, run } = gatedRuns();
    const c = new Coalescer(run, { maxBatch: 10, maxInFlight: 1, maxInFlightPerKey: 1, distinct: (x: string) => x });
    const first = c.submit('k', 'a');
    await tick();
    expect(runs.map((r) => r.items)).toEqual([['a']]);
    const later = ['b', 'c', 'd'].map((x) => c.submit('k', x));
    await tick();
    expect(runs).toHaveLength(1);
    expect(c.waiting).toBe(3);
    runs[0].release();
    expect(await first).toBe('done a');
    await tick();
    expect(runs.map((r) => r.items)).toEqual([['a'], ['b', 'c', 'd']]);
    runs[1].release();
    expect(await Promise.all(later)).toEqual(['done b', 'done c', 'done d']);
  });

  it('tells onRun the size of each run as it starts (the group-commit sizes /metrics reports)', async () => {
    const { runs, run } = gatedRuns();
    const sizes: [string, number][] = [];
    const c = new Coalescer(run, {
      maxBatch: 10,
      maxInFlight: 1,
      maxInFlightPerKey: 1,
      distinct: (x: string) => x,
      onRun: (key, size) => sizes.push([key, size]),
    });
    const all = [c.submit('k', 'a'), c.submit('k', 'b'), c.submit('k', 'c')];
    await tick();
    expect(sizes).toEqual([['k', 1]]);
    runs[0].release();
    await tick();
    expect(sizes).toEqual([
      ['k', 1],
      ['k', 2],
    ]);
    runs[1].release();
    await Promise.all(all);
  });

  it('keeps keys apart, one run per key at a time, up to maxInFlight in all, at most maxBatch items a run', async () => {
    const { runs, run } = gatedRuns();
    const c = new Coalescer(run, { maxBatch: 2, maxInFlight: 2, maxInFlightPerKey: 1, distinct: (x: string) => x });
    const all = [
      c.submit('k', 'a'),
      c.submit('k', 'b'),
      c.submit('j', 'x'),
      c.submit('k', 'c'),
      c.submit('j', 'y'),
      c.submit('m', 'z'),
      c.submit('k', 'd'),
    ];
    await tick();
    // 'a' and 'x' start at once, each alone in its key; the rest of each key waits behind them.
    expect(runs.map((r) => [r.key, r.items])).toEqual([
      ['k', ['a']],
      ['j', ['x']],
    ]);
    runs[0].release();
    await tick();
    // 'k' is free again: its next two together ('d' waits: two a run).
    expect(runs.map((r) => [r.key, r.items]).slice(2)).toEqual([['k', ['b', 'c']]]);
    runs[1].release();
    await tick();
    expect(runs.map((r) => [r.key, r.items]).slice(3)).toEqual([['j', ['y']]]);
    runs[2].release();
    await tick();
    // Two slots in all: 'm' waited for one although its key was free.
    expect(runs.map((r) => [r.key, r.items]).slice(4)).toEqual([['m', ['z']]]);
    runs[3].release();
    await tick();
    expect(runs.map((r) => [r.key, r.items]).slice(5)).toEqual([['k', ['d']]]);
    runs[4].release();
    runs[5].release();
    expect(await Promise.all(all)).toEqual(['done a', 'done b', 'done x', 'done c', 'done y', 'done z', 'done d']);
  });

  it('never puts two items with the same distinct value in one run', async () => {
    const { runs, run } = gatedRuns();
    const c = new Coalescer(run, { maxBatch: 10, maxInFlight: 1, maxInFlightPerKey: 1, distinct: (x: string) => x.slice(0, 1) });
    const first = c.submit('k', 'a0');
    const rest = ['a1', 'b0', 'a2', 'c0'].map((x) => c.submit('k', x));
    await tick();
    runs[0].release();
    await first;
    await tick();
    expect(runs[1].items).toEqual(['a1', 'b0', 'c0']);
    runs[1].release();
    await tick();
    expect(runs[2].items).toEqual(['a2']);
    runs[2].release();
    expect(await Promise.all(rest)).toEqual(['done a1', 'done b0', 'done a2', 'done c0']);
  });

  it('rejects each item with its own error, and every item of a run that throws', async () => {
    const c = new Coalescer(
      async (_k: string, items: readonly string[]) => {
        if (items.includes('boom')) throw new Error('run failed');
        return items.map((x) => (x.startsWith('bad') ? new Error(`refused ${x}`) : `done ${x}`));
      },
      { maxBatch: 10, maxInFlight: 1, maxInFlightPerKey: 1, distinct: (x: string) => x },
    );
    const outcomes = await Promise.allSettled([
      c.submit('k', 'ok'),
      c.submit('k', 'bad1'),
      c.submit('k', 'ok2'),
      c.submit('k', 'boom'),
      c.submit('j', 'fine'),
    ]);
    const seen = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message));
    // 'ok' ran alone; 'bad1', 'ok2' and 'boom' ran together and failed as one; 'fine' after them.
    expect(seen).toEqual(['done ok', 'run failed', 'run failed', 'run failed', 'done fine']);
    const each = await Promise.allSettled([c.submit('k', 'ok'), c.submit('k', 'bad2')]);
    expect(each.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['done ok', 'refused bad2']);
  });

  it('togetherOrEachAlone: one item alone, several together, each alone (in order) when together fails', async () => {
    const calls: string[] = [];
    const alone = async (x: string) => {
      calls.push(`alone ${x}`);
      if (x.startsWith('bad')) throw new Error(`refused ${x}`);
      return `alone ${x}`;
    };
    const together = async (xs: readonly string[]) => {
      calls.push(`together ${xs.join(',')}`);
      if (xs.includes('boom')) throw new Error('deadlock');
      return xs.map((x) => `together ${x}`);
    };
    expect(await togetherOrEachAlone(['a'], together, alone)).toEqual(['alone a']);
    expect(await togetherOrEachAlone(['a', 'b'], together, alone)).toEqual(['together a', 'together b']);
    const fallback = await togetherOrEachAlone(['a', 'boom', 'bad'], together, alone);
    expect(fallback.map((r) => (r instanceof Error ? r.message : r))).toEqual(['alone a', 'alone boom', 'refused bad']);
    expect(calls).toEqual(['alone a', 'together a,b', 'together a,boom,bad', 'alone a', 'alone boom', 'alone bad']);
  });
});
