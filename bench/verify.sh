#!/usr/bin/env bash
# Verification benchmark. Generates the legacy clinic (BENCH_SCALE, 1.0 = 4.2M rows), transfers it
# with the clinic example, then measures, each the median of BENCH_RUNS runs (default 3),
#   (a) the yardstick: a bare scan of every source and target table,
#       SELECT count(*), sum(hashtext(t::text)) FROM t, and
#   (b) ferry verify --level standard,
# then changes one column of one order and times verify finding it. Prints seconds, the ratio to
# the bare scan, the time verify reports it spent locating the row, peak memory (/usr/bin/time -v),
# the CPU time the whole machine spent (databases and Ferry; Linux /proc/stat) and the temporary
# files the databases wrote while verifying.
# BENCH_PROFILE=1 adds one clean verify recorded with Java Flight Recorder and prints the CPU
# seconds of Ferry, of its PostgreSQL backends and of the machine, and Ferry's hot spots (kept in
# bench/work/verify/verify.profile). BENCH_DB_PREFIX prefixes every database name;
# BENCH_SKIP_BUILD=1 uses the jar already built instead of building and installing Ferry.
set -euo pipefail
source "$(dirname "$0")/common.sh"
work="$root/bench/work/verify"
rm -rf "$work" && mkdir -p "$work"
bench_project
build_ferry

echo "Preparing the clinic at scale $scale ..."
fresh_db ${db_prefix}vbench_legacy
fresh_db ${db_prefix}vbench_target
java -jar "$jar" generate clinic --scale "$scale" --url "$pg/${db_prefix}vbench_legacy" --user "$user" -q
java -jar "$jar" migrate --url "$pg/${db_prefix}vbench_target" --user "$user" --locations "$root/examples/clinic/migrations" -q > /dev/null
sed -e "s|^source: legacy|source: {url: \"$pg/${db_prefix}vbench_legacy\", user: $user}|" -e "s|^target: development|target: {url: \"$pg/${db_prefix}vbench_target\", user: $user}|" \
  "$root/examples/clinic/transfer.yaml" > "$work/plan.yaml"
"$root/ferry" transfer run -p "$work/plan.yaml" -q > /dev/null
rows=$(clinic_rows ${db_prefix}vbench_legacy)
# Both measurements start from settled tables: no autovacuum pass racing the timed runs.
for db in ${db_prefix}vbench_legacy ${db_prefix}vbench_target; do psql_q -d "$db" -c "VACUUM (ANALYZE)"; done

# Bytes both databases wrote to temporary files (sorts and hashes larger than work_mem) so far.
temp_bytes() { psql_q -d postgres -c "SELECT sum(temp_bytes) FROM pg_stat_database WHERE datname IN ('${db_prefix}vbench_legacy', '${db_prefix}vbench_target')"; }

cat > "$work/scan.sh" <<SCAN
set -e
for t in dispatch_office auth_user dispatch_doctor dispatch_patient dispatch_order; do
  psql -h $host -p $port -U $user -d ${db_prefix}vbench_legacy -qAtc "SELECT count(*), sum(hashtext(t::text)) FROM \$t t" > /dev/null
done
for t in offices profiles doctors patients orders; do
  psql -h $host -p $port -U $user -d ${db_prefix}vbench_target -qAtc "SELECT count(*), sum(hashtext(t::text)) FROM \$t t" > /dev/null
done
SCAN
read -r scan_s scan_kb < <(measure_median bash "$work/scan.sh")
scan_cpu=$(cat "$work/cpu.median")
temp_before=$(temp_bytes)
read -r verify_s verify_kb < <(BENCH_ANY_EXIT=1 measure_median "$root/ferry" verify -p "$work/plan.yaml" --level standard -q)
verify_cpu=$(cat "$work/cpu.median")
sleep 1 # the statistics reach pg_stat_database within a second of the backends' exit
temp_mb=$(( ($(temp_bytes) - temp_before) / 1048576 / ${BENCH_RUNS:-3} ))
grep -q ": clean (" "$work/cmd.out" || { echo "verify did not find the transfer clean:" >&2; head -20 "$work/cmd.out" >&2; exit 1; }
if [ "${BENCH_PROFILE:-0}" = 1 ]; then # one more, recorded, run: a recording's overhead stays out of the medians
  BENCH_ANY_EXIT=1 FERRY_JAVA_OPTS="$(profile_opts verify)" profiled "ferry verify --level standard" verify \
    "${db_prefix}vbench_legacy ${db_prefix}vbench_target" "$root/ferry" verify -p "$work/plan.yaml" --level standard -q > /dev/null
fi
changed=$(psql_q -d ${db_prefix}vbench_legacy -c "SELECT max(id) / 2 + 1 FROM dispatch_order")
psql_q -d ${db_prefix}vbench_target -c "UPDATE orders SET status = 'tampered' WHERE id::text = (SELECT new_key FROM ferry_id_map WHERE entity = 'orders' AND legacy_key = '$changed')"
read -r find_s find_kb < <(BENCH_ANY_EXIT=1 measure_median "$root/ferry" verify -p "$work/plan.yaml" --level standard -q)
# The quiet output counts the changed rows; the run's report names them.
grep -q "changed: legacy key $changed " "$(ls -t "$work"/.ferry/reports/*-verify.md | head -1)" || { echo "verify did not locate the changed row" >&2; exit 1; }
# Verify reports how long it spent reading the differing segment again and comparing it row by row.
locate_s=$(grep -o "compared row by row in [0-9.]* s" "$work/cmd.out" | head -1 | awk '{print $(NF-1)}')

echo
echo "Verification of $rows source rows and their transferred copies (median of ${BENCH_RUNS:-3} runs each):"
awk -v s="$scan_s" 'BEGIN { printf "  bare scan (count + hashtext, source and target)  %7.1f s\n", s }'
awk -v s="$verify_s" -v k="$verify_kb" -v b="$scan_s" 'BEGIN { printf "  ferry verify --level standard                    %7.1f s  ratio to scan %.1f  peak %d MB\n", s, s / b, k / 1024 }'
awk -v s="$scan_cpu" -v v="$verify_cpu" 'BEGIN { printf "  CPU time of the whole machine: bare scan %.1f s, verify %.1f s  ratio %.1f\n", s, v, v / s }'
printf "  temporary files written by the databases, per run %5d MB\n" "$temp_mb"
awk -v s="$find_s" -v k="$find_kb" -v b="$scan_s" 'BEGIN { printf "  ferry verify locating one changed row            %7.1f s  ratio to scan %.1f  peak %d MB\n", s, s / b, k / 1024 }'
awk -v l="$locate_s" -v b="$scan_s" -v v="$verify_s" 'BEGIN { printf "  locating the row, as verify reports it           %7.2f s  (%.1f%% of the bare scan, %.1f%% of the clean verify)\n", l, 100 * l / b, 100 * l / v }'
awk -v f="$find_s" -v v="$verify_s" 'BEGIN { printf "  difference of the two verify medians             %7.1f s  (locating plus run-to-run spread)\n", f - v }'
for db in ${db_prefix}vbench_legacy ${db_prefix}vbench_target; do psql_q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null; done
