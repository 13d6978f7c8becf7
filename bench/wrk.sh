# Shared by the wrk benchmarks: source it after setting threads, concurrency and duration.

# wrk's summary: requests/s and the p50 and p99 latencies in milliseconds; wrk's own output goes to stderr.
measure() {
    local output rps p50 p99
    output=$(wrk -t"$threads" -c"$concurrency" -d"$duration" --latency "$@")
    echo "$output" >&2
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$output")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
    echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

# A wrk latency (850.00us, 1.20ms, 1.01s) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else print v }'
}
