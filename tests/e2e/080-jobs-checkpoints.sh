#!/usr/bin/env bash
# Jobs on real Flink through `run` and the job commands: the stateful job
# (tests/jobs) reaches RUNNING; checkpoints accumulate at the asked period;
# `stop` gives a savepoint on the volume; `run --from-savepoint` resumes it;
# after `down` and `up` over the same volume, `run --from-latest-checkpoint`
# resumes from the newest checkpoint; the job's committed output then holds
# every value exactly once (no gap, no duplicate) and each key's count runs
# without a gap. A bounded job finishes. Every bad input gives its message
# and the cluster keeps running.
. "$(dirname "$0")/lib.sh"

JAR=$("$E2E_ROOT/scripts/build-jobs.sh")
JAR="$E2E_ROOT/$JAR"
COUNTER=io.flinkcmd.jobs.StatefulCounter
name=$(cluster_name jobs)
up() { "$FC" up --name "$name" -n 2 --slots 2 "${SMALL[@]}" --image "$IMAGE" -q; }
url=$(up)
ok $? "the cluster is up at $url"
run_counter() { # OUTPUT_DIR EXTRA_ARGS...
	local out=$1
	shift
	run "$FC" run "$JAR" --name "$name" --class "$COUNTER" --param "output=/flink-data/output/$out" \
		--param rate=40 --checkpoint-period-seconds 1 --parallelism 2 -o json "$@"
}

