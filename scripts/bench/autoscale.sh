#!/usr/bin/env bash
# Benchmark (not a test): how fast the autoscaler answers a load step, and
# what the job pays for it, for in-place rescaling under the adaptive
# scheduler against stop-with-savepoint and resubmission under the default
# scheduler. Each mode gets its own cluster (1 TaskManager, 1 slot) running
# tests/jobs LoadRamp (2 ms of CPU per record, unaligned checkpoints every
# 2 s so a rescale is not held up behind the backlog) at 60 records/s; `autoscale`
# runs with a 2 s interval, a 10 s window and a 10 s stabilization; the
# rate then steps to 650 records/s, more than one subtask can take.
# Reported per mode, from one run:
#   - seconds from the load step to the job running at its new parallelism
#     (the applied event's start plus its duration);
#   - the job's downtime: the longest gap in its own output (processing
#     timestamps of committed records) around the rescale;
#   - whether the output is still exactly once.
# The loops' JSON lines stay in build/bench/autoscale-MODE.log.
#   MODES="adaptive default"
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ -x ./flink-cmd ]] || make -s
jar=$PWD/$(scripts/build-jobs.sh)
names=()
cleanup() {
	for n in "${names[@]}"; do ./flink-cmd down --name "$n" --volumes >/dev/null 2>&1 || true; done
	[[ -z ${loop:-} ]] || kill -INT "$loop" 2>/dev/null || true
	rm -rf "${tmp:-}"
}
mkdir -p build/bench
trap cleanup EXIT
tmp=$(mktemp -d)
now_ms() { date +%s%3N; }

bench_mode() { # MODE (adaptive|default)
	local mode=$1 name=bench-as-$1 url jm job step line t_new gap verdict
	names+=("$name")
	url=$(./flink-cmd up --name "$name" -n 1 --slots 1 --tm-memory 900m --jm-memory 800m \
		--scheduler "$mode" \
		--conf execution.checkpointing.unaligned.enabled=true -q)
	jm=$(docker ps -q --filter "label=io.flinkcmd.cluster=$name" --filter "label=io.flinkcmd.role=jobmanager")
	docker exec "$jm" sh -c 'mkdir -p /flink-data/load && echo 60 > /flink-data/load/rate'
	job=$(./flink-cmd run "$jar" --name "$name" --class io.flinkcmd.jobs.LoadRamp \
		--checkpoint-period-seconds 2 --param output=/flink-data/out --param rate=60 \
		--param cost-us=2000 -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["job_id"])')
	./flink-cmd autoscale --name "$name" --min 1 --max 4 --interval 2s --window 10s \
		--stabilization 10s --cooldown 10m -o json >"build/bench/autoscale-$mode.log" 2>&1 &
	loop=$!
	sleep 20
	step=$(now_ms)
	docker exec "$jm" sh -c 'echo 650 > /flink-data/load/rate'
	until grep -q '"event":"\(applied\|failed\)"' "build/bench/autoscale-$mode.log"; do
		(($(now_ms) - step < 300000)) || { echo "autoscale: no step in 5 min ($mode)" >&2; return 1; }
		sleep 1
	done
	kill -INT "$loop"
	wait "$loop" || true
	loop=
	line=$(grep -m1 '"event":"\(applied\|failed\)"' "build/bench/autoscale-$mode.log")
	t_new=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(int(d["t"] + d["seconds"] * 1000))' "$line")
	job=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["job"])' "$line")
	sleep 10 # committed output past the rescale
	./flink-cmd stop "$job" --name "$name" >/dev/null
	docker cp "$jm:/flink-data/out" "$tmp/$mode-out" >/dev/null
	gap=$(scripts/job-output.sh gap "$tmp/$mode-out" "$step" "$((t_new + 10000))")
	verdict=$(scripts/job-output.sh check "$tmp/$mode-out" || true)
	keygap=$(scripts/job-output.sh keygap "$tmp/$mode-out" "$step" "$((t_new + 10000))" || true)
	python3 - "$mode" "$line" "$step" "$t_new" <<-'PY'
		import json, sys
		mode, d, step, t_new = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
		print("%-9s %s %d->%d TM, p %d->%d: decided %.1f s after the step, the step took %.1f s: "
		      "step -> new parallelism %.1f s" % (mode, d["event"], d["taskmanagers"], d["target_taskmanagers"],
		      d["parallelism"], d["target_parallelism"], (d["t"] - step) / 1000, d["seconds"], (t_new - step) / 1000))
	PY
	printf '          output: downtime %s; per key %s\n          %s\n' "$gap" "$keygap" "$verdict"
	./flink-cmd down --name "$name" --volumes >/dev/null
}

echo "autoscale bench: load step 60 -> 650 records/s, 2 ms CPU per record, 1 slot per TaskManager"
for m in ${MODES:-adaptive default}; do bench_mode "$m"; done
