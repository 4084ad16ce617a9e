#!/usr/bin/env bash
# Data-transfer benchmark. Generates the legacy clinic data (scale 1.0 = 4.2M rows: 1k offices,
# 200k users, 20k doctors, 1M patients, 3M orders), then in one run measures
#   (a) the yardstick: psql COPY TO STDOUT | psql COPY FROM STDIN, table by table, into an
#       identical schema, and
#   (b) ferry transfer run (through ./ferry, as users run it) into the UUID schema of the clinic
#       example (keys remapped, references rewritten, ID map on), once with the launcher's default
#       heap (512 MB) and once with -Xmx256m,
# each under /usr/bin/time -v, and prints rows/s, the ratio and peak memory. With BENCH_MARIADB=1
# it also generates the data in MariaDB and reports MariaDB -> PostgreSQL beside it.
#
#   BENCH_SCALE=1.0 bench/transfer.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
work="$root/bench/work/transfer"
rm -rf "$work" && mkdir -p "$work"
bench_project

(cd "$root" && ./mvnw -q -B -DskipTests install)


echo "Generating the legacy clinic at scale $scale in PostgreSQL ..."
fresh_db bench_legacy
java -jar "$jar" generate clinic --scale "$scale" --url "$pg/bench_legacy" --user "$user" -q
rows=$(clinic_rows bench_legacy)
offices_kept=$(psql_q -d bench_legacy -c "SELECT count(*) FROM dispatch_office WHERE NOT deleted")
echo "$rows legacy rows"

# (a) The yardstick: the same tables into an identical schema, parents first.
fresh_db bench_pipe
pg_dump -h "$host" -p "$port" -U "$user" --schema-only bench_legacy | psql_q -d bench_pipe > /dev/null
cat > "$work/pipe.sh" <<PIPE
set -euo pipefail
for t in dispatch_office auth_user dispatch_doctor dispatch_patient dispatch_order; do
  psql -h $host -p $port -U $user -d bench_legacy -qAtc "COPY \$t TO STDOUT" | psql -h $host -p $port -U $user -d bench_pipe -qAtc "COPY \$t FROM STDIN"
done
PIPE
read -r pipe_s pipe_kb < <(measure bash "$work/pipe.sh")

# (b) Ferry into the UUID schema of the clinic example.
make_target() {
  fresh_db "$1"
  java -jar "$jar" migrate --url "$pg/$1" --user "$user" --locations "$root/examples/clinic/migrations" -q > /dev/null
}
plan_for() { # source-url target-url source-user
  sed -e "s|^source: legacy|source: {url: \"$1\", user: ${3:-$user}}|" -e "s|^target: development|target: {url: \"$2\", user: $user}|" \
    "$root/examples/clinic/transfer.yaml"
}
make_target bench_target
plan_for "$pg/bench_legacy" "$pg/bench_target" > "$work/plan.yaml"
read -r ferry_s ferry_kb < <(measure "$root/ferry" transfer run -p "$work/plan.yaml" -q)
written=$(psql_q -d bench_target -c "SELECT count(*) FROM ferry_id_map")
expected=$(( rows - ( $(psql_q -d bench_legacy -c "SELECT count(*) FROM dispatch_office") - offices_kept ) ))
[ "$written" = "$expected" ] || { echo "ferry wrote $written rows, expected $expected" >&2; exit 1; }

make_target bench_target_small
plan_for "$pg/bench_legacy" "$pg/bench_target_small" > "$work/plan-small.yaml"
read -r small_s small_kb < <(FERRY_JAVA_OPTS=-Xmx256m measure "$root/ferry" transfer run -p "$work/plan-small.yaml" -q)

echo
echo "Transfer of $rows rows, PostgreSQL -> PostgreSQL, on $(nproc) cores:"
awk -v r="$rows" -v s="$pipe_s" -v k="$pipe_kb" 'BEGIN { printf "  psql COPY pipe (identical schema)        %7.1f s  %9.0f rows/s  peak %5d MB (largest process)\n", s, r / s, k / 1024 }'
awk -v r="$rows" -v s="$ferry_s" -v k="$ferry_kb" -v p="$pipe_s" 'BEGIN { printf "  ferry transfer (UUID keys, FKs, ID map)  %7.1f s  %9.0f rows/s  peak %5d MB   ratio to pipe %.2f\n", s, r / s, k / 1024, p / s }'
awk -v r="$rows" -v s="$small_s" -v k="$small_kb" -v p="$pipe_s" 'BEGIN { printf "  ferry transfer with -Xmx256m             %7.1f s  %9.0f rows/s  peak %5d MB   ratio to pipe %.2f\n", s, r / s, k / 1024, p / s }'

if [ "${BENCH_MARIADB:-0}" = 1 ]; then
  echo "Generating the legacy clinic at scale $scale in MariaDB ..."
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS bench_legacy; CREATE DATABASE bench_legacy"
  java -jar "$jar" generate clinic --scale "$scale" --url "jdbc:mariadb://127.0.0.1:3306/bench_legacy" --user root -q
  make_target bench_target_maria
  plan_for "jdbc:mariadb://127.0.0.1:3306/bench_legacy" "$pg/bench_target_maria" root > "$work/plan-maria.yaml"
  read -r maria_s maria_kb < <(measure "$root/ferry" transfer run -p "$work/plan-maria.yaml" -q)
  awk -v r="$rows" -v s="$maria_s" -v k="$maria_kb" -v p="$pipe_s" 'BEGIN { printf "  ferry transfer MariaDB -> PostgreSQL     %7.1f s  %9.0f rows/s  peak %5d MB   ratio to pipe %.2f\n", s, r / s, k / 1024, p / s }'
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS bench_legacy"
fi

for db in bench_legacy bench_pipe bench_target bench_target_small bench_target_maria; do
  psql_q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null
done
