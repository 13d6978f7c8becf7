#!/usr/bin/env bash
# Two builds of latchkey relaying the same calls at the same time: each `latchkey serve` proxies
# `GET /passthrough/{id}/items` to one local nginx upstream, and two wrk processes load both servers at once, round
# after round, so that whatever else the machine does falls on both alike. Prints each server's CPU time per relayed
# call (user and system, from /proc around each round) and the difference. Rows taken in turn, one server after the
# other, differ from one minute to the next by more than most changes to the relay; rows taken side by side differ
# by a few per cent. BINARY_B may be the word `framing`: B is then SwiftNIO proxying HTTP/1 as bytes, framing only
# (`nio-proxy-bench frames`, which must be built), called with `GET /items`, so that the difference is what the relay
# does beyond finding where requests and answers end.
#   bench/relay-ab.sh BINARY_A BINARY_B|framing [ROUNDS=5] [CONCURRENCY=32]      (8 s a round)
set -euo pipefail

binary_a=$1
binary_b=$2
rounds=${3:-5}
concurrency=${4:-32}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

work=$(mktemp -d /tmp/latchkey-relay-ab.XXXXXX)
chmod 755 "$work"
upstream_port=18401
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    [ -f "$work/upstream.pid" ] && kill "$(cat "$work/upstream.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/nginx.sh"
nginx_conf upstream 1 "server { listen 127.0.0.1:$upstream_port; $upstream_answer }"
cat >"$work/catalog.json" <<JSON
{"integrations": [{"type": "bench-api", "name": "Bench API", "categories": ["crm"], "api_url": "http://127.0.0.1:$upstream_port",
  "token_names": ["API Key"], "token_instructions": ["Any"], "auth": {"token": {}}}]}
JSON

# Starts binary $2 as server $1 on port $3 with an API-key connection; sets its pid, URL and wrk script.
declare -A pid url script
start() {
    local name=$1 binary=$2 port=$3 out="$work/$1.out" key id
    "$binary" serve --port "$port" --data-dir "$work/data-$name" --catalog "$work/catalog.json" --log-level warning \
        >"$out" 2>"$work/$name.err" &
    pids+=($!)
    pid[$name]=$!
    for _ in $(seq 1 100); do
        grep -q "lk_" "$out" 2>/dev/null && curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
        sleep 0.2
    done
    key=$(grep -o 'lk_[A-Za-z0-9_-]*' "$out")
    id=$(curl -sf -H "authorization: $key" -H 'content-type: application/json' \
        -d '{"integration_type": "bench-api", "auth": {"token": "bench-token"}}' "http://127.0.0.1:$port/unified/connection" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    url[$name]="http://127.0.0.1:$port/passthrough/$id/items"
    script[$name]="$work/key-$name.lua"
    echo "wrk.headers[\"authorization\"] = \"$key\"" >"${script[$name]}"
    curl -sf -H "authorization: $key" "${url[$name]}" >/dev/null || { echo "server $name does not relay" >&2; exit 1; }
    wrk -t1 -c4 -d1s -s "${script[$name]}" "${url[$name]}" >/dev/null
}
# Starts the framing-only SwiftNIO proxy as server $1 on port $2.
start_framing() {
    local name=$1 port=$2
    "$root/.build/release/nio-proxy-bench" frames "$port" "$upstream_port" >/dev/null &
    pids+=($!)
    pid[$name]=$!
    url[$name]="http://127.0.0.1:$port/items"
    script[$name]="$work/empty-$name.lua"
    : >"${script[$name]}"
    for _ in $(seq 1 50); do curl -sf "${url[$name]}" >/dev/null && break; sleep 0.1; done
    curl -sf "${url[$name]}" >/dev/null || { echo "server $name does not proxy" >&2; exit 1; }
    wrk -t1 -c4 -d1s "${url[$name]}" >/dev/null
}
start A "$binary_a" 18403
if [ "$binary_b" = framing ]; then start_framing B 18413; else start B "$binary_b" 18413; fi

ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
echo "| round | A calls | A µs/call, user + system | B calls | B µs/call, user + system | B − A µs/call |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
    read -r ua0 sa0 < <(ticks "${pid[A]}")
    read -r ub0 sb0 < <(ticks "${pid[B]}")
    wrk -t1 -c"$concurrency" -d8s -s "${script[A]}" "${url[A]}" >"$work/wrk-A.txt" &
    wrk_a=$!
    wrk -t1 -c"$concurrency" -d8s -s "${script[B]}" "${url[B]}" >"$work/wrk-B.txt" &
    wrk_b=$!
    wait "$wrk_a" "$wrk_b"
    read -r ua1 sa1 < <(ticks "${pid[A]}")
    read -r ub1 sb1 < <(ticks "${pid[B]}")
    awk -v n="$round" -v ra="$(awk '/requests in/ {print $1}' "$work/wrk-A.txt")" \
        -v rb="$(awk '/requests in/ {print $1}' "$work/wrk-B.txt")" -v ua=$((ua1 - ua0)) -v sa=$((sa1 - sa0)) \
        -v ub=$((ub1 - ub0)) -v sb=$((sb1 - sb0)) -v hz="$hz" 'BEGIN {
        a = (ua + sa) * 1e6 / hz / ra; b = (ub + sb) * 1e6 / hz / rb
        printf "| %d | %d | %.1f + %.1f | %d | %.1f + %.1f | %+.1f |\n", n, ra, ua * 1e6 / hz / ra, sa * 1e6 / hz / ra,
            rb, ub * 1e6 / hz / rb, sb * 1e6 / hz / rb, b - a }'
done
