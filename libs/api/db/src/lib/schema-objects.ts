// Every program that reaches this file (the API, the generator, the tests) needs the types of `?raw` imports.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../sql-raw.d.ts" />
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  COHORT_WINDOW_ENDS_AT_NEXT_COHORT,
  DESTINATION_TYPES,
  GRADUATE_WINDOW_START,
  LEAGUE_AGE_LIMIT,
  NATIONAL_REGION_CODE,
  RETAINED_AT_SCHOOL_DESTINATIONS,
  SCHOOL_DOMAIN_INDUSTRIES,
  SX_DESTINATIONS,
  TIME_ZONE,
  UNCOUNTED_DESTINATIONS,
  WORK_UNIT_EXCLUDED_PURPOSES,
  WORK_UNIT_INDUSTRIES,
} from '@zhtj/domain';
// The SQL that runs, one file per database object, in the order they are created (a view or an
// SQL-language function after what it reads; PL/pgSQL bodies are checked only when they run, and
// triggers last). Vite bundles each file as a string (`?raw`).
import metricsWindowStart from '../../sql/metrics/functions/metrics_window_start.sql?raw';
import metricsRegionChain from '../../sql/metrics/functions/metrics_region_chain.sql?raw';
import metricsRegions from '../../sql/metrics/functions/metrics_regions.sql?raw';
import metricsSchoolOf from '../../sql/metrics/functions/metrics_school_of.sql?raw';
import metricsShard from '../../sql/metrics/functions/metrics_shard.sql?raw';
import metricsIndicatorOf from '../../sql/metrics/functions/metrics_indicator_of.sql?raw';
import metricsIsWorkUnit from '../../sql/metrics/functions/metrics_is_work_unit.sql?raw';
import metricsNow from '../../sql/metrics/functions/metrics_now.sql?raw';
import metricsToday from '../../sql/metrics/functions/metrics_today.sql?raw';
import metricsAgeLimitDate from '../../sql/metrics/functions/metrics_age_limit_date.sql?raw';
import metricsMembershipEndsAt from '../../sql/metrics/functions/metrics_membership_ends_at.sql?raw';
import metricsCohortState from '../../sql/metrics/functions/metrics_cohort_state.sql?raw';
import graduateCohortExpected from '../../sql/metrics/views/graduate_cohort_expected.sql?raw';
import metricsRefreshMembers from '../../sql/metrics/functions/metrics_refresh_members.sql?raw';
import metricsChooseEvents from '../../sql/metrics/functions/metrics_choose_events.sql?raw';
import metricsMemberBefore from '../../sql/metrics/functions/metrics_member_before.sql?raw';
import metricsMemberStmt from '../../sql/metrics/functions/metrics_member_stmt.sql?raw';
import metricsTransferStmt from '../../sql/metrics/functions/metrics_transfer_stmt.sql?raw';
import metricsOrgAfter from '../../sql/metrics/functions/metrics_org_after.sql?raw';
import metricsCohortStmt from '../../sql/metrics/functions/metrics_cohort_stmt.sql?raw';
import metricsSchoolDeleted from '../../sql/metrics/functions/metrics_school_deleted.sql?raw';
import metricsEndMemberships from '../../sql/metrics/functions/metrics_end_memberships.sql?raw';
import metricsRebuild from '../../sql/metrics/functions/metrics_rebuild.sql?raw';
import metricsCheck from '../../sql/metrics/functions/metrics_check.sql?raw';
import graduateCohortTriggers from '../../sql/metrics/triggers/graduate_cohort.sql?raw';
import memberTriggers from '../../sql/metrics/triggers/member.sql?raw';
import transferTriggers from '../../sql/metrics/triggers/transfer.sql?raw';
import orgTriggers from '../../sql/metrics/triggers/org.sql?raw';
// Fragments: parts of statements that several objects share, written once (`{{FRAGMENT name}}`).
import cohortParts from '../../sql/metrics/fragments/cohort_parts.sql?raw';
import schoolParts from '../../sql/metrics/fragments/school_parts.sql?raw';
import countWrite from '../../sql/metrics/fragments/count_write.sql?raw';
import dayWrite from '../../sql/metrics/fragments/day_write.sql?raw';
import schoolWrite from '../../sql/metrics/fragments/school_write.sql?raw';

/**
 * The database objects whose SQL lives in files (`libs/api/db/sql/`): every function, view and
 * trigger of the monitoring facts (DOMAIN.md §6, issue 22 "one source"). They are not written by
 * migrations: `applySchemaObjects` creates or replaces them after the migrations whenever their
 * rendered text changes. A file's `{{NAME}}` placeholders are rendered from libs/domain
 * (`sqlConstants`), so a rule stated in the domain is never typed again in SQL.
 */
