// The built API (`dist/apps/api/main.js`, what `npm start` runs) on a database of the bench's, on
// a free port of 127.0.0.1, with the settings of production and those the caller adds.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ROOT } from './workspace';

export interface BuiltApi {
  baseUrl: string;
  port: number;
  pid: number;
  /** Stops the API and waits for it to exit. */
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

export async function startBuiltApi(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<BuiltApi> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: '0',
      CONSOLE_DIR: '',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i >= 600) {
      await stop();
      throw new Error('the API did not start');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { baseUrl, port, pid: child.pid as number, stop };
}
