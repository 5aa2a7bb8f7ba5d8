#!/usr/bin/env bash
# `autoscale` on real Flink under the adaptive scheduler: the load job
# (tests/jobs LoadRamp: a source whose rate the test sets through a file on
# the data volume, and a CPU-bound keyed operator) runs at a low rate and
# the loop holds; the test raises the rate and the loop adds a TaskManager
# and rescales the job in place (same job id) within its stabilization
# period, window and a TaskManager's start; after the rate drops it scales
# back down once the cooldown has passed. The job's committed output then
# holds every record exactly once. A paused JobManager is reported and
# ridden out. Also: --dry-run changes nothing, JSON
# lines carry the decision's inputs, and bad options exit 2 with one line.
# e2e: cpu-heavy (scripts/test.sh runs it after the others, alone)
. "$(dirname "$0")/lib.sh"

JAR="$E2E_ROOT/$("$E2E_ROOT/scripts/build-jobs.sh")"
name=$(cluster_name autoscale)

# bad input first: no cluster is needed to refuse it
for bad in "--min 0" "--min 3 --max 2" "--policy fastest" "--target-utilization 2" \
	"--interval 1ms" "--max 99" "extra"; do
	# shellcheck disable=SC2086
	run "$FC" autoscale --name "$name" $bad
	is "$RC/$(wc -l <<<"$ERR")" "2/1" "autoscale $bad: exit 2 with one line" || diag "$ERR"
done
run "$FC" autoscale --name "$name"
like "$RC/$ERR" "^2/flink-cmd: there is no cluster '$name'" "autoscale on a missing cluster exits 2 naming it"

url=$("$FC" up --name "$name" -n 1 --slots 1 "${SMALL[@]}" --image "$IMAGE" --scheduler adaptive \
	--conf execution.checkpointing.unaligned.enabled=true -q)
ok $? "an adaptive-scheduler cluster is up at $url"
jm=$(docker ps -q --filter "label=io.flinkcmd.cluster=$name" --filter "label=io.flinkcmd.role=jobmanager")
set_rate() { docker exec "$jm" sh -c "mkdir -p /flink-data/load && echo $1 > /flink-data/load/rate"; }
set_rate 60
run "$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.LoadRamp --checkpoint-period-seconds 2 \
	--param output=/flink-data/out --param rate=60 --param cost-us=2000 -o json
is "$RC" 0 "the load job runs" || diag "$ERR"
job=$(json 'd["job_id"]' <<<"$OUT")

burn_parallelism() { rest "$url" "/jobs/$job" | json '[v["parallelism"] for v in d["vertices"] if not v["name"].startswith("Source")][0]'; }
tms() { rest "$url" /overview | json 'd["taskmanagers"]'; }

# --dry-run decides and changes nothing
dry=$(mktemp)
timeout --preserve-status -s INT 12 "$FC" autoscale --name "$name" --interval 2s --window 4s --stabilization 0s \
	--dry-run -o json >"$dry" 2>/dev/null
is "$?" 0 "autoscale --dry-run ends cleanly on SIGINT"
like "$(head -n 1 "$dry" | json 'd["event"] + " " + d["mode"]')" "^(decision|wait) in-place$" \
	"its JSON lines name the event and the in-place mode"
is "$(tms)/$(burn_parallelism)" "1/1" "--dry-run changed nothing"

log=$(mktemp)
on_exit "rm -f $log $log.err $dry"
"$FC" autoscale --name "$name" --min 1 --max 4 --interval 2s --window 10s --stabilization 10s \
	--cooldown 40s -o json >"$log" 2>"$log.err" &
loop=$!
on_exit "kill -INT $loop"
sleep 25
applied() { grep -c '"event":"applied"' "$log"; }
is "$(applied)" 0 "at a low rate the loop holds"
like "$(grep '"event":"decision"' "$log" | tail -n 1 | json 'd["action"] + " " + str(d["utilization"] is not None)')" \
	"^hold True$" "hold decisions carry the utilization they were made on"

# Flink away for a while: the loop says so and goes on
docker pause "$jm" >/dev/null
wait_for 40 grep -q '"event":"unreachable"' "$log"
ok $? "with the JobManager paused the loop reports Flink unreachable"
docker unpause "$jm" >/dev/null
n=$(wc -l <"$log")
wait_for 40 sh -c "tail -n +$((n + 1)) '$log' | grep -q '\"event\":\"decision\"'"
ok $? "after it answers again the loop decides again"
kill -0 "$loop"
ok $? "the loop rode it out"

# CPU per record 2 ms: one subtask manages under 500 records/s
step=$(date +%s)
set_rate 650
wait_for 150 grep -q '"event":"applied".*"action":"up"' "$log"
ok $? "after the rate rises the loop scales up ($(($(date +%s) - step)) s after the step)" ||
	diag "$(tail -n 3 "$log")"
up_line=$(grep '"event":"applied"' "$log" | head -n 1)
like "$(json 'd["reason"]' <<<"$up_line")" "busy" "the up step says why (the busy vertex)"
p_up=$(burn_parallelism)
((p_up >= 2))
ok $? "the job's parallelism followed ($p_up)"
is "$(json 'd["job"]' <<<"$up_line")" "$job" "the job was rescaled in place: same job id"
((tms_up = $(tms), tms_up >= 2 && tms_up <= 4))
ok $? "TaskManagers within --min/--max ($tms_up)"

set_rate 30
wait_for 200 grep -q '"event":"applied".*"action":"down"' "$log"
ok $? "after the rate drops the loop scales down" || diag "$(tail -n 3 "$log")"
steps() { grep -E '"event":"(applied|failed)"' "$log" | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    print(d["event"], d["action"], d["taskmanagers"], "->", d["target_taskmanagers"], d["message"])'; }
# the most it grew to: one step, or a second while the load was high
top=$(grep '"event":"applied".*"action":"up"' "$log" | python3 -c '
import json, sys
print(max(json.loads(l)["target_taskmanagers"] for l in sys.stdin))')
wait_for 30 test "$(tms)" -lt "$top"
ok $? "TaskManagers went back down ($top -> $(tms))" || diag "$(steps)"
ups=$(grep -c '"event":"applied".*"action":"up"' "$log")
((ups <= 2))
ok $? "no flapping: $ups up steps for one rise"
kill -INT "$loop"
wait "$loop"
is "$?" 0 "the loop ends with status 0 on SIGINT"

run "$FC" stop "$job" --name "$name"
is "$RC" 0 "the job stops with a savepoint" || diag "$ERR"
out=$(mktemp -d)
on_exit "rm -rf $out"
docker cp "$jm:/flink-data/out" "$out/" >/dev/null
verdict=$("$E2E_ROOT/scripts/job-output.sh" check "$out/out")
ok $? "the output is exactly once across the rescales ($verdict)"

done_testing
