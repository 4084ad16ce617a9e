#!/usr/bin/env bash
# Re-key benchmark. Generates the legacy clinic (scale 1.0 = 4.2M rows) in PostgreSQL, copies it
# twice, then in one run measures, each under /usr/bin/time -v:
#   plain:   one UPDATE giving every dispatch_order row its id_uuid and patient_id_uuid (the same
#            UUID function Ferry installs), in a copy with the columns added beforehand
#   ferry:   ferry rekey expand of all five tables (columns, triggers, backfill, concurrent unique
#            indexes, foreign keys validated); its log gives the dispatch_order backfill alone
#   ferry + writer: the same while a client inserts orders through the old shape all along
# Prints the dispatch_order backfill against the plain UPDATE, the whole expand, and peak memory.
#
#   BENCH_SCALE=1.0 bench/rekey.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
work="$root/bench/work/rekey"
rm -rf "$work" && mkdir -p "$work"
bench_project

(cd "$root" && ./mvnw -q -B -DskipTests package)

echo "Generating the legacy clinic at scale $scale in PostgreSQL ..."
fresh_db bench_rekey
java -jar "$jar" generate clinic --scale "$scale" --url "$pg/bench_rekey" --user "$user" -q
rows=$(clinic_rows bench_rekey)
orders=$(psql_q -d bench_rekey -c "SELECT count(*) FROM dispatch_order")
echo "$rows rows, $orders orders"
for copy in bench_rekey_plain bench_rekey_load; do
  psql_q -d postgres -c "DROP DATABASE IF EXISTS $copy WITH (FORCE)" 2>/dev/null
  psql_q -d postgres -c "CREATE DATABASE $copy TEMPLATE bench_rekey"
done

cat > "$work/rekey.yaml" <<YAML
rekey:
  tables:
    dispatch_office: {key: id, entity: offices}
    auth_user: {key: id, entity: profiles}
    dispatch_doctor: {key: id, entity: doctors}
    dispatch_patient: {key: id, entity: patients}
    dispatch_order: {key: id, entity: orders}
  batch: 5000
  lock_timeout: 2s
YAML
cat > "$work/ferry.yaml" <<YAML
environments:
  bench: {url: $pg/bench_rekey, user: $user}
  load: {url: $pg/bench_rekey_load, user: $user}
YAML

# The plain UPDATE: the function and columns first (not timed), then one statement.
java -jar "$jar" rekey expand -e bench --dry-run > "$work/dry.sql"
grep -E '^(CREATE EXTENSION|CREATE OR REPLACE FUNCTION .*ferry_key_uuid)' "$work/dry.sql" | psql_q -d bench_rekey_plain > /dev/null
psql_q -d bench_rekey_plain -c "ALTER TABLE dispatch_order ADD COLUMN id_uuid uuid, ADD COLUMN patient_id_uuid uuid" > /dev/null
read -r plain_s plain_kb < <(measure psql -h "$host" -p "$port" -U "$user" -qAt -d bench_rekey_plain -c \
  "UPDATE dispatch_order SET id_uuid = ferry_key_uuid('orders', id::text), patient_id_uuid = ferry_key_uuid('patients', patient_id::text)")

backfill_seconds() { # the dispatch_order backfill of the newest expand log
  grep -h '"event":"backfill_finished"' "$(ls -t "$work"/.ferry/logs/*.jsonl | head -1)" | grep '"table":"public.dispatch_order"' \
    | sed -E 's/.*"duration_ms":([0-9]+).*/\1/' | awk '{ printf "%.1f", $1 / 1000 }'
}

read -r ferry_s ferry_kb < <(measure java -jar "$jar" rekey expand -e bench -q)
ferry_backfill=$(backfill_seconds)

# The same under a writer: an old client inserting orders one by one until expand is done.
(
  id=100000000
  while [ ! -f "$work/stop" ]; do
    psql_q -d bench_rekey_load -c "INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES ($id, 1 + $id % 1000, 1, 'new', now())" > /dev/null
    id=$((id + 1))
  done
  echo $((id - 100000000)) > "$work/inserted"
) &
writer=$!
read -r load_s load_kb < <(measure java -jar "$jar" rekey expand -e load -q)
load_backfill=$(backfill_seconds)
touch "$work/stop"
wait "$writer"
missing=$(psql_q -d bench_rekey_load -c "SELECT count(*) FROM dispatch_order WHERE id_uuid IS NULL OR id_uuid <> ferry_key_uuid('orders', id::text)")
[ "$missing" = 0 ] || { echo "$missing orders lack their UUID after expand under load" >&2; exit 1; }

echo
echo "Re-keying $rows rows (5 clinic tables, $orders orders) in place, PostgreSQL, on $(nproc) cores:"
awk -v s="$plain_s" -v k="$plain_kb" 'BEGIN { printf "  plain UPDATE of dispatch_order          %7.1f s   peak %5d MB (psql)\n", s, k / 1024 }'
awk -v s="$ferry_backfill" -v p="$plain_s" 'BEGIN { printf "  ferry backfill of dispatch_order        %7.1f s   %.2fx of the plain UPDATE\n", s, s / p }'
awk -v s="$ferry_s" -v k="$ferry_kb" 'BEGIN { printf "  ferry rekey expand, all five tables     %7.1f s   peak %5d MB\n", s, k / 1024 }'
awk -v s="$load_backfill" -v p="$plain_s" -v n="$(cat "$work/inserted")" \
  'BEGIN { printf "  ferry backfill under a writer           %7.1f s   %.2fx of the plain UPDATE; %d orders inserted meanwhile, none without UUID\n", s, s / p, n }'
awk -v s="$load_s" -v k="$load_kb" 'BEGIN { printf "  ferry rekey expand under a writer       %7.1f s   peak %5d MB\n", s, k / 1024 }'

for db in bench_rekey bench_rekey_plain bench_rekey_load; do
  psql_q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null
done
