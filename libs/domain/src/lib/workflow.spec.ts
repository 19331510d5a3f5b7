import { describe, expect, it } from 'vitest';
import {
  canInitiateTransfer,
  canRecordCheckIn,
  canReviewTransfer,
  canSeeTransferContacts,
  canSeeTransferOrigin,
  canCloseReturn,
  checkMemberStillAtOrigin,
  canTransition,
  canWithdrawTransfer,
  checkNoOpenTransfer,
  decideInitiation,
  isFinalStatus,
  isOpenTransfer,
  nextTransferStatus,
  TRANSFER_ACTIONS,
  transfersDueForAutoReturn,
} from './workflow';
import type { InitiationInput, TransferFacts } from './workflow';
import { TRANSFER_STATUSES } from './types';
import { adminOf, beijing, memberActor, o } from './__fixtures__/tree';

const JUNE = '2026-06-15T10:00:00+08:00';

function transfer(over: Partial<TransferFacts> = {}): TransferFacts {
  return {
    id: 't1',
    memberId: 'm1',
    type: 'employment',
    status: 'pending',
    fromOrgPath: o('s1Class1').path,
    toOrgPath: o('firmBranch').path,
    initiator: { userId: 'admin-s1', name: '张老师', role: 'school_admin' },
    initiatedAt: '2026-06-01T10:05:00+08:00',
    ...over,
  };
}
const ok = { ok: true };
const no = (code: string) => ({ ok: false, code });

describe('state machine (§5)', () => {
  it('moves pending to approved, rejected, withdrawn or expired (§5)', () => {
    expect(nextTransferStatus('pending', 'approve')).toBe('approved');
    expect(nextTransferStatus('pending', 'reject')).toBe('rejected');
    expect(nextTransferStatus('pending', 'withdraw')).toBe('withdrawn');
    expect(nextTransferStatus('pending', 'expire')).toBe('expired');
    for (const to of ['approved', 'rejected', 'withdrawn', 'expired'] as const) expect(canTransition('pending', to)).toEqual(ok);
  });

  it('refuses every other transition: the outcomes are final (ILLEGAL_TRANSITION, §5)', () => {
    for (const from of TRANSFER_STATUSES) {
      if (from === 'pending') continue;
      expect(isFinalStatus(from)).toBe(true);
      for (const action of TRANSFER_ACTIONS) expect(nextTransferStatus(from, action)).toBeNull();
      for (const to of TRANSFER_STATUSES) expect(canTransition(from, to)).toEqual(no('ILLEGAL_TRANSITION'));
    }
    expect(canTransition('pending', 'pending')).toEqual(no('ILLEGAL_TRANSITION'));
    expect(isFinalStatus('pending')).toBe(false);
  });
});

describe('who initiates (Q21)', () => {
  const to = o('firmBranch');
  const from = o('s1Class1').path;

  it('lets the member initiate their own transfer (Q21)', () => {
    expect(canInitiateTransfer(memberActor('m1', 's1Class1'), { id: 'm1' }, from, to)).toEqual({ ok: true, side: 'member' });
  });

  it('refuses a member initiating someone else’s transfer (INITIATE_NOT_ALLOWED, Q21)', () => {
    expect(canInitiateTransfer(memberActor('m2', 's1Class1'), { id: 'm1' }, from, to)).toEqual(no('INITIATE_NOT_ALLOWED'));
  });

  it('lets an admin of the outgoing side — the member’s org or any ancestor — initiate (Q21)', () => {
    for (const id of ['s1Class1', 's1College', 's1', 'jinjiang', 'nation']) {
      expect(canInitiateTransfer(adminOf(id), { id: 'm1' }, from, to)).toEqual({ ok: true, side: 'outgoing' });
    }
  });

  it('lets an admin of the receiving side — the receiving org or any ancestor — initiate (Q21)', () => {
    expect(canInitiateTransfer(adminOf('firmBranch'), { id: 'm1' }, from, to)).toEqual({ ok: true, side: 'receiving' });
    expect(canInitiateTransfer(adminOf('firm'), { id: 'm1' }, from, to)).toEqual({ ok: true, side: 'receiving' });
  });

  it('refuses an admin of neither side (INITIATE_NOT_ALLOWED, Q21)', () => {
    expect(canInitiateTransfer(adminOf('s2'), { id: 'm1' }, from, to)).toEqual(no('INITIATE_NOT_ALLOWED'));
    expect(canInitiateTransfer(adminOf('town'), { id: 'm1' }, from, beijing())).toEqual(no('INITIATE_NOT_ALLOWED'));
  });
});

