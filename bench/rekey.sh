#!/usr/bin/env bash
# Re-key benchmark. Generates the legacy clinic (scale 1.0 = 4.2M rows) in PostgreSQL, copies it
# twice, then in one run measures, each under /usr/bin/time -v:
#   plain:   one UPDATE giving every dispatch_order row its id_uuid and patient_id_uuid (the same
#            UUID function Ferry installs), in a copy with the columns added beforehand
#   ferry:   ferry rekey expand of all five tables (columns, triggers, backfill, concurrent unique
#            indexes, foreign keys validated); its log gives the dispatch_order backfill alone
#   switch:  ferry rekey switch of the same database (verification, integer indexes, the one
#            transaction, verification again)
#   ferry + writer: expand while a client inserts orders through the old shape all along
# Prints the dispatch_order backfill against the plain UPDATE, in wall time and in CPU time of the
# PostgreSQL backend doing it (read from /proc, so only when the server runs on this machine), the
# whole expand and switch, peak memory, and the longest lock expand and switch held beside lock_timeout.
#
#   BENCH_SCALE=1.0 bench/rekey.sh     (BENCH_DB_PREFIX prefixes every database name it creates)
set -euo pipefail
source "$(dirname "$0")/common.sh"
work="$root/bench/work/rekey"
rm -rf "$work" && mkdir -p "$work"
bench_project

(cd "$root" && ./mvnw -q -B -o -DskipTests package)

echo "Generating the legacy clinic at scale $scale in PostgreSQL ..."
fresh_db ${db_prefix}bench_rekey
java -jar "$jar" generate clinic --scale "$scale" --url "$pg/${db_prefix}bench_rekey" --user "$user" -q
rows=$(clinic_rows ${db_prefix}bench_rekey)
orders=$(psql_q -d ${db_prefix}bench_rekey -c "SELECT count(*) FROM dispatch_order")
echo "$rows rows, $orders orders"
for copy in ${db_prefix}bench_rekey_plain ${db_prefix}bench_rekey_load; do
  psql_q -d postgres -c "DROP DATABASE IF EXISTS $copy WITH (FORCE)" 2>/dev/null
  psql_q -d postgres -c "CREATE DATABASE $copy TEMPLATE ${db_prefix}bench_rekey"
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
  bench: {url: $pg/${db_prefix}bench_rekey, user: $user}
  load: {url: $pg/${db_prefix}bench_rekey_load, user: $user}
YAML

# The plain UPDATE: the function and columns first (not timed), then one statement.
java -jar "$jar" rekey expand -e bench --dry-run > "$work/dry.sql"
grep -E '^(CREATE EXTENSION|CREATE OR REPLACE FUNCTION .*ferry_key_uuid)' "$work/dry.sql" | psql_q -d ${db_prefix}bench_rekey_plain > /dev/null
psql_q -d ${db_prefix}bench_rekey_plain -c "ALTER TABLE dispatch_order ADD COLUMN id_uuid uuid, ADD COLUMN patient_id_uuid uuid" > /dev/null
# The backend's own /proc/self/stat after the UPDATE: its CPU time (utime + stime, fields 14 and 15).
read -r plain_s plain_kb < <(measure psql -h "$host" -p "$port" -U "$user" -qAt -d ${db_prefix}bench_rekey_plain -c \
  "UPDATE dispatch_order SET id_uuid = ferry_key_uuid('orders', id::text), patient_id_uuid = ferry_key_uuid('patients', patient_id::text)" \
  -c "SELECT pg_read_file('/proc/self/stat')")
hz=$(getconf CLK_TCK)
plain_cpu=$(awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "$work/cmd.out")

backfill_seconds() { # the dispatch_order backfill of the newest expand log
  grep -h '"event":"backfill_finished"' "$(ls -t "$work"/.ferry/logs/*.jsonl | head -1)" | grep '"table":"public.dispatch_order"' \
    | sed -E 's/.*"duration_ms":([0-9]+).*/\1/' | awk '{ printf "%.1f", $1 / 1000 }'
}

# CPU ticks of the backend serving `ferry rekey expand` on database $1, or nothing.
expand_backend_ticks() {
  local pid
  pid=$(psql_q -d "$1" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$1' AND application_name = 'ferry rekey expand'" | head -1)
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] && sed -E 's/^.*\) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'
  return 0
}

