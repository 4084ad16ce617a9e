#!/usr/bin/env bash
# Backup benchmark. Generates the legacy clinic data (scale 1.0 = 4.2M rows) in PostgreSQL, then
# in one run measures, each under /usr/bin/time -v:
#   backup:  pg_dump -Fc and pg_dump -Fd -j 2 of the five clinic tables  vs  ferry backup of the same tables
#   restore: pg_restore and pg_restore -j 2 (from the -Fd dump) into an empty database
#            vs  ferry restore --into an empty environment
#            (all create the tables, load them, build indexes and foreign keys)
#   and ferry restore in place (checks the archive, backs up the replaced tables, then restores).
# Prints times, archive sizes, ratios (to the parallel -j 2 yardsticks), peak memory, and the CPU
# seconds of each command's own process beside those of the PostgreSQL backends serving it.
# Ferry runs through ./ferry, as users run it (its default heap, collector and class-data sharing);
# BENCH_SKIP_BUILD=1 uses the jar already built instead of building it.
#
#   BENCH_SCALE=1.0 BENCH_DB_PREFIX=me_ bench/backup.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
work="$root/bench/work/backup"
rm -rf "$work" && mkdir -p "$work"
bench_project
tables="dispatch_office,auth_user,dispatch_doctor,dispatch_patient,dispatch_order"

build_ferry package
# measure()s a command while sampling the backends of the databases named in $1; prints
# "seconds peak_kb client_cpu_s backend_cpu_s". On a shared machine wall time moves with the
# neighbours' load; the CPU seconds of the work itself move less.
measure_cpu() { # databases command...
  local dbs=$1 pm s kb hz u y
  shift
  pm=$(postmaster_pid)
  rm -f "$work/sampler.stop" "$work/backends.ticks"
  [ -n "$pm" ] && { backend_sampler "$work/backends.ticks" "$dbs" "$pm" & }
  read -r s kb < <(measure "$@")
  touch "$work/sampler.stop"
  wait
  hz=$(getconf CLK_TCK)
  u=$(awk -F': ' '/User time/ { print $2 }' "$work/time.txt")
  y=$(awk -F': ' '/System time/ { print $2 }' "$work/time.txt")
  awk -v s="$s" -v k="$kb" -v u="$u" -v y="$y" -v b="$(cat "$work/backends.ticks" 2>/dev/null || echo 0)" -v hz="$hz" \
    'BEGIN { printf "%s %s %.1f %.1f\n", s, k, u + y, b / hz }'
}