describe('one open transfer per member (Q21)', () => {
  it('allows a transfer when the member has none open (Q21)', () => {
    expect(checkNoOpenTransfer('m1', [], JUNE)).toEqual(ok);
    expect(checkNoOpenTransfer('m1', [transfer({ status: 'rejected' }), transfer({ status: 'withdrawn' })], JUNE)).toEqual(ok);
    expect(checkNoOpenTransfer('m1', [transfer({ memberId: 'm2' })], JUNE)).toEqual(ok);
  });

  it('refuses a second one, naming who initiated the open one and when (TRANSFER_ALREADY_OPEN, Q21)', () => {
    expect(checkNoOpenTransfer('m1', [transfer()], JUNE)).toEqual({
      ok: false,
      code: 'TRANSFER_ALREADY_OPEN',
      details: {
        initiatorName: '张老师',
        initiatorRole: 'school_admin',
        initiatedAt: '2026-06-01 10:05',
      },
    });
  });

  it('does not count a transfer already due for the automatic return as open (§3.2.3)', () => {
    const stale = transfer({ initiatedAt: '2026-10-02T09:00:00+08:00' });
    expect(isOpenTransfer(stale, '2026-10-05')).toBe(true);
    expect(isOpenTransfer(stale, '2026-10-12T09:00:00+08:00')).toBe(false);
    expect(checkNoOpenTransfer('m1', [stale], '2026-10-20')).toEqual(ok);
  });

  it('lists the pending transfers the system returns at `now` (§3.2.3)', () => {
    const a = transfer({ id: 'a', initiatedAt: '2026-10-02' });
    const b = transfer({ id: 'b', initiatedAt: '2026-09-29' });
    const c = transfer({ id: 'c', initiatedAt: '2026-10-02', status: 'approved' });
    const d = transfer({ id: 'd', initiatedAt: '2026-10-02', toOrgPath: null });
    expect(transfersDueForAutoReturn([a, b, c, d], '2026-10-20').map((t) => t.id)).toEqual(['a', 'd']);
  });
});

describe('deciding an initiation (Q1, Q21, §3)', () => {
  const base = (over: Partial<InitiationInput> = {}): InitiationInput => ({
    actor: adminOf('s1'),
    member: { id: 'm1', birthDate: '2004-03-01' },
    type: 'employment',
    from: o('s1Class1'),
    to: o('firmBranch'),
    now: JUNE,
    transfers: [],
    ...over,
  });

  it('allows a well-routed transfer by the outgoing school (§2.1, Q21)', () => {
    expect(decideInitiation(base())).toEqual({ ok: true, side: 'outgoing' });
  });

  it('checks the actor first (INITIATE_NOT_ALLOWED, Q21)', () => {
    expect(decideInitiation(base({ actor: adminOf('s2'), to: o('s1Class1') }))).toEqual(no('INITIATE_NOT_ALLOWED'));
  });

  it('refuses a member aged 28 with no League post (MEMBERSHIP_LAPSED_AGE, Q1)', () => {
    expect(decideInitiation(base({ member: { id: 'm1', birthDate: '1998-06-15' } }))).toEqual(no('MEMBERSHIP_LAPSED_AGE'));
    expect(decideInitiation(base({ member: { id: 'm1', birthDate: '1998-06-15', holdsLeaguePost: true } }))).toEqual({
      ok: true,
      side: 'outgoing',
    });
  });

  it('still transfers a party member under 28 (Q1)', () => {
    expect(decideInitiation(base({ member: { id: 'm1', birthDate: '1998-06-16' } }))).toEqual({ ok: true, side: 'outgoing' });
  });

  it('refuses while another transfer is open (TRANSFER_ALREADY_OPEN, Q21)', () => {
    const r = decideInitiation(base({ transfers: [transfer()] }));
    expect(r).toMatchObject({ ok: false, code: 'TRANSFER_ALREADY_OPEN', details: { initiatorName: '张老师' } });
  });

  it('a pull names a branch: the outgoing side that decides it does not assign one (PULL_NEEDS_BRANCH, §5)', () => {
    expect(decideInitiation(base({ actor: adminOf('firm'), to: o('firm') }))).toEqual(no('PULL_NEEDS_BRANCH'));
    expect(decideInitiation(base({ actor: adminOf('firm'), to: o('firmBranch') }))).toEqual({ ok: true, side: 'receiving' });
    // The outgoing side may still send a graduate to a committee, which assigns the branch (§5).
    expect(decideInitiation(base({ to: o('firm') }))).toEqual({ ok: true, side: 'outgoing' });
  });

  it('passes routing refusals through (§3)', () => {
    expect(decideInitiation(base({ type: 'further_study', to: o('townBranch') }))).toEqual(no('FURTHER_STUDY_TO_TOWNSHIP'));
  });
});

