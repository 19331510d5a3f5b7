-- Issue 9 benchmark data: current_setting('bench.graduates') graduating members of cohort 2026
-- spread over every county (one school with one branch and one employer per county), with
-- transfers in every state. Plain SQL (generate_series); triggers are bypassed for the bulk load
-- (session_replication_role = replica) and the facts are built afterwards by metrics_rebuild().
-- Needs the bootstrap (regions, the national org, the `admin` account) and the migrations; with
-- the triggers off it writes the province keys (docs/scaling.md) itself.
SET session_replication_role = replica;

CREATE TEMP TABLE bench_county AS
SELECT row_number() OVER (ORDER BY code) - 1 AS n, code::text AS code,
       gen_random_uuid() AS school, gen_random_uuid() AS branch, gen_random_uuid() AS newstu, gen_random_uuid() AS employer
  FROM region WHERE level = 'county';

INSERT INTO org (id, parent_id, name, kind, level, industry, region_code, purpose, path)
SELECT c.school, r.id, 'bench大学' || c.code, 'committee', 'base', 'university', c.code, NULL, ARRAY[r.id, c.school]
  FROM bench_county c CROSS JOIN (SELECT id FROM org WHERE level = 'national' ORDER BY created_at LIMIT 1) r;
INSERT INTO org (id, parent_id, name, kind, level, industry, region_code, purpose, path, graduation_date)
SELECT c.branch, c.school, 'bench2022级团支部' || c.code, 'branch', 'base', 'university', c.code, NULL, ARRAY[r.id, c.school, c.branch], '2026-06-30'
  FROM bench_county c CROSS JOIN (SELECT id FROM org WHERE level = 'national' ORDER BY created_at LIMIT 1) r;
INSERT INTO org (id, parent_id, name, kind, level, industry, region_code, purpose, path)
SELECT c.newstu, c.school, 'bench新生团组织' || c.code, 'branch', 'base', 'university', c.code, 'new_students', ARRAY[r.id, c.school, c.newstu]
  FROM bench_county c CROSS JOIN (SELECT id FROM org WHERE level = 'national' ORDER BY created_at LIMIT 1) r;
INSERT INTO org (id, parent_id, name, kind, level, industry, region_code, purpose, path)
SELECT c.employer, r.id, 'bench公司团支部' || c.code, 'branch', 'base', 'enterprise', c.code, NULL, ARRAY[r.id, c.employer]
  FROM bench_county c CROSS JOIN (SELECT id FROM org WHERE level = 'national' ORDER BY created_at LIMIT 1) r;

-- Graduates: 20 % further study, the rest society-bound (some unemployed), all 2026-06-30.
INSERT INTO member (id, org_id, province_code, name, id_card_number, gender, birth_date, graduation_date, school_org_id, destination, status)
SELECT gen_random_uuid(), c.branch, left(c.code, 2), 'bench' || i, lpad(i::text, 17, '0') || 'X', 'male', '2004-01-01', '2026-06-30', c.school,
       CASE WHEN i % 5 = 0 THEN 'further_study' WHEN i % 17 = 0 THEN 'unemployed' ELSE NULL END, 'active'
  FROM generate_series(1, current_setting('bench.graduates')::int) i
  JOIN bench_county c ON c.n = i % (SELECT count(*) FROM bench_county);

-- Transfers for ~70 %: approved 50 %, pending 25 %, rejected 10 %, withdrawn 10 %, expired 5 %; a
-- third of them to another county (C / F), initiated between 1 May and 30 September.
CREATE TEMP TABLE bench_member AS
SELECT m.id, m.org_id, m.destination, c.n, c.code, row_number() OVER () AS k
  FROM member m JOIN bench_county c ON c.branch = m.org_id;
INSERT INTO transfer (member_id, province_code, type, status, from_org_id, to_org_id, initiated_by, initiator_role, initiator_side, initiated_at, decided_at)
SELECT b.id, left(b.code, 2),
       CASE WHEN b.destination = 'further_study' THEN 'further_study' WHEN b.destination = 'unemployed' THEN 'employment' ELSE 'employment' END,
       st.status, b.org_id,
       CASE WHEN b.destination = 'further_study' THEN t.newstu ELSE t.employer END,
       (SELECT id FROM app_user WHERE username = 'admin'), 'national_admin', 'outgoing',
       timestamptz '2026-05-01 09:00+08' + ((b.k * 7919) % 150) * interval '1 day' + ((b.k % 600) * interval '1 minute'),
       CASE WHEN st.status = 'pending' THEN NULL
            ELSE timestamptz '2026-05-01 09:00+08' + ((b.k * 7919) % 150) * interval '1 day' + (1 + b.k % 9) * interval '1 day' END
  FROM bench_member b
  CROSS JOIN LATERAL (SELECT CASE WHEN (b.k / 10) % 20 < 10 THEN 'approved' WHEN (b.k / 10) % 20 < 15 THEN 'pending' WHEN (b.k / 10) % 20 < 17 THEN 'rejected'
                                  WHEN (b.k / 10) % 20 < 19 THEN 'withdrawn' ELSE 'expired' END AS status) st
  JOIN bench_county t ON t.n = CASE WHEN b.k % 3 = 0 THEN (b.n * 31 + b.k) % (SELECT count(*) FROM bench_county) ELSE b.n END
 WHERE b.k % 10 < 7;

-- Approved ones moved (members change org only by transfer).
UPDATE member m SET org_id = t.to_org_id, province_code = left(o.region_code, 2) FROM transfer t JOIN org o ON o.id = t.to_org_id
 WHERE t.member_id = m.id AND t.status = 'approved' AND t.to_org_id IS NOT NULL;

SET session_replication_role = origin;
ANALYZE org; ANALYZE member; ANALYZE transfer;
