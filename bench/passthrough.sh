#!/usr/bin/env bash
# Passthrough against nginx, in one run: wrk through `GET /passthrough/{id}/items` of `latchkey serve` to a local
# upstream (relayed on the event loop, and once more with --no-passthrough-relay through the router), through nginx
# proxying to the same upstream with a fixed Authorization header, and straight to the upstream; and the same
# server's `/health`, which reaches no upstream, as the floor of its HTTP handling. Two limits of the framework
# itself: a bare SwiftNIO proxy with the HTTP/1 codecs the relay uses, and SwiftNIO copying bytes with no HTTP at all
# (bench/nio-proxy). The upstream is nginx answering a small JSON body, over plain HTTP and over HTTPS (a
# certificate for 127.0.0.1 from an authority made for the run, which latchkey gets with --upstream-ca-file and
# nginx with proxy_ssl_trusted_certificate; both verify it). Write calls: `POST` with a 1 KiB JSON body through nginx
# and both of latchkey's paths. The relayed `GET` once more on caller connections that each sent an API call first
# (which the relay serves through SwiftNIO's HTTP/1 codec from then on). The last column is each proxy's CPU time per call, user and system, read from /proc
# around its row (nothing attached to the process).
# The rows the target is about (the relay against nginx for `GET`, over HTTPS and for `POST`) are measured in
# ROUNDS paired rounds, nginx and the relay in turn with the order swapped every round: this machine's speed drifts
# by a fifth from one minute to the next, more than the differences measured, and a comparison of two runs minutes
# apart says more about the drift than about the proxies. Each round is compared on its own, and the table gives the
# medians, with the rounds below it. Both Swift servers are built as the README builds latchkey for a server, with the
# Swift runtime linked in (--static-swift-stdlib). Prints Markdown for BENCHMARKS.md.
#   [ROUNDS=5] bench/passthrough.sh [DURATION=10s] [CONCURRENCY=64]     (about 7 minutes with the defaults;
#   PERF=1 also records a profile of latchkey in /tmp/pt.perf; STAT=1 prints latchkey's CPU time per relayed call,
#   from perf stat over one more relayed pass, on stderr)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
duration=${1:-10s}
concurrency=${2:-64}
rounds=${ROUNDS:-5}
threads=2

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }
echo "==> release build" >&2
swift build -c release --static-swift-stdlib --product latchkey >&2
swift build -c release --static-swift-stdlib --product nio-proxy-bench >&2
binary=${LATCHKEY_BINARY:-"$root/.build/release/latchkey"}

