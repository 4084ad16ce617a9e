# Shared by Ferry's two launchers, the checkout's ./ferry and the distribution's bin/ferry, which
# source it after setting $jar (the CLI's jar) and $jsa (where its class-data-sharing archive is
# kept, or empty for none), then call run_ferry with their arguments. One place for the JVM's options.

# Ferry streams with bounded queues; a modest heap keeps its footprint small (transfer, verify, backup
# and restore run as fast with 256 MB as with more). FERRY_JAVA_OPTS=-Xmx... overrides.
case "${FERRY_JAVA_OPTS:-}" in *-Xmx*) ;; *) FERRY_JAVA_OPTS="-Xmx256m ${FERRY_JAVA_OPTS:-}" ;; esac
# The serial collector: with Ferry's small live set it does the same work as G1 for less CPU (a tenth
# less for transfer, verify and backup on two cores), leaving more to the databases. An -XX:+Use...GC
# in FERRY_JAVA_OPTS overrides it.
case "${FERRY_JAVA_OPTS:-}" in *-XX:+Use*GC*) ;; *) FERRY_JAVA_OPTS="-XX:+UseSerialGC ${FERRY_JAVA_OPTS:-}" ;; esac
# The JIT: C2, the optimizing compiler, takes a method after ten times the usual calls and loops,
# so start-up code stays with C1 and C2 compiles only what every row runs; on two cores, where the
# compilers compete with the databases, a transfer then used about 0.5 to 1 CPU second less at every
# size (4% to 8% faster, 211 thousand to 4.2 million rows). -XX:Tier4... in FERRY_JAVA_OPTS overrides it.
case "${FERRY_JAVA_OPTS:-}" in *-XX:Tier4*) ;; *) FERRY_JAVA_OPTS="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 \
-XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 ${FERRY_JAVA_OPTS:-}" ;; esac

# Start-up: the first database command records the classes it loads in the archive at $jsa; later
# commands map it instead of loading and verifying those classes again. The JVM refuses, without a
# word, an archive recorded for another jar or another JDK, so it is recorded again when either is
# newer. Where no archive can be kept (no $jsa, its folder not writable), Ferry runs without one.
run_ferry() {
  case "${1:-}" in
    ""|-h|--help|-V|--version|help|init|new) exec java ${FERRY_JAVA_OPTS} -jar "$jar" "$@" ;;
  esac
  if [ -z "${jsa:-}" ] || ! mkdir -p "$(dirname "$jsa")" 2>/dev/null || [ ! -w "$(dirname "$jsa")" ]; then
    exec java ${FERRY_JAVA_OPTS} -jar "$jar" "$@"
  fi
  javabin=$(readlink -f "$(command -v java)" 2>/dev/null || true)
  if [ -f "$jsa" ] && { [ "$jsa" -ot "$jar" ] || { [ -n "$javabin" ] && [ "$jsa" -ot "$javabin" ]; }; }; then
    rm -f "$jsa"
  fi
  quiet_cds="-Xlog:cds=off -Xlog:cds+dynamic=off"
  if [ -f "$jsa" ]; then
    exec java -XX:SharedArchiveFile="$jsa" -Xshare:auto $quiet_cds ${FERRY_JAVA_OPTS} -jar "$jar" "$@"
  fi
  # Recorded under a private name and published only when complete, so concurrent first runs never
  # see a half-written file.
  tmp="$jsa.$$"
  status=0
  java -XX:ArchiveClassesAtExit="$tmp" $quiet_cds ${FERRY_JAVA_OPTS} -jar "$jar" "$@" || status=$?
  if [ -s "$tmp" ]; then mv -f "$tmp" "$jsa"; else rm -f "$tmp"; fi
  exit $status
}
