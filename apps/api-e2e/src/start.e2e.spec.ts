import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKSPACE, freePort } from './support/built-api';

/**
 * Issue 25, "the first minutes": `npm start` (tools/start.mjs) prints one line for the build, the
 * API's log, and ends with the addresses, the admin account with its generated password and the
 * demo accounts — not ~530 lines of chunk listings that scroll them away. Run as a newcomer runs it:
 * the real build, the embedded database, demo data.
 */
describe('npm start (tools/start.mjs)', () => {
  it('prints a one-line build summary and ends with the URLs, the accounts and the generated password', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'zhtj-start-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_DATA: '1' };
    delete env['DATABASE_URL'];
    delete env['ADMIN_PASSWORD'];
    delete env['APP_CLOCK'];
    const child = spawn(process.execPath, [join(WORKSPACE, 'tools/start.mjs')], { cwd: WORKSPACE, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    try {
      const deadline = Date.now() + 400_000;
      while (!/─{20,}\n\s*$/.test(out) || !out.includes('is running')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no summary:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const lines = out.split('\n');
      // The build: one line ("building api,admin … done in N s: …").
      expect(lines[0]).toMatch(/^building api,admin … done in \d+ s: api [\d.]+ MB; console \d+ files/);
      expect(lines[1]?.startsWith('{')).toBe(true);
      expect(lines.length).toBeLessThan(120);
      const block = out.slice(out.lastIndexOf('团关系转接与监测平台 is running'));
      expect(block).toContain(`console  http://localhost:${port}/`);
      expect(block).toContain(`API      http://localhost:${port}/api`);
      // The generated admin password, as the API logged it once.
      const created = lines
        .map((l) => (l.startsWith('{') ? (JSON.parse(l) as Record<string, string>) : null))
        .find((e) => e?.['msg'] === 'admin account created');
      expect(created?.['generatedPassword']).toMatch(/.{12,}/);
      expect(block).toContain(`admin    admin / ${created?.['generatedPassword']}`);
      expect(block).toMatch(/demo accounts:\n\s+\S+\s+\S+/);
      expect(block).toMatch(/\n\s+school\s+\S+/);
      // It is the last thing printed.
      expect(out.trimEnd().endsWith('─'.repeat(60))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 480_000);
});
