// The SQL of the bench's "approvals' statements alone" row (tools/bench/run.mjs), shared with
// apps/api-e2e/src/bench-sql.e2e.spec.ts, which checks that it writes what the API writes.
//
// APPROVAL_TX is, statement for statement, what the API sends to approve a group of transfers in
// one transaction (transfer-decision.service.ts approveTogether: the locking read in the caller's scope,
// the routing facts, the members' UPDATE, the transfers' UPDATE with the facts trigger, the audit
// INSERT, after the clock the API tells the facts with its test clock (ScopedDb, `zhtj.now`; the
// bench's API runs on that clock) — texts as PostgreSQL logged them, parameters as pgbench variables, run with `-M prepared`
// as the API's named statements are). What the API works out in JavaScript between them — the
// group's ids, targets and destinations, the audit entries — PRE_READ reads before the
// transaction; the bench runs PRE_READ alone too and takes its cost off.

/**
 * Pending graduates' transfers to an org, of the types an approval moves a member by, whose
 * member is active and has no other pending transfer (two groups in flight never wait on one
 * member). Aliases: `t` the transfer, `m` its member.
 */
export const APPROVABLE = `t.status = 'pending' AND t.to_org_id IS NOT NULL
  AND t.type IN ('further_study', 'employment', 'unemployed', 'abroad_official', 'abroad_private') AND m.status = 'active'
  AND NOT EXISTS (SELECT 1 FROM transfer o WHERE o.member_id = t.member_id AND o.status = 'pending' AND o.id <> t.id)`;

/** `bench_pending (id, slot)`: those transfers in a fixed random order, `group` to a slot, and its slot sequence. */
export function benchPendingSql(group) {
  return [
    `CREATE TABLE bench_pending AS
     SELECT t.id, ((row_number() OVER (ORDER BY md5(t.id::text)) - 1) / ${Number(group)} + 1)::int AS slot
       FROM transfer t JOIN member m ON m.id = t.member_id
      WHERE ${APPROVABLE}`,
    'CREATE INDEX ON bench_pending (slot)',
    'CREATE SEQUENCE bench_pending_slot',
    'ANALYZE bench_pending',
  ];
}

/**
 * pgbench's arguments for running `script` (PRE_READ, APPROVAL_TX) on the database at `url`, as the
 * bench does: prepared statements, 2 clients, `perClient` transactions each, the variables `vars`
 * (root, admin, now); with `logPrefix`, a log of each transaction's latency.
 */
export function pgbenchArgs(url, { script, perClient, vars, logPrefix }) {
  const u = new URL(url);
  return [
    ...['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')],
    ...['-n', '-M', 'prepared', '-c', '2', '-j', '2', '-t', String(perClient), '-f', script],
    ...Object.entries(vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    ...(logPrefix ? ['-l', '--log-prefix', logPrefix] : []),
    decodeURIComponent(u.pathname.slice(1)),
  ];
}

/**
 * The next slot's group, as the API holds it after its locking read: ids, members, targets, the
 * members' destinations after the move (§6: a graduate without one takes the transfer's type), the
 * orgs the routing rules read, and the audit entries (writeDecisions: both sides' transfer.approve,
 * the member's move). Variables: :root, :admin, :now (pgbench -D).
 */
