/**
 * Group commit for requests that arrive together (docs/benchmarks.md, issue 8): each `submit`
 * waits for its own answer, but requests of one key that queue while earlier ones are running are
 * handed to `run` together, so that they share one transaction — its statements, its triggers'
 * statement-level work and its commit. A request that finds a free slot starts at once: alone, it
 * waits for nothing (no timer). At most `maxInFlight` runs at a time, `maxInFlightPerKey` of one
 * key; at most `maxBatch` items per run; two items with the same `distinct` value never share a run (the later one waits for the next).
 *
 * `run` answers each item in the order given: its result, or the error that item's request ends
 * with. If `run` itself throws, every item of that run ends with that error.
 */
export interface CoalescerOptions<I> {
  maxBatch: number;
  /** Runs at once in all. */
  maxInFlight: number;
  /** Runs at once of one key: one lets the rest of that key gather behind it. */
  maxInFlightPerKey: number;
  /** Items that must not share a run (say, two decisions on one transfer). */
  distinct: (item: I) => string;
  /** Told the size of each run as it starts (monitoring: group-commit group sizes). */
  onRun?: (key: string, size: number) => void;
}

interface Job<I, R> {
  key: string;
  item: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class Coalescer<I, R> {
  private queue: Job<I, R>[] = [];
  private inFlight = 0;
  /** Runs in flight per key. */
  private readonly running = new Map<string, number>();

  constructor(
    private readonly run: (key: string, items: readonly I[]) => Promise<readonly (R | Error)[]>,
    private readonly opts: CoalescerOptions<I>,
  ) {}

  /** Runs `item` with whatever else of `key` is waiting; resolves or rejects with its own outcome. */
  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ key, item, resolve, reject });
      this.pump();
    });
  }

  /** Requests waiting for a slot (for tests and monitoring). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight) {
      // The first waiting item whose key has a free slot, with what else of its key waits.
      const first = this.queue.find((j) => (this.running.get(j.key) ?? 0) < this.opts.maxInFlightPerKey);
      if (!first) return;
      const key = first.key;
      const batch: Job<I, R>[] = [];
      const rest: Job<I, R>[] = [];
      const seen = new Set<string>();
      for (const job of this.queue) {
        const id = this.opts.distinct(job.item);
        if (job.key === key && batch.length < this.opts.maxBatch && !seen.has(id)) {
          seen.add(id);
          batch.push(job);
        } else rest.push(job);
      }
      this.queue = rest;
      this.opts.onRun?.(key, batch.length);
      this.inFlight++;
      this.running.set(key, (this.running.get(key) ?? 0) + 1);
      void this.execute(key, batch).finally(() => {
        this.inFlight--;
        const left = (this.running.get(key) ?? 1) - 1;
        if (left) this.running.set(key, left);
        else this.running.delete(key);
        this.pump();
      });
    }
  }

  private async execute(key: string, batch: readonly Job<I, R>[]): Promise<void> {
    try {
      const results = await this.run(
        key,
        batch.map((j) => j.item),
      );
      batch.forEach((job, i) => {
        const r = results[i];
        if (r instanceof Error) job.reject(r);
        else if (r === undefined) job.reject(new Error('Coalescer: run answered fewer items than it was given'));
        else job.resolve(r);
      });
    } catch (e) {
      for (const job of batch) job.reject(e);
    }
  }
}

/**
 * A run for `Coalescer`: one item goes `alone`; several go `together` (one answer or error per
 * item, in order); if `together` fails as a whole — a deadlock with another run, say — each is
 * retried `alone`, one after another. Whatever `alone` throws becomes that item's error.
 */
export async function togetherOrEachAlone<I, R>(
  items: readonly I[],
  together: (items: readonly I[]) => Promise<readonly (R | Error)[]>,
  alone: (item: I) => Promise<R>,
): Promise<readonly (R | Error)[]> {
  const one = (x: I): Promise<R | Error> => alone(x).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  if (items.length === 1) return [await one(items[0])];
  try {
    return await together(items);
  } catch {
    const each: (R | Error)[] = [];
    for (const x of items) each.push(await one(x));
    return each;
  }
}
