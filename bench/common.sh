# Shared by the benchmark scripts: where PostgreSQL is, and how a command is timed.
# The sourcing script then sets $work, its scratch folder, which measure() writes to.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scale=${BENCH_SCALE:-1.0}
host=${BENCH_PG_HOST:-127.0.0.1}
port=${BENCH_PG_PORT:-5432}
user=${BENCH_PG_USER:-postgres}
pg="jdbc:postgresql://$host:$port"
jar="$root/ferry-cli/target/ferry.jar"

psql_q() { psql -h "$host" -p "$port" -U "$user" -qAt "$@"; }
fresh_db() { psql_q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" 2>/dev/null; psql_q -d postgres -c "CREATE DATABASE $1"; }

# CPU time the whole machine has spent busy so far, in clock ticks (Linux /proc/stat): the
# databases' processes as well as the measured command's.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# Runs a command under /usr/bin/time -v and prints "seconds peak_kb"; its output is in $work/cmd.out.
# The machine's CPU seconds during the run are appended to $work/cpu.log.
# A failing command stops the benchmark, unless BENCH_ANY_EXIT=1 (verify exits 3 when it finds a difference).
measure() {
  local before after
  before=$(busy_ticks)
  if ! /usr/bin/time -v "$@" > "$work/cmd.out" 2> "$work/time.txt" && [ "${BENCH_ANY_EXIT:-0}" != 1 ]; then
    tail -30 "$work/cmd.out" "$work/time.txt" >&2
    exit 1
  fi
  after=$(busy_ticks)
  awk -v a="$after" -v b="$before" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f\n", (a - b) / hz }' >> "$work/cpu.log"
  local wall kb
  wall=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  kb=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
  echo "$wall $kb"
}

# Total rows of the legacy clinic tables in a database.
clinic_rows() {
  psql_q -d "$1" -c "SELECT (SELECT count(*) FROM dispatch_office) + (SELECT count(*) FROM auth_user) + (SELECT count(*) FROM dispatch_doctor) + (SELECT count(*) FROM dispatch_patient) + (SELECT count(*) FROM dispatch_order)"
}

# measure() BENCH_RUNS times (default 3); prints "median_seconds largest_peak_kb" and writes the
# median of the machine's CPU seconds to $work/cpu.median. On a shared machine one run of the
# same work can take a quarter more or less time than the next.
measure_median() {
  local runs=${BENCH_RUNS:-3} i s kb peak=0 times=()
  for ((i = 0; i < runs; i++)); do
    read -r s kb < <(measure "$@") || return 1
    times+=("$s")
    if (( kb > peak )); then peak=$kb; fi
  done
  tail -n "$runs" "$work/cpu.log" | sort -g | awk '{ c[NR] = $1 } END { print c[int((NR + 1) / 2)] }' > "$work/cpu.median"
  printf '%s\n' "${times[@]}" | sort -g | awk -v p="$peak" '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)], p }'
}

# Ferry works in a project folder: the scripts that pass their databases as flags run in $work,
# where this writes a ferry.yaml with one environment for those flags to complete.
bench_project() {
  printf 'environments:\n  development: {}\n' > "$work/ferry.yaml"
  cd "$work"
}
