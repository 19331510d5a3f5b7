import { describe, expect, it } from 'vitest';
import { canRemindTransfer, reminderEscalation, reviewerPath, transferActions } from './reminders';
import type { Actor } from './types';
import type { TransferFacts } from './workflow';

// root → province → city → county → school → branch (from); county2 → employer (to)
const from = ['root', 'prov', 'city', 'county', 'school', 'branch'];
const to = ['root', 'prov', 'city', 'county2', 'employer'];
const transfer = (over: Partial<TransferFacts> = {}): TransferFacts => ({
  id: 't1',
  memberId: 'm1',
  type: 'employment',
  status: 'pending',
  fromOrgPath: from,
  toOrgPath: to,
  initiator: { userId: 'u-school', role: 'school_admin', name: 'school', side: 'outgoing' },
  initiatedAt: '2026-07-01T09:00:00+08:00',
  ...over,
});
const admin = (orgId: string, path: string[], role: Actor['role'] = 'county_admin', userId = `u-${orgId}`): Actor => ({
  userId,
  role,
  orgId,
  orgPath: path,
});
const member: Actor = { userId: 'u-m1', role: 'member', orgId: 'branch', orgPath: from, memberId: 'm1' };
const now = '2026-07-03T10:00:00+08:00';

describe('催办: reminders on a pending transfer (Interpretation: REMINDER_ESCALATION_DAYS)', () => {
  it('lets the member, the initiator and the outgoing side remind the receiving side (Q21)', () => {
    expect(canRemindTransfer(member, transfer(), null, now)).toEqual({ ok: true });
    expect(canRemindTransfer(admin('school', from.slice(0, 5), 'school_admin', 'u-school'), transfer(), null, now)).toEqual({ ok: true });
    expect(canRemindTransfer(admin('county', from.slice(0, 4)), transfer(), null, now)).toEqual({ ok: true });
  });

  it('refuses the reviewing side, which can decide instead, and strangers', () => {
    expect(canRemindTransfer(admin('county2', to.slice(0, 4)), transfer(), null, now)).toMatchObject({
      ok: false,
      code: 'REMIND_NOT_ALLOWED',
    });
    // The city is above both sides: it can decide, so it does not remind.
    expect(canRemindTransfer(admin('city', from.slice(0, 3), 'city_admin'), transfer(), null, now)).toMatchObject({
      ok: false,
      code: 'REMIND_NOT_ALLOWED',
    });
    expect(canRemindTransfer({ ...member, memberId: 'm2' }, transfer(), null, now)).toMatchObject({
      ok: false,
      code: 'REMIND_NOT_ALLOWED',
    });
  });

  it('allows at most one reminder per calendar day in Asia/Shanghai', () => {
    expect(canRemindTransfer(member, transfer(), '2026-07-03T00:30:00+08:00', now)).toMatchObject({
      ok: false,
      code: 'REMINDER_ALREADY_TODAY',
    });
    // 23:30 on the 2nd in Shanghai is the day before, though the same UTC day as 10:00 on the 3rd.
    expect(canRemindTransfer(member, transfer(), '2026-07-02T23:30:00+08:00', now)).toEqual({ ok: true });
  });

  it('reminds only pending transfers, not decided ones nor those reviewed in another system (Q17)', () => {
    expect(canRemindTransfer(member, transfer({ status: 'approved' }), null, now)).toMatchObject({
      ok: false,
      code: 'TRANSFER_NOT_PENDING',
    });
    expect(canRemindTransfer(member, transfer({ toOrgPath: null }), null, now)).toMatchObject({
      ok: false,
      code: 'EXTERNAL_REVIEWED_ELSEWHERE',
    });
  });

  it('refuses a transfer already due for the 10-day return (§3.2.3)', () => {
    const late = transfer({ initiatedAt: '2026-10-10T09:00:00+08:00' });
    expect(canRemindTransfer(member, late, null, '2026-10-21T09:00:00+08:00')).toMatchObject({ ok: false, code: 'TRANSFER_EXPIRED' });
  });

  it('a pull goes to the outgoing side, which decides it (§5 Interpretation, two-party consent)', () => {
    const t = transfer({ initiator: { userId: 'u-employer', role: 'base_admin', name: 'employer', side: 'receiving' } });
    expect(reviewerPath(t)).toBe(from);
    // The initiator and the waiting receiving side remind; the school, which decides, does not.
    expect(canRemindTransfer(admin('employer', to, 'base_admin', 'u-employer'), t, null, now)).toEqual({ ok: true });
    expect(canRemindTransfer(admin('county2', to.slice(0, 4)), t, null, now)).toEqual({ ok: true });
    expect(canRemindTransfer(admin('school', from.slice(0, 5), 'school_admin'), t, null, now)).toMatchObject({
      ok: false,
      code: 'REMIND_NOT_ALLOWED',
    });
  });

  it('is seen by the reviewing org and its superior, then escalates one committee up every 3 days unanswered', () => {
    const first = '2026-07-01T09:00:00+08:00';
    expect(reminderEscalation(to, first, '2026-07-03T20:00:00+08:00')).toEqual({
      level: 0,
      audience: ['county2', 'employer'],
      escalatedTo: null,
    });
    expect(reminderEscalation(to, first, '2026-07-04T09:00:00+08:00')).toEqual({
      level: 1,
      audience: ['city', 'county2', 'employer'],
      escalatedTo: 'city',
    });
    expect(reminderEscalation(to, first, '2026-07-07T09:00:00+08:00')).toEqual({
      level: 2,
      audience: ['prov', 'city', 'county2', 'employer'],
      escalatedTo: 'prov',
    });
    // It stops at the root.
    expect(reminderEscalation(to, first, '2026-09-01T09:00:00+08:00')).toMatchObject({ level: 3, escalatedTo: 'root' });
  });
});

