// The members: every school's classes (this season's and last season's graduates, and the classes
// still at school), then everyone else — workers, villagers, mobile members.
import { dateInYear } from '@zhtj/domain';
import { STAGE } from './catalogue';
import { graduate } from './graduates';
import type { Graduation } from './graduates';
import type { Tree } from './tree';

export async function writeMembers(g: Graduation, tree: Tree): Promise<void> {
  const { ctx, people, rows, places } = g;
  const { rng, cohortYear } = ctx;
  for (const school of tree.schools) {
    const age = STAGE[school.industry].age;
    for (const [year, branches] of school.classes) {
      for (const branch of branches) {
        const size = Math.max(1, rng.round(school.classSize * (0.6 + 0.8 * rng.next())));
        for (let i = 0; i < size; i++) {
          if (year <= cohortYear) {
            // Q11: in a mixed branch each member has a date of their own; some have not left yet.
            const own = branch.mixed
              ? rng.chance(0.85)
                ? dateInYear(year, STAGE[school.industry].day)
                : dateInYear(year + 1, '06-30')
              : (branch.graduationDate as string);
            if (Number(own.slice(0, 4)) <= cohortYear) {
              await graduate(g, school, branch, year, own);
              continue;
            }
            const p = people.person(school.county, year - age);
            await rows.member({
              id: people.nextMemberId(),
              orgId: branch.id,
              p,
              stage: school.industry,
              graduationDate: own,
              schoolId: school.org.id,
              destination: null,
            });
            continue;
          }
          const p = people.person(rng.chance(0.8) ? school.county : rng.pick(places.allCounties).code, year - age);
          // prettier-ignore
          await rows.member({ id: people.nextMemberId(), orgId: branch.id, p, stage: school.industry, graduationDate: null, schoolId: school.org.id, destination: null, party: school.industry === 'university' && rng.chance(0.08) });
        }
      }
    }
  }
  // Everyone else (born 1996–2007; a few are 28 and over).
  for (const { org, size } of tree.ordinary) {
    for (let i = 0; i < size; i++) {
      const p = people.person(org.region, rng.int(1996, 2007));
      await rows.member({
        id: people.nextMemberId(),
        orgId: org.id,
        p,
        stage: null,
        graduationDate: null,
        schoolId: null,
        destination: null,
        party: rng.chance(0.15),
      });
    }
  }
}