export const SCHEMA_OBJECT_FILES: readonly { file: string; sql: string }[] = [
  { file: 'metrics/functions/metrics_window_start.sql', sql: metricsWindowStart },
  { file: 'metrics/functions/metrics_region_chain.sql', sql: metricsRegionChain },
  { file: 'metrics/functions/metrics_regions.sql', sql: metricsRegions },
  { file: 'metrics/functions/metrics_school_of.sql', sql: metricsSchoolOf },
  { file: 'metrics/functions/metrics_shard.sql', sql: metricsShard },
  { file: 'metrics/functions/metrics_indicator_of.sql', sql: metricsIndicatorOf },
  { file: 'metrics/functions/metrics_is_work_unit.sql', sql: metricsIsWorkUnit },
  { file: 'metrics/functions/metrics_now.sql', sql: metricsNow },
  { file: 'metrics/functions/metrics_today.sql', sql: metricsToday },
  { file: 'metrics/functions/metrics_age_limit_date.sql', sql: metricsAgeLimitDate },
  { file: 'metrics/functions/metrics_membership_ends_at.sql', sql: metricsMembershipEndsAt },
  { file: 'metrics/functions/metrics_cohort_state.sql', sql: metricsCohortState },
  { file: 'metrics/views/graduate_cohort_expected.sql', sql: graduateCohortExpected },
  { file: 'metrics/functions/metrics_refresh_members.sql', sql: metricsRefreshMembers },
  { file: 'metrics/functions/metrics_choose_events.sql', sql: metricsChooseEvents },
  { file: 'metrics/functions/metrics_member_before.sql', sql: metricsMemberBefore },
  { file: 'metrics/functions/metrics_member_stmt.sql', sql: metricsMemberStmt },
  { file: 'metrics/functions/metrics_transfer_stmt.sql', sql: metricsTransferStmt },
  { file: 'metrics/functions/metrics_org_after.sql', sql: metricsOrgAfter },
  { file: 'metrics/functions/metrics_cohort_stmt.sql', sql: metricsCohortStmt },
  { file: 'metrics/functions/metrics_school_deleted.sql', sql: metricsSchoolDeleted },
  { file: 'metrics/functions/metrics_end_memberships.sql', sql: metricsEndMemberships },
  { file: 'metrics/functions/metrics_rebuild.sql', sql: metricsRebuild },
  { file: 'metrics/functions/metrics_check.sql', sql: metricsCheck },
  { file: 'metrics/triggers/graduate_cohort.sql', sql: graduateCohortTriggers },
  { file: 'metrics/triggers/member.sql', sql: memberTriggers },
  { file: 'metrics/triggers/transfer.sql', sql: transferTriggers },
  { file: 'metrics/triggers/org.sql', sql: orgTriggers },
];

/** SQL text that several objects share, included where a file says `{{FRAGMENT name}}` (libs/api/db/sql/metrics/fragments). */
export const SQL_FRAGMENTS: Readonly<Record<string, string>> = {
  cohort_parts: cohortParts,
  school_parts: schoolParts,
  count_write: countWrite,
  day_write: dayWrite,
  school_write: schoolWrite,
};

/** The transaction-local setting by which the application tells the facts its clock (`metrics_now`, ScopedDb; tests only). */
export const NOW_SETTING = 'zhtj.now';

/** The transaction-local setting by which a writer tells the members' trigger that a transfer statement follows (`metrics_member_stmt`). */
export const FACTS_REFRESH_SETTING = 'zhtj.facts_refresh';

/** Counter rows per key (`metrics_shard`): concurrent writers spread over them. Not a rule of the guide. */
export const METRICS_SHARDS = 32;

/**
 * Readings of libs/domain that the SQL implements in its shape rather than through a rendered
 * value, with the value the SQL was written for. Rendering refuses when the domain says otherwise:
 * change the SQL, then the value here.
 */
export const SQL_ASSUMES = {
  /** `graduate_cohort_expected` ends a cohort's window at the next cohort's start; `metrics_member_stmt` refreshes accordingly. */
  COHORT_WINDOW_ENDS_AT_NEXT_COHORT: true,
} as const;

/** A value as an SQL literal: a quoted string, a number, or a text array `ARRAY['a','b']`. */
export type SqlValue = string | number | readonly string[];