describe('the approval view offers what the routes allow (§5, Q21, 催办)', () => {
  it('offers the outgoing county (not the initiator) a reminder, and no decision or withdrawal', () => {
    expect(transferActions(admin('county', from.slice(0, 4)), transfer(), null, now)).toEqual({
      approve: false,
      reject: false,
      withdraw: false,
      remind: true,
      closeReturn: false,
    });
  });

  it('offers the initiator withdrawal and a reminder; the receiving county a decision', () => {
    expect(transferActions(admin('school', from.slice(0, 5), 'school_admin', 'u-school'), transfer(), null, now)).toEqual({
      approve: false,
      reject: false,
      withdraw: true,
      remind: true,
      closeReturn: false,
    });
    expect(transferActions(admin('county2', to.slice(0, 4)), transfer(), null, now)).toEqual({
      approve: true,
      reject: true,
      withdraw: false,
      remind: false,
      closeReturn: false,
    });
  });

  it('offers nothing on a decided transfer, and no second reminder the same day', () => {
    expect(transferActions(member, transfer({ status: 'approved' }), null, now)).toEqual({
      approve: false,
      reject: false,
      withdraw: false,
      remind: false,
      closeReturn: false,
    });
    // Returned: its initiator (and the member) may close it on their 首页 (issue 23).
    expect(transferActions(member, transfer({ status: 'rejected' }), null, now)).toEqual({
      approve: false,
      reject: false,
      withdraw: false,
      remind: false,
      closeReturn: true,
    });
    expect(
      transferActions(admin('school', from.slice(0, 5), 'school_admin', 'u-school'), transfer({ status: 'expired' }), null, now),
    ).toMatchObject({ closeReturn: true });
    expect(transferActions(admin('county2', to.slice(0, 4)), transfer({ status: 'rejected' }), null, now)).toMatchObject({
      closeReturn: false,
    });
    expect(transferActions(member, transfer(), '2026-07-03T08:00:00+08:00', now)).toMatchObject({
      withdraw: true,
      remind: false,
      closeReturn: false,
    });
  });
});
