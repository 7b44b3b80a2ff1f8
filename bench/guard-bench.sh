# Shared set-up of bench/guard-latency and bench/guard-latency-floor, sourced from the repository root with
# $name set: builds zonectl and the load generator, makes a scratch folder that is removed, with every process
# listed in $pids, on exit, and provides the steps both take.
swift build -c release --product zonectl > "/tmp/$name-build.log" 2>&1
swift build -c release --product GuardLoad >> "/tmp/$name-build.log" 2>&1
bin=.build/release
work=$(mktemp -d "/tmp/$name.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export NIO_SINGLETON_GROUP_LOOP_COUNT=1

# Waits for "listening on ADDR:PORT" in a log and prints the port.
port_of() {
    for _ in $(seq 1 100); do
        if grep -q "listening on" "$1" 2>/dev/null; then
            grep -o 'listening on [0-9.]*:[0-9]*' "$1" | head -1 | sed 's/.*://'
            return
        fi
        sleep 0.1
    done
    echo "no listener in $1" >&2
    exit 1
}

# Writes a guard policy FILE that passes FC 3 reads of registers 0-99 from loopback to the simulator on PORT,
# after the optional first line EXTRA (such as connection limits).
write_policy() {
    local file=$1 port=$2 extra=${3:-}
    {
        if [ -n "$extra" ]; then echo "$extra"; fi
        cat <<POLICY
listeners:
  - conduit: BENCH
    listen: 127.0.0.1:0
    upstream: 127.0.0.1:$port
rules:
  - id: bench-read
    sources: [127.0.0.0/8]
    units: [1]
    functions:
      - code: 3
        addresses: [0-99]
POLICY
    } > "$file"
}
