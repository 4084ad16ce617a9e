#!/usr/bin/env bash
# Data-transfer benchmark. Generates the legacy clinic data (scale 1.0 = 4.2M rows: 1k offices,
# 200k users, 20k doctors, 1M patients, 3M orders), then in one run measures
#   (a) the yardstick, in restore order as pg_restore loads: tables created bare from
#       `pg_dump --section=pre-data`, psql COPY TO STDOUT | psql COPY FROM STDIN table by table,
#       then `--section=post-data` (primary keys, indexes, foreign keys) applied; timed together;
#   (a2) the same pipe into a schema whose keys and foreign keys already exist (every row checked
#       on arrival), kept as a second line;
#   (b) ferry transfer run (through ./ferry, as users run it) into the UUID schema of the clinic
#       example (keys remapped, references rewritten, ID map on, constraints rebuilt), once with the
#       launcher's default heap (256 MB) and once with -Xmx512m,
# each under /usr/bin/time -v, and prints rows/s, the ratio to (a) and peak memory.
# BENCH_MARIADB=1 also generates the data in MariaDB and measures MariaDB -> PostgreSQL beside its
# own yardstick: `mariadb --quick --batch` piped into psql COPY, in restore order as in (a).
# BENCH_SCALES="0.05 0.25 1.0" also measures Ferry's rows/s and peak memory at each of those scales.
# BENCH_PROFILE=1 records both Ferry runs with Java Flight Recorder and prints, after each, the CPU
# seconds of Ferry, of its PostgreSQL backends and of the machine, and Ferry's hot spots (kept in
# bench/work/transfer/*.profile and *.jfr). BENCH_DB_PREFIX prefixes every database name;
# BENCH_SKIP_BUILD=1 uses the jar already built instead of building and installing Ferry.
#
#   BENCH_SCALE=1.0 bench/transfer.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
work="$root/bench/work/transfer"
rm -rf "$work" && mkdir -p "$work"
bench_project

build_ferry


echo "Generating the legacy clinic at scale $scale in PostgreSQL ..."
fresh_db ${db_prefix}bench_legacy
java -jar "$jar" generate clinic --scale "$scale" --url "$pg/${db_prefix}bench_legacy" --user "$user" -q
rows=$(clinic_rows ${db_prefix}bench_legacy)
offices_kept=$(psql_q -d ${db_prefix}bench_legacy -c "SELECT count(*) FROM dispatch_office WHERE NOT deleted")
echo "$rows legacy rows"

tables="dispatch_office auth_user dispatch_doctor dispatch_patient dispatch_order"
pg_dump -h "$host" -p "$port" -U "$user" --section=pre-data ${db_prefix}bench_legacy > "$work/pre-data.sql"
pg_dump -h "$host" -p "$port" -U "$user" --section=post-data ${db_prefix}bench_legacy > "$work/post-data.sql"

# Bare tables from pre-data in database $1; the timed script pipes each table with the command
# given as $2 (a shell line reading table \$t, writing COPY text to stdout) and then applies post-data.
restore_order_pipe() {
  fresh_db "$1"
  psql_q -d "$1" -v ON_ERROR_STOP=1 -f "$work/pre-data.sql" > /dev/null
  cat > "$work/pipe-$1.sh" <<PIPE
set -euo pipefail
for t in $tables; do
  $2 | psql -h $host -p $port -U $user -d $1 -qAtc "COPY \$t FROM STDIN ${3:-}"
done
psql -h $host -p $port -U $user -d $1 -q -v ON_ERROR_STOP=1 -f "$work/post-data.sql" > /dev/null
PIPE
}

# (a) The yardstick in restore order: bare tables, the rows, then keys, indexes and foreign keys.
restore_order_pipe ${db_prefix}bench_pipe "psql -h $host -p $port -U $user -d ${db_prefix}bench_legacy -qAtc \"COPY \$t TO STDOUT\""
read -r pipe_s pipe_kb < <(measure bash "$work/pipe-${db_prefix}bench_pipe.sh")

# (a2) The same pipe into an identical schema whose constraints already exist.
fresh_db ${db_prefix}bench_pipe_checked
pg_dump -h "$host" -p "$port" -U "$user" --schema-only ${db_prefix}bench_legacy | psql_q -d ${db_prefix}bench_pipe_checked > /dev/null
cat > "$work/pipe-checked.sh" <<PIPE
set -euo pipefail
for t in $tables; do
  psql -h $host -p $port -U $user -d ${db_prefix}bench_legacy -qAtc "COPY \$t TO STDOUT" | psql -h $host -p $port -U $user -d ${db_prefix}bench_pipe_checked -qAtc "COPY \$t FROM STDIN"
done
PIPE
read -r checked_s checked_kb < <(measure bash "$work/pipe-checked.sh")