export const PRE_READ = `SELECT nextval('bench_pending_slot') AS slot \\gset
SELECT array_agg(t.id)::text AS ids, array_agg(t.member_id)::text AS members, array_agg(t.to_org_id)::text AS targets,
       array_agg(coalesce(m.destination, t.type))::text AS destinations, array_agg(t.reason)::text AS reasons,
       array_agg(t.to_org_name)::text AS to_names, array_agg(t.requested_org_id)::text AS requested_ids,
       array_agg(t.requested_org_name)::text AS requested_names, array_fill(:admin::uuid, ARRAY[count(*)::int])::text AS deciders,
       (array_agg(t.to_org_id) || array_agg(m.org_id))::text AS orgs,
       (SELECT jsonb_agg(e) FROM (
          SELECT jsonb_build_object('at', :now::timestamptz, 'actor_id', :admin::uuid, 'actor_username', (SELECT username FROM app_user WHERE id = :admin::uuid),
                   'action', a.action, 'entity_type', a.entity_type, 'entity_id', a.entity_id, 'before', a.before, 'after', a.after, 'org_path', a.org_path) AS e
            FROM bench_pending p2 JOIN transfer t2 ON t2.id = p2.id JOIN member m2 ON m2.id = t2.member_id
            LEFT JOIN org fo ON fo.id = t2.from_org_id LEFT JOIN org tor ON tor.id = t2.to_org_id
           CROSS JOIN LATERAL (VALUES
             ('transfer.approve', 'transfer', t2.id::text, jsonb_build_object('status', t2.status), jsonb_build_object('status', 'approved', 'reason', t2.reason), fo.path),
             ('transfer.approve', 'transfer', t2.id::text, jsonb_build_object('status', t2.status), jsonb_build_object('status', 'approved', 'reason', t2.reason), tor.path),
             ('member.move', 'member', t2.member_id::text, jsonb_build_object('orgId', m2.org_id, 'destination', m2.destination),
              jsonb_build_object('orgId', t2.to_org_id, 'destination', coalesce(m2.destination, t2.type), 'transferId', t2.id), coalesce(tor.path, fo.path, '{}'))
           ) AS a(action, entity_type, entity_id, before, after, org_path)
           WHERE p2.slot = :slot AND a.org_path IS NOT NULL) x)::text AS audit
  FROM bench_pending p JOIN transfer t ON t.id = p.id JOIN member m ON m.id = t.member_id
 WHERE p.slot = :slot \\gset
`;

