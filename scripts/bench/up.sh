#!/usr/bin/env bash
# Benchmark (not a test): flink-cmd against docker compose on the same Engine
# and image, in one run.
#   up:     command start until Flink reports N TaskManagers, N = 1 2 4 8;
#           compose is `up -d` then /overview polled every 100 ms, as
#           flink-cmd polls.
#   scale:  N -> 2N, until 2N TaskManagers are registered.
#   status: wall time of `flink-cmd status` against `docker-compose ps`.
# Prints a table of seconds and ratios (flink-cmd / compose; lower is better).
#   BENCH_SIZES="1 2 4 8"  BENCH_IMAGE=flink-cmd/flink:2.3.0
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${BENCH_SIZES:-1 2 4 8}
image=${BENCH_IMAGE:-flink-cmd/flink:2.3.0}
fc=./flink-cmd
compose=$(command -v docker-compose || true)
[[ -n $compose ]] || { echo "bench: docker-compose is needed as the peer" >&2; exit 2; }
[[ -x $fc ]] || make -s
tmp=$(mktemp -d)
fc_name=bench-fc
dc_name=bench-dc
cleanup() {
	"$fc" down --name "$fc_name" --volumes >/dev/null 2>&1 || true
	"$compose" -p "$dc_name" -f "$tmp/compose.yaml" down -v >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

now() { echo "$EPOCHREALTIME"; }
# elapsed START: seconds since START, read before anything else runs
elapsed() { local t1=$EPOCHREALTIME; awk -v a="$1" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'; }
# Flink's properties as flink-cmd sets them, so both start the same JVMs
props() {
	printf 'jobmanager.rpc.address: jobmanager\ntaskmanager.numberOfTaskSlots: 1\n'
	printf 'jobmanager.memory.process.size: 1024m\ntaskmanager.memory.process.size: 1024m\n'
}
cat >"$tmp/compose.yaml" <<YAML
version: "3.8"
services:
  jobmanager:
    image: $image
    command: jobmanager
    ports: ["127.0.0.1::8081"]
    environment:
      FLINK_PROPERTIES: |
$(props | sed 's/^/        /')
  taskmanager:
    image: $image
    command: taskmanager
    depends_on: [jobmanager]
    environment:
      FLINK_PROPERTIES: |
$(props | sed 's/^/        /')
YAML

tm_count() { curl -fsS --max-time 1 "$1/overview" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["taskmanagers"])' 2>/dev/null || echo 0; }
wait_tms() { # URL N
	until [[ $(tm_count "$1") -ge $2 ]]; do sleep 0.1; done
}
compose_url() { echo "http://$("$compose" -p "$dc_name" -f "$tmp/compose.yaml" port jobmanager 8081)"; }

printf '%-22s %10s %10s %8s\n' "measure" "flink-cmd" "compose" "ratio"
row() { printf '%-22s %10s %10s %8s\n' "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", a / b }')"; }
for n in $sizes; do
	# one system at a time, so 2N JVMs of one never share the machine with the other's
	t0=$(now)
	"$fc" up --name "$fc_name" -n "$n" --image "$image" -q >/dev/null
	fc_up=$(elapsed "$t0")
	t0=$(now)
	"$fc" status --name "$fc_name" >/dev/null
	fc_st=$(elapsed "$t0")
	t0=$(now)
	"$fc" scale $((2 * n)) --name "$fc_name" >/dev/null
	fc_sc=$(elapsed "$t0")
	"$fc" down --name "$fc_name" --volumes >/dev/null

	t0=$(now)
	"$compose" -p "$dc_name" -f "$tmp/compose.yaml" up -d --scale taskmanager="$n" >/dev/null 2>&1
	wait_tms "$(compose_url)" "$n"
	dc_up=$(elapsed "$t0")
	t0=$(now)
	"$compose" -p "$dc_name" -f "$tmp/compose.yaml" ps >/dev/null 2>&1
	dc_st=$(elapsed "$t0")
	t0=$(now)
	"$compose" -p "$dc_name" -f "$tmp/compose.yaml" up -d --scale taskmanager=$((2 * n)) >/dev/null 2>&1
	wait_tms "$(compose_url)" $((2 * n))
	dc_sc=$(elapsed "$t0")
	"$compose" -p "$dc_name" -f "$tmp/compose.yaml" down -v >/dev/null 2>&1

	row "up N=$n" "$fc_up" "$dc_up"
	row "scale $n->$((2 * n))" "$fc_sc" "$dc_sc"
	row "status (N=$n)" "$fc_st" "$dc_st"
done
