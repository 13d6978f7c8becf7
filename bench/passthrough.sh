#!/usr/bin/env bash
# Passthrough against nginx, in one run: wrk through `GET /passthrough/{id}/items` of `latchkey serve` to a local
# upstream (relayed on the event loop, and once more with --no-passthrough-relay through the router), through nginx
# proxying to the same upstream with a fixed Authorization header, and straight to the upstream; and the same
# server's `/health`, which reaches no upstream, as the floor of its HTTP handling. Two limits of the framework
# itself: a bare SwiftNIO proxy with the HTTP/1 codecs the relay uses, and SwiftNIO copying bytes with no HTTP at all
# (bench/nio-proxy). The upstream is nginx answering a small JSON body. Prints a Markdown table for BENCHMARKS.md.
#   bench/passthrough.sh [DURATION=15s] [CONCURRENCY=64]     (PERF=1 also records a profile of latchkey in /tmp/pt.perf)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
duration=${1:-15s}
concurrency=${2:-64}
threads=2

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }
echo "==> release build" >&2
swift build -c release --product latchkey >&2
swift build -c release --product nio-proxy-bench >&2
binary=${LATCHKEY_BINARY:-"$root/.build/release/latchkey"}

work=$(mktemp -d /tmp/latchkey-passthrough.XXXXXX)
chmod 755 "$work"
upstream_port=18301
proxy_port=18302
latchkey_port=18303
router_port=18304
nio_http_port=18305
nio_bytes_port=18306
server_pids=()
cleanup() {
    for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    for name in upstream proxy; do
        [ -f "$work/$name.pid" ] && kill "$(cat "$work/$name.pid")" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

nginx_conf() { # name, workers, server block
    cat >"$work/$1.conf" <<CONF
worker_processes $2;
daemon on;
pid $work/$1.pid;
error_log $work/$1.error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/$1-body; proxy_temp_path $work/$1-proxy; fastcgi_temp_path $work/$1-fcgi;
    uwsgi_temp_path $work/$1-uwsgi; scgi_temp_path $work/$1-scgi;
    keepalive_requests 1000000;
    $3
}
CONF
    nginx -c "$work/$1.conf" -p "$work"
}

