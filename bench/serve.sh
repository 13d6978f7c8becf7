# Shared by the benchmarks that run `latchkey serve`; source it from the repository's root. Installs wrk when
# missing, builds latchkey in release mode as the README builds it for a server, makes $work (removed on exit, with
# any server still running and a throwaway PostgreSQL cluster in $work/postgres), and starts and stops servers.

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
echo "==> release build" >&2
swift build -c release --static-swift-stdlib --product latchkey >&2
binary="$root/.build/release/latchkey"

work=$(mktemp -d /tmp/latchkey-bench.XXXXXX)
chmod 755 "$work"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    "$root/scripts/postgres-throwaway" stop "$work/postgres" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# Starts a server on the data directory $work/NAME and waits until it answers; its first start prints the API key
# into $work/NAME.out.
start_server() { # name, port, extra options…
    local name=$1 port=$2
    shift 2
    "$binary" serve --port "$port" --data-dir "$work/$name" --log-level warning "$@" >>"$work/$name.out" 2>>"$work/$name.err" &
    server_pid=$!
    for _ in $(seq 1 100); do
        grep -q "lk_" "$work/$name.out" 2>/dev/null && curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
        sleep 0.2
    done
}

stop_server() {
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

# The API key the server on $work/NAME printed on its first start.
server_key() { # name
    grep -o 'lk_[A-Za-z0-9_-]*' "$work/$1.out" | head -1
}
