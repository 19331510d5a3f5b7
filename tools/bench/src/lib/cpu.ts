// CPU time by process on Linux (/proc), for the benchmark's rows: how many milliseconds of CPU one
// operation costs in the API, in PostgreSQL (the server the bench talks to: its postmaster and every
// process under it — backends, WAL writer, checkpointer …) and in this driver — so that a
// throughput goal can be checked against the machine's cores (docs/benchmarks.md: "the budget").
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type { Client } from 'pg';

const TICK_MS = 1000 / Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim() || 100);

/** Milliseconds of CPU by process: the API's, the PostgreSQL server's, this driver's (NaN where not measured). */
export interface Cpu {
  api: number;
  pg: number;
  driver: number;
}

/** A process's parent, its utime + stime, and that of its children that have been waited for, in ms. */
function stat(pid: number): { ppid: number; own: number; children: number } {
  // After the command name (which may itself hold ") "): state is field 3, ppid 4; utime 14, stime 15, cutime 16, cstime 17.
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), own: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
}

/**
 * The postmaster of the server behind `client` (a connected `pg` client): the parent of its backend.
 * Null when that process is not on this machine (a server elsewhere): PostgreSQL's column is then
 * not measured.
 */
export async function postmasterOf(client: Client): Promise<number | null> {
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number;
  try {
    return stat(pid).ppid;
  } catch {
    return null;
  }
}

/**
 * That server's CPU: the postmaster's own and its waited-for children's (a backend that ended —
 * pgbench's, when it disconnects — leaves its time there), and each live process under it.
 */
function serverMs(postmaster: number | null): number {
  if (!postmaster) return NaN;
  let ms: number;
  try {
    const p = stat(postmaster);
    ms = p.own + p.children;
  } catch {
    return NaN;
  }
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const s = stat(Number(pid));
      if (s.ppid === postmaster) ms += s.own;
    } catch {
      /* gone meanwhile: its time moved to the postmaster's children */
    }
  }
  return ms;
}

/** A reading now: the API's process (0: none), the server under `postmaster`, this driver and the tools it ran. */
export function cpuNow(apiPid: number, postmaster: number | null): Cpu {
  const self = stat(process.pid);
  return { api: apiPid ? stat(apiPid).own : NaN, pg: serverMs(postmaster), driver: self.own + self.children };
}

/** Milliseconds of CPU per operation since `before`, by process (NaN where not measured). */
export function cpuSince(before: Cpu, apiPid: number, postmaster: number | null, ops: number): Cpu {
  const now = cpuNow(apiPid, postmaster);
  const per = (k: keyof Cpu): number => (ops > 0 ? (now[k] - before[k]) / ops : NaN);
  return { api: per('api'), pg: per('pg'), driver: per('driver') };
}
