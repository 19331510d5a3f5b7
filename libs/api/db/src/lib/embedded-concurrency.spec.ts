import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from './database';

/**
 * The embedded PGlite behind its socket server (`npm start` without DATABASE_URL): connections that
 * waited together behind a transaction each get their own answer. Before, their parameterised
 * queries' protocol messages were interleaved in PGlite's one session: "bind message supplies 2
 * parameters, but prepared statement "" requires 1", `portal "" does not exist`, 58 of 160 here.
 */
describe('embedded PostgreSQL: concurrent connections (keepProtocolSequencesTogether)', () => {
  let db: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  let pool: Pool;

  beforeAll(async () => {
    db = await startEmbeddedPostgres();
    pool = new Pool({ connectionString: db.url, max: 5 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.close();
  });

  it('answers each of many parameterised queries of different shapes, sent while a transaction is open, with its own rows', async () => {
    const failures: string[] = [];
    for (let round = 0; round < 20; round++) {
      const tx = await pool.connect();
      await tx.query('BEGIN');
      await tx.query('SELECT $1::int AS a', [round]);
      const others = Array.from({ length: 8 }, async (_, i) => {
        try {
          if (i % 2) {
            const r = await pool.query('SELECT $1::int + 1 AS v', [i]);
            if (r.rows[0]?.v !== i + 1) failures.push(`wrong answer ${JSON.stringify(r.rows)}`);
          } else {
            const r = await pool.query(`SELECT $1::text || 'x' AS s, $2::int AS n`, [String(i), i]);
            if (r.rows[0]?.s !== `${i}x` || r.rows[0]?.n !== i) failures.push(`wrong answer ${JSON.stringify(r.rows)}`);
          }
        } catch (e) {
          failures.push((e as Error).message);
        }
      });
      // The others queue behind the open transaction, which goes on with statements of its own.
      await new Promise((r) => setTimeout(r, 20));
      expect((await tx.query('SELECT $1::text AS b, $2::int AS c', ['in', round])).rows).toEqual([{ b: 'in', c: round }]);
      await tx.query('COMMIT');
      tx.release();
      await Promise.all(others);
    }
    expect(failures).toEqual([]);
  });

  it('keeps a transaction isolated: others wait for its commit and then see its rows', async () => {
    await pool.query('CREATE TABLE t_embedded (n int)');
    const tx = await pool.connect();
    await tx.query('BEGIN');
    await tx.query('INSERT INTO t_embedded VALUES ($1)', [1]);
    const seen = pool.query('SELECT count(*)::int AS n FROM t_embedded WHERE n = $1', [1]);
    await new Promise((r) => setTimeout(r, 20));
    await tx.query('INSERT INTO t_embedded VALUES ($1)', [1]);
    await tx.query('COMMIT');
    tx.release();
    expect((await seen).rows).toEqual([{ n: 2 }]);
  });

  it('a connection that goes away in the middle of its work does not stop the others', async () => {
    const gone = await pool.connect();
    await gone.query('BEGIN');
    await gone.query('SELECT $1::int AS a', [1]);
    const waiting = pool.query('SELECT $1::int * 2 AS v', [21]);
    gone.release(new Error('dropped'));
    expect((await waiting).rows).toEqual([{ v: 42 }]);
  });
});
