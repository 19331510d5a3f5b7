/** Routes that end the caller's session: a test calling every route calls them last, or its token dies midway. */
export const SESSION_ENDING_ROUTES: readonly string[] = ['/api/auth/logout'];

/** `routes` with the session-ending ones moved to the end (order otherwise kept). */
export function sessionEndingLast<T>(routes: readonly T[], pathOf: (r: T) => string): T[] {
  const ends = (r: T) => SESSION_ENDING_ROUTES.includes(pathOf(r));
  return [...routes.filter((r) => !ends(r)), ...routes.filter(ends)];
}