/** The API's transaction for the group that PRE_READ read (texts from PostgreSQL's log of a 批量审核通过). */
export const APPROVAL_TX = `BEGIN;
/* prepared */ SELECT set_config('zhtj.now', :now, true);
/* prepared */ SELECT "t"."id" AS "t_id", "t"."member_id" AS "t_member_id", "t"."type" AS "t_type", "t"."status" AS "t_status", "t"."from_org_id" AS "t_from_org_id", "t"."from_org_name" AS "t_from_org_name", "t"."to_org_id" AS "t_to_org_id", "t"."to_org_name" AS "t_to_org_name", "t"."external_province_code" AS "t_external_province_code", "t"."external_org_name" AS "t_external_org_name", "t"."initiated_by" AS "t_initiated_by", "t"."initiator_role" AS "t_initiator_role", "t"."initiator_side" AS "t_initiator_side", "t"."initiated_at" AS "t_initiated_at", "t"."decided_by" AS "t_decided_by", "t"."decided_at" AS "t_decided_at", "t"."reason" AS "t_reason", "t"."note" AS "t_note", "t"."abroad_contact_name" AS "t_abroad_contact_name", "t"."abroad_contact_phone" AS "t_abroad_contact_phone", "t"."checked_in_on" AS "t_checked_in_on", "t"."checked_in_by" AS "t_checked_in_by", "t"."requested_org_id" AS "t_requested_org_id", "t"."requested_org_name" AS "t_requested_org_name", "t"."external_arrival" AS "t_external_arrival", "du"."role" AS "decider_role", "du"."id" AS "du_id", "duo"."name" AS "decider_org_name", "duo"."id" AS "duo_id", "fo"."name" AS from_name, "tor"."name" AS to_name, "iu"."username" AS initiator_username, "fo"."path" AS from_path, "tor"."path" AS to_path, "tm"."name" AS member_name, (SELECT count(*) FROM transfer_reminder r WHERE r.transfer_id = "t"."id") AS "reminder_count", (SELECT min(r.sent_at) FROM transfer_reminder r WHERE r.transfer_id = "t"."id") AS "first_reminded_at", (SELECT max(r.sent_at) FROM transfer_reminder r WHERE r.transfer_id = "t"."id") AS "last_reminded_at", "mb"."org_id" AS mb_org_id, "mb"."status" AS mb_status, "mb"."destination" AS mb_destination, "mb"."school_org_id" AS mb_school_org_id, mb.graduation_date::text AS mb_graduation_date, (SELECT ao.name FROM org ao WHERE ao.id = :root) AS "decider_org" FROM "transfer" "t" LEFT JOIN "org" "fo" ON "fo"."id" = "t"."from_org_id"  LEFT JOIN "org" "tor" ON "tor"."id" = "t"."to_org_id"  LEFT JOIN "app_user" "iu" ON "iu"."id" = "t"."initiated_by"  LEFT JOIN "member" "tm" ON "tm"."id" = "t"."member_id"  LEFT JOIN "app_user" "du" ON "du"."id" = "t"."decided_by"  LEFT JOIN "org" "duo" ON "duo"."id" = "du"."org_id"  INNER JOIN "member" "mb" ON "mb"."id" = "t"."member_id" WHERE EXISTS (SELECT 1 FROM org scope_org WHERE scope_org.id IN ("t"."from_org_id", "t"."to_org_id") AND scope_org.path @> ARRAY[:root]::uuid[]) AND "t"."id" = ANY(CAST(:ids AS uuid[])) ORDER BY "t"."id" ASC FOR UPDATE OF t, mb;
/* prepared */ SELECT "o"."id" AS "o_id", "o"."parent_id" AS "o_parent_id", "o"."name" AS "o_name", "o"."kind" AS "o_kind", "o"."level" AS "o_level", "o"."industry" AS "o_industry", "o"."region_code" AS "o_region_code", "o"."purpose" AS "o_purpose", "o"."path" AS "o_path", "o"."graduation_date" AS "o_graduation_date", "o"."mixed" AS "o_mixed", "o"."created_at" AS "o_created_at", "o"."updated_at" AS "o_updated_at", "p"."level" AS "parent_level", "p"."id" AS "p_id" FROM "org" "o" LEFT JOIN "org" "p" ON "p"."id" = "o"."parent_id" WHERE "o"."id" = ANY(CAST(:orgs AS uuid[]) || COALESCE((SELECT c.path FROM org c WHERE c.id = NULL::uuid), '{}'::uuid[]));
/* prepared */ WITH deferred AS MATERIALIZED (SELECT set_config('zhtj.facts_refresh', 'transfer', true))
         UPDATE member AS mb SET org_id = v.org_id, destination = v.destination
           FROM unnest(:members::uuid[], :targets::uuid[], :destinations::text[]) AS v(id, org_id, destination), deferred
          WHERE mb.id = v.id;
/* prepared */ WITH refresh AS MATERIALIZED (SELECT set_config('zhtj.facts_refresh', '', true))
       UPDATE transfer AS t SET status = 'approved', decided_at = :now, decided_by = v.decided_by, reason = v.reason, to_org_id = v.to_org_id, to_org_name = v.to_org_name,
              requested_org_id = v.requested_org_id, requested_org_name = v.requested_org_name
         FROM unnest(:ids::uuid[], :deciders::uuid[], :reasons::text[], :targets::uuid[], :to_names::text[], :requested_ids::uuid[], :requested_names::text[])
                AS v(id, decided_by, reason, to_org_id, to_org_name, requested_org_id, requested_org_name), refresh
        WHERE t.id = v.id;
/* prepared */ INSERT INTO audit_log (at, actor_id, actor_username, action, entity_type, entity_id, before, after, org_path)
         SELECT x.at, x.actor_id, x.actor_username, x.action, x.entity_type, x.entity_id, x.before, x.after, x.org_path
           FROM jsonb_to_recordset(:audit::jsonb) AS x(at timestamptz, actor_id uuid, actor_username text, action text, entity_type text,
                                                   entity_id text, before jsonb, after jsonb, org_path uuid[]);
COMMIT;
`;