describe('approve and reject (§5, Q15, Q20)', () => {
  it('lets an admin of the receiving org or an ancestor approve (§5)', () => {
    for (const id of ['firmBranch', 'firm', 'jinjiang', 'sc']) {
      expect(canReviewTransfer(adminOf(id), transfer(), 'approve', JUNE)).toEqual(ok);
    }
  });

  it('refuses the outgoing side, other admins and members (REVIEW_NOT_ALLOWED, §5)', () => {
    expect(canReviewTransfer(adminOf('s1'), transfer(), 'approve', JUNE)).toEqual(no('REVIEW_NOT_ALLOWED'));
    expect(canReviewTransfer(adminOf('town'), transfer(), 'approve', JUNE)).toEqual(no('REVIEW_NOT_ALLOWED'));
    expect(canReviewTransfer(memberActor('m1', 'firmBranch'), transfer(), 'approve', JUNE)).toEqual(no('REVIEW_NOT_ALLOWED'));
  });

  it('a pull (initiated by the receiving side) is decided by the outgoing side, never by the receiving side (§5 Interpretation, two-party consent)', () => {
    const pull = transfer({ initiator: { userId: 'admin-firm', role: 'base_admin', side: 'receiving' } });
    // The member's org and its ancestors decide it (jinjiang is above both sides).
    for (const id of ['s1Class1', 's1College', 's1', 'jinjiang', 'chengdu'])
      expect(canReviewTransfer(adminOf(id), pull, 'approve', JUNE)).toEqual(ok);
    expect(canReviewTransfer(adminOf('s1'), pull, 'reject', JUNE, '本人未同意')).toEqual(ok);
    // The initiator, a colleague it could create, and every other receiving-side admin wait.
    expect(canReviewTransfer(adminOf('firm'), pull, 'approve', JUNE)).toEqual(no('PULL_DECIDED_BY_OUTGOING_SIDE'));
    expect(canReviewTransfer(adminOf('firm', 'colleague-firm'), pull, 'approve', JUNE)).toEqual(no('PULL_DECIDED_BY_OUTGOING_SIDE'));
    expect(canReviewTransfer(adminOf('firmBranch'), pull, 'reject', JUNE, '不要')).toEqual(no('PULL_DECIDED_BY_OUTGOING_SIDE'));
    // Neither side: not allowed.
    expect(canReviewTransfer(adminOf('town'), pull, 'approve', JUNE)).toEqual(no('REVIEW_NOT_ALLOWED'));
    expect(canReviewTransfer(memberActor('m1', 's1Class1'), pull, 'approve', JUNE)).toEqual(no('REVIEW_NOT_ALLOWED'));
    // A transfer initiated by the outgoing side or the member stays the receiving side's.
    for (const side of ['outgoing', 'member'] as const) {
      const sent = transfer({ initiator: { userId: 'admin-s1', role: 'school_admin', side } });
      expect(canReviewTransfer(adminOf('firm'), sent, 'approve', JUNE)).toEqual(ok);
      expect(canReviewTransfer(adminOf('s1', 'colleague-s1'), sent, 'approve', JUNE)).toEqual(no('REVIEW_NOT_ALLOWED'));
    }
  });

  it('no account decides a pull it initiated, even from above both sides (§5 Interpretation, separation of duties)', () => {
    const own = transfer({ initiator: { userId: 'admin-jinjiang', role: 'county_admin', side: 'receiving' } });
    expect(canReviewTransfer(adminOf('jinjiang'), own, 'approve', JUNE)).toEqual(no('REVIEW_OWN_REQUEST'));
    expect(canReviewTransfer(adminOf('s1'), own, 'approve', JUNE)).toEqual(ok);
  });

  it('an admin above both sides is either side for initiating, but never decides its own request (§5 Interpretation)', () => {
    const own = transfer({ initiator: { userId: 'admin-sc', role: 'provincial_admin', side: 'outgoing' } });
    expect(canReviewTransfer(adminOf('sc'), own, 'approve', JUNE)).toEqual(no('REVIEW_OWN_REQUEST'));
    expect(canReviewTransfer(adminOf('jinjiang'), own, 'approve', JUNE)).toEqual(ok);
  });

  it('shows contacts before approval to the member, the outgoing side and those who decide, never to the receiving side of a pull (§5, Q16)', () => {
    const pull = transfer({ initiator: { userId: 'admin-firm', role: 'base_admin', side: 'receiving' } });
    const memberPath = o('s1Class1').path;
    expect(canSeeTransferContacts(adminOf('firm'), pull, memberPath)).toBe(false);
    expect(canSeeTransferContacts(adminOf('firm', 'colleague-firm'), pull, memberPath)).toBe(false);
    expect(canSeeTransferContacts(adminOf('firmBranch'), pull, memberPath)).toBe(false);
    expect(canSeeTransferContacts(adminOf('s1'), pull, memberPath)).toBe(true);
    expect(canSeeTransferContacts(adminOf('town'), pull, memberPath)).toBe(false);
    expect(canSeeTransferContacts(memberActor('m1', 's1Class1'), pull, memberPath)).toBe(true);
    // A transfer the school sent: the receiving admins who decide it see the contacts.
    const sent = transfer({ initiator: { userId: 'admin-s1', role: 'school_admin', side: 'outgoing' } });
    expect(canSeeTransferContacts(adminOf('firm'), sent, memberPath)).toBe(true);
    expect(canSeeTransferContacts(adminOf('town'), sent, memberPath)).toBe(false);
    // After approval: whoever has the member in scope (Q16).
    const done = { ...pull, status: 'approved' as const };
    expect(canSeeTransferContacts(adminOf('firm', 'colleague-firm'), done, memberPath)).toBe(false);
    expect(canSeeTransferContacts(adminOf('firm'), done, o('firmBranch').path)).toBe(true);
  });

  it('shows contacts only to receiving-side admins who may decide: not the special library nor the abroad branch itself (§5, §2.3, §2.5)', () => {
    const memberPath = o('townBranch').path;
    const special = transfer({
      type: 'special_unit',
      fromOrgPath: memberPath,
      toOrgPath: o('scLib').path,
      initiator: { userId: 'admin-town', role: 'township_admin', side: 'outgoing' },
    });
    expect(canSeeTransferContacts(adminOf('sc'), special, memberPath)).toBe(true);
    expect(canSeeTransferContacts(adminOf('scLib'), special, memberPath)).toBe(false);
    const abroad = transfer({
      type: 'abroad_study',
      toOrgPath: o('s1Abroad').path,
      initiator: { userId: 'member-m1', role: 'member', side: 'member' },
    });
    expect(canSeeTransferContacts(adminOf('s1Abroad'), abroad, o('s1Class1').path)).toBe(false);
    expect(canSeeTransferContacts(adminOf('s1'), abroad, o('s1Class1').path)).toBe(true);
  });

  it('hides where a pull comes from until the outgoing side approves it (§5)', () => {
    const pull = transfer({ initiator: { userId: 'admin-firm', role: 'base_admin', side: 'receiving' } });
    for (const status of ['pending', 'rejected', 'withdrawn', 'expired'] as const) {
      expect(canSeeTransferOrigin(adminOf('firm'), { ...pull, status })).toBe(false);
      expect(canSeeTransferOrigin(adminOf('firmBranch'), { ...pull, status })).toBe(false);
      expect(canSeeTransferOrigin(adminOf('s1'), { ...pull, status })).toBe(true);
      expect(canSeeTransferOrigin(adminOf('jinjiang'), { ...pull, status })).toBe(true);
    }
    expect(canSeeTransferOrigin(memberActor('m1', 's1Class1'), pull)).toBe(true);
    expect(canSeeTransferOrigin(adminOf('firm'), { ...pull, status: 'approved' })).toBe(true);
    // Sent by the outgoing side: the receiving side sees where it comes from.
    expect(canSeeTransferOrigin(adminOf('firm'), transfer())).toBe(true);
  });

  it('approves only while the member is still where the transfer started (§5, moved atomically)', () => {
    expect(checkMemberStillAtOrigin({ orgId: 'a' }, { fromOrgId: 'a' })).toEqual(ok);
    expect(checkMemberStillAtOrigin({ orgId: 'b' }, { fromOrgId: 'a' })).toEqual(no('TRANSFER_MEMBER_MOVED'));
  });

  it('needs the provincial committee for special_unit (SPECIAL_UNIT_NEEDS_PROVINCIAL_APPROVAL, §2.3)', () => {
    const t = transfer({ type: 'special_unit', toOrgPath: o('scLib').path });
    expect(canReviewTransfer(adminOf('sc'), t, 'approve', JUNE)).toEqual(ok);
    expect(canReviewTransfer(adminOf('scLib'), t, 'approve', JUNE)).toEqual(no('SPECIAL_UNIT_NEEDS_PROVINCIAL_APPROVAL'));
    expect(canReviewTransfer(adminOf('nation'), t, 'approve', JUNE)).toEqual(no('SPECIAL_UNIT_NEEDS_PROVINCIAL_APPROVAL'));
    expect(canReviewTransfer(adminOf('jinjiang'), t, 'approve', JUNE)).toEqual(no('REVIEW_NOT_ALLOWED'));
  });

  it('needs the school committee for abroad study (ABROAD_STUDY_NEEDS_SCHOOL_APPROVAL, §2.5)', () => {
    const t = transfer({
      type: 'abroad_study',
      toOrgPath: o('s1Abroad').path,
      initiator: { userId: 'member-m1', role: 'member', side: 'member' },
    });
    expect(canReviewTransfer(adminOf('s1'), t, 'approve', JUNE)).toEqual(ok);
    expect(canReviewTransfer(adminOf('s1Abroad'), t, 'approve', JUNE)).toEqual(no('ABROAD_STUDY_NEEDS_SCHOOL_APPROVAL'));
    expect(canReviewTransfer(adminOf('jinjiang'), t, 'approve', JUNE)).toEqual(no('ABROAD_STUDY_NEEDS_SCHOOL_APPROVAL'));
  });

  it('refuses rejecting without a reason (REJECT_REASON_REQUIRED, Q15, Q20)', () => {
    expect(canReviewTransfer(adminOf('firm'), transfer(), 'reject', JUNE)).toEqual(no('REJECT_REASON_REQUIRED'));
    expect(canReviewTransfer(adminOf('firm'), transfer(), 'reject', JUNE, '  ')).toEqual(no('REJECT_REASON_REQUIRED'));
    expect(canReviewTransfer(adminOf('firm'), transfer(), 'reject', JUNE, '单位无此人')).toEqual(ok);
  });

  it('refuses reviewing a transfer that is no longer pending (TRANSFER_NOT_PENDING, §5)', () => {
    for (const status of ['approved', 'rejected', 'withdrawn', 'expired'] as const) {
      expect(canReviewTransfer(adminOf('firm'), transfer({ status }), 'approve', JUNE)).toEqual(no('TRANSFER_NOT_PENDING'));
    }
  });

  it('refuses reviewing after 10 unreviewed days from October (TRANSFER_EXPIRED, §3.2.3)', () => {
    const t = transfer({ initiatedAt: '2026-10-02T09:00:00+08:00' });
    expect(canReviewTransfer(adminOf('firm'), t, 'approve', '2026-10-12T08:59:00+08:00')).toEqual(ok);
    expect(canReviewTransfer(adminOf('firm'), t, 'approve', '2026-10-12T09:00:00+08:00')).toEqual(no('TRANSFER_EXPIRED'));
  });

  it('lets review go on in the review phase for transfers from before October (§3.2.2)', () => {
    expect(canReviewTransfer(adminOf('firm'), transfer({ initiatedAt: '2026-09-30' }), 'approve', '2026-12-30')).toEqual(ok);
  });

  it('leaves transfers to Beijing, Guangdong and Fujian to their systems (EXTERNAL_REVIEWED_ELSEWHERE, Q17)', () => {
    expect(canReviewTransfer(adminOf('nation'), transfer({ toOrgPath: null }), 'approve', JUNE)).toEqual(no('EXTERNAL_REVIEWED_ELSEWHERE'));
  });
});

