import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { SCREENSHOTS } from './paths';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | null = null;

/**
 * axe-core into the page through the DevTools protocol: the console's Content-Security-Policy
 * (own scripts only) refuses an injected <script>, and it stays enforced for everything else.
 */
async function injectAxe(page: Page): Promise<void> {
  axeSource ??= readFileSync(AXE, 'utf8');
  if (await page.evaluate(() => 'axe' in window)) return;
  await page.evaluate(axeSource);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Debian Chromium in a fresh profile, at 1366×768 (the smallest screen admins use). */
export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'zhtj-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function login(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  // Attached, not visible: on a phone the header keeps the account line hidden.
  await page.getByTestId('who').waitFor({ state: 'attached' });
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.waitForURL((url) => url.pathname.startsWith('/login'));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/**
 * The page as it rests, for axe: toasts gone, and no finite animation running — a tag that has
 * just appeared fades in (Element Plus's el-tag appears with a zoom-in transition), and axe read
 * the "待审核" tag of a row rendered a moment before as low contrast. Endless ones (a spinner) are
 * not waited for.
 */
async function settled(page: Page): Promise<void> {
  await page
    .locator('.el-message')
    .first()
    .waitFor({ state: 'detached', timeout: 6_000 })
    .catch(() => undefined);
  await page
    .waitForFunction(
      // Vue marks an element entering or leaving with `…-enter-…` / `…-leave-…` classes for the whole transition.
      () =>
        !document.querySelector('[class*="-enter-"], [class*="-leave-"]') &&
        document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
      undefined,
      { timeout: 3_000 },
    )
    .catch(() => undefined);
}

/**
 * Runs axe-core in the page against WCAG 2.1 A/AA (GB/T 37668 follows WCAG 2.0/2.1) and returns
 * the serious and critical violations, each summarised for a readable failure.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await settled(page);
  await injectAxe(page);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } };
    const res = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return res.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.html.slice(0, 160))
          .join(' | ')}`,
    );
}

/**
 * Every axe-core violation (any impact) against WCAG 2.1 A/AA and axe's best practices — the
 * latter include `region` (all content inside landmarks) and `landmark-*`.
 */
export async function a11yViolations(page: Page): Promise<string[]> {
  await settled(page);
  await injectAxe(page);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } };
    const res = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return res.violations;
  });
  return violations.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.html.slice(0, 160))
        .join(' | ')}`,
  );
}

/** Opens a page at a phone's size (390×844, touch) in a fresh profile. */
export async function launchPhone(): Promise<Browser> {
  const b = await launch();
  await b.page.setViewportSize({ width: 390, height: 844 });
  return b;
}