fingerprint() { # count and md5 of every clinic table, in key order
  for t in ${tables//,/ }; do psql_q -d "$1" -c "SELECT '$t', count(*), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM $t x"; done
}

echo "Generating the legacy clinic at scale $scale in PostgreSQL ..."
src=${db_prefix}bench_backup
fresh_db $src
java -jar "$jar" generate clinic --scale "$scale" --url "$pg/$src" --user "$user" -q
rows=$(clinic_rows $src)
echo "$rows rows"
fingerprint $src > "$work/before.txt"
psql_q -d $src -c "CHECKPOINT" > /dev/null

drill=${db_prefix}bench_drill
pgr=${db_prefix}bench_pgrestore
pgr2=${db_prefix}bench_pgrestore_j2
cat > "$work/ferry.yaml" <<YAML
environments:
  bench:
    url: $pg/$src
    user: $user
  drill:
    url: $pg/$drill
    user: $user
YAML
cd "$work"

pg_tables=$(for t in ${tables//,/ }; do printf -- "-t %s " "$t"; done)
read -r dump_s dump_kb dump_c dump_b < <(measure_cpu "$src" pg_dump -h "$host" -p "$port" -U "$user" -Fc $pg_tables -f "$work/clinic.dump" $src)
dump_bytes=$(stat -c %s "$work/clinic.dump")
read -r dumpj_s dumpj_kb dumpj_c dumpj_b < <(measure_cpu "$src" pg_dump -h "$host" -p "$port" -U "$user" -Fd -j 2 $pg_tables -f "$work/clinic.dir" $src)
dumpj_bytes=$(du -sb "$work/clinic.dir" | cut -f1)

read -r fb_s fb_kb fb_c fb_b < <(measure_cpu "$src" "$root/ferry" backup -e bench --tables "$tables" --out "$work/archives" -q)
archive=$(ls "$work"/archives/bench_*.fbk | tail -1)
fb_bytes=$(stat -c %s "$archive")

fresh_db $pgr
read -r pgr_s pgr_kb pgr_c pgr_b < <(measure_cpu "$pgr" pg_restore -h "$host" -p "$port" -U "$user" -d $pgr "$work/clinic.dump")
fresh_db $pgr2
read -r pgrj_s pgrj_kb pgrj_c pgrj_b < <(measure_cpu "$pgr2" pg_restore -h "$host" -p "$port" -U "$user" -j 2 -d $pgr2 "$work/clinic.dir")
fingerprint $pgr2 > "$work/pgrestore.txt"
diff -q "$work/before.txt" "$work/pgrestore.txt" > /dev/null || { echo "pg_restore -j 2 restored something else than the source" >&2; exit 1; }

fresh_db $drill
read -r fr_s fr_kb fr_c fr_b < <(measure_cpu "$drill" "$root/ferry" restore "$archive" -e bench --into drill --confirm -q)
fingerprint $drill > "$work/drill.txt"
diff -q "$work/before.txt" "$work/drill.txt" > /dev/null || { echo "the restored drill differs from the source" >&2; exit 1; }

psql_q -d $src -c "DELETE FROM dispatch_order WHERE id % 10 = 0; UPDATE dispatch_patient SET notes = 'changed' WHERE id % 100 = 0" > /dev/null
read -r fi_s fi_kb fi_c fi_b < <(measure_cpu "$src" "$root/ferry" restore "$archive" -e bench --confirm -q)
fingerprint $src > "$work/after.txt"
diff -q "$work/before.txt" "$work/after.txt" > /dev/null || { echo "the in-place restore differs from the source" >&2; exit 1; }

echo
echo "Backup and restore of $rows rows (5 clinic tables), PostgreSQL, on $(nproc) cores"
echo "(cpu: seconds of the command's own process + of the PostgreSQL backends serving it):"
line() { # label seconds peak_kb client_cpu backend_cpu rest
  awk -v l="$1" -v s="$2" -v k="$3" -v c="$4" -v b="$5" -v r="$6" \
    'BEGIN { printf "  %-30s %7.1f s  cpu %5.1f + %5.1f s  peak %5d MB  %s\n", l, s, c, b, k / 1024, r }'
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
line "pg_dump -Fc" "$dump_s" "$dump_kb" "$dump_c" "$dump_b" "archive $(mb "$dump_bytes")"
line "pg_dump -Fd -j 2" "$dumpj_s" "$dumpj_kb" "$dumpj_c" "$dumpj_b" "archive $(mb "$dumpj_bytes")   time $(ratio "$dumpj_s" "$dump_s")x of pg_dump -Fc"
line "ferry backup" "$fb_s" "$fb_kb" "$fb_c" "$fb_b" "archive $(mb "$fb_bytes")   time $(ratio "$fb_s" "$dumpj_s")x of pg_dump -Fd -j 2 ($(ratio "$fb_s" "$dump_s")x of -Fc), size $(ratio "$fb_bytes" "$dump_bytes")x of -Fc"
line "pg_restore (empty db)" "$pgr_s" "$pgr_kb" "$pgr_c" "$pgr_b" ""
line "pg_restore -j 2 (empty db)" "$pgrj_s" "$pgrj_kb" "$pgrj_c" "$pgrj_b" "time $(ratio "$pgrj_s" "$pgr_s")x of pg_restore"
line "ferry restore --into empty" "$fr_s" "$fr_kb" "$fr_c" "$fr_b" "time $(ratio "$fr_s" "$pgrj_s")x of pg_restore -j 2 ($(ratio "$fr_s" "$pgr_s")x of pg_restore)"
line "ferry restore in place" "$fi_s" "$fi_kb" "$fi_c" "$fi_b" "(check + safety backup + restore) time $(ratio "$fi_s" "$pgrj_s")x of pg_restore -j 2"

for db in $src $pgr $pgr2 $drill; do
  psql_q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null
done
