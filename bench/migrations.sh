#!/usr/bin/env bash
# Schema-migration benchmark: 500 generated migrations (a CREATE TABLE with five columns plus an
# index each) applied to an empty PostgreSQL database by Ferry and by flyway-core, then a no-op
# re-run and a status/info, each as its own process under /usr/bin/time -v.
#
#   bench/migrations.sh [COUNT]
#
# Uses the PostgreSQL at $BENCH_PG_HOST:$BENCH_PG_PORT (default 127.0.0.1:5432, user postgres).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-500}
host=${BENCH_PG_HOST:-127.0.0.1}
port=${BENCH_PG_PORT:-5432}
user=${BENCH_PG_USER:-postgres}
flyway_version=${FLYWAY_VERSION:-10.20.1}
work="$root/bench/work/migrations"
rm -rf "$work" && mkdir -p "$work/sql" "$work/classes"
printf 'environments:\n  development: {}\n' > "$work/ferry.yaml"   # Ferry works in a project folder
cd "$work"

echo "Building Ferry and fetching flyway-core $flyway_version ..."
(cd "$root" && ./mvnw -q -B -DskipTests install)
rm -f "$root/ferry-cli/target/ferry.jsa"   # Ferry runs through its launcher, as users run it; start from no archive
mvn_get() { (cd "$root" && ./mvnw -q -B dependency:copy -Dartifact="$1" -DoutputDirectory="$work/lib" >/dev/null); }
mvn_get org.flywaydb:flyway-core:$flyway_version
mvn_get org.flywaydb:flyway-database-postgresql:$flyway_version
for dep in com.fasterxml.jackson.core:jackson-databind:2.17.2 com.fasterxml.jackson.core:jackson-core:2.17.2 \
           com.fasterxml.jackson.core:jackson-annotations:2.17.2 com.fasterxml.jackson.dataformat:jackson-dataformat-toml:2.17.2 \
           com.fasterxml.jackson.datatype:jackson-datatype-jsr310:2.17.2 com.google.code.gson:gson:2.10.1 \
           org.postgresql:postgresql:42.7.4; do
  mvn_get "$dep"
done
cp_flyway="$work/classes:$(ls "$work"/lib/*.jar | tr '\n' ':')"
javac -d "$work/classes" -cp "$cp_flyway" "$root/bench/FlywayRunner.java"

for i in $(seq 1 "$count"); do
  cat > "$work/sql/V${i}__table_${i}.sql" <<SQL
CREATE TABLE bench_t$i (
    id BIGINT PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    amount NUMERIC(12, 2),
    created_at TIMESTAMP NOT NULL DEFAULT now(),
    payload TEXT
);
CREATE INDEX bench_t${i}_name ON bench_t$i (name);
SQL
done

psql_admin() { psql -h "$host" -p "$port" -U "$user" -d postgres -qAtc "$1" 2>/dev/null; }
fresh_db() { psql_admin "DROP DATABASE IF EXISTS $1 WITH (FORCE)"; psql_admin "CREATE DATABASE $1"; }

# Prints "seconds peak_kb" for one command.
measure() {
  local out="$work/time.txt"
  /usr/bin/time -v "$@" > "$work/cmd.out" 2> "$out" || { cat "$work/cmd.out" "$out" >&2; exit 1; }
  local wall kb
  wall=$(grep "Elapsed (wall clock)" "$out" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  kb=$(grep "Maximum resident set size" "$out" | awk '{print $NF}')
  echo "$wall $kb"
}

run_ferry() { measure "$root/ferry" "$1" --url "jdbc:postgresql://$host:$port/ferry_bench" --user "$user" --locations "$work/sql" -q; }
run_flyway() { measure java -cp "$cp_flyway" FlywayRunner "jdbc:postgresql://$host:$port/flyway_bench" "$user" "$1" "$work/sql"; }

# Each step runs REPEAT times per tool, alternating tools, and the median is reported, so a
# passing hiccup on the machine does not decide the ratio.
repeat=${REPEAT:-3}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A wall mem
step() {
  local name=$1 ferry_cmd=$2 flyway_cmd=$3 fresh=$4
  local fe_t="" fw_t="" fe_m="" fw_m=""
  for _ in $(seq 1 "$repeat"); do
    [ "$fresh" = yes ] && fresh_db flyway_bench
    read -r t m < <(run_flyway "$flyway_cmd"); fw_t+="$t"$'\n'; fw_m+="$m"$'\n'
    [ "$fresh" = yes ] && fresh_db ferry_bench
    read -r t m < <(run_ferry "$ferry_cmd"); fe_t+="$t"$'\n'; fe_m+="$m"$'\n'
  done
  wall[$name,ferry]=$(printf '%s' "$fe_t" | median); mem[$name,ferry]=$(printf '%s' "$fe_m" | median)
  wall[$name,flyway]=$(printf '%s' "$fw_t" | median); mem[$name,flyway]=$(printf '%s' "$fw_m" | median)
}
step migrate migrate migrate yes
step noop migrate migrate no
step status status info no

applied=$(psql -h "$host" -p "$port" -U "$user" -d ferry_bench -qAtc "SELECT count(*) FROM ferry_schema_history WHERE status = 'success'")
[ "$applied" = "$count" ] || { echo "Ferry applied $applied of $count migrations" >&2; exit 1; }

report() {
  awk -v n="$count" -v name="$1" -v fe="$2" -v fw="$3" -v fek="$4" -v fwk="$5" 'BEGIN {
    printf "%-14s ferry %7.2f s (%6.2f ms/migration, peak %4d MB)   flyway %7.2f s (%6.2f ms/migration, peak %4d MB)   ratio ferry/flyway %.2f\n",
      name, fe, fe * 1000 / n, fek / 1024, fw, fw * 1000 / n, fwk / 1024, fe / fw }'
}
echo
echo "$count migrations on PostgreSQL $(psql_admin 'SHOW server_version'), each tool in its own JVM process:"
echo "(median of $repeat runs each)"
report "migrate" "${wall[migrate,ferry]}" "${wall[migrate,flyway]}" "${mem[migrate,ferry]}" "${mem[migrate,flyway]}"
report "no-op re-run" "${wall[noop,ferry]}" "${wall[noop,flyway]}" "${mem[noop,ferry]}" "${mem[noop,flyway]}"
report "status/info" "${wall[status,ferry]}" "${wall[status,flyway]}" "${mem[status,ferry]}" "${mem[status,flyway]}"

psql_admin "DROP DATABASE IF EXISTS ferry_bench WITH (FORCE)"
psql_admin "DROP DATABASE IF EXISTS flyway_bench WITH (FORCE)"
