import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, launch, screenshot, seriousA11yViolations } from './support/browser';
import { OUTPUT } from './support/paths';

const baseUrl = inject('baseUrl');
/** Goal of the issue: first-load JavaScript of the login route, gzip. */
const FIRST_LOAD_BUDGET = 350 * 1024;

describe('login page', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await launch();
  });
  afterAll(() => b?.close());

  it('loads little JavaScript: no exceljs, no charts, well under the 350 KB gzip budget', async () => {
    const scripts = new Map<string, Promise<Buffer>>();
    b.page.on('response', (res) => {
      const url = res.url();
      if (res.request().resourceType() === 'script' || url.endsWith('.js')) scripts.set(url, res.body());
    });
    await b.page.goto(`${baseUrl}/login`, { waitUntil: 'networkidle' });
    const files = await Promise.all(
      [...scripts].map(async ([url, body]) => {
        const buf = await body;
        return { file: new URL(url).pathname, bytes: buf.length, gzip: gzipSync(buf).length };
      }),
    );
    const total = files.reduce((s, f) => s + f.gzip, 0);
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(`${OUTPUT}/first-load-login.json`, JSON.stringify({ route: '/login', gzipBytes: total, files }, null, 2));
    expect(files.some((f) => /exceljs|echarts/.test(f.file))).toBe(false);
    expect(total).toBeLessThan(FIRST_LOAD_BUDGET);
  });

  it('has no serious or critical accessibility violations', async () => {
    await b.page.goto(`${baseUrl}/login`);
    await b.page.locator('#username').waitFor();
    await screenshot(b.page, '01-login');
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });

  it('labels its fields and submits with the keyboard, showing the API Chinese message', async () => {
    await b.page.goto(`${baseUrl}/login`);
    await b.page.getByLabel('用户名 / 身份证号').fill('school');
    await b.page.keyboard.press('Tab');
    await b.page.keyboard.type('wrong-pass1');
    await b.page.keyboard.press('Enter');
    await expect.poll(() => b.page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
  });

  it('asks for both fields before calling the API', async () => {
    await b.page.goto(`${baseUrl}/login`);
    await b.page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => b.page.getByText('请输入用户名或身份证号').isVisible()).toBe(true);
  });

  it('switches to English through the message catalogue', async () => {
    await b.page.goto(`${baseUrl}/login`);
    await b.page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => b.page.getByRole('button', { name: 'Log in' }).isVisible()).toBe(true);
    expect(await b.page.evaluate(() => document.documentElement.lang)).toBe('en');
    await b.page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => b.page.getByRole('button', { name: '登录' }).isVisible()).toBe(true);
  });

  it('the forgot-password page explains the reset code and is accessible', async () => {
    await b.page.goto(`${baseUrl}/login`);
    await b.page.getByRole('link', { name: '忘记密码' }).click();
    await b.page.getByText('请向所在团组织或上级团组织的管理员索取重置码').waitFor();
    expect(await seriousA11yViolations(b.page)).toEqual([]);
  });
});
