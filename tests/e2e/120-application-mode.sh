#!/usr/bin/env bash
# Application mode with reactive scaling: `up --job JAR --reactive` makes a
# cluster whose JobManager runs the stateful job (Flink's standalone-job, the
# jar copied into the container before it starts), labelled as reactive, and
# returns when the job runs at parallelism 1 on one slot; `scale 2` rescales
# the job to parallelism 2 and `scale 1` back to 1 (no --force: in reactive
# mode the TaskManager count is the parallelism); `stop` ends the job with a
# savepoint and Flink ends the JobManager (which `gc` leaves alone); `up`
# again resumes the job from that savepoint. The job's committed output then
# holds every value exactly once across the rescales, the stop and the
# resume. Bad input (--reactive without --job, a missing jar, a file that is
# not a jar, another job on an existing application cluster) exits 2 and
# creates nothing; a job that throws at start fails `up` with its cause and
# removes the cluster.
. "$(dirname "$0")/lib.sh"

JAR=$("$E2E_ROOT/scripts/build-jobs.sh")
JAR="$E2E_ROOT/$JAR"
COUNTER=io.flinkcmd.jobs.StatefulCounter
name=$(cluster_name app)
bad=$(cluster_name app-bad)

one_line() { # DESCRIPTION WANT_RC MESSAGE_REGEX CMD...
	local what=$1 want=$2 re=$3
	shift 3
	run "$@"
	is "$RC/$(printf '%s\n' "$ERR" | grep -c .)" "$want/1" "$what: exit $want with one line" || diag "$ERR"
	like "$ERR" "$re" "$what: the message says why"
}

# bad input first: nothing may be created
one_line "--reactive without --job" 2 "--reactive needs --job JAR: Flink runs reactive mode only in application mode" \
	"$FC" up --name "$bad" --reactive --image "$IMAGE"
one_line "a missing jar" 2 "cannot read the jar '/nonexistent.jar'" \
	"$FC" up --name "$bad" --job /nonexistent.jar --reactive --image "$IMAGE"
one_line "a file that is not a jar" 2 "is not a jar" \
	"$FC" up --name "$bad" --job "$E2E_ROOT/README.md" --image "$IMAGE"
one_line "--class without --job" 2 "--class is for the job of --job JAR" \
	"$FC" up --name "$bad" --class "$COUNTER" --image "$IMAGE"
is "$(count_all "$bad")" 0 "bad input created nothing"

# the job's state: RUNNING, the largest vertex parallelism, every vertex running
job_shape() { rest "$url" "/jobs/$job" | json 'd["state"] + " " + str(max(v["parallelism"] for v in d["vertices"])) + " " + str(all(v["status"] == "RUNNING" for v in d["vertices"]))'; }
completed() { rest "$url" "/jobs/$job/checkpoints" | json 'd["counts"]["completed"]'; }
# more_checkpoints N: true once more than N checkpoints completed
more_checkpoints() { (($(completed) > $1)); }
jm_exited() { [[ $(docker inspect -f '{{.State.Status}}' "$name-jobmanager") == exited ]]; }
# wait_shape SECONDS WANT: polls every 0.5 s; sets TOOK (seconds to WANT) and
# DOWN (seconds the job was not running with every task up meanwhile)
wait_shape() {
	local limit=$1 want=$2 t0 t now down_since=""
	t0=$(date +%s.%N)
	DOWN=0
	while :; do
		now=$(job_shape 2>/dev/null)
		t=$(date +%s.%N)
		if [[ $now != *" True" && -z $down_since ]]; then
			down_since=$t
		elif [[ $now == *" True" && -n $down_since ]]; then
			DOWN=$(python3 -c "print(round($DOWN + $t - $down_since, 1))")
			down_since=""
		fi
		if [[ $now == "$want" ]]; then
			TOOK=$(python3 -c "print(round($t - $t0, 1))")
			return 0
		fi
		python3 -c "import sys; sys.exit($t - $t0 < $limit)" && { SHAPE=$now; return 1; }
		sleep 0.5
	done
}

t0=$(date +%s.%N)
run "$FC" up --name "$name" --job "$JAR" --class "$COUNTER" --param output=/flink-data/output/app \
	--param rate=40 --reactive -n 1 --slots 1 "${SMALL[@]}" --image "$IMAGE" -o json
up_s=$(python3 -c "print(round($(date +%s.%N) - $t0, 1))")
is "$RC" 0 "up --job --reactive -n 1 succeeds" || diag "$ERR"
diag "up --job --reactive -n 1 --wait took ${up_s}s"
url=$(json 'd["rest_url"]' <<<"$OUT")
job=$(json 'd["job"]["id"]' <<<"$OUT")
is "$(json 'd["job"]["state"], d["job"]["parallelism"], d["reactive"]' <<<"$OUT")" "RUNNING 1 True" \
	"up returns with the job RUNNING at parallelism 1, reactive"