describe('withdraw (Q13, Q21)', () => {
  it('lets the initiator withdraw while pending, at any time (Q13, §3.2.1)', () => {
    expect(canWithdrawTransfer(adminOf('s1'), transfer(), '2026-08-31')).toEqual(ok);
  });

  it('lets the member withdraw, e.g. to fix a wrong receiving org (Q21)', () => {
    expect(canWithdrawTransfer(memberActor('m1', 's1Class1'), transfer(), JUNE)).toEqual(ok);
  });

  it('refuses anyone else, even another admin of the initiator’s org (WITHDRAW_NOT_ALLOWED, Q13)', () => {
    expect(canWithdrawTransfer(adminOf('s1', 'admin-s1-b'), transfer(), JUNE)).toEqual(no('WITHDRAW_NOT_ALLOWED'));
    expect(canWithdrawTransfer(adminOf('firm'), transfer(), JUNE)).toEqual(no('WITHDRAW_NOT_ALLOWED'));
    expect(canWithdrawTransfer(memberActor('m2', 's1Class1'), transfer(), JUNE)).toEqual(no('WITHDRAW_NOT_ALLOWED'));
    expect(canWithdrawTransfer({ role: 'school_admin', orgId: 's1', orgPath: o('s1').path }, transfer(), JUNE)).toEqual(
      no('WITHDRAW_NOT_ALLOWED'),
    );
  });

  it('refuses withdrawing once reviewed (TRANSFER_NOT_PENDING, Q13)', () => {
    expect(canWithdrawTransfer(adminOf('s1'), transfer({ status: 'approved' }), JUNE)).toEqual(no('TRANSFER_NOT_PENDING'));
  });

  it('refuses withdrawing one already returned by the system (TRANSFER_EXPIRED, §3.2.3)', () => {
    expect(canWithdrawTransfer(adminOf('s1'), transfer({ initiatedAt: '2026-10-02' }), '2026-10-30')).toEqual(no('TRANSFER_EXPIRED'));
  });
});

