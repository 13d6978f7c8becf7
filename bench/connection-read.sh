#!/usr/bin/env bash
# Benchmarks GET /unified/connection/{id} against GET /health of the same server, with wrk, on SQLite and on
# PostgreSQL, in one run: as served (recent reads kept in memory; a 5-second wrk pass first reads every id once, as a
# running server would have), then with the cache off (every read queries the database, opens the sealed auth and
# decodes it). Prints a Markdown table for BENCHMARKS.md.
#   bench/connection-read.sh [CONNECTIONS=5000] [DURATION=15s] [CONCURRENCY=64]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
count=${1:-5000}
duration=${2:-15s}
concurrency=${3:-64}
threads=2

source "$root/bench/serve.sh"
source "$root/bench/wrk.sh"

measure_reads() { # name, port, key
    LATCHKEY_BENCH_IDS="$work/$1.ids" LATCHKEY_BENCH_KEY="$3" measure -s "$root/bench/get-connection.lua" "http://127.0.0.1:$2"
}

run_backend() {
    local name=$1 database=$2 port=$3
    echo "==> $name: starting the server" >&2
    start_server "$name" "$port" ${database:+--database "$database"}
    local key
    key=$(server_key "$name")
    echo "==> $name: storing $count connections" >&2
    python3 "$root/bench/seed_connections.py" 127.0.0.1 "$port" "$key" "$count" "$work/$name.ids"
    wrk -t1 -c4 -d2s "http://127.0.0.1:$port/health" >/dev/null
    echo "==> $name: GET /health" >&2
    read -r h_rps h_p50 h_p99 < <(measure "http://127.0.0.1:$port/health")
    echo "==> $name: GET /unified/connection/{id}" >&2
    LATCHKEY_BENCH_IDS="$work/$name.ids" LATCHKEY_BENCH_KEY="$key" \
        wrk -t"$threads" -c"$concurrency" -d5s -s "$root/bench/get-connection.lua" "http://127.0.0.1:$port" >/dev/null
    read -r c_rps c_p50 c_p99 < <(measure_reads "$name" "$port" "$key")
    stop_server
    echo "==> $name: GET /unified/connection/{id}, cache off" >&2
    start_server "$name" "$port" ${database:+--database "$database"} --connection-cache-size 0
    read -r u_rps u_p50 u_p99 < <(measure_reads "$name" "$port" "$key")
    stop_server
    local ratio uncached_ratio
    ratio=$(awk -v a="$c_rps" -v b="$h_rps" 'BEGIN {printf "%.2f", a / b}')
    uncached_ratio=$(awk -v a="$u_rps" -v b="$h_rps" 'BEGIN {printf "%.2f", a / b}')
    rows+=("| $name | \`GET /health\` | $h_rps | $h_p50 | $h_p99 | |")
    rows+=("| $name | \`GET /unified/connection/{id}\` (as served) | $c_rps | $c_p50 | $c_p99 | $ratio |")
    rows+=("| $name | same, \`--connection-cache-size 0\` | $u_rps | $u_p50 | $u_p99 | $uncached_ratio |")
}

rows=()
run_backend sqlite "" 18181
pg_url=$("$root/scripts/postgres-throwaway" start "$work/postgres" 18182)
run_backend postgres "$pg_url" 18183

echo
echo "$count stored connections, wrk -t$threads -c$concurrency -d$duration, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| backend | request | requests/s | p50 ms | p99 ms | ratio to /health |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