work=$(mktemp -d /tmp/latchkey-passthrough.XXXXXX)
chmod 755 "$work"
upstream_port=18301
proxy_port=18302
latchkey_port=18303
router_port=18304
nio_http_port=18305
nio_bytes_port=18306
nio_frames_port=18307
tls_upstream_port=18311
tls_proxy_port=18312
server_pids=()
cleanup() {
    for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    for name in upstream proxy; do
        [ -f "$work/$name.pid" ] && kill "$(cat "$work/$name.pid")" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

source "$root/bench/nginx.sh"

echo "==> certificates" >&2
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=bench CA" \
    -addext "basicConstraints=critical,CA:TRUE" -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" -keyout "$work/server.key" \
    -out "$work/server.csr" 2>/dev/null
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 1 \
    -extfile <(echo "subjectAltName=IP:127.0.0.1") -out "$work/server.pem" 2>/dev/null

echo "==> upstream and nginx proxy" >&2
nginx_conf upstream 1 "server { listen 127.0.0.1:$upstream_port; $upstream_answer }
    server { listen 127.0.0.1:$tls_upstream_port ssl; ssl_certificate $work/server.pem; ssl_certificate_key $work/server.key; $upstream_answer }"
proxy_location="proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header Authorization \"Bearer fixed-token\";"
nginx_conf proxy auto "upstream api { server 127.0.0.1:$upstream_port; keepalive 64; }
    upstream api_tls { server 127.0.0.1:$tls_upstream_port; keepalive 64; }
    server { listen 127.0.0.1:$proxy_port; location / { proxy_pass http://api; $proxy_location } }
    server { listen 127.0.0.1:$tls_proxy_port; location / { proxy_pass https://api_tls; $proxy_location
        proxy_ssl_verify on; proxy_ssl_trusted_certificate $work/ca.pem; proxy_ssl_name 127.0.0.1; proxy_ssl_session_reuse on; } }"

echo "==> latchkey" >&2
cat >"$work/catalog.json" <<JSON
{"integrations": [{"type": "bench-api", "name": "Bench API", "categories": ["crm"], "api_url": "http://127.0.0.1:$upstream_port",
  "token_names": ["API Key"], "token_instructions": ["Any"], "auth": {"token": {}}},
  {"type": "bench-api-tls", "name": "Bench API over HTTPS", "categories": ["crm"], "api_url": "https://127.0.0.1:$tls_upstream_port",
  "token_names": ["API Key"], "token_instructions": ["Any"], "auth": {"token": {}}}]}
JSON
# Makes an API-key connection of integration $2 on the server at port $1 with key $key, calls it once, prints its id.
connect() {
    local connection
    connection=$(curl -sf -H "authorization: $key" -H 'content-type: application/json' \
        -d "{\"integration_type\": \"$2\", \"auth\": {\"token\": \"bench-token\"}}" "http://127.0.0.1:$1/unified/connection" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    curl -sf -H "authorization: $key" "http://127.0.0.1:$1/passthrough/$connection/items" >/dev/null
    echo "$connection"
}
# Starts `latchkey serve` on port $1 (more flags after it), makes an API-key connection over HTTP and one over
# HTTPS, and sets key, id and tls_id.
start_latchkey() {
    local port=$1 out="$work/latchkey-$1.out"
    shift
    "$binary" serve --port "$port" --data-dir "$work/data-$port" --catalog "$work/catalog.json" --log-level warning \
        --upstream-ca-file "$work/ca.pem" "$@" \
        >"$out" 2>"$work/latchkey-$port.err" &
    server_pids+=($!)
    server_pid=$!
    for _ in $(seq 1 100); do
        grep -q "lk_" "$out" 2>/dev/null && curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
        sleep 0.2
    done
    key=$(grep -o 'lk_[A-Za-z0-9_-]*' "$out")
    id=$(connect "$port" bench-api)
    tls_id=$(connect "$port" bench-api-tls)
    echo "wrk.headers[\"authorization\"] = \"$key\"" >"$work/key-$port.lua"
    cat "$work/key-$port.lua" "$work/post.lua" >"$work/post-key-$port.lua"
}
# A POST with a 1 KiB JSON body.
python3 -c 'import json; print("wrk.method = \"POST\"\nwrk.headers[\"content-type\"] = \"application/json\"\nwrk.body = "
    + json.dumps(json.dumps({"note": "x" * 1000})))' >"$work/post.lua"
start_latchkey "$router_port" --no-passthrough-relay
router_pid=$server_pid
router_id=$id
router_tls_id=$tls_id
start_latchkey "$latchkey_port"
# Calls on caller connections that each sent an API call first: every wrk thread's first 64 calls are
# `GET /unified/connection`, so each of its connections has sent one before its passthrough calls.
cat "$work/key-$latchkey_port.lua" - >"$work/mixed-key-$latchkey_port.lua" <<LUA
local calls = 0
request = function()
    calls = calls + 1
    if calls <= 64 then return wrk.format("GET", "/unified/connection?limit=1") end
    return wrk.format("GET", "/passthrough/$id/items")
end
LUA
declare -A nio_pid
for mode in http bytes frames; do
    port_name=nio_${mode}_port
    "$root/.build/release/nio-proxy-bench" "$mode" "${!port_name}" "$upstream_port" >/dev/null &
    server_pids+=($!)
    nio_pid[$mode]=$!
done
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$nio_bytes_port/items" >/dev/null && break; sleep 0.1; done

source "$root/bench/wrk.sh"

# The user and the system CPU time, in clock ticks, of processes $@, summed.
cpu_ticks() {
    local pid user=0 system=0
    for pid in "$@"; do
        read -r u s < <(awk '{print $14, $15}' "/proc/$pid/stat")
        user=$((user + u))
        system=$((system + s))
    done
    echo "$user $system"
}
# `measure` of a proxy whose process ids come first, up to `--`: its requests/s, p50 and p99, then its CPU time per
# call in µs, user and system.
measure_cpu() {
    local pids=() user0 system0 user1 system1 rps p50 p99
    while [ "$1" != "--" ]; do pids+=("$1"); shift; done
    shift
    read -r user0 system0 < <(cpu_ticks "${pids[@]}")
    read -r rps p50 p99 < <(measure "$@")
    read -r user1 system1 < <(cpu_ticks "${pids[@]}")
    awk -v r="$rps" -v a="$p50" -v b="$p99" -v u=$((user1 - user0)) -v s=$((system1 - system0)) -v hz="$(getconf CLK_TCK)" \
        -v d="${duration%s}" 'BEGIN {calls = r * d; printf "%s %s %s %.1f %.1f\n", r, a, b, u * 1e6 / hz / calls, s * 1e6 / hz / calls}'
}

for port in "$proxy_port" "$tls_proxy_port" "$nio_http_port" "$nio_bytes_port" "$nio_frames_port"; do wrk -t1 -c4 -d2s "http://127.0.0.1:$port/items" >/dev/null; done
for connection in "$id" "$tls_id"; do
    wrk -t1 -c4 -d2s -s "$work/key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$connection/items" >/dev/null
done
for connection in "$router_id" "$router_tls_id"; do
    wrk -t1 -c4 -d2s -s "$work/key-$router_port.lua" "http://127.0.0.1:$router_port/passthrough/$connection/items" >/dev/null
done
for url in "http://127.0.0.1:$proxy_port/items" "http://127.0.0.1:$tls_proxy_port/items"; do
    curl -sf "$url" >/dev/null || { echo "$url does not answer 200" >&2; exit 1; }
done
for connection in "$id" "$tls_id"; do
    curl -sf -H "authorization: $key" "http://127.0.0.1:$latchkey_port/passthrough/$connection/items" >/dev/null ||
        { echo "passthrough to $connection does not answer 200" >&2; exit 1; }
done
curl -sf -H "authorization: $key" -d '{"note": "check"}' "http://127.0.0.1:$latchkey_port/passthrough/$id/items" >/dev/null ||
    { echo "a POST through passthrough does not answer 200" >&2; exit 1; }
# Paired rounds for the rows the target is about: nginx and the relay in turn, `rounds` times, the order swapped every
# round, so that the machine getting faster or slower during the run favours neither side. Each run appends its
# `measure_cpu` line to $work/$1.nginx or $work/$1.latchkey; the other arguments are the two sides' wrk arguments,
# split by `--`.
paired() {
    local name=$1 nginx_args=() latchkey_args=() round side
    shift
    while [ "$1" != "--" ]; do nginx_args+=("$1"); shift; done
    shift
    latchkey_args=("$@")
    for round in $(seq 1 "$rounds"); do
        for side in $( ((round % 2)) && echo "nginx latchkey" || echo "latchkey nginx"); do
            echo "==> $name, round $round: $side" >&2
            if [ "$side" = nginx ]; then
                measure_cpu "${proxy_workers[@]}" -- "${nginx_args[@]}" >>"$work/$name.nginx"
            else
                measure_cpu "$server_pid" -- "${latchkey_args[@]}" >>"$work/$name.latchkey"
            fi
        done
    done
}
# The median of the numbers on stdin, one a line.
median() {
    sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
# The median of each column of file $1 (requests/s, p50, p99, CPU user, CPU system), each taken on its own.
medians() {
    local column values=()
    for column in 1 2 3 4 5; do values+=("$(awk -v c="$column" '{print $c}' "$1" | median)"); done
    printf "%.2f %.3f %.3f %.1f %.1f\n" "${values[@]}"
}
# Each round of pair $1: the relay's throughput over nginx's and its p99 minus nginx's, one line a round.
round_ratios() {
    paste -d' ' "$work/$1.nginx" "$work/$1.latchkey" | awk '{printf "%.3f %+.3f\n", $6 / $1, $8 - $3}'
}
# Pair $1 against nginx: the medians of the rounds' throughput ratios and p99 differences, with their ranges.
paired_against() {
    local ratios differences
    ratios=$(round_ratios "$1" | awk '{print $1}' | sort -g)
    differences=$(round_ratios "$1" | awk '{print $2}' | sort -g)
    printf "%.2f × throughput (%.2f–%.2f), p99 %+.2f ms (%+.2f to %+.2f)" "$(median <<<"$ratios")" "$(head -1 <<<"$ratios")" \
        "$(tail -1 <<<"$ratios")" "$(median <<<"$differences")" "$(head -1 <<<"$differences")" "$(tail -1 <<<"$differences")"
}

echo "==> upstream directly" >&2
read -r d_rps d_p50 d_p99 < <(measure "http://127.0.0.1:$upstream_port/items")
proxy_workers=($(pgrep -P "$(cat "$work/proxy.pid")"))
echo "==> SwiftNIO HTTP/1 proxy" >&2
read -r p_rps p_p50 p_p99 p_user p_system < <(measure_cpu "${nio_pid[http]}" -- "http://127.0.0.1:$nio_http_port/items")
echo "==> SwiftNIO copying bytes" >&2
read -r b_rps b_p50 b_p99 b_user b_system < <(measure_cpu "${nio_pid[bytes]}" -- "http://127.0.0.1:$nio_bytes_port/items")
echo "==> SwiftNIO proxying HTTP/1 as bytes, framing only" >&2
read -r f_rps f_p50 f_p99 f_user f_system < <(measure_cpu "${nio_pid[frames]}" -- "http://127.0.0.1:$nio_frames_port/items")
echo "==> latchkey /health" >&2
read -r h_rps h_p50 h_p99 h_user h_system < <(measure_cpu "$server_pid" -- "http://127.0.0.1:$latchkey_port/health")
echo "==> latchkey passthrough, general path" >&2
read -r r_rps r_p50 r_p99 r_user r_system < <(measure_cpu "$router_pid" -- -s "$work/key-$router_port.lua" "http://127.0.0.1:$router_port/passthrough/$router_id/items")
echo "==> latchkey passthrough, general path, HTTPS upstream" >&2
read -r tr_rps tr_p50 tr_p99 tr_user tr_system < <(measure_cpu "$router_pid" -- -s "$work/key-$router_port.lua" "http://127.0.0.1:$router_port/passthrough/$router_tls_id/items")
echo "==> latchkey passthrough, relayed, on caller connections that made an API call first" >&2
read -r m_rps m_p50 m_p99 m_user m_system < <(measure_cpu "$server_pid" -- -s "$work/mixed-key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$id/items")
echo "==> POST 1 KiB: latchkey passthrough, general path" >&2
read -r pr_rps pr_p50 pr_p99 pr_user pr_system < <(measure_cpu "$router_pid" -- -s "$work/post-key-$router_port.lua" "http://127.0.0.1:$router_port/passthrough/$router_id/items")
paired get "http://127.0.0.1:$proxy_port/items" -- -s "$work/key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$id/items"
paired https "http://127.0.0.1:$tls_proxy_port/items" -- -s "$work/key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$tls_id/items"
paired post -s "$work/post.lua" "http://127.0.0.1:$proxy_port/items" -- -s "$work/post-key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$id/items"
read -r n_rps n_p50 n_p99 n_user n_system < <(medians "$work/get.nginx")
read -r l_rps l_p50 l_p99 l_user l_system < <(medians "$work/get.latchkey")
read -r tn_rps tn_p50 tn_p99 tn_user tn_system < <(medians "$work/https.nginx")
read -r tl_rps tl_p50 tl_p99 tl_user tl_system < <(medians "$work/https.latchkey")
read -r pn_rps pn_p50 pn_p99 pn_user pn_system < <(medians "$work/post.nginx")
read -r pl_rps pl_p50 pl_p99 pl_user pl_system < <(medians "$work/post.latchkey")
if [ -n "${STAT:-}" ]; then
    # A pass of its own: perf counting a process's threads slows it, so the table's row is measured without it.
    echo "==> latchkey passthrough, relayed, under perf stat" >&2
    stat_seconds=$(( ${duration%s} - 2 ))
    perf stat -e task-clock -p "$server_pid" -o "$work/relayed.stat" -- sleep "$stat_seconds" >/dev/null 2>&1 &
    stat_pid=$!
    read -r s_rps _ _ < <(measure -s "$work/key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$id/items")
    wait "$stat_pid"
    awk -v r="$s_rps" -v s="$stat_seconds" '/task-clock/ {gsub(",", "", $1); printf "latchkey CPU per relayed call: %.1f µs\n", $1 * 1000 / (r * s)}' \
        "$work/relayed.stat" >&2
fi
if [ -n "${PERF:-}" ]; then
    echo "==> latchkey passthrough, relayed, under perf record" >&2
    perf record -F 999 -g -p "$server_pid" -o /tmp/pt.perf -- sleep 6 >/dev/null 2>&1 &
    perf_pid=$!
    measure -s "$work/key-$latchkey_port.lua" "http://127.0.0.1:$latchkey_port/passthrough/$id/items" >/dev/null
    wait "$perf_pid"
fi
metrics=$(curl -sf "http://127.0.0.1:$latchkey_port/metrics")
relayed=$(awk '/^latchkey_passthrough_relayed_total / {print $2}' <<<"$metrics")
handovers=$(awk '/^latchkey_passthrough_handovers_total / {print $2}' <<<"$metrics")

against() { # requests/s and p99 of a row, against nginx's (or the nginx row given as $3 and $4)
    awk -v a="$1" -v b="${3:-$n_rps}" -v p="$2" -v q="${4:-$n_p99}" 'BEGIN {printf "%.2f × throughput, p99 %+.2f ms", a / b, p - q}'
}
# Whether pair $1's medians meet the target: at least 0.8 of nginx's throughput, p99 no more than 1 ms above.
verdict() {
    local ratio difference
    ratio=$(round_ratios "$1" | awk '{print $1}' | median)
    difference=$(round_ratios "$1" | awk '{print $2}' | median)
    awk -v r="$ratio" -v d="$difference" 'BEGIN {print (r >= 0.8 && d <= 1) ? "met" : "not met"}'
}
echo
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
echo "wrk -t$threads -c$concurrency -d$duration, $(nproc) cores (${cpu:-unknown}, Linux $(uname -r)), $(nginx -v 2>&1 | cut -d' ' -f3), $(date -u +%Y-%m-%d); $relayed calls relayed, ${handovers:-0} caller connections given up at a passthrough call"
echo "Rows marked * are the medians of $rounds rounds, each nginx and the relay in turn (the order swapped every round);"
echo "their comparison is the median of the rounds' own comparisons, with its range. Other rows: one run each, compared"
echo "with nginx's median."
echo
echo "| path | requests/s | p50 ms | p99 ms | against nginx | proxy CPU µs/call, user + system |"
echo "|---|---|---|---|---|---|"
echo "| upstream directly | $d_rps | $d_p50 | $d_p99 | | |"
echo "| nginx proxy (fixed Authorization) * | $n_rps | $n_p50 | $n_p99 | | $n_user + $n_system |"
echo "| limit: bare SwiftNIO HTTP/1 proxy (fixed Authorization) | $p_rps | $p_p50 | $p_p99 | $(against "$p_rps" "$p_p99") | $p_user + $p_system |"
echo "| limit: SwiftNIO copying bytes, no HTTP | $b_rps | $b_p50 | $b_p99 | $(against "$b_rps" "$b_p99") | $b_user + $b_system |"
echo "| limit: SwiftNIO proxying HTTP/1 as bytes, framing only (fixed Authorization) | $f_rps | $f_p50 | $f_p99 | $(against "$f_rps" "$f_p99") | $f_user + $f_system |"
echo "| \`latchkey /health\` (no upstream) | $h_rps | $h_p50 | $h_p99 | $(against "$h_rps" "$h_p99") | $h_user + $h_system |"
echo "| \`latchkey /passthrough\`, general path (\`--no-passthrough-relay\`) | $r_rps | $r_p50 | $r_p99 | $(against "$r_rps" "$r_p99") | $r_user + $r_system |"
echo "| \`latchkey /passthrough\`, relayed (credentials applied) * | $l_rps | $l_p50 | $l_p99 | $(paired_against get) | $l_user + $l_system |"
echo "| \`latchkey /passthrough\`, relayed, on caller connections that made an API call first | $m_rps | $m_p50 | $m_p99 | $(against "$m_rps" "$m_p99") | $m_user + $m_system |"
echo "| HTTPS upstream: nginx proxy (fixed Authorization, verifying) * | $tn_rps | $tn_p50 | $tn_p99 | | $tn_user + $tn_system |"
echo "| HTTPS upstream: \`latchkey /passthrough\`, general path | $tr_rps | $tr_p50 | $tr_p99 | $(against "$tr_rps" "$tr_p99" "$tn_rps" "$tn_p99") | $tr_user + $tr_system |"
echo "| HTTPS upstream: \`latchkey /passthrough\`, relayed * | $tl_rps | $tl_p50 | $tl_p99 | $(paired_against https) | $tl_user + $tl_system |"
echo "| POST, 1 KiB body: nginx proxy (fixed Authorization) * | $pn_rps | $pn_p50 | $pn_p99 | | $pn_user + $pn_system |"
echo "| POST, 1 KiB body: \`latchkey /passthrough\`, general path | $pr_rps | $pr_p50 | $pr_p99 | $(against "$pr_rps" "$pr_p99" "$pn_rps" "$pn_p99") | $pr_user + $pr_system |"
echo "| POST, 1 KiB body: \`latchkey /passthrough\`, relayed * | $pl_rps | $pl_p50 | $pl_p99 | $(paired_against post) | $pl_user + $pl_system |"
echo
awk -v l=$(awk -v u="$l_user" -v s="$l_system" 'BEGIN {print u + s}') -v f=$(awk -v u="$f_user" -v s="$f_system" 'BEGIN {print u + s}') \
    -v n=$(awk -v u="$n_user" -v s="$n_system" 'BEGIN {print u + s}') \
    'BEGIN {printf "CPU per call against the nginx proxy'"'"'s (%.1f µs): relayed %.2f ×, framing-only SwiftNIO proxy %.2f ×\n", n, l / n, f / n}'
echo
echo "Target (at least 0.8 of nginx's throughput, p99 no more than 1 ms above nginx's), on the medians: relayed \`GET\` $(verdict get),"
echo "HTTPS $(verdict https), \`POST\` 1 KiB $(verdict post)."
echo
echo "| round | relayed \`GET\`: throughput, p99 against nginx | HTTPS | \`POST\` 1 KiB |"
echo "|---|---|---|---|"
paste -d' ' <(round_ratios get) <(round_ratios https) <(round_ratios post) |
    awk '{printf "| %d | %.2f ×, %+.2f ms | %.2f ×, %+.2f ms | %.2f ×, %+.2f ms |\n", NR, $1, $2, $3, $4, $5, $6}'
