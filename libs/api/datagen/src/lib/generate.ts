// The national-scale data generator (issue 8): from the GB/T 2260 regions in the database, a
// seeded, reproducible League: committees at every level, schools with class branches and
// their special-purpose orgs, townships and parks with mobile branches, employers, members with
// valid ID numbers, two graduation cohorts with destinations and transfers of every type in every
// state, and an admin account per org. Rows go out through a `Sink` (COPY, or INSERT on PGlite).
//
// In stages, each drawing from the one seeded source in turn (the same seed, scale and clock give
// the same rows): the tree (tree.ts, schools.ts), its rows and admin accounts (orgs.ts), the
// members with the graduates' transfers (members.ts, graduates.ts, destinations.ts, people.ts),
// then the spooled members' accounts and transfers (rows.ts).
import { seasonYear } from '@zhtj/domain';
import { Places } from './destinations';
import { writeMembers } from './members';
import type { GenContext, GenerateOptions, GenerateSummary } from './model';
import { writeOrgsAndAdmins } from './orgs';
import { People } from './people';
import { Rng } from './random';
import { Rows } from './rows';
import { shanghaiDate } from './dates';
import { buildTree } from './tree';

export { GENERATED_TABLES } from './catalogue';
export type { GenerateOptions, GenerateSummary, RegionRow } from './model';
export type { TableWriter, Cell } from './sink';

/**
 * Generates a data set into `opts.sink`. The database must hold the regions and the bootstrap's
 * 团中央; foreign keys may be deferred by the caller (rows arrive parents first anyway, except
 * transfers, which follow their members).
 */
export async function generateDataset(opts: GenerateOptions): Promise<GenerateSummary> {
  const cohortYear = seasonYear(opts.now) as number;
  const ctx: GenContext = {
    opts,
    rng: new Rng(opts.seed),
    today: shanghaiDate(opts.now),
    cohortYear,
    summary: {
      orgs: 0,
      members: 0,
      transfers: 0,
      accounts: 0,
      graduates: { [cohortYear - 1]: 0, [cohortYear]: 0 },
      cohortYear,
      transfersByStatus: { pending: 0, approved: 0, rejected: 0, withdrawn: 0, expired: 0 },
      transfersByType: {},
    },
    progress: opts.onProgress ?? ((): void => undefined),
  };
  const tree = buildTree(ctx);
  await writeOrgsAndAdmins(ctx, tree.orgs);
  const people = new People(ctx.rng, ctx.today);
  const rows = new Rows(ctx, people, tree.orgs, Math.round(tree.membersPerCounty * tree.populatedCounties));
  await writeMembers({ ctx, places: new Places(tree.provinces), people, rows, seasons: new Map() }, tree);
  await rows.finish();
  return ctx.summary;
}
