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

# BENCH_DB_PREFIX is put before every database name a benchmark creates, so that two people
# benchmarking against the same PostgreSQL never drop each other's databases.
db_prefix=${BENCH_DB_PREFIX:-}

# Builds Ferry (installing it, as the launcher does) unless BENCH_SKIP_BUILD=1, which uses the jar
# already built (`./mvnw -q -B verify -DskipTests`) and stops if a source is newer than it: the
# launcher would then build and install by itself in the middle of a measurement.
build_ferry() {
  if [ "${BENCH_SKIP_BUILD:-0}" = 1 ]; then
    if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/ferry-core/pom.xml" "$root/ferry-core/src/main" \
        "$root/ferry-cli/pom.xml" "$root/ferry-cli/src/main" -newer "$jar" -print 2>/dev/null | head -n 1)" ]; then
      echo "BENCH_SKIP_BUILD=1, but $jar is missing or older than the sources: build it with ./mvnw -q -B verify -DskipTests" >&2
      exit 2
    fi
  else
    (cd "$root" && ./mvnw -q -B -DskipTests "${1:-install}")
  fi
  # The launcher records its class-data-sharing archive on the first run after a build; recording
  # it here keeps that out of the measured runs (and a JVM writing the archive at exit writes no
  # flight recording).
  local jsa="$root/ferry-cli/target/ferry.jsa"
  if [ ! "$jsa" -nt "$jar" ]; then
    rm -f "$jsa"
    "$root/ferry" transfer --help > /dev/null
  fi
}

# BENCH_PROFILE=1: the Ferry runs a benchmark names are recorded with Java Flight Recorder and, after
# each, the benchmark prints where the Ferry process spent its CPU (bench/JfrHotSpots.java) and the
# CPU seconds of the Ferry process, of the PostgreSQL backends serving its databases and of the
# whole machine. Prints the JVM option that records into $work/NAME.jfr, or nothing.
profile_opts() {
  [ "${BENCH_PROFILE:-0}" = 1 ] && printf '%s' "-XX:StartFlightRecording=filename=$work/$1.jfr,settings=profile"
  return 0
}

# The pid of the PostgreSQL postmaster on this machine, or nothing when the server runs elsewhere.
postmaster_pid() {
  local cp
  cp=$(psql_q -d postgres -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'" 2>/dev/null) || return 0
  [ -n "$cp" ] && [ -r "/proc/$cp/stat" ] && awk '{ print $4 }' "/proc/$cp/stat"
  return 0
}

# CPU ticks (user + system) of the postmaster, its reaped children and its live children: the whole
# server's CPU time, whoever the clients are.
server_ticks() { # postmaster-pid
  local pm=$1 total c f
  read -ra f < "/proc/$pm/stat"
  total=$(( f[13] + f[14] + f[15] + f[16] ))
  for c in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null); do
    read -ra f 2>/dev/null < "/proc/$c/stat" && total=$(( total + f[13] + f[14] ))
  done
  echo "$total"
}

# Samples, every 0.2 s until $work/sampler.stop appears, the CPU ticks of the backends connected
# to the databases named in $2 (space-separated) and of their parallel workers; on stopping writes
# their sum to $1. A backend's last fraction of a sampling interval before it exits is missed.
backend_sampler() { # out-file databases postmaster-pid
  local out=$1 pm=$3 c title f leader
  declare -A ticks=() ours=()
  local dbs=" $2 "
  while [ ! -f "$work/sampler.stop" ]; do
    for c in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null); do
      if [ -z "${ours[$c]:-}" ]; then
        title=$(tr '\0' ' ' 2>/dev/null < "/proc/$c/cmdline") || continue
        if [[ $title =~ parallel\ worker\ for\ PID\ ([0-9]+) ]]; then
          leader=${BASH_REMATCH[1]}
          [ -n "${ours[$leader]:-}" ] && ours[$c]=1
        else
          # "postgres: [cluster:] user database host(port) state"
          for f in $title; do
            if [[ $dbs == *" $f "* ]]; then ours[$c]=1; break; fi
          done
        fi
      fi
      if [ -n "${ours[$c]:-}" ]; then
        read -ra f 2>/dev/null < "/proc/$c/stat" && ticks[$c]=$(( f[13] + f[14] ))
      fi
    done
    sleep 0.2
  done
  local sum=0
  for c in "${!ticks[@]}"; do sum=$(( sum + ticks[$c] )); done
  echo "$sum" > "$out"
}

