import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring facts (DOMAIN.md §6, issue 9): one `graduate_cohort` row per member and cohort year,
 * kept by triggers in the same transaction as every member and transfer change, and counters
 * summed from them so every read of SX / XS / DW is a small sum.
 *
 * - `graduate_cohort` identity (school, its region, graduation date, destination) is written when
 *   a graduation date is marked; a later graduation from another school adds a new cohort row and
 *   leaves the earlier one alone; a changed date at the same school moves the row.
 * - Its derived columns (the transfer that counts, its target region, pending / completed / work
 *   unit, the days used by the trend) come from the `graduate_cohort_expected` view; one member is
 *   refreshed under an advisory lock of its member (one of 256 buckets, so a bulk statement takes at
 *   most 256 locks), so concurrent changes never leave stale facts. Since `MemberRowLocks1765200000001`
 *   the lock is the member's own row lock (`FOR NO KEY UPDATE`): the buckets serialised unrelated members.
 * - Counters are spread over 32 shards (the writing connection's pid), so concurrent approvals
 *   never queue on one row per region: `metric_count` (year, region) parts, `metric_day` the
 *   trend's daily completions and arrivals, `metric_school` the school ranking.
 * - `metrics_rebuild()` recomputes everything set-based (a bulk load can disable the triggers with
 *   `SET session_replication_role = replica` and call it afterwards); `metrics_check()` lists every
 *   difference between the stored facts / counters and a recount.
 */

const SCHOOL_DOMAIN = `ARRAY['university','higher_vocational','vocational','high_school','junior_high']`;
/** DW (§6): a work unit's own League org — Interpretation WORK_UNIT_INDUSTRIES in libs/domain. */
const WORK_UNIT = `ARRAY['enterprise','public_institution','social_org','special']`;
const SHARDS = 32;

/** Contribution columns of a set `d` of cohort rows with a sign `sgn`, per region `r`. */
const COUNT_COLS = ['b', 'c', 'a', 'e', 'f', 'd', 'w', 'sx_pending', 'xs_pending'] as const;
const countExpr = (sgn: string): Record<(typeof COUNT_COLS)[number], string> => ({
  b: `sum(${sgn}) FILTER (WHERE x.indicator = 'sx' AND r.local)`,
  c: `sum(${sgn}) FILTER (WHERE x.indicator = 'sx' AND NOT r.local)`,
  a: `sum(${sgn}) FILTER (WHERE x.indicator = 'sx' AND x.completed)`,
  e: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs' AND r.local)`,
  f: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs' AND NOT r.local)`,
  d: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs' AND x.completed)`,
  w: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs' AND x.to_unit)`,
  sx_pending: `sum(${sgn}) FILTER (WHERE x.indicator = 'sx' AND x.pending)`,
  xs_pending: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs' AND x.pending)`,
});
const DAY_COLS = ['sx_done', 'xs_done', 'w_done', 'sx_in', 'xs_in'] as const;
const dayExpr = (sgn: string): Record<(typeof DAY_COLS)[number], string> => ({
  sx_done: `sum(${sgn}) FILTER (WHERE x.kind = 'done' AND x.indicator = 'sx')`,
  xs_done: `sum(${sgn}) FILTER (WHERE x.kind = 'done' AND x.indicator = 'xs')`,
  w_done: `sum(${sgn}) FILTER (WHERE x.kind = 'done' AND x.indicator = 'xs' AND x.to_unit)`,
  sx_in: `sum(${sgn}) FILTER (WHERE x.kind = 'in' AND x.indicator = 'sx')`,
  xs_in: `sum(${sgn}) FILTER (WHERE x.kind = 'in' AND x.indicator = 'xs')`,
});
const SCHOOL_COLS = ['sx_total', 'sx_done', 'sx_pending', 'xs_total', 'xs_done', 'xs_pending', 'w_done'] as const;
const schoolExpr = (sgn: string): Record<(typeof SCHOOL_COLS)[number], string> => ({
  sx_total: `sum(${sgn}) FILTER (WHERE x.indicator = 'sx')`,
  sx_done: `sum(${sgn}) FILTER (WHERE x.indicator = 'sx' AND x.completed)`,
  sx_pending: `sum(${sgn}) FILTER (WHERE x.indicator = 'sx' AND x.pending)`,
  xs_total: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs')`,
  xs_done: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs' AND x.completed)`,
  xs_pending: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs' AND x.pending)`,
  w_done: `sum(${sgn}) FILTER (WHERE x.indicator = 'xs' AND x.to_unit)`,
});
const sel = (e: Record<string, string>) =>
  Object.entries(e)
    .map(([k, v]) => `coalesce(${v}, 0)::int AS ${k}`)
    .join(', ');
const nonZero = (e: Record<string, string>) =>
  Object.values(e)
    .map((v) => `coalesce(${v}, 0) <> 0`)
    .join(' OR ');
const addUp = (table: string, cols: readonly string[]) => cols.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');

/**
 * The contributions of a set of signed cohort rows `x` (sgn = 1 added, -1 removed), pre-summed by
 * the few columns that matter before each group is spread over its regions (`metrics_regions`).
 */
const X_COUNT = `SELECT year, school_region, target_region, indicator, completed, to_unit, pending, sum(sgn)::int AS sgn
                   FROM x WHERE indicator IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7`;
/** Completions on their decision day (every region the graduate counts in), arrivals on their initiation day (incoming regions). */
const X_DAY = `SELECT year, school_region, target_region, indicator, to_unit, 'done'::text AS kind, decided_day AS day, sum(sgn)::int AS sgn
                 FROM x WHERE indicator IS NOT NULL AND completed AND decided_day IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
               UNION ALL
               SELECT year, school_region, target_region, indicator, false, 'in', initiated_day, sum(sgn)::int
                 FROM x WHERE indicator IS NOT NULL AND target_region IS NOT NULL AND initiated_day IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7`;

function countSelect(shard: string | null): string {
  return `SELECT x.year, r.region, ${shard === null ? '' : `${shard}, `}${sel(countExpr('x.sgn'))}
            FROM (${X_COUNT}) x CROSS JOIN LATERAL metrics_regions(x.school_region, x.target_region) r
           GROUP BY x.year, r.region`;
}
function daySelect(shard: string | null): string {
  return `SELECT x.year, r.region, ${shard === null ? '' : `${shard}, `}x.day, ${sel(dayExpr('x.sgn'))}
            FROM (${X_DAY}) x CROSS JOIN LATERAL metrics_regions(x.school_region, x.target_region) r
           WHERE x.kind = 'done' OR NOT r.local
           GROUP BY x.year, r.region, x.day`;
}
function schoolSelect(shard: string | null): string {
  return `SELECT x.year, x.school_org_id, ${shard === null ? '' : `${shard}, coalesce(max(x.school_region) FILTER (WHERE x.sgn = 1), max(x.school_region)) AS school_region, `}${sel(schoolExpr('x.sgn'))}
            FROM x WHERE x.indicator IS NOT NULL AND x.school_org_id IS NOT NULL
           GROUP BY x.year, x.school_org_id`;
}

/** SQL that adds (sgn = 1) or removes (sgn = -1) the contributions of the rows of `src` to the counters, with shard `shard`. */
function applySql(src: string, shard: string): string {
  return `
    WITH x AS MATERIALIZED (${src}),
    cnt AS (
      INSERT INTO metric_count AS t (year, region, shard, ${COUNT_COLS.join(', ')})
      SELECT * FROM (${countSelect(shard)} HAVING ${nonZero(countExpr('x.sgn'))}) q ORDER BY 1, 2
      ON CONFLICT (year, region, shard) DO UPDATE SET ${addUp('t', COUNT_COLS)}
      RETURNING 1
    ),
    dy AS (
      INSERT INTO metric_day AS t (year, region, shard, day, ${DAY_COLS.join(', ')})
      SELECT * FROM (${daySelect(shard)} HAVING ${nonZero(dayExpr('x.sgn'))}) q ORDER BY 1, 2, 4
      ON CONFLICT (year, region, shard, day) DO UPDATE SET ${addUp('t', DAY_COLS)}
      RETURNING 1
    ),
    sc AS (
      INSERT INTO metric_school AS t (year, school_org_id, shard, school_region, ${SCHOOL_COLS.join(', ')})
      SELECT * FROM (${schoolSelect(shard)} HAVING ${nonZero(schoolExpr('x.sgn'))}) q ORDER BY 1, 2
      ON CONFLICT (year, school_org_id, shard) DO UPDATE SET school_region = excluded.school_region, ${addUp('t', SCHOOL_COLS)}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM cnt) + (SELECT count(*) FROM dy) + (SELECT count(*) FROM sc) INTO _n`;
}

const DERIVED = ['transfer_id', 'target_region', 'indicator', 'pending', 'completed', 'to_unit', 'initiated_day', 'decided_day'] as const;

/** Expected counters recomputed from the facts, per key (for the check). */
function expectedCounts(): { count: string; day: string; school: string } {
  const x = `WITH x AS MATERIALIZED (SELECT 1 AS sgn, g.* FROM graduate_cohort g) `;
  return { count: x + countSelect(null), day: x + daySelect(null), school: x + schoolSelect(null) };
}

/** Rows that differ between the stored counters (summed over shards) and the recount. */
function diffSql(kind: string, keys: string[], cols: readonly string[], table: string, expected: string): string {
  const stored = `SELECT ${keys.join(', ')}, ${cols.map((c) => `sum(${c})::int AS ${c}`).join(', ')} FROM ${table} GROUP BY ${keys.join(', ')}`;
  const keyText = keys.map((k) => `coalesce(s.${k}, e.${k})::text`).join(` || '/' || `);
  const tuple = (p: string) => `ROW(${cols.map((c) => `coalesce(${p}.${c}, 0)`).join(', ')})`;
  return `SELECT '${kind}'::text, ${keyText}, ${tuple('e')}::text, ${tuple('s')}::text
            FROM (${stored}) s FULL JOIN (${expected}) e ON ${keys.map((k) => `s.${k} = e.${k}`).join(' AND ')}
           WHERE ${tuple('s')} IS DISTINCT FROM ${tuple('e')}`;
}

export class GraduateCohort1764700000000 implements MigrationInterface {
  name = 'GraduateCohort1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const exp = expectedCounts();
    await q.query(`
      CREATE TABLE graduate_cohort (
        member_id uuid NOT NULL REFERENCES member(id),
        year smallint NOT NULL,
        school_org_id uuid REFERENCES org(id) ON DELETE SET NULL,
        school_region text NOT NULL,
        graduation_date date NOT NULL,
        destination text,
        transfer_id uuid,
        target_region text,
        indicator text CHECK (indicator IN ('sx','xs')),
        pending boolean NOT NULL DEFAULT false,
        completed boolean NOT NULL DEFAULT false,
        to_unit boolean NOT NULL DEFAULT false,
        initiated_day date,
        decided_day date,
        PRIMARY KEY (member_id, year)
      );
      CREATE INDEX graduate_cohort_school_region_idx ON graduate_cohort (year, school_region text_pattern_ops);
      CREATE INDEX graduate_cohort_target_region_idx ON graduate_cohort (year, target_region text_pattern_ops) WHERE target_region IS NOT NULL;
      CREATE INDEX graduate_cohort_school_idx ON graduate_cohort (school_org_id, year);

      CREATE TABLE metric_count (
        year smallint NOT NULL, region text NOT NULL, shard smallint NOT NULL,
        ${COUNT_COLS.map((c) => `${c} int NOT NULL DEFAULT 0`).join(', ')},
        PRIMARY KEY (year, region, shard)
      );
      CREATE TABLE metric_day (
        year smallint NOT NULL, region text NOT NULL, shard smallint NOT NULL, day date NOT NULL,
        ${DAY_COLS.map((c) => `${c} int NOT NULL DEFAULT 0`).join(', ')},
        PRIMARY KEY (year, region, day, shard)
      );
      CREATE TABLE metric_school (
        year smallint NOT NULL, school_org_id uuid NOT NULL, shard smallint NOT NULL, school_region text NOT NULL,
        ${SCHOOL_COLS.map((c) => `${c} int NOT NULL DEFAULT 0`).join(', ')},
        PRIMARY KEY (year, school_org_id, shard)
      );
      CREATE INDEX metric_school_region_idx ON metric_school (year, school_region text_pattern_ops);

      -- Interpretation (DOMAIN.md §6): 1 May of the cohort year, 00:00 China Standard Time.
      CREATE FUNCTION metrics_window_start(y int) RETURNS timestamptz IMMUTABLE LANGUAGE sql AS $$
        SELECT make_timestamptz(y, 5, 1, 0, 0, 0, 'Asia/Shanghai') $$;

      -- The regions a code is in (prefix containment, libs/domain regions.ts), nation first.
      CREATE FUNCTION metrics_region_chain(c text) RETURNS text[] IMMUTABLE LANGUAGE sql AS $$
        SELECT CASE
          WHEN c IS NULL THEN ARRAY[]::text[]
          WHEN c = '000000' THEN ARRAY['000000']
          WHEN right(c, 4) = '0000' THEN ARRAY['000000', c]
          WHEN right(c, 2) = '00' THEN ARRAY['000000', left(c, 2) || '0000', c]
          ELSE ARRAY['000000', left(c, 2) || '0000', left(c, 4) || '00', c] END $$;

      -- §6: where a graduate counts — every region of the school (local: B / E), and every region
      -- of the transfer's target that does not hold the school (incoming: C / F). Once per region.
      CREATE FUNCTION metrics_regions(school text, target text) RETURNS TABLE (region text, local boolean) IMMUTABLE LANGUAGE sql AS $$
        SELECT s, true FROM unnest(metrics_region_chain(school)) s
        UNION ALL
        SELECT t, false FROM unnest(metrics_region_chain(target)) t WHERE t <> ALL (metrics_region_chain(school)) $$;

      -- §6: the school a member of an org graduates from (libs/domain schoolOf): the first base-level
      -- school-domain org on the path, root first.
      CREATE FUNCTION metrics_school_of(p_org uuid) RETURNS uuid STABLE LANGUAGE sql AS $$
        SELECT s.id FROM org o CROSS JOIN LATERAL unnest(o.path) WITH ORDINALITY AS p(id, n)
          JOIN org s ON s.id = p.id
         WHERE o.id = p_org AND s.level = 'base' AND s.industry = ANY(${SCHOOL_DOMAIN})
         ORDER BY p.n LIMIT 1 $$;

      CREATE FUNCTION metrics_shard() RETURNS smallint VOLATILE LANGUAGE sql AS $$ SELECT (pg_backend_pid() % ${SHARDS})::smallint $$;

      -- The derived columns of every cohort row, recomputed from members, transfers and orgs (§6):
      -- the transfer that counts is the most recent one initiated on or after 1 May of the cohort
      -- year (and before 1 May of the member's next cohort, Interpretation COHORT_WINDOW_ENDS_AT_NEXT_COHORT)
      -- that is pending or approved; the indicator follows the destination, else that transfer's type.
      CREATE VIEW graduate_cohort_expected AS
      SELECT g.member_id, g.year, ct.id AS transfer_id,
             ct.target_region::text AS target_region,
             CASE WHEN dest.d = 'delayed_graduation' THEN NULL WHEN dest.d = 'further_study' THEN 'sx' ELSE 'xs' END AS indicator,
             coalesce(ct.status = 'pending', false) AS pending,
             coalesce(ct.status = 'approved' AND NOT retained.r, false) AS completed,
             coalesce(ct.status = 'approved' AND NOT retained.r AND dest.d IS DISTINCT FROM 'further_study'
                      AND ct.industry = ANY(${WORK_UNIT}) AND ct.purpose IS DISTINCT FROM 'mobile' AND ct.purpose IS DISTINCT FROM 'temporary', false) AS to_unit,
             (ct.initiated_at AT TIME ZONE 'Asia/Shanghai')::date AS initiated_day,
             CASE WHEN ct.status = 'approved' AND NOT retained.r
                  THEN (coalesce(ct.decided_at, ct.initiated_at) AT TIME ZONE 'Asia/Shanghai')::date END AS decided_day
        FROM graduate_cohort g
        JOIN member m ON m.id = g.member_id
        LEFT JOIN LATERAL (SELECT n.year FROM graduate_cohort n WHERE n.member_id = g.member_id AND n.year > g.year ORDER BY n.year LIMIT 1) nx ON true
        LEFT JOIN LATERAL (
          SELECT t.id, t.type, t.status, t.initiated_at, t.decided_at,
                 coalesce(o.region_code, t.external_province_code) AS target_region, o.industry, o.purpose
            FROM transfer t LEFT JOIN org o ON o.id = t.to_org_id
           WHERE t.member_id = g.member_id AND t.status IN ('pending','approved')
             AND t.initiated_at >= metrics_window_start(g.year)
             AND (nx.year IS NULL OR t.initiated_at < metrics_window_start(nx.year))
           ORDER BY t.initiated_at DESC, t.id DESC LIMIT 1) ct ON true
        CROSS JOIN LATERAL (SELECT coalesce(g.destination, CASE WHEN ct.type <> 'general' THEN ct.type END) AS d) dest
        -- §5 note: an unemployed graduate retained at school is not completed.
        LEFT JOIN org mo ON mo.id = m.org_id
        CROSS JOIN LATERAL (SELECT coalesce(dest.d = 'unemployed' AND mo.path @> ARRAY[g.school_org_id], false) AS r) retained;

      -- Recompute the derived columns of some members' cohort rows, under the advisory locks of their
      -- buckets (taken in one order), so concurrent changes of one member never leave stale facts.
      CREATE FUNCTION metrics_refresh_members(p uuid[]) RETURNS void VOLATILE LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(7364, x.h) FROM (SELECT DISTINCT hashtext(id::text) & 255 AS h FROM unnest(p) id ORDER BY 1) x;
        UPDATE graduate_cohort g SET ${DERIVED.map((c) => `${c} = e.${c}`).join(', ')}
          FROM graduate_cohort_expected e
         WHERE g.member_id = ANY(p) AND e.member_id = ANY(p) AND e.member_id = g.member_id AND e.year = g.year
           AND ROW(${DERIVED.map((c) => `g.${c}`).join(', ')}) IS DISTINCT FROM ROW(${DERIVED.map((c) => `e.${c}`).join(', ')});
      END $$;

      -- A graduation date marked in another school than the member's last one starts a new cohort
      -- there: the school follows, and the previous graduation's destination does not carry over.
      CREATE FUNCTION metrics_member_before() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE s uuid;
      BEGIN
        IF NEW.graduation_date IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.graduation_date IS DISTINCT FROM OLD.graduation_date) THEN
          s := metrics_school_of(NEW.org_id);
          IF s IS NOT NULL AND s IS DISTINCT FROM NEW.school_org_id THEN
            IF TG_OP = 'UPDATE' AND OLD.graduation_date IS NOT NULL AND OLD.school_org_id IS NOT NULL
               AND NEW.destination IS NOT DISTINCT FROM OLD.destination THEN
              NEW.destination := NULL;
            END IF;
            NEW.school_org_id := s;
          END IF;
        END IF;
        RETURN NEW;
      END $$;

      -- Members changed (statement level, so marking a branch of thousands is a few set-based
      -- statements): a date moved to another year at the same school moves the cohort, another
      -- school's graduation adds one, no date removes the current one; then the facts are refreshed.
      CREATE FUNCTION metrics_member_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids uuid[]; moved uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(n.id ORDER BY n.id) INTO ids FROM new_rows n WHERE n.graduation_date IS NOT NULL;
        ELSE
          SELECT array_agg(n.id ORDER BY n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE ROW(o.graduation_date, o.destination, o.school_org_id) IS DISTINCT FROM ROW(n.graduation_date, n.destination, n.school_org_id);
          -- Only moved (an approval): the facts' identity stays; only "an unemployed graduate retained
          -- at school" may change, so only graduates whose destination is unemployed or unset.
          SELECT array_agg(n.id ORDER BY n.id) INTO moved FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE o.org_id IS DISTINCT FROM n.org_id AND n.id <> ALL (coalesce(ids, '{}'))
             AND EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = n.id AND coalesce(g.destination, 'unemployed') = 'unemployed');
          IF moved IS NOT NULL THEN PERFORM metrics_refresh_members(moved); END IF;
        END IF;
        IF ids IS NULL THEN RETURN NULL; END IF;
        PERFORM pg_advisory_xact_lock(7364, x.h) FROM (SELECT DISTINCT hashtext(id::text) & 255 AS h FROM unnest(ids) id ORDER BY 1) x;
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM graduate_cohort g USING new_rows n, old_rows o
           WHERE n.id = ANY(ids) AND o.id = n.id AND g.member_id = n.id AND o.graduation_date IS NOT NULL
             AND g.year = extract(year FROM o.graduation_date)
             AND extract(year FROM o.graduation_date) IS DISTINCT FROM extract(year FROM n.graduation_date)
             AND (n.graduation_date IS NULL OR g.school_org_id IS NOT DISTINCT FROM n.school_org_id);
        END IF;
        INSERT INTO graduate_cohort AS g (member_id, year, school_org_id, school_region, graduation_date, destination)
        SELECT n.id, extract(year FROM n.graduation_date)::int, s.id, s.region_code, n.graduation_date, n.destination
          FROM new_rows n JOIN org s ON s.id = n.school_org_id
         WHERE n.id = ANY(ids) AND n.graduation_date IS NOT NULL AND s.industry = ANY(${SCHOOL_DOMAIN})
        ON CONFLICT (member_id, year) DO UPDATE
          SET school_org_id = excluded.school_org_id, school_region = excluded.school_region,
              graduation_date = excluded.graduation_date, destination = excluded.destination
        WHERE ROW(g.school_org_id, g.school_region, g.graduation_date, g.destination)
              IS DISTINCT FROM ROW(excluded.school_org_id, excluded.school_region, excluded.graduation_date, excluded.destination);
        -- Marked, but no school-domain school to graduate from: not a graduate of that cohort.
        DELETE FROM graduate_cohort g USING new_rows n
         WHERE n.id = ANY(ids) AND g.member_id = n.id AND n.graduation_date IS NOT NULL AND g.year = extract(year FROM n.graduation_date)
           AND NOT EXISTS (SELECT 1 FROM org s WHERE s.id = n.school_org_id AND s.industry = ANY(${SCHOOL_DOMAIN}));
        PERFORM metrics_refresh_members(ids);
        RETURN NULL;
      END $$;

      -- Transfers initiated or changed (approve, reject, withdraw, expire, external outcome, …).
      CREATE FUNCTION metrics_transfer_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT n.member_id) INTO ids FROM new_rows n WHERE EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = n.member_id);
        ELSE
          SELECT array_agg(DISTINCT n.member_id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE ROW(o.status, o.decided_at, o.initiated_at, o.to_org_id, o.external_province_code, o.type, o.member_id)
                 IS DISTINCT FROM ROW(n.status, n.decided_at, n.initiated_at, n.to_org_id, n.external_province_code, n.type, n.member_id)
             AND EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = n.member_id);
        END IF;
        IF ids IS NOT NULL THEN PERFORM metrics_refresh_members(ids); END IF;
        RETURN NULL;
      END $$;

      -- An org's region, industry or purpose changed: the facts of its school's graduates and of
      -- those whose counted transfer targets it follow.
      CREATE FUNCTION metrics_org_after() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE graduate_cohort SET school_region = NEW.region_code WHERE school_org_id = NEW.id AND school_region <> NEW.region_code;
        UPDATE metric_school SET school_region = NEW.region_code WHERE school_org_id = NEW.id AND school_region <> NEW.region_code;
        PERFORM metrics_refresh_members(ARRAY(SELECT DISTINCT g.member_id FROM graduate_cohort g JOIN transfer t ON t.id = g.transfer_id WHERE t.to_org_id = NEW.id));
        RETURN NULL;
      END $$;

      -- Counters follow the facts, statement by statement, on this connection's shard.
      CREATE FUNCTION metrics_cohort_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE _n bigint;
      BEGIN
        IF current_setting('metrics.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
        -- Most statements that reach here changed nothing (an upsert or refresh with no difference).
        IF TG_OP = 'DELETE' THEN
          IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
        ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
          ${applySql(`SELECT 1 AS sgn, n.* FROM new_rows n`, 'metrics_shard()')};
        ELSIF TG_OP = 'UPDATE' THEN
          ${applySql(`SELECT 1 AS sgn, n.* FROM new_rows n UNION ALL SELECT -1, o.* FROM old_rows o`, 'metrics_shard()')};
        ELSE
          ${applySql(`SELECT -1 AS sgn, o.* FROM old_rows o`, 'metrics_shard()')};
        END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER graduate_cohort_ins AFTER INSERT ON graduate_cohort REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION metrics_cohort_stmt();
      CREATE TRIGGER graduate_cohort_upd AFTER UPDATE ON graduate_cohort REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION metrics_cohort_stmt();
      CREATE TRIGGER graduate_cohort_del AFTER DELETE ON graduate_cohort REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION metrics_cohort_stmt();

      CREATE TRIGGER member_metrics_before BEFORE INSERT OR UPDATE OF graduation_date ON member
        FOR EACH ROW EXECUTE FUNCTION metrics_member_before();
      CREATE TRIGGER member_metrics_ins AFTER INSERT ON member REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION metrics_member_stmt();
      CREATE TRIGGER member_metrics_upd AFTER UPDATE ON member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION metrics_member_stmt();
      CREATE TRIGGER transfer_metrics_ins AFTER INSERT ON transfer REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION metrics_transfer_stmt();
      CREATE TRIGGER transfer_metrics_upd AFTER UPDATE ON transfer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION metrics_transfer_stmt();
      CREATE TRIGGER org_metrics AFTER UPDATE OF region_code, industry, purpose ON org
        FOR EACH ROW WHEN (ROW(OLD.region_code, OLD.industry, OLD.purpose) IS DISTINCT FROM ROW(NEW.region_code, NEW.industry, NEW.purpose))
        EXECUTE FUNCTION metrics_org_after();

      -- Recompute facts and counters from members, transfers and orgs (set-based; triggers on the
      -- facts are bypassed and the counters rewritten). Returns the number of cohort rows.
      CREATE FUNCTION metrics_rebuild() RETURNS bigint VOLATILE LANGUAGE plpgsql AS $$
      DECLARE n bigint; _n bigint;
      BEGIN
        PERFORM set_config('metrics.rebuilding', 'on', true);
        LOCK TABLE graduate_cohort, metric_count, metric_day, metric_school IN EXCLUSIVE MODE;
        -- The current cohort of every marked member, at the school it graduates from.
        INSERT INTO graduate_cohort AS g (member_id, year, school_org_id, school_region, graduation_date, destination)
        SELECT m.id, extract(year FROM m.graduation_date)::int, s.id, s.region_code, m.graduation_date, m.destination
          FROM member m JOIN org s ON s.id = coalesce(m.school_org_id, metrics_school_of(m.org_id))
         WHERE m.graduation_date IS NOT NULL AND s.industry = ANY(${SCHOOL_DOMAIN})
        ON CONFLICT (member_id, year) DO UPDATE
          SET school_org_id = excluded.school_org_id, school_region = excluded.school_region,
              graduation_date = excluded.graduation_date, destination = excluded.destination
        WHERE ROW(g.school_org_id, g.school_region, g.graduation_date, g.destination)
              IS DISTINCT FROM ROW(excluded.school_org_id, excluded.school_region, excluded.graduation_date, excluded.destination);
        -- Earlier cohorts keep their school; its region follows the org.
        UPDATE graduate_cohort g SET school_region = s.region_code FROM org s WHERE s.id = g.school_org_id AND g.school_region <> s.region_code;
        UPDATE graduate_cohort g SET ${DERIVED.map((c) => `${c} = e.${c}`).join(', ')}
          FROM graduate_cohort_expected e
         WHERE e.member_id = g.member_id AND e.year = g.year
           AND ROW(${DERIVED.map((c) => `g.${c}`).join(', ')}) IS DISTINCT FROM ROW(${DERIVED.map((c) => `e.${c}`).join(', ')});
        TRUNCATE metric_count, metric_day, metric_school;
        ${applySql(`SELECT 1 AS sgn, g.* FROM graduate_cohort g`, '0')};
        PERFORM set_config('metrics.rebuilding', 'off', true);
        SELECT count(*) INTO n FROM graduate_cohort;
        RETURN n;
      END $$;

      -- Every difference between the stored facts and counters and a recount; empty when exact.
      CREATE FUNCTION metrics_check() RETURNS TABLE (kind text, key text, expected text, actual text) STABLE LANGUAGE sql AS $$
        SELECT 'cohort_missing', m.id::text || '/' || extract(year FROM m.graduation_date)::text, s.id::text, NULL
          FROM member m JOIN org s ON s.id = coalesce(m.school_org_id, metrics_school_of(m.org_id))
         WHERE m.graduation_date IS NOT NULL AND s.industry = ANY(${SCHOOL_DOMAIN})
           AND NOT EXISTS (SELECT 1 FROM graduate_cohort g WHERE g.member_id = m.id AND g.year = extract(year FROM m.graduation_date)
                             AND g.school_org_id = s.id AND g.graduation_date = m.graduation_date AND g.destination IS NOT DISTINCT FROM m.destination)
        UNION ALL
        SELECT 'cohort_school_region', g.member_id::text || '/' || g.year, s.region_code, g.school_region
          FROM graduate_cohort g JOIN org s ON s.id = g.school_org_id WHERE s.region_code <> g.school_region
        UNION ALL
        SELECT 'cohort', g.member_id::text || '/' || g.year,
               ROW(${DERIVED.map((c) => `e.${c}`).join(', ')})::text, ROW(${DERIVED.map((c) => `g.${c}`).join(', ')})::text
          FROM graduate_cohort g JOIN graduate_cohort_expected e ON e.member_id = g.member_id AND e.year = g.year
         WHERE ROW(${DERIVED.map((c) => `g.${c}`).join(', ')}) IS DISTINCT FROM ROW(${DERIVED.map((c) => `e.${c}`).join(', ')})
        UNION ALL ${diffSql('metric_count', ['year', 'region'], COUNT_COLS, 'metric_count', exp.count)}
        UNION ALL ${diffSql('metric_day', ['year', 'region', 'day'], DAY_COLS, 'metric_day', exp.day)}
        UNION ALL ${diffSql('metric_school', ['year', 'school_org_id'], SCHOOL_COLS, 'metric_school', exp.school)}
      $$;
    `);
    // Facts for the data already there.
    await q.query(`SELECT metrics_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION metrics_check(); DROP FUNCTION metrics_rebuild();
      DROP TRIGGER org_metrics ON org; DROP TRIGGER transfer_metrics_upd ON transfer; DROP TRIGGER transfer_metrics_ins ON transfer;
      DROP TRIGGER member_metrics_upd ON member; DROP TRIGGER member_metrics_ins ON member; DROP TRIGGER member_metrics_before ON member;
      DROP FUNCTION metrics_org_after(); DROP FUNCTION metrics_transfer_stmt(); DROP FUNCTION metrics_member_stmt(); DROP FUNCTION metrics_member_before();
      DROP TABLE metric_school; DROP TABLE metric_day; DROP TABLE metric_count;
      DROP FUNCTION metrics_refresh_members(uuid[]); DROP VIEW graduate_cohort_expected; DROP TABLE graduate_cohort;
      DROP FUNCTION metrics_cohort_stmt(); DROP FUNCTION metrics_shard(); DROP FUNCTION metrics_school_of(uuid);
      DROP FUNCTION metrics_regions(text, text); DROP FUNCTION metrics_region_chain(text); DROP FUNCTION metrics_window_start(int);
    `);
  }
}
