#!/usr/bin/env bash
# Benchmark (not a test): time from `run` to the job RUNNING (every task
# running), flink-cmd against Flink's own `bin/flink run -d` from the same
# distribution, on the same cluster, alternating, ROUNDS times each. For
# bin/flink the clock stops when /jobs/ID shows every vertex RUNNING, polled
# every 100 ms as flink-cmd polls. Prints the means and their ratio.
#   ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
name=bench-run
[[ -x ./flink-cmd ]] || make -s
jar=$PWD/$(scripts/build-jobs.sh)
home=$(scripts/flink-dist.sh)
cleanup() { ./flink-cmd down --name "$name" --volumes >/dev/null 2>&1 || true; }
trap cleanup EXIT
url=$(./flink-cmd up --name "$name" -n 2 --slots 2 --tm-memory 900m --jm-memory 800m -q)
port=${url##*:}
args=(--output /flink-data/output/bench --rate 50)
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }
running() { # JOB_ID: every vertex of the job runs
	curl -fsS "$url/jobs/$1" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if d["state"] == "RUNNING" and all(v["status"] == "RUNNING" for v in d["vertices"]) else 1)'
}
cancel_all() {
	for id in $(curl -fsS "$url/jobs/overview" | python3 -c 'import json,sys; print(" ".join(j["jid"] for j in json.load(sys.stdin)["jobs"] if j["state"] == "RUNNING"))'); do
		./flink-cmd cancel "$id" --name "$name" >/dev/null
	done
	sleep 1
}
fc_total=0
fl_total=0
for ((r = 1; r <= rounds; r++)); do
	t0=$EPOCHREALTIME
	./flink-cmd run "$jar" --name "$name" --class io.flinkcmd.jobs.StatefulCounter \
		--arg --output --arg /flink-data/output/bench --arg --rate --arg 50 >/dev/null
	fc=$(elapsed "$t0")
	cancel_all
	t0=$EPOCHREALTIME
	id=$(FLINK_CONF_DIR=$home/conf "$home/bin/flink" run -d -D rest.address=127.0.0.1 -D "rest.port=$port" \
		-c io.flinkcmd.jobs.StatefulCounter "$jar" "${args[@]}" 2>/dev/null |
		grep -oE 'JobID [0-9a-f]{32}' | cut -d' ' -f2)
	until running "$id"; do sleep 0.1; done
	fl=$(elapsed "$t0")
	cancel_all
	printf 'round %d: flink-cmd run %6ss   bin/flink run -d %6ss\n' "$r" "$fc" "$fl"
	fc_total=$(awk -v a="$fc_total" -v b="$fc" 'BEGIN { print a + b }')
	fl_total=$(awk -v a="$fl_total" -v b="$fl" 'BEGIN { print a + b }')
done
awk -v f="$fc_total" -v l="$fl_total" -v n="$rounds" \
	'BEGIN { printf "mean: flink-cmd %.2fs, bin/flink %.2fs, ratio %.2f\n", f / n, l / n, f / l }'