# Samples, every 0.2 s until $work/sampler.stop appears, the CPU ticks of each thread of the Java
# process whose command line names $2 (the recording's file), and on stopping writes them to $1
# summed per kind of thread (the thread name without its number): Ferry's own threads beside the
# JIT compilers and the garbage collector, which execution samples do not show.
thread_sampler() { # out-file marker
  local out=$1 marker=$2 pid="" p t line comm rest f
  declare -A ticks=() kind=()
  while [ ! -f "$work/sampler.stop" ]; do
    if [ -z "$pid" ]; then
      for p in /proc/[0-9]*; do
        if grep -qaF -- "$marker" "$p/cmdline" 2>/dev/null; then pid=${p#/proc/}; break; fi
      done
    fi
    if [ -n "$pid" ]; then
      for t in /proc/"$pid"/task/*; do
        read -r line 2>/dev/null < "$t/stat" || continue
        comm=${line#*\(}; comm=${comm%\)*}; rest=${line##*\) }
        read -ra f <<< "$rest"
        ticks[${t##*/}]=$(( f[11] + f[12] ))
        [ -n "${kind[${t##*/}]:-}" ] || kind[${t##*/}]=$(sed 's/[0-9]*$//; s/#$//' <<< "$comm")
      done
    fi
    sleep 0.2
  done
  local hz k
  hz=$(getconf CLK_TCK)
  declare -A sum=()
  for t in "${!ticks[@]}"; do k=${kind[$t]}; sum[$k]=$(( ${sum[$k]:-0} + ticks[$t] )); done
  for k in "${!sum[@]}"; do printf '%s\t%s\n' "${sum[$k]}" "$k"; done | sort -rn |
    awk -F'\t' -v hz="$hz" '{ printf "  %6.1f s  %s\n", $1 / hz, $2 }' > "$out"
}

# profiled LABEL NAME DATABASES COMMAND...: measure()s the command (which should carry
# $(profile_opts NAME) in FERRY_JAVA_OPTS) and prints "seconds peak_kb" like measure(); with
# BENCH_PROFILE=1 also samples the PostgreSQL side and, to stderr so that it shows beside the
# results, prints the CPU split and the recording's hot spots, keeping them in $work/NAME.profile.
profiled() {
  local label=$1 name=$2 dbs=$3 pm="" s kb before_m after_m before_s after_s samplers=()
  shift 3
  if [ "${BENCH_PROFILE:-0}" != 1 ]; then measure "$@"; return; fi
  pm=$(postmaster_pid)
  rm -f "$work/sampler.stop" "$work/backends.ticks" "$work/threads.cpu"
  if [ -n "$pm" ]; then
    backend_sampler "$work/backends.ticks" "$dbs" "$pm" &
    samplers+=($!)
    before_s=$(server_ticks "$pm")
  fi
  thread_sampler "$work/threads.cpu" "$work/$name.jfr" &
  samplers+=($!)
  before_m=$(busy_ticks)
  read -r s kb < <(measure "$@")
  after_m=$(busy_ticks)
  touch "$work/sampler.stop"
  wait "${samplers[@]}"
  [ -n "$pm" ] && after_s=$(server_ticks "$pm")
  {
    local hz user sys
    hz=$(getconf CLK_TCK)
    user=$(awk -F': ' '/User time/ { print $2 }' "$work/time.txt")
    sys=$(awk -F': ' '/System time/ { print $2 }' "$work/time.txt")
    echo "== $label: $s s wall, peak RSS $(( kb / 1024 )) MB"
    awk -v u="$user" -v y="$sys" -v m="$(( after_m - before_m ))" -v hz="$hz" -v pm="$pm" \
        -v b="$(cat "$work/backends.ticks" 2>/dev/null || echo 0)" -v sa="${after_s:-0}" -v sb="${before_s:-0}" 'BEGIN {
      f = u + y; mach = m / hz
      printf "CPU seconds: ferry process %.1f (user %.1f, system %.1f), whole machine %.1f\n", f, u, y, mach
      if (pm != "") {
        printf "             PostgreSQL backends of the benchmark databases %.1f, whole PostgreSQL server %.1f\n", b / hz, (sa - sb) / hz
        printf "             share of the ferry process in ferry + backends: %.0f%%\n", 100 * f / (f + b / hz)
      } else print "             (PostgreSQL runs on another machine: its CPU time is not measured)"
    }'
    echo "CPU seconds of the ferry process by thread (sampled every 0.2 s; a thread's last fraction is missed):"
    cat "$work/threads.cpu" 2>/dev/null
    java "$root/bench/JfrHotSpots.java" "$work/$name.jfr" || echo "no flight recording in $work/$name.jfr"
  } > "$work/$name.profile" 2>&1
  cat "$work/$name.profile" >&2
  echo "$s $kb"
}
