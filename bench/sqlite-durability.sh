#!/usr/bin/env bash
# What durable SQLite commits cost: PATCH /unified/connection/{id} (one committed write each) and GET of the same
# connections, with wrk, on one server started with --sqlite-synchronous normal and then full (the default), over the
# same database, against GET /health in the same run. Prints a Markdown table for BENCHMARKS.md.
#   bench/sqlite-durability.sh [CONNECTIONS=2000] [DURATION=15s] [CONCURRENCY=16]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
count=${1:-2000}
duration=${2:-15s}
concurrency=${3:-16}
threads=2

source "$root/bench/serve.sh"
source "$root/bench/wrk.sh"
port=18191

start_server sqlite "$port" --sqlite-synchronous normal
key=$(server_key sqlite)
echo "==> storing $count connections" >&2
python3 "$root/bench/seed_connections.py" 127.0.0.1 "$port" "$key" "$count" "$work/ids"
stop_server

rows=()
for mode in normal full; do
    start_server sqlite "$port" --sqlite-synchronous "$mode"
    wrk -t1 -c4 -d2s "http://127.0.0.1:$port/health" >/dev/null
    echo "==> $mode: GET /health" >&2
    read -r h_rps h_p50 h_p99 < <(measure "http://127.0.0.1:$port/health")
    echo "==> $mode: PATCH /unified/connection/{id}" >&2
    read -r p_rps p_p50 p_p99 < <(LATCHKEY_BENCH_IDS="$work/ids" LATCHKEY_BENCH_KEY="$key" \
        measure -s "$root/bench/patch-connection.lua" "http://127.0.0.1:$port")
    echo "==> $mode: GET /unified/connection/{id}" >&2
    read -r g_rps g_p50 g_p99 < <(LATCHKEY_BENCH_IDS="$work/ids" LATCHKEY_BENCH_KEY="$key" \
        measure -s "$root/bench/get-connection.lua" "http://127.0.0.1:$port")
    stop_server
    rows+=("| \`$mode\` | \`GET /health\` | $h_rps | $h_p50 | $h_p99 |")
    rows+=("| \`$mode\` | \`PATCH /unified/connection/{id}\` | $p_rps | $p_p50 | $p_p99 |")
    rows+=("| \`$mode\` | \`GET /unified/connection/{id}\` | $g_rps | $g_p50 | $g_p99 |")
done

echo
echo "$count stored connections, wrk -t$threads -c$concurrency -d$duration, $(nproc) cores, $(df -T "$work" | awk 'NR == 2 {print $2}') file system, $(date -u +%Y-%m-%d)"
echo
echo "| \`--sqlite-synchronous\` | request | requests/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