# (b) Ferry into the UUID schema of the clinic example.
make_target() {
  fresh_db "$1"
  java -jar "$jar" migrate --url "$pg/$1" --user "$user" --locations "$root/examples/clinic/migrations" -q > /dev/null
}
plan_for() { # source-url target-url source-user
  sed -e "s|^source: legacy|source: {url: \"$1\", user: ${3:-$user}}|" -e "s|^target: development|target: {url: \"$2\", user: $user}|" \
    "$root/examples/clinic/transfer.yaml"
}
make_target ${db_prefix}bench_target
plan_for "$pg/${db_prefix}bench_legacy" "$pg/${db_prefix}bench_target" > "$work/plan.yaml"
read -r ferry_s ferry_kb < <(FERRY_JAVA_OPTS="$(profile_opts transfer)" profiled "ferry transfer" transfer \
  "${db_prefix}bench_legacy ${db_prefix}bench_target" "$root/ferry" transfer run -p "$work/plan.yaml" -q)
written=$(psql_q -d ${db_prefix}bench_target -c "SELECT count(*) FROM ferry_id_map")
expected=$(( rows - ( $(psql_q -d ${db_prefix}bench_legacy -c "SELECT count(*) FROM dispatch_office") - offices_kept ) ))
[ "$written" = "$expected" ] || { echo "ferry wrote $written rows, expected $expected" >&2; exit 1; }

make_target ${db_prefix}bench_target_small
plan_for "$pg/${db_prefix}bench_legacy" "$pg/${db_prefix}bench_target_small" > "$work/plan-small.yaml"
read -r small_s small_kb < <(FERRY_JAVA_OPTS="-Xmx512m $(profile_opts transfer-512m)" profiled "ferry transfer -Xmx512m" transfer-512m \
  "${db_prefix}bench_legacy ${db_prefix}bench_target_small" "$root/ferry" transfer run -p "$work/plan-small.yaml" -q)

echo
echo "Transfer of $rows rows, PostgreSQL -> PostgreSQL, on $(nproc) cores:"
line() { # label seconds peak_kb [yardstick_seconds]
  awk -v l="$1" -v r="$rows" -v s="$2" -v k="$3" -v p="${4:-}" 'BEGIN {
    printf "  %-44s %7.1f s  %9.0f rows/s  peak %5d MB", l, s, r / s, k / 1024
    if (p != "") printf "   ratio to restore-order pipe %.2f", p / s
    printf "\n" }'
}
line "psql COPY pipe, restore order (yardstick)" "$pipe_s" "$pipe_kb"
line "psql COPY pipe into a constrained schema" "$checked_s" "$checked_kb" "$pipe_s"
line "ferry transfer (UUID keys, FKs, ID map)" "$ferry_s" "$ferry_kb" "$pipe_s"
line "ferry transfer with -Xmx512m" "$small_s" "$small_kb" "$pipe_s"

if [ "${BENCH_MARIADB:-0}" = 1 ]; then
  echo "Generating the legacy clinic at scale $scale in MariaDB ..."
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS ${db_prefix}bench_legacy; CREATE DATABASE ${db_prefix}bench_legacy"
  java -jar "$jar" generate clinic --scale "$scale" --url "jdbc:mariadb://127.0.0.1:3306/${db_prefix}bench_legacy" --user root -q
  # The MariaDB yardstick: its client's tab-separated batch output (escapes as COPY text, NULL
  # spelled NULL) piped into COPY, in restore order.
  restore_order_pipe ${db_prefix}bench_pipe_maria "mariadb -h127.0.0.1 -uroot --quick --batch --skip-column-names ${db_prefix}bench_legacy -e \"SELECT * FROM \$t\"" "(NULL 'NULL')"
  read -r mpipe_s mpipe_kb < <(measure bash "$work/pipe-${db_prefix}bench_pipe_maria.sh")
  make_target ${db_prefix}bench_target_maria
  plan_for "jdbc:mariadb://127.0.0.1:3306/${db_prefix}bench_legacy" "$pg/${db_prefix}bench_target_maria" root > "$work/plan-maria.yaml"
  read -r maria_s maria_kb < <(measure "$root/ferry" transfer run -p "$work/plan-maria.yaml" -q)
  echo "MariaDB -> PostgreSQL:"
  line "mariadb --batch | psql COPY, restore order" "$mpipe_s" "$mpipe_kb"
  line "ferry transfer MariaDB -> PostgreSQL" "$maria_s" "$maria_kb" "$mpipe_s"
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS ${db_prefix}bench_legacy"
fi

if [ -n "${BENCH_SCALES:-}" ]; then
  echo "Ferry at each scale (rows/s should stay level, memory flat):"
  for s in $BENCH_SCALES; do
    fresh_db ${db_prefix}bench_legacy_s
    java -jar "$jar" generate clinic --scale "$s" --url "$pg/${db_prefix}bench_legacy_s" --user "$user" -q
    make_target ${db_prefix}bench_target_s
    plan_for "$pg/${db_prefix}bench_legacy_s" "$pg/${db_prefix}bench_target_s" > "$work/plan-s.yaml"
    read -r s_s s_kb < <(measure "$root/ferry" transfer run -p "$work/plan-s.yaml" -q)
    rows=$(clinic_rows ${db_prefix}bench_legacy_s) line "scale $s" "$s_s" "$s_kb"
  done
fi

for db in ${db_prefix}bench_legacy ${db_prefix}bench_pipe ${db_prefix}bench_pipe_checked ${db_prefix}bench_pipe_maria ${db_prefix}bench_target ${db_prefix}bench_target_small ${db_prefix}bench_target_maria ${db_prefix}bench_legacy_s ${db_prefix}bench_target_s; do
  psql_q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null
done
