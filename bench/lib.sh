# Helpers the bench scripts share, each defined once: where things are, timing, medians, ratios and
# verdicts, building a stale jar, a local hub to upload to, and the line that records when and on
# what a result was measured. Each script sources it first, relative to its own folder:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Sourcing defines functions and the variables below, and runs nothing else.
# shellcheck shell=bash disable=SC2034 # here, repo, jar and dir are for the scripts that source this

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" # bench/
repo="$(dirname "$here")"
jar="$repo/target/huggingnersc.jar"
scale="${BENCH_SCALE:-1}"                   # the test data's size, as a fraction of the full size
dir="${BENCH_DIR:-/tmp/huggingnersc-bench}" # where the test data goes (made once a size, then reused)
warm_ups=1                                  # untimed runs of a command before its timed ones (runs_ms)

# --- timing ---
# now: the wall clock in nanoseconds
now() { date +%s%N; }
# ms_since T0: milliseconds since T0 (a `now`)
ms_since() { echo $((($(now) - $1) / 1000000)); }
# seconds_since T0: seconds since T0 (a `now`), to the millisecond ("1.234")
seconds_since() { awk -v ns="$(($(now) - $1))" 'BEGIN {printf "%.3f", ns / 1e9}'; }
# ms CMD...: the wall time in ms of one run of CMD, its output dropped and its failure ignored
ms() {
  local t0
  t0=$(now)
  "$@" >/dev/null 2>&1 || true
  ms_since "$t0"
}
# runs_ms CMD...: runs CMD $warm_ups times untimed, then prints the wall time in ms of each of $reps runs
runs_ms() {
  local i
  for ((i = 0; i < warm_ups; i++)); do "$@" >/dev/null 2>&1 || true; done
  for ((i = 0; i < ${reps:?the script sets reps}; i++)); do ms "$@"; done
}
# best_ms CMD...: the least of runs_ms CMD
best_ms() { runs_ms "$@" | sort -n | head -n 1; }
# median_ms CMD...: the median of runs_ms CMD
median_ms() { runs_ms "$@" | median; }

# --- figures ---
# median: the median of the numbers read from stdin (separated by spaces or lines)
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# ratio A B: A / B to two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# verdict R GOAL: "met" when the ratio R is at most GOAL, else "**not met**"
verdict() { awk -v r="$1" -v g="$2" 'BEGIN {print (r <= g ? "met" : "**not met**")}'; }
# scaled N: N times $scale, at least 1
scaled() { python3 -c "import sys; print(max(1, int(float(sys.argv[1]) * float(sys.argv[2]))))" "$1" "$scale"; }

# --- the jar ---
# stale FILE SOURCE...: true when FILE is missing or a SOURCE (a file, or anything in a folder) is newer
stale() { [[ ! -f $1 ]] || [[ -n "$(find "${@:2}" -newer "$1" -print -quit)" ]]; }
# package: builds the jar (and the test classes) with ./mvnw package, tests skipped
package() {
  echo "building $jar ..." >&2
  (cd "$repo" && ./mvnw -q -B -DskipTests package >&2)
}
# build_jar: packages when the jar is missing or older than pom.xml or anything in src/main
build_jar() { if stale "$jar" "$repo/pom.xml" "$repo/src/main"; then package; fi; }

# --- a local hub ---
server=
# serve_hub DIR LOG [OPTION...]: starts `huggingnersc hub serve --dir DIR OPTION...` in the background, its
# output in LOG, and waits until it serves; sets server (its pid) and endpoint (its URL); exits if it does not
serve_hub() {
  local dir=$1 log=$2
  shift 2
  "$repo/huggingnersc" hub serve --dir "$dir" "$@" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 300); do grep -q "serving" "$log" && break; sleep 0.1; done
  endpoint=$(sed -n 's/^Local hub serving .* at \(http[^ ]*\)$/\1/p' "$log")
  [[ -n "$endpoint" ]] || { cat "$log" >&2; exit 1; }
}
# stop_server: stops the hub serve_hub started, if any
stop_server() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=
}

# --- the record ---
# load: the load average over 1, 5 and 15 minutes ("0.52 0.61 0.70")
load() { cut -d ' ' -f 1-3 /proc/loadavg; }
# record_line COMMAND LOAD_AT_START: when, how and on what a result was measured: date, command, load
# average at the start and now, cores, and the versions of java, find and openssl
record_line() {
  # shellcheck disable=SC2185 # find --version searches nothing
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'). Command: $1." \
    "Load average (1, 5, 15 min) at the start: $2; at the end: $(load). $(nproc) cores;" \
    "$(java -version 2>&1 | head -1); $(find --version | head -1); $(openssl version | cut -d ' ' -f 1-2)."
}
