import type { Page } from 'playwright-core';
import { ApiSession, setClock } from './api';
import { makeId } from './excel';
import { DEMO_PASSWORD } from './server';

// What everyday.e2e.ts and everyday-direct.e2e.ts (issue 12) share: their fixtures, made through
// the API, and the helpers their pages need.

export const MEMBER_PASSWORD = 'Member2026x';

export interface Page_<T> {
  items: T[];
  total: number;
}
export interface Me {
  orgId: string;
}
export interface Transfer {
  id: string;
  status: string;
}

/** Types into a remote el-select and picks the option containing `option`. */
export async function choose(page: Page, testId: string, typed: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(typed);
  await page.getByRole('option').filter({ hasText: option }).first().click();
}

/** Is the Element Plus CSS of ElMessage and ElMessageBox in the page (service components, called from scripts)? */
export async function serviceStylesLoaded(page: Page): Promise<{ message: string; box: string; overlay: string }> {
  return page.evaluate(() => {
    const probe = (cls: string, prop: string) => {
      const el = document.createElement('div');
      el.className = cls;
      document.body.appendChild(el);
      const v = getComputedStyle(el).getPropertyValue(prop);
      el.remove();
      return v;
    };
    return {
      message: probe('el-message el-message--success', 'position'),
      box: probe('el-message-box', 'background-color'),
      overlay: probe('el-overlay', 'position'),
    };
  });
}

export const INTERNAL_REFS = /§\s*\d|\bQ\d{1,2}\b/;

/** The app clock moves 5 minutes on each call from 1 July 2026 09:00 CST, so the newest transfer lists first. */
let minutes = 0;
export async function tick(baseUrl: string): Promise<string> {
  minutes += 5;
  const at = new Date(Date.parse('2026-07-01T09:00:00+08:00') + minutes * 60_000).toISOString();
  await setClock(baseUrl, at);
  return at;
}
/** `YYYY-MM-DD HH:mm` in China Standard Time. */
export const cst = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export interface Everyday {
  school: ApiSession;
  wuhou: ApiSession;
  /** A class branch of the demo school. */
  branchId: string;
  /** A work unit's branch under 武侯区. */
  employerId: string;
  employerName: string;
  /** A new member of the branch, with an account (log in with the ID number). */
  newMember(name: string): Promise<{ id: string; idCardNumber: string }>;
}

/**
 * The clock at 1 July 2026 09:00, the demo school's and 武侯区's admins, and a branch and an employer
 * of this file's own (named `branchName`, `employerName`), so the demo data's size does not matter;
 * members' ID numbers are numbered from `firstSeq`.
 */
export async function everyday(baseUrl: string, branchName: string, employerName: string, firstSeq: number): Promise<Everyday> {
  await setClock(baseUrl, '2026-07-01T09:00:00+08:00');
  const school = await ApiSession.login(baseUrl, 'school', DEMO_PASSWORD);
  const wuhou = await ApiSession.login(baseUrl, 'wuhou', DEMO_PASSWORD);
  const schoolOrg = await school.get<Me>('/auth/me');
  const branchId = (
    await school.post<{ id: string }>('/orgs', { parentId: schoolOrg.orgId, name: branchName, kind: 'branch', level: 'base' })
  ).id;
  const wuhouOrg = await wuhou.get<Me>('/auth/me');
  const employerId = (
    await wuhou.post<{ id: string }>('/orgs', {
      parentId: wuhouOrg.orgId,
      name: employerName,
      kind: 'branch',
      level: 'base',
      industry: 'enterprise',
    })
  ).id;
  let idSeq = firstSeq;
  const newMember = async (name: string) => {
    const idCardNumber = makeId('510107', '2004-03-15', idSeq++);
    const m = await school.post<{ id: string }>('/members', {
      orgId: branchId,
      name,
      idCardNumber,
      phone: '13912345678',
      joinDate: '2018-05-04',
      emergencyContact: '母亲 13787654321',
    });
    await school.post('/users', { username: idCardNumber, password: MEMBER_PASSWORD, memberId: m.id });
    return { id: m.id, idCardNumber };
  };
  return { school, wuhou, branchId, employerId, employerName, newMember };
}
