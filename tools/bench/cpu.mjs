// CPU time by process on Linux (/proc), for the benchmark's rows: how many milliseconds of CPU one
// operation costs in the API, in PostgreSQL (every server process: backends, WAL writer,
// checkpointer …) and in this driver — so that a throughput goal can be checked against the
// machine's cores (docs/benchmarks.md: "the budget").
import { readFileSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';

const TICK_MS = 1000 / Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim() || 100);

/** A process's parent, and its utime + stime, and that of its children that have been waited for, in ms. */
function stat(pid) {
  // Fields after the command name: state is field 3, ppid 4; utime 14, stime 15, cutime 16, cstime 17.
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { ppid: Number(f[1]), own: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
}

/**
 * Every PostgreSQL server process's CPU: the live ones' own, plus the postmaster's waited-for
 * children — a backend that ended (pgbench's, when it disconnects) leaves its time there.
 */
function postgresMs() {
  const procs = new Map();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) procs.set(Number(pid), stat(pid));
    } catch {
      /* gone meanwhile */
    }
  }
  let ms = 0;
  for (const p of procs.values()) ms += p.own + (procs.has(p.ppid) ? 0 : p.children);
  return ms;
}

/** A reading now; `since(before, ops)` gives ms of CPU per operation since `before`. */
export function cpuNow(apiPid) {
  const self = stat(process.pid);
  return { api: apiPid ? stat(apiPid).own : 0, pg: postgresMs(), driver: self.own, children: self.children };
}

/** Per operation since `before`: the API, PostgreSQL, this driver, and the tools it ran (pgbench). */
export function cpuSince(before, apiPid, ops) {
  const now = cpuNow(apiPid);
  const per = (k) => (ops > 0 ? (now[k] - before[k]) / ops : NaN);
  return { api: per('api'), pg: per('pg'), driver: per('driver') + per('children') };
}
