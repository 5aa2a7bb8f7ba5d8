#!/usr/bin/env bash
# `autoscale` on the two other kinds of cluster, with the load job (tests/jobs
# LoadRamp) stepped from a low rate to more than one subtask can take:
# - default scheduler: autoscale says it will stop the job with a savepoint
#   and resubmit it, does so when the load rises (a new job id at the new
#   parallelism, restored from that savepoint), and follows the new job;
# - reactive application cluster (up --job --reactive): the TaskManager
#   count alone sets the parallelism; up when the load rises, down after it
#   drops.
# In both the committed output holds every record exactly once.
# e2e: cpu-heavy (scripts/test.sh runs it after the others, alone)
. "$(dirname "$0")/lib.sh"

JAR="$E2E_ROOT/$("$E2E_ROOT/scripts/build-jobs.sh")"
FAST=(--interval 2s --window 10s --stabilization 10s)
LOAD=(--param output=/flink-data/out --param rate=60 --param cost-us=2000)
jm_of() { docker ps -q --filter "label=io.flinkcmd.cluster=$1" --filter "label=io.flinkcmd.role=jobmanager"; }
set_rate() { docker exec "$1" sh -c "mkdir -p /flink-data/load && echo $2 > /flink-data/load/rate"; }
exactly_once() { # JM_CONTAINER
	local out
	out=$(mktemp -d)
	docker cp "$1:/flink-data/out" "$out/" >/dev/null
	"$E2E_ROOT/scripts/job-output.sh" check "$out/out"
	local rc=$?
	rm -rf "$out"
	return $rc
}

# --- default scheduler: savepoint and resubmission
name=$(cluster_name asdefault)
url=$("$FC" up --name "$name" -n 1 --slots 1 "${SMALL[@]}" --image "$IMAGE" -q)
ok $? "a default-scheduler cluster is up"
jm=$(jm_of "$name")
set_rate "$jm" 60
run "$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.LoadRamp --checkpoint-period-seconds 2 \
	"${LOAD[@]}" -o json
is "$RC" 0 "the load job runs" || diag "$ERR"
job=$(json 'd["job_id"]' <<<"$OUT")
log=$(mktemp)
on_exit "rm -f $log $log.err"
"$FC" autoscale --name "$name" --max 2 "${FAST[@]}" >"$log" 2>"$log.err" &
loop=$!
on_exit "kill -INT $loop"
wait_for 20 grep -q "savepoint and resubmit" "$log"
ok $? "autoscale says the job will be stopped with a savepoint and resubmitted" || diag "$(head -n 2 "$log")"
set_rate "$jm" 650
wait_for 180 grep -qE "^[0-9:]+ up +1 -> 2 TM" "$log"
ok $? "the loop scales up when the rate rises" || diag "$(tail -n 3 "$log") $(tail -n 3 "$log.err")"
line=$(grep -E "^[0-9:]+ up " "$log" | head -n 1)
like "$line" "job $job stopped with savepoint file:[^ ]+ and resubmitted as [0-9a-f]{32} at parallelism 2" \
	"its line says what it did: stopped with a savepoint, resubmitted"
new=$(grep -oE "resubmitted as [0-9a-f]{32}" <<<"$line" | cut -d' ' -f3)
[[ -n $new && $new != "$job" ]]
ok $? "the job has a new id ($new)"
is "$(rest "$url" "/jobs/$new" | json 'd["state"] + " " + str(max(v["parallelism"] for v in d["vertices"]))')" \
	"RUNNING 2" "the new job runs at parallelism 2"
like "$("$FC" checkpoints "$new" --name "$name" -o json | json 'd["restored"]["path"]')" "savepoint" \
	"Flink restored the new job from the savepoint"
is "$(rest "$url" "/jobs/$job" | json 'd["state"]')" "FINISHED" "the old job was stopped, not cancelled"
sleep 6 # the loop follows the new job
tail -n 1 "$log" | grep -qvE "FAILED|wait"
ok $? "the loop follows the new job" || diag "$(tail -n 2 "$log")"
kill -INT "$loop"
wait "$loop"
is "$?" 0 "the loop ends on SIGINT"
run "$FC" stop "$new" --name "$name"
is "$RC" 0 "the new job stops with a savepoint" || diag "$ERR"
verdict=$(exactly_once "$jm")
ok $? "its output is exactly once across the resubmission ($verdict)"
"$FC" down --name "$name" --volumes >/dev/null

# --- reactive application mode
name=$(cluster_name asreactive)
url=$("$FC" up --name "$name" -n 1 --slots 1 "${SMALL[@]}" --image "$IMAGE" --job "$JAR" \
	--class io.flinkcmd.jobs.LoadRamp "${LOAD[@]}" --checkpoint-period-seconds 2 --reactive \
	--conf execution.checkpointing.unaligned.enabled=true -q)
ok $? "a reactive application cluster is up"
jm=$(jm_of "$name")
set_rate "$jm" 60
job=$(rest "$url" /jobs | json 'd["jobs"][0]["id"]')
"$FC" autoscale --name "$name" --max 2 "${FAST[@]}" --cooldown 20s -o json >"$log" 2>"$log.err" &
loop=$!
on_exit "kill -INT $loop"
set_rate "$jm" 650
wait_for 180 grep -q '"event":"applied".*"action":"up"' "$log"
ok $? "the loop scales up when the rate rises" || diag "$(tail -n 2 "$log")"
is "$(grep -m1 '"event":"applied"' "$log" | json 'd["mode"] + " " + d["job"]')" "reactive $job" \
	"reactive mode: the same job follows"
is "$(rest "$url" "/jobs/$job" | json 'str(max(v["parallelism"] for v in d["vertices"]))')" 2 \
	"the job runs on both TaskManagers' slots"
set_rate "$jm" 30
wait_for 180 grep -q '"event":"applied".*"action":"down"' "$log"
ok $? "after the rate drops the loop scales down" || diag "$(tail -n 2 "$log")"
is "$(rest "$url" /overview | json 'd["taskmanagers"]')/$(rest "$url" "/jobs/$job" | json 'str(max(v["parallelism"] for v in d["vertices"]))')" \
	"1/1" "one TaskManager again, and the job at parallelism 1"
kill -INT "$loop"
wait "$loop"
run "$FC" stop "$job" --name "$name"
is "$RC" 0 "the job stops with a savepoint" || diag "$ERR"
verdict=$(exactly_once "$jm")
ok $? "its output is exactly once across both rescales ($verdict)"

done_testing
