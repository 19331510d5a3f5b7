// Data scope (API.md conventions; STYLE.md): an admin sees the org it is bound to and everything
// under it; a member sees only themself. Objects outside scope are reported as not found.

/** Is the org with ancestor path `targetPath` (root … self) inside the subtree of `scopeOrgId`? */
export function isOrgInScope(scopeOrgId: string, targetPath: readonly string[]): boolean {
  return targetPath.includes(scopeOrgId);
}

/** Is `ancestorId` a strict ancestor of the org whose path is `targetPath`? */
export function isStrictAncestor(ancestorId: string, targetPath: readonly string[]): boolean {
  const i = targetPath.indexOf(ancestorId);
  return i >= 0 && i < targetPath.length - 1;
}
