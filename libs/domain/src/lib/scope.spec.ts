import { describe, expect, it } from 'vitest';
import { canSeeMember, canSeeOrg, canSeeTransfer, dataScopeOf, isOrgInScope, isStrictAncestor } from './scope';
import { adminOf, memberActor, o } from './__fixtures__/tree';

describe('data scope (STYLE.md; API conventions)', () => {
  it('puts an org in scope of its own admin and every ancestor admin', () => {
    expect(isOrgInScope('s1', o('s1Class1').path)).toBe(true);
    expect(isOrgInScope('s1Class1', o('s1Class1').path)).toBe(true);
    expect(isOrgInScope('nation', o('s1Class1').path)).toBe(true);
    expect(isOrgInScope('s2', o('s1Class1').path)).toBe(false);
    expect(isOrgInScope('s1Class2', o('s1Class1').path)).toBe(false);
  });

  it('knows strict ancestors', () => {
    expect(isStrictAncestor('s1', o('s1Class1').path)).toBe(true);
    expect(isStrictAncestor('s1Class1', o('s1Class1').path)).toBe(false);
    expect(isStrictAncestor('s2', o('s1Class1').path)).toBe(false);
  });

  it('computes the scope once: a subtree for admins, the member themself for members', () => {
    expect(dataScopeOf(adminOf('s1'))).toEqual({ kind: 'subtree', orgId: 's1' });
    expect(dataScopeOf(memberActor('m1', 's1Class1'))).toEqual({ kind: 'self', memberId: 'm1' });
    expect(dataScopeOf({ role: 'member', orgId: 'x' })).toEqual({ kind: 'none' });
  });

  it('lets an admin see orgs and members in the subtree only', () => {
    expect(canSeeOrg(adminOf('jinjiang'), o('s1Class1').path)).toBe(true);
    expect(canSeeOrg(adminOf('s2'), o('s1Class1').path)).toBe(false);
    expect(canSeeMember(adminOf('s1'), { id: 'm1', orgPath: o('s1Class1').path })).toBe(true);
    expect(canSeeMember(adminOf('s2'), { id: 'm1', orgPath: o('s1Class1').path })).toBe(false);
  });

  it('lets a member see only themself and their own org', () => {
    const me = memberActor('m1', 's1Class1');
    expect(canSeeMember(me, { id: 'm1', orgPath: o('s1Class1').path })).toBe(true);
    expect(canSeeMember(me, { id: 'm2', orgPath: o('s1Class1').path })).toBe(false);
    expect(canSeeOrg(me, o('s1Class1').path)).toBe(true);
    expect(canSeeOrg(me, o('s1').path)).toBe(false);
  });

  it('shows a transfer to admins of either side and to its member', () => {
    const t = { memberId: 'm1', fromOrgPath: o('s1Class1').path, toOrgPath: o('firmBranch').path };
    expect(canSeeTransfer(adminOf('s1'), t)).toBe(true);
    expect(canSeeTransfer(adminOf('firm'), t)).toBe(true);
    expect(canSeeTransfer(adminOf('s2'), t)).toBe(false);
    expect(canSeeTransfer(memberActor('m1', 's1Class1'), t)).toBe(true);
    expect(canSeeTransfer(memberActor('m2', 's1Class1'), t)).toBe(false);
    expect(canSeeTransfer(adminOf('firm'), { ...t, toOrgPath: null })).toBe(false);
  });
});
