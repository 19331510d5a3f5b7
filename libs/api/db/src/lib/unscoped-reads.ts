/**
 * The named exceptions to data scope (STYLE.md, issue 21 "scope by construction"): every read of a
 * scoped table (org, member, app_user, transfer, abroad_report, audit_log) that does not go through
 * its rule (its context's `persistence.ts`) — and every read of reference tables (a context's
 * `unscopedEntities`) — names one key here, and the key says why. `ScopedDb.unscoped(key)` and
 * `ScopedTx.unscoped(key)` are the only way a feature service gets such a reader; lint
 * (eslint.config.mjs) forbids the rest.
 *
 * To add one: add a key with its reason, use it at the site, and have it reviewed. A key no code
 * uses any more is deleted (`apps/api-e2e/src/scope-lint.spec.ts` fails on one).
 */
export const UNSCOPED_READS = {
  // Before there is a scope
  'auth.caller': 'the auth guard loads the caller (account, org, path, region) from the token: scope is computed from it',
  'auth.login': 'login and reset by username happen before there is a caller; one answer whatever was found (login-abuse)',
  'auth.reset-code':
    "a reset code (Q19) names its account by username; the account's org path is read so `canIssueResetCode` decides (404 otherwise); reset_code rows only of the account named",
  'auth.own-account':
    "the caller's own account row and its org's name (/api/auth/me, password change, its own second factor's enrolment and status): always the caller's own",
  'auth.second-factor-policy':
    "whether an org on an admin's path requires a second factor (issue 24): the flag is inherited from orgs above the caller's subtree; answers only yes or no, for the account logging in or the caller",
  'members.detail':
    "a member's detail names its org and its own account: the member was read in scope first, or is the one the caller has just moved by a 延迟毕业 mark into the school's delayed org, which a college admin may not see (§2.7)",
  // Uniqueness across the country (answers only "taken or not")
  'auth.username-unique':
    'usernames, their look-alike skeletons and one account per member are unique in the country; answers only whether taken',
  'members.id-card-unique':
    'an ID number is unique in the country (§2); where the answer can tell, it is rationed (IdLookupRation) and names nothing outside scope',
  'orgs.name-unique':
    "names are unique among siblings and a special-purpose org is one per school or province (§1, Q7, Q8); a caller's own org has siblings outside its subtree",
  'orgs.delete-check':
    'deleting an org (§1) counts what still refers to it — children, active members, graduates of the school wherever they are now, accounts: counts only',
  // Facts above or beside the caller's subtree that the rules need
  'orgs.ancestors':
    "an org's ancestors (its school for §6, its committees, the parent of the caller's own org) lie above the caller's subtree; their names beside an org read in scope tell it from the same-named (`orgContexts`)",
  'graduation.delayed-org':
    "the school's 延迟毕业 org (§2.7) a delayed member moves into lies beside the marking branch, outside a branch admin's subtree",
  'graduation.overview':
    "the branches under an org read in scope first (`path @> [that org]`: inside the caller's subtree by construction), in one statement with member counts",
  'transfers.routing':
    "routing (§3) and two-party consent (§5) read both ends of a transfer in scope and the member it moves: the other end lies outside the caller's subtree by nature",
  'transfers.history':
    "a member in scope (read through the member rule first) shows its whole transfer history, also legs outside the caller's subtree (§5)",
  'transfers.approval-view':
    "the deciding side of a transfer in scope sees the member, its current org and that org's admins (§5 approval view; hidden from a pull's initiator by canSeeTransferOrigin)",
  'transfers.directory':
    'the org directory for initiating: a graduate goes anywhere in the country; names and places only, special (涉密) units hidden',
  'transfers.initiate':
    "§5, Q21: an initiation reads its member before the caller's side is known — by ID number and full name from the receiving side (rationed; it learns nothing before the member's side approves), or by id for several callers in one transaction; `newTransfer` then answers 404 unless the caller is on a side",
  'transfers.arrival-by-id-card':
    'an arrival from Beijing/Guangdong/Fujian of a number on record must match its full name (§5, Q17); rationed, shows nothing of the old record',
  'transfers.open-transfer':
    'one open transfer per member (§5), whichever side opened it: a member in scope is checked against transfers the caller may not see',
  // Reference data and system jobs
  'reference.regions': 'GB/T 2260 regions (an unscoped entity): public reference data for every signed-in user',
  'graduation.graduates-org':
    "at marking, whether a branch's `graduates` purpose came from the 1 June rule (§4): the branch's audit history by entity id (the branch itself was read in scope; the hourly job only writes)",
  'transfers.auto-return':
    'the 10-day return (§3.2.3): a system job over every pending transfer in the country, under an advisory lock, own connections',
} as const;

export type UnscopedRead = keyof typeof UNSCOPED_READS;
