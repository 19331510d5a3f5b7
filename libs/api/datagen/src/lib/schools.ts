// A school: its committee, special-purpose orgs (new students, delayed graduation, abroad study)
// and a cohort of class branches a year, last season's and this season's marked (§4).
import { becomesGraduatesOrg, dateInYear } from '@zhtj/domain';
import { COLLEGE, STAGE } from './catalogue';
import type { SchoolIndustry } from './catalogue';
import type { GenContext, GenOrg, School } from './model';
import type { OrgList } from './orgs';
import { BRANCH_SIZE, STUDY_YEARS } from './plan';

const isHigher = (industry: SchoolIndustry): industry is 'university' | 'higher_vocational' =>
  industry === 'university' || industry === 'higher_vocational';

/** A school of `students` members under `parent`, with its classes of every cohort still there. */
export function addSchool(
  ctx: GenContext,
  list: OrgList,
  parent: GenOrg,
  at: { industry: SchoolIndustry; name: string; region: string; province: string; students: number },
): School {
  const { rng, cohortYear } = ctx;
  const { industry, name, region, students } = at;
  const committee = list.add(parent, { name: `${name}团委`, kind: 'committee', level: 'base', industry, region });
  const school: School = {
    org: committee,
    industry,
    county: region,
    province: at.province,
    newStudents: null,
    delayed: list.add(committee, {
      name: `${name}延迟毕业团组织`,
      kind: 'branch',
      level: 'base',
      industry,
      region,
      purpose: 'delayed_graduation',
    }),
    abroad: null,
    classes: new Map(),
    classSize: 1,
  };
  if (industry !== 'junior_high') {
    school.newStudents = list.add(committee, {
      name: `${name}新生团组织`,
      kind: 'branch',
      level: 'base',
      industry,
      region,
      purpose: 'new_students',
    });
  }
  if (isHigher(industry) || (industry === 'high_school' && rng.chance(0.3))) {
    school.abroad = list.add(committee, {
      name: `${name}出国（境）学习研究团员团支部`,
      kind: 'branch',
      level: 'base',
      industry,
      region,
      purpose: 'abroad_study',
    });
  }
  const years = STUDY_YEARS[industry];
  const size = isHigher(industry) ? BRANCH_SIZE.university : BRANCH_SIZE[industry];
  // Cohorts: last season's (emptied by now), this season's, and the classes still at school —
  // years + 2 of them share the school's member budget.
  const cohorts = years + 2;
  const perCohort = Math.max(1, rng.round(students / cohorts / size));
  // A small school's classes are small: the member budget decides, not the usual class size.
  school.classSize = Math.max(1, Math.min(size, students / cohorts / perCohort));
  const colleges: GenOrg[] = isHigher(industry)
    ? Array.from({ length: Math.max(1, Math.min(COLLEGE.length, Math.ceil(perCohort / 3))) }, (_, k) =>
        list.add(committee, { name: `${COLLEGE[k]}团总支`, kind: 'general_branch', level: 'base', industry, region }),
      )
    : [committee];
  for (let y = cohortYear - 1; y <= cohortYear + years; y++) {
    const branches: GenOrg[] = [];
    for (let k = 1; k <= perCohort; k++) {
      const host = colleges[(k - 1) % colleges.length] as GenOrg;
      const label = isHigher(industry) ? `${y - years}级${k}班团支部` : `${y}届${k}班团支部`;
      const branch = list.add(host, { name: label, kind: 'branch', level: 'base', industry, region });
      if (y <= cohortYear) {
        // Marked by the school (§4); some of this season's branches are mixed (Q11).
        if (y === cohortYear && rng.chance(0.08)) branch.mixed = true;
        else branch.graduationDate = dateInYear(y, STAGE[industry].day);
        // §4 Interpretation: from 1 June a marked branch is the school's graduates org.
        if (
          becomesGraduatesOrg(
            { kind: branch.kind, mixed: branch.mixed, purpose: branch.purpose, graduationDate: branch.graduationDate },
            ctx.opts.now,
          )
        ) {
          branch.purpose = 'graduates';
        }
      }
      branches.push(branch);
    }
    school.classes.set(y, branches);
  }
  return school;
}
