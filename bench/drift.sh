#!/usr/bin/env bash
# Schema-drift benchmark: a generated 500-table schema (five columns, an index and a foreign key
# per table, a view and a function per ten tables) migrated into PostgreSQL, one column then added
# by hand, and `ferry drift` (replaying every migration into the embedded PostgreSQL, reading both
# catalogs and comparing them) timed against `pg_dump --schema-only` of the same database in the
# same run. Each figure is the median of BENCH_RUNS runs (default 3), with peak memory from
# /usr/bin/time -v.
#
#   bench/drift.sh [TABLES]
#
# Uses the PostgreSQL at $BENCH_PG_HOST:$BENCH_PG_PORT (default 127.0.0.1:5432, user postgres).
set -euo pipefail
source "$(dirname "$0")/common.sh"
tables=${1:-500}
work="$root/bench/work/drift"
rm -rf "$work" && mkdir -p "$work/project/migrations"

echo "Building Ferry ..."
(cd "$root" && ./mvnw -q -B -DskipTests install)

per_file=10
for ((f = 1; f <= tables / per_file; f++)); do
  file="$work/project/migrations/V${f}__tables_${f}.sql"
  : > "$file"
  for ((k = 1; k <= per_file; k++)); do
    i=$(( (f - 1) * per_file + k ))
    ref=""
    if (( i > 1 )); then ref="    parent_id BIGINT REFERENCES bench_t$((i - 1)) (id),"; fi
    cat >> "$file" <<SQL
CREATE TABLE bench_t$i (
    id BIGINT PRIMARY KEY,
$ref
    name VARCHAR(100) NOT NULL,
    amount NUMERIC(12, 2) CHECK (amount >= 0),
    created_at TIMESTAMP NOT NULL DEFAULT now()
);
CREATE INDEX bench_t${i}_name ON bench_t$i (name);
SQL
  done
  cat >> "$file" <<SQL
CREATE VIEW bench_v$f AS SELECT id, name FROM bench_t$(( f * per_file )) WHERE amount > 0;
CREATE FUNCTION bench_f$f(x BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS \$\$ SELECT x * $f \$\$;
SQL
done

fresh_db ferry_drift_bench
cat > "$work/project/ferry.yaml" <<YAML
environments:
  development:
    url: $pg/ferry_drift_bench
    user: $user
YAML
(cd "$work/project" && "$root/ferry" migrate -q > /dev/null)
psql_q -d ferry_drift_bench -c "ALTER TABLE bench_t250 ADD COLUMN added_by_hand INT"

cd "$work/project"
read -r dump_s dump_kb < <(measure_median pg_dump -h "$host" -p "$port" -U "$user" --schema-only -f "$work/dump.sql" ferry_drift_bench)
read -r drift_s drift_kb < <(BENCH_ANY_EXIT=1 measure_median "$root/ferry" drift)
grep -q "added column public.bench_t250.added_by_hand" "$work/cmd.out" || { echo "ferry drift did not name the change:" >&2; cat "$work/cmd.out" >&2; exit 1; }
read -r snap_s snap_kb < <(measure_median "$root/ferry" schema dump -o "$work/schema.json")

objects=$(grep -c '"kind"' "$work/schema.json")
echo
echo "$tables tables ($objects schema objects) on PostgreSQL $(psql_q -d postgres -c 'SHOW server_version'), median of ${BENCH_RUNS:-3} runs:"
awk -v d="$dump_s" -v dk="$dump_kb" -v r="$drift_s" -v rk="$drift_kb" -v s="$snap_s" -v sk="$snap_kb" 'BEGIN {
  printf "pg_dump --schema-only         %6.2f s  peak %4d MB   (yardstick)\n", d, dk / 1024
  printf "ferry schema dump (read only) %6.2f s  peak %4d MB   ratio %.2f\n", s, sk / 1024, s / d
  printf "ferry drift (replay + diff)   %6.2f s  peak %4d MB   ratio %.2f\n", r, rk / 1024, r / d }'
psql_q -d postgres -c "DROP DATABASE IF EXISTS ferry_drift_bench WITH (FORCE)" > /dev/null