/** What the placeholders of the SQL files stand for, taken from libs/domain. */
export function sqlConstants(
  domain: { COHORT_WINDOW_ENDS_AT_NEXT_COHORT: boolean } = { COHORT_WINDOW_ENDS_AT_NEXT_COHORT },
): Record<string, SqlValue> {
  for (const [name, value] of Object.entries(SQL_ASSUMES)) {
    if (domain[name as keyof typeof SQL_ASSUMES] !== value) {
      throw new Error(
        `libs/domain ${name} is ${String(domain[name as keyof typeof SQL_ASSUMES])}, the SQL of libs/api/db/sql implements ${String(value)}: change the SQL, then SQL_ASSUMES`,
      );
    }
  }
  const [month, day] = GRADUATE_WINDOW_START.split('-').map(Number);
  return {
    SCHOOL_DOMAIN_INDUSTRIES,
    WORK_UNIT_INDUSTRIES,
    WORK_UNIT_EXCLUDED_PURPOSES,
    SX_DESTINATIONS,
    UNCOUNTED_DESTINATIONS,
    RETAINED_AT_SCHOOL_DESTINATIONS,
    DESTINATION_TYPES,
    GRADUATE_WINDOW_START_MONTH: month as number,
    GRADUATE_WINDOW_START_DAY: day as number,
    TIME_ZONE,
    NATIONAL_REGION_CODE,
    LEAGUE_AGE_LIMIT,
    SHARDS: METRICS_SHARDS,
    FACTS_REFRESH_SETTING,
    NOW_SETTING,
  };
}

function literal(value: SqlValue): string {
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a number: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return quote(value);
  if (value.length === 0) return 'ARRAY[]::text[]';
  return `ARRAY[${value.map(quote).join(',')}]`;
}

/**
 * `{{FRAGMENT name}}` → the fragment's text (itself rendered), then `{{NAME}}` → the literal of
 * `constants[NAME]`; an unknown name is an error.
 */
export function renderSql(
  text: string,
  constants: Record<string, SqlValue>,
  fragments: Readonly<Record<string, string>> = SQL_FRAGMENTS,
): string {
  const included = text.replace(/\{\{\s*FRAGMENT\s+([a-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(fragments, name)) throw new Error(`SQL fragment {{FRAGMENT ${name}}} does not exist`);
    return (fragments[name] as string).trim();
  });
  return included.replace(/\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(constants, name)) throw new Error(`SQL placeholder {{${name}}} has no value`);
    return literal(constants[name] as SqlValue);
  });
}

export interface SchemaObject {
  /** The file, relative to libs/api/db/sql. */
  file: string;
  /** The rendered SQL that runs. */
  sql: string;
  /** SHA-256 of the rendered SQL. */
  hash: string;
}

/** Every file rendered with `constants`, in creation order. */
export function schemaObjects(constants: Record<string, SqlValue> = sqlConstants()): SchemaObject[] {
  return SCHEMA_OBJECT_FILES.map(({ file, sql }) => {
    const rendered = renderSql(sql, constants);
    return { file, sql: rendered, hash: createHash('sha256').update(rendered).digest('hex') };
  });
}

/** pg advisory lock key (transaction level) of the schema objects' step. */
export const SCHEMA_OBJECTS_LOCK_KEY = 7_310_012_022;

/**
 * The repeatable step after the migrations: when any file's rendered text differs from what
 * `schema_object` records (or a file was added or removed), every object is created or replaced in
 * file order and the record rewritten, in one transaction under an advisory lock (replicas
 * starting together apply it once). On the first application to a database that has marked
 * members but no facts yet, the facts are built (`metrics_rebuild()`). Answers whether it applied.
 */
export async function applySchemaObjects(ds: DataSource, objects: readonly SchemaObject[] = schemaObjects()): Promise<boolean> {
  return ds.transaction(async (m: EntityManager) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_OBJECTS_LOCK_KEY]);
    const stored = (await m.query('SELECT file, hash FROM schema_object')) as { file: string; hash: string }[];
    const storedHash = new Map(stored.map((r) => [r.file, r.hash]));
    if (stored.length === objects.length && objects.every((o) => storedHash.get(o.file) === o.hash)) return false;
    for (const o of objects) await m.query(o.sql);
    await m.query('DELETE FROM schema_object');
    await m.query('INSERT INTO schema_object (file, hash) SELECT * FROM unnest($1::text[], $2::text[])', [
      objects.map((o) => o.file),
      objects.map((o) => o.hash),
    ]);
    // The facts are built when a database with marked members has none yet (the first
    // application), or when a migration emptied the ledger of counted facts (GraduationEvents1765800000000).
    const [{ rebuild }] = (await m.query(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM graduate_cohort) THEN EXISTS (SELECT 1 FROM metric_count) AND NOT EXISTS (SELECT 1 FROM metric_day)
                   ELSE EXISTS (SELECT 1 FROM member WHERE graduation_date IS NOT NULL) END AS rebuild`,
    )) as { rebuild: boolean }[];
    if (rebuild) await m.query('SELECT metrics_rebuild()');
    return true;
  });
}

/** The schema: the migrations (each in its transaction), then the SQL files' objects. */
export async function migrateDatabase(ds: DataSource): Promise<void> {
  await ds.runMigrations({ transaction: 'each' });
  await applySchemaObjects(ds);
}