is "$(job_shape)" "RUNNING 1 True" "Flink runs the job at parallelism 1 with every task up"
is "$(rest "$url" /jobs/overview | json 'len(d["jobs"])')" 1 "the cluster runs exactly one job"
config=$(rest "$url" /jobmanager/config)
is "$(json '[e["value"] for e in d if e["key"] in ("scheduler-mode", "jobmanager.scheduler")]' <<<"$config")" \
	"['reactive', 'adaptive']" "the JobManager runs the adaptive scheduler in reactive mode"
labels=$(docker inspect -f '{{index .Config.Labels "io.flinkcmd.reactive"}} {{index .Config.Labels "io.flinkcmd.job"}} {{index .Config.Labels "io.flinkcmd.job-class"}}' "$name-jobmanager")
is "$labels" "true flink-cmd-jobs.jar $COUNTER" "the JobManager's labels record the job and reactive mode"
is "$(docker exec "$name-jobmanager" stat -c '%u %n' /opt/flink/usrlib/flink-cmd-jobs.jar)" \
	"9999 /opt/flink/usrlib/flink-cmd-jobs.jar" "the jar is in usrlib, owned by flink"
like "$("$FC" status --name "$name")" "$job +stateful-counter +RUNNING" "status shows the job"

one_line "another job on the application cluster" 2 "runs the job 'flink-cmd-jobs.jar'.*keeps its job" \
	"$FC" up --name "$name" --job "$JAR" --class io.flinkcmd.jobs.BoundedSum --image "$IMAGE"
is "$(job_shape)" "RUNNING 1 True" "the refused up leaves the job running"

wait_for 60 more_checkpoints 0
ok $? "the job completes checkpoints (every 10 s by default)"
t0=$(date +%s.%N)
run "$FC" scale 2 --name "$name"
scale_s=$(python3 -c "print(round($(date +%s.%N) - $t0, 1))")
is "$RC" 0 "scale 2 succeeds" || diag "$ERR"
wait_shape 90 "RUNNING 2 True"
ok $? "the job rescales to parallelism 2 with every task up" || diag "last seen: $SHAPE"
diag "scale 2 returned in ${scale_s}s; the job ran at parallelism 2 ${TOOK:-?}s later (down ${DOWN}s)"

wait_for 60 more_checkpoints "$(completed)"
run "$FC" scale 1 --name "$name"
is "$RC" 0 "scale 1 succeeds without --force on a reactive cluster" || diag "$ERR"
wait_shape 90 "RUNNING 1 True"
ok $? "the job rescales back to parallelism 1" || diag "last seen: $SHAPE"
diag "after scale 1 the job ran at parallelism 1 in ${TOOK:-?}s (down ${DOWN}s)"

wait_for 60 more_checkpoints "$(completed)"
run "$FC" stop stateful-counter --name "$name"
is "$RC" 0 "stop ends the job with a savepoint" || diag "$ERR"
like "$OUT" "^file:/+flink-data/jobs/flink-cmd-jobs-StatefulCounter/savepoints/" \
	"the savepoint is in the job's state directory"
wait_for 30 jm_exited
ok $? "Flink ends the application's JobManager when its job ends"
run "$FC" gc --dry-run
[[ $RC == 0 && $OUT != *"$name"* ]]
ok $? "gc leaves the application cluster whose job ended alone" || diag "$OUT $ERR"

run "$FC" up --name "$name" -o json
is "$RC/$(json 'd["created"], d["job"]["state"]' <<<"$OUT")" "0/False RUNNING" \
	"up on the stopped application cluster starts its job again" || diag "$ERR"
diag "up again took $(json 'round(d["seconds"], 1)' <<<"$OUT")s"
job=$(json 'd["job"]["id"]' <<<"$OUT")
like "$(docker logs "$name-jobmanager" 2>&1)" "flink-cmd: resuming from /flink-data/jobs/flink-cmd-jobs-StatefulCounter/savepoints/" \
	"the job resumes from the savepoint"
wait_for 60 more_checkpoints "$(completed)"
run "$FC" stop stateful-counter --name "$name"
is "$RC" 0 "stop again" || diag "$ERR"

out=$(mktemp -d)
on_exit "rm -rf $out"
docker cp "$name-jobmanager:/flink-data/output/app" "$out/" >/dev/null
verdict=$("$E2E_ROOT/scripts/job-output.sh" check "$out/app")
like "$verdict" "^records [0-9]{3,} first 0 last [0-9]+ missing 0 duplicates 0 keys-ok yes$" \
	"across two rescales, a stop and a resume the output is exactly once ($verdict)"

one_line "a job that throws at start" 1 "the job of cluster '$bad' did not start: .*BoundedSum was asked to fail at start" \
	"$FC" up --name "$bad" --job "$JAR" --class io.flinkcmd.jobs.BoundedSum --param fail-at-start=true \
	"${SMALL[@]}" --image "$IMAGE" -q
is "$(count_all "$bad")" 0 "the failed up removed everything it created"

run "$FC" down --name "$name" --volumes
is "$RC/$(count_all "$name")" "0/0" "down removes the application cluster"
done_testing
