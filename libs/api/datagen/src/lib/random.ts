/**
 * A seeded, reproducible random source (sfc32 seeded through splitmix32): the same seed gives
 * the same data set, row for row. Nothing here reads the clock or Math.random.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One key by weight: `{ a: 3, b: 1 }` gives `a` three times as often as `b`. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }

  /** Stochastic rounding: 2.3 gives 2 seven times in ten and 3 three times in ten. */
  round(expected: number): number {
    const base = Math.floor(expected);
    return base + (this.chance(expected - base) ? 1 : 0);
  }

  /** A version-4 UUID drawn from this source (reproducible, unlike crypto.randomUUID). */
  uuid(): string {
    const [a, b, c, d] = this.words();
    return Rng.uuidLayout(`${a}${b.slice(0, 4)}`, '4', b, c, d);
  }

  /**
   * A version-7 UUID (RFC 9562) for the instant `ms`: the time in its first 48 bits, then bits
   * drawn from this source (as many draws as `uuid`). Ids made in order sort in that order, as
   * the database's `uuid_v7()` does for the API's members (migration MemberIds1765300000001).
   */
  uuidV7(ms: number): string {
    const [b, c, d] = this.words();
    return Rng.uuidLayout(Math.floor(ms).toString(16).padStart(12, '0'), '7', b, c, d);
  }

  /** Four 32-bit draws as 8 hex digits each. */
  private words(): [string, string, string, string] {
    const w = (): string => this.u32().toString(16).padStart(8, '0');
    return [w(), w(), w(), w()];
  }

  /** The UUID text of a 12-digit head, a version digit and the drawn words (RFC 9562 variant bits). */
  private static uuidLayout(head: string, version: string, b: string, c: string, d: string): string {
    const variant = ((parseInt(c[0] as string, 16) & 0x3) | 0x8).toString(16);
    return `${head.slice(0, 8)}-${head.slice(8, 12)}-${version}${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  /** A child source for one part of the data set, so parts stay stable when others change. */
  fork(salt: number): Rng {
    return new Rng((this.u32() ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);
  }
}