describe('offline check-in (Q10, Q12, Q16)', () => {
  const approved = { status: 'approved' as const, toOrgPath: o('firmBranch').path };

  it('lets the receiving org record the check-in after approval (Q10, Q16)', () => {
    expect(canRecordCheckIn(adminOf('firmBranch'), approved)).toEqual(ok);
    expect(canRecordCheckIn(adminOf('firm'), { ...approved, checkedInAt: null })).toEqual(ok);
  });

  it('refuses before the online transfer is approved: paperwork never replaces it (CHECK_IN_NEEDS_APPROVED_TRANSFER, Q12)', () => {
    expect(canRecordCheckIn(adminOf('firm'), { ...approved, status: 'pending' })).toEqual(no('CHECK_IN_NEEDS_APPROVED_TRANSFER'));
  });

  it('refuses other orgs (CHECK_IN_NOT_ALLOWED, Q10)', () => {
    expect(canRecordCheckIn(adminOf('s1'), approved)).toEqual(no('CHECK_IN_NOT_ALLOWED'));
    expect(canRecordCheckIn(adminOf('firm'), { ...approved, toOrgPath: null })).toEqual(no('CHECK_IN_NOT_ALLOWED'));
  });

  it('refuses a second check-in (ALREADY_CHECKED_IN)', () => {
    expect(canRecordCheckIn(adminOf('firm'), { ...approved, checkedInAt: '2026-07-01' })).toEqual(no('ALREADY_CHECKED_IN'));
  });
});

describe('returned transfers stay with their initiator until sent again or closed (Q15, Q20, §3.2.3)', () => {
  it('lets the initiator or the member close a returned transfer, nobody else, and only a returned one', () => {
    const returned = transfer({ status: 'rejected', initiator: { userId: 'admin-s1', role: 'school_admin', side: 'outgoing' } });
    expect(canCloseReturn(adminOf('s1'), returned)).toEqual(ok);
    expect(canCloseReturn(memberActor('m1', 's1Class1'), { ...returned, status: 'expired' })).toEqual(ok);
    expect(canCloseReturn(adminOf('s1', 'colleague-s1'), returned)).toEqual(no('RETURN_CLOSE_NOT_ALLOWED'));
    expect(canCloseReturn(adminOf('firm'), returned)).toEqual(no('RETURN_CLOSE_NOT_ALLOWED'));
    for (const status of ['pending', 'approved', 'withdrawn'] as const)
      expect(canCloseReturn(adminOf('s1'), { ...returned, status })).toEqual(no('TRANSFER_NOT_RETURNED'));
  });
});