run_counter run1
is "$RC/$(json 'd["state"]' <<<"$OUT")" "0/RUNNING" "run returns when the stateful job is RUNNING" || diag "$ERR"
job1=$(json 'd["job_id"]' <<<"$OUT")
like "$job1" '^[0-9a-f]{32}$' "run prints the job id"
completed() { "$FC" checkpoints "$1" --name "$name" -o json | json 'd["counts"]["completed"]'; }
wait_for 60 test "$(completed "$job1")" -ge 2
c1=$(completed "$job1")
sleep 3
c2=$(completed "$job1")
((c2 >= c1 + 2))
ok $? "completed checkpoints accumulate ($c1, then $c2 three seconds later)"
period=$("$FC" checkpoints "$job1" --name "$name" -o json | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = sorted(e["trigger_time"] for e in d["history"] if not e["savepoint"])
gaps = sorted(b - a for a, b in zip(t, t[1:]))
print(gaps[len(gaps) // 2])')
((period >= 700 && period <= 1600))
ok $? "checkpoints come at the asked period of 1 s (median gap ${period} ms)"
like "$("$FC" checkpoints "$job1" --name "$name")" "latest +#[0-9]+ .*file:/+flink-data/jobs/" \
	"checkpoints shows the latest one with its path on the volume"
like "$("$FC" jobs --name "$name")" "$job1 +stateful-counter +RUNNING +2 " "jobs lists id, name, state and parallelism"

run "$FC" stop "${job1:0:8}" --name "$name"
is "$RC" 0 "stop (by id prefix) succeeds" || diag "$ERR"
sp=$OUT
like "$sp" '^file:/+flink-data/' "stop prints a savepoint path on the volume"

run_counter run2 --from-savepoint "$sp"
is "$RC/$(json 'd["restored_from"]' <<<"$OUT")" "0/$sp" "run --from-savepoint resumes from that savepoint" || diag "$ERR"
job2=$(json 'd["job_id"]' <<<"$OUT")
is "$("$FC" checkpoints "$job2" --name "$name" -o json | json 'd["restored"]["path"]')" "$sp" \
	"Flink reports the job restored from the savepoint"
wait_for 60 test "$(completed "$job2")" -ge 3

run "$FC" down "$name"
url=$(up)
ok $? "the cluster is made again over the same volume"
run_counter run3 --from-latest-checkpoint
is "$RC" 0 "run --from-latest-checkpoint after down and up succeeds" || diag "$ERR"
like "$(json 'd["restored_from"]' <<<"$OUT")" "checkpoints/$job2/chk-[0-9]+$" \
	"it resumes from the newest retained checkpoint of the previous run"
job3=$(json 'd["job_id"]' <<<"$OUT")
wait_for 60 test "$(completed "$job3")" -ge 2
run "$FC" stop stateful-counter --name "$name"
is "$RC" 0 "stop by job name succeeds" || diag "$ERR"

verdict=$(docker run --rm -v "$name-data:/d" --entrypoint sh "$IMAGE" -c 'cat /d/output/run*/*/part-*' |
	python3 -c '
import sys, collections
vals, per_key = [], collections.defaultdict(list)
for line in sys.stdin:
    v, k, c = (int(x) for x in line.split(","))
    vals.append(v)
    per_key[k].append(c)
dups = len(vals) - len(set(vals))
gaps = len(set(range(max(vals) + 1)) - set(vals))
bad_counts = sum(sorted(c) != list(range(1, len(c) + 1)) for c in per_key.values())
print(f"{len(vals)} values, {dups} duplicates, {gaps} gaps, {bad_counts} keys with broken counts")')
like "$verdict" "^[0-9]{3,} values, 0 duplicates, 0 gaps, 0 keys with broken counts$" \
	"across three runs and two restores the output is exactly once ($verdict)"

run "$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.BoundedSum --param count=1000 -o json
is "$RC" 0 "the bounded job runs" || diag "$ERR"
bounded=$(json 'd["job_id"]' <<<"$OUT")
finished() { [[ $("$FC" jobs --name "$name" -o json | json "[j['state'] for j in d if j['id']=='$bounded'][0]") == FINISHED ]]; }
wait_for 60 finished
ok $? "the bounded job finishes"

# bad input: clear one-line errors, and the cluster keeps running
one_line() { # DESCRIPTION WANT_RC_REGEX MESSAGE_REGEX CMD...
	local what=$1 want=$2 re=$3
	shift 3
	run "$@"
	like "$RC/$(printf '%s\n' "$ERR" | grep -c .)" "^$want/1$" "$what: exit $want with one line" || diag "$ERR"
	like "$ERR" "$re" "$what: the message says why"
}
one_line "a missing jar" 2 "cannot read the jar '/nonexistent.jar'" "$FC" run /nonexistent.jar --name "$name"
one_line "a file that is not a jar" 2 "is not a jar" "$FC" run "$E2E_ROOT/README.md" --name "$name"
one_line "a class that does not exist" "[12]" "ClassNotFoundException.*io.flinkcmd.jobs.Nope|io.flinkcmd.jobs.Nope" \
	"$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.Nope
one_line "a job that throws at start" "[12]" "asked to fail at start" \
	"$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.BoundedSum --param fail-at-start=true
one_line "an unknown job" 2 "no job 'no-such-job'" "$FC" cancel no-such-job --name "$name"
one_line "a savepoint path that does not exist" 2 "savepoint 'file:///flink-data/nope' does not exist" \
	"$FC" run "$JAR" --name "$name" --class "$COUNTER" --from-savepoint file:///flink-data/nope
one_line "a deploy address mode that cannot mean anything" 2 "deploy-address-mode 'HOST'" \
	"$FC" run "$JAR" --name "$name" --deploy-address-mode HOST
# two job ids sharing a first digit make that digit ambiguous
prefix=""
for _ in $(seq 17); do
	prefix=$("$FC" jobs --name "$name" -o json | python3 -c '
import collections, json, sys
c = collections.Counter(j["id"][0] for j in json.load(sys.stdin))
print(next((k for k, v in c.items() if v > 1), ""))')
	[[ -n $prefix ]] && break
	"$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.BoundedSum --detach >/dev/null 2>&1
done
one_line "an ambiguous job id prefix" 2 "'$prefix' is the start of [0-9]+ job ids" "$FC" cancel "$prefix" --name "$name"
is "$(rest "$url" /overview | json 'd["taskmanagers"]')" 2 "the cluster keeps running after every bad input"
done_testing
