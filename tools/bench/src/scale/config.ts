// `npm run bench -- --scale 0.05 [--seed 1] [--duration 15] [--skip-vitest] [--skip-login-flood]`
import { parseArgs } from 'node:util';

export interface ScaleConfig {
  scale: number;
  seed: number;
  /** How long a write row and pgbench run. */
  durationMs: number;
  skipVitest: boolean;
  skipLoginFlood: boolean;
  /** The generated data set's database, reused by later runs of the same scale and seed. */
  dbName: string;
  /** Each run measures a fresh copy of the generated data set: approvals and markings change it. */
  runDb: string;
  adminPassword: string;
  /** Every generated account's password (the generator's default). */
  password: string;
}

export function scaleConfig(args: string[]): ScaleConfig {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: 'string', default: '0.05' },
      seed: { type: 'string', default: '1' },
      duration: { type: 'string', default: '15' },
      'skip-vitest': { type: 'boolean', default: false },
      'skip-login-flood': { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  const dbName = `zhtj_bench_${String(scale).replace('.', '_')}_s${seed}`;
  return {
    scale,
    seed,
    durationMs: Number(values.duration) * 1000,
    skipVitest: values['skip-vitest'] === true,
    skipLoginFlood: values['skip-login-flood'] === true,
    dbName,
    runDb: `${dbName}_run`,
    adminPassword: process.env['ADMIN_PASSWORD'] ?? 'Admin@2026x',
    password: 'Demo@2026',
  };
}