# Follows the newest log of an expand on database $1 and writes to $work/backfill.ticks the CPU
# ticks its backend spent between the start and the end of the dispatch_order backfill (the
# patients' backfill_finished event, then the orders'; polled every 20 ms).
backfill_cpu_watch() {
  local db=$1 log="" t0="" t1=""
  rm -f "$work/backfill.ticks"
  while [ ! -f "$work/watch.stop" ] && [ -z "$t1" ]; do
    [ -n "$log" ] || log=$(ls -t "$work"/.ferry/logs/*.jsonl 2>/dev/null | head -1 || true)
    if [ -n "$log" ] && [ -z "$t0" ] && grep -q '"event":"backfill_finished".*"public.dispatch_patient"' "$log"; then
      t0=$(expand_backend_ticks "$db")
    fi
    if [ -n "$t0" ] && grep -q '"event":"backfill_finished".*"public.dispatch_order"' "$log"; then
      t1=$(expand_backend_ticks "$db")
    fi
    sleep 0.02
  done
  if [ -n "$t0" ] && [ -n "$t1" ]; then echo $((t1 - t0)) > "$work/backfill.ticks"; fi
}

rm -f "$work/watch.stop"
rm -rf "$work/.ferry/logs"
backfill_cpu_watch ${db_prefix}bench_rekey &
watcher=$!
read -r ferry_s ferry_kb < <(measure java -jar "$jar" rekey expand -e bench -q)
touch "$work/watch.stop"
wait "$watcher"
ferry_backfill=$(backfill_seconds)
ferry_cpu=$(awk -v hz="$hz" '{ printf "%.1f", $1 / hz }' "$work/backfill.ticks" 2>/dev/null || true)

read -r switch_s switch_kb < <(measure java -jar "$jar" rekey switch -e bench -q)
lock_timeout_ms=$(psql_q -d ${db_prefix}bench_rekey -c "SELECT max(lock_timeout_ms) FROM ferry_rekey_locks")
locks=$(psql_q -F '|' -d ${db_prefix}bench_rekey -c "SELECT phase, kind, held_ms, left(statement, 70) FROM ferry_rekey_locks
  WHERE phase IN ('expand', 'switch') ORDER BY phase = 'switch', kind")

# The same under a writer: an old client inserting orders one by one until expand is done.
(
  id=100000000
  while [ ! -f "$work/stop" ]; do
    psql_q -d ${db_prefix}bench_rekey_load -c "INSERT INTO dispatch_order (id, patient_id, amount, status, created_at) VALUES ($id, 1 + $id % 1000, 1, 'new', now())" > /dev/null
    id=$((id + 1))
  done
  echo $((id - 100000000)) > "$work/inserted"
) &
writer=$!
read -r load_s load_kb < <(measure java -jar "$jar" rekey expand -e load -q)
load_backfill=$(backfill_seconds)
touch "$work/stop"
wait "$writer"
missing=$(psql_q -d ${db_prefix}bench_rekey_load -c "SELECT count(*) FROM dispatch_order WHERE id_uuid IS NULL OR id_uuid <> ferry_key_uuid('orders', id::text)")
[ "$missing" = 0 ] || { echo "$missing orders lack their UUID after expand under load" >&2; exit 1; }

echo
echo "Re-keying $rows rows (5 clinic tables, $orders orders) in place, PostgreSQL, on $(nproc) cores:"
awk -v s="$plain_s" -v k="$plain_kb" 'BEGIN { printf "  plain UPDATE of dispatch_order          %7.1f s   peak %5d MB (psql)\n", s, k / 1024 }'
awk -v s="$ferry_backfill" -v p="$plain_s" 'BEGIN { printf "  ferry backfill of dispatch_order        %7.1f s   %.2fx of the plain UPDATE\n", s, s / p }'
if [ -n "$ferry_cpu" ]; then
  awk -v f="$ferry_cpu" -v p="$plain_cpu" 'BEGIN { printf "  CPU of the PostgreSQL backend: plain UPDATE %.1f s, ferry backfill %.1f s (%.2fx)\n", p, f, f / p }'
fi
awk -v s="$ferry_s" -v k="$ferry_kb" 'BEGIN { printf "  ferry rekey expand, all five tables     %7.1f s   peak %5d MB\n", s, k / 1024 }'
awk -v s="$switch_s" -v k="$switch_kb" 'BEGIN { printf "  ferry rekey switch, all five tables     %7.1f s   peak %5d MB\n", s, k / 1024 }'
echo "  longest locks (lock_timeout $lock_timeout_ms ms; a blocking one held longer would make the application wait longer than that):"
while IFS='|' read -r phase kind held statement; do
  verdict="within lock_timeout"
  if [ "$kind" = concurrent ]; then verdict="writes go on meanwhile"; elif (( held > lock_timeout_ms )); then verdict="LONGER than lock_timeout"; fi
  printf '    %-7s %-10s %7d ms  %-24s %s\n' "$phase" "$kind" "$held" "$verdict" "$statement"
done <<< "$locks"
awk -v s="$load_backfill" -v p="$plain_s" -v n="$(cat "$work/inserted")" \
  'BEGIN { printf "  ferry backfill under a writer           %7.1f s   %.2fx of the plain UPDATE; %d orders inserted meanwhile, none without UUID\n", s, s / p, n }'
awk -v s="$load_s" -v k="$load_kb" 'BEGIN { printf "  ferry rekey expand under a writer       %7.1f s   peak %5d MB\n", s, k / 1024 }'

for db in ${db_prefix}bench_rekey ${db_prefix}bench_rekey_plain ${db_prefix}bench_rekey_load; do
  psql_q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null
done
