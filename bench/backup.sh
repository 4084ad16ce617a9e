#!/usr/bin/env bash
# Backup benchmark. Generates the legacy clinic data (scale 1.0 = 4.2M rows) in PostgreSQL, then
# in one run measures, each under /usr/bin/time -v:
#   backup:  pg_dump -Fc of the five clinic tables   vs  ferry backup of the same tables
#   restore: pg_restore into an empty database        vs  ferry restore --into an empty environment
#            (both create the tables, load them, build indexes and foreign keys)
#   and ferry restore in place (verifies the archive, backs up the replaced tables, then restores).
# Prints times, archive sizes, ratios and peak memory.
#
#   BENCH_SCALE=1.0 bench/backup.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
work="$root/bench/work/backup"
rm -rf "$work" && mkdir -p "$work"
bench_project
tables="dispatch_office,auth_user,dispatch_doctor,dispatch_patient,dispatch_order"

(cd "$root" && ./mvnw -q -B -DskipTests package)
fingerprint() { # count and md5 of every clinic table, in key order
  for t in ${tables//,/ }; do psql_q -d "$1" -c "SELECT '$t', count(*), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM $t x"; done
}

echo "Generating the legacy clinic at scale $scale in PostgreSQL ..."
fresh_db bench_backup
java -jar "$jar" generate clinic --scale "$scale" --url "$pg/bench_backup" --user "$user" -q
rows=$(clinic_rows bench_backup)
echo "$rows rows"
fingerprint bench_backup > "$work/before.txt"
psql_q -d bench_backup -c "CHECKPOINT" > /dev/null

cat > "$work/ferry.yaml" <<YAML
environments:
  bench:
    url: $pg/bench_backup
    user: $user
  drill:
    url: $pg/bench_drill
    user: $user
YAML
cd "$work"

pg_tables=$(for t in ${tables//,/ }; do printf -- "-t %s " "$t"; done)
read -r dump_s dump_kb < <(measure pg_dump -h "$host" -p "$port" -U "$user" -Fc $pg_tables -f "$work/clinic.dump" bench_backup)
dump_bytes=$(stat -c %s "$work/clinic.dump")

read -r fb_s fb_kb < <(measure java -jar "$jar" backup -e bench --tables "$tables" --out "$work/archives" -q)
archive=$(ls "$work"/archives/bench_*.fbk | tail -1)
fb_bytes=$(stat -c %s "$archive")

fresh_db bench_pgrestore
read -r pgr_s pgr_kb < <(measure pg_restore -h "$host" -p "$port" -U "$user" -d bench_pgrestore "$work/clinic.dump")

fresh_db bench_drill
read -r fr_s fr_kb < <(measure java -jar "$jar" restore "$archive" -e bench --into drill --confirm -q)
fingerprint bench_drill > "$work/drill.txt"
diff -q "$work/before.txt" "$work/drill.txt" > /dev/null || { echo "the restored drill differs from the source" >&2; exit 1; }

psql_q -d bench_backup -c "DELETE FROM dispatch_order WHERE id % 10 = 0; UPDATE dispatch_patient SET notes = 'changed' WHERE id % 100 = 0" > /dev/null
read -r fi_s fi_kb < <(measure java -jar "$jar" restore "$archive" -e bench --confirm -q)
fingerprint bench_backup > "$work/after.txt"
diff -q "$work/before.txt" "$work/after.txt" > /dev/null || { echo "the in-place restore differs from the source" >&2; exit 1; }

echo
echo "Backup and restore of $rows rows (5 clinic tables), PostgreSQL, on $(nproc) cores:"
awk -v s="$dump_s" -v k="$dump_kb" -v b="$dump_bytes" 'BEGIN { printf "  pg_dump -Fc                 %7.1f s  archive %8.1f MB  peak %5d MB\n", s, b / 1048576, k / 1024 }'
awk -v s="$fb_s" -v k="$fb_kb" -v b="$fb_bytes" -v ds="$dump_s" -v db="$dump_bytes" 'BEGIN { printf "  ferry backup                %7.1f s  archive %8.1f MB  peak %5d MB   time %.2fx, size %.2fx of pg_dump\n", s, b / 1048576, k / 1024, s / ds, b / db }'
awk -v s="$pgr_s" -v k="$pgr_kb" 'BEGIN { printf "  pg_restore (empty db)       %7.1f s                    peak %5d MB\n", s, k / 1024 }'
awk -v s="$fr_s" -v k="$fr_kb" -v p="$pgr_s" 'BEGIN { printf "  ferry restore --into empty  %7.1f s                    peak %5d MB   time %.2fx of pg_restore\n", s, k / 1024, s / p }'
awk -v s="$fi_s" -v k="$fi_kb" -v p="$pgr_s" 'BEGIN { printf "  ferry restore in place      %7.1f s                    peak %5d MB   (verify + safety backup + restore; %.2fx of pg_restore)\n", s, k / 1024, s / p }'

for db in bench_backup bench_pgrestore bench_drill; do
  psql_q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null
done