echo "==> upstream and nginx proxy" >&2
nginx_conf upstream 1 "server { listen 127.0.0.1:$upstream_port; location / { default_type application/json; return 200 '{\"id\":\"7\",\"name\":\"Ada\",\"email\":\"ada@example.com\"}'; } }"
nginx_conf proxy auto "upstream api { server 127.0.0.1:$upstream_port; keepalive 64; }
    server { listen 127.0.0.1:$proxy_port; location / { proxy_pass http://api; proxy_http_version 1.1;
        proxy_set_header Connection \"\"; proxy_set_header Authorization \"Bearer fixed-token\"; } }"

echo "==> latchkey" >&2
cat >"$work/catalog.json" <<JSON
{"integrations": [{"type": "bench-api", "name": "Bench API", "categories": ["crm"], "api_url": "http://127.0.0.1:$upstream_port",
  "token_names": ["API Key"], "token_instructions": ["Any"], "auth": {"token": {}}}]}
JSON
# Starts `latchkey serve` on port $1 (more flags after it), makes an API-key connection, and sets key and id.
start_latchkey() {
    local port=$1 out="$work/latchkey-$1.out"
    shift
    "$binary" serve --port "$port" --data-dir "$work/data-$port" --catalog "$work/catalog.json" --log-level warning "$@" \
        >"$out" 2>"$work/latchkey-$port.err" &
    server_pids+=($!)
    server_pid=$!
    for _ in $(seq 1 100); do
        grep -q "lk_" "$out" 2>/dev/null && curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
        sleep 0.2
    done
    key=$(grep -o 'lk_[A-Za-z0-9_-]*' "$out")
    id=$(curl -sf -H "authorization: $key" -H 'content-type: application/json' \
        -d '{"integration_type": "bench-api", "auth": {"token": "bench-token"}}' "http://127.0.0.1:$port/unified/connection" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    curl -sf -H "authorization: $key" "http://127.0.0.1:$port/passthrough/$id/items" >/dev/null
    echo "wrk.headers[\"authorization\"] = \"$key\"" >"$work/key-$port.lua"
}
start_latchkey "$router_port" --no-passthrough-relay
router_id=$id
start_latchkey "$latchkey_port"
for mode in http bytes; do
    port_name=nio_${mode}_port
    "$root/.build/release/nio-proxy-bench" "$mode" "${!port_name}" "$upstream_port" >/dev/null &
    server_pids+=($!)
done
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$nio_bytes_port/items" >/dev/null && break; sleep 0.1; done

source "$root/bench/wrk.sh"

for port in "$proxy_port" "$nio_http_port" "$nio_bytes_port"; do wrk -t1 -c4 -d2s "http://127.0.0.1:$port/items" >/dev/null; done
wrk -t1 -c4 -d2s -s "$work/key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$id/items" >/dev/null
wrk -t1 -c4 -d2s -s "$work/key-$router_port.lua" "http://127.0.0.1:$router_port/passthrough/$router_id/items" >/dev/null
echo "==> upstream directly" >&2
read -r d_rps d_p50 d_p99 < <(measure "http://127.0.0.1:$upstream_port/items")
echo "==> nginx proxy" >&2
read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$proxy_port/items")
echo "==> SwiftNIO HTTP/1 proxy" >&2
read -r p_rps p_p50 p_p99 < <(measure "http://127.0.0.1:$nio_http_port/items")
echo "==> SwiftNIO copying bytes" >&2
read -r b_rps b_p50 b_p99 < <(measure "http://127.0.0.1:$nio_bytes_port/items")
echo "==> latchkey /health" >&2
read -r h_rps h_p50 h_p99 < <(measure "http://127.0.0.1:$latchkey_port/health")
echo "==> latchkey passthrough, general path" >&2
read -r r_rps r_p50 r_p99 < <(measure -s "$work/key-$router_port.lua" "http://127.0.0.1:$router_port/passthrough/$router_id/items")
echo "==> latchkey passthrough, relayed" >&2
[ -n "${PERF:-}" ] && { perf record -F 999 -g -p "$server_pid" -o /tmp/pt.perf -- sleep 6 >/dev/null 2>&1 & }
[ -n "${TOP:-}" ] && { (sleep 8; top -b -n 2 -d 4 | grep -A6 "PID USER" | tail -6 >&2) & }
read -r l_rps l_p50 l_p99 < <(measure -s "$work/key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$id/items")
relayed=$(curl -sf "http://127.0.0.1:$latchkey_port/metrics" | awk '/^latchkey_passthrough_relayed_total / {print $2}')

against() { # requests/s and p99 of a row, against nginx's
    awk -v a="$1" -v b="$n_rps" -v p="$2" -v q="$n_p99" 'BEGIN {printf "%.2f × throughput, p99 %+.2f ms", a / b, p - q}'
}
echo
echo "wrk -t$threads -c$concurrency -d$duration, $(nproc) cores, $(nginx -v 2>&1 | cut -d' ' -f3), $(date -u +%Y-%m-%d); $relayed calls relayed"
echo
echo "| path | requests/s | p50 ms | p99 ms | against nginx |"
echo "|---|---|---|---|---|"
echo "| upstream directly | $d_rps | $d_p50 | $d_p99 | |"
echo "| nginx proxy (fixed Authorization) | $n_rps | $n_p50 | $n_p99 | |"
echo "| limit: bare SwiftNIO HTTP/1 proxy (fixed Authorization) | $p_rps | $p_p50 | $p_p99 | $(against "$p_rps" "$p_p99") |"
echo "| limit: SwiftNIO copying bytes, no HTTP | $b_rps | $b_p50 | $b_p99 | $(against "$b_rps" "$b_p99") |"
echo "| \`latchkey /health\` (no upstream) | $h_rps | $h_p50 | $h_p99 | $(against "$h_rps" "$h_p99") |"
echo "| \`latchkey /passthrough\`, general path (\`--no-passthrough-relay\`) | $r_rps | $r_p50 | $r_p99 | $(against "$r_rps" "$r_p99") |"
echo "| \`latchkey /passthrough\`, relayed (credentials applied) | $l_rps | $l_p50 | $l_p99 | $(against "$l_rps" "$l_p99") |"
