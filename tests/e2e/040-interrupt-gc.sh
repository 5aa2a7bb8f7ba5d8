#!/usr/bin/env bash
# Nothing is left behind: an `up` interrupted by Ctrl-C removes what it made by
# itself; one killed outright (SIGKILL) leaves labelled resources that `down`
# removes, or `gc` when its owner process is gone; `gc` removes expired
# clusters and leaves live ones alone.
. "$(dirname "$0")/lib.sh"

# start_up NAME ARGS...: runs `up` in the background; sets UP_PID.
start_up() {
	local name=$1
	shift
	"$FC" up --name "$name" -n 2 "${SMALL[@]}" --image "$IMAGE" "$@" >/dev/null 2>&1 &
	UP_PID=$!
}
# the JobManager container exists: `up` is mid-way
jm_exists() { [[ -n $(docker ps -aq --filter "label=io.flinkcmd.cluster=$1" --filter label=io.flinkcmd.role=jobmanager) ]]; }

name=$(cluster_name sigint)
start_up "$name"
wait_for 60 jm_exists "$name"
ok $? "up has created the JobManager of '$name'"
kill -INT "$UP_PID"
wait "$UP_PID"
rc=$?
is "$rc/$(count_all "$name")" "130/0" "up interrupted by SIGINT exits 130 and leaves nothing behind"

name=$(cluster_name sigkill)
start_up "$name"
wait_for 60 jm_exists "$name"
kill -KILL "$UP_PID"
wait "$UP_PID" 2>/dev/null
((($(count_all "$name")) > 0))
ok $? "up killed by SIGKILL leaves labelled resources"
run "$FC" down --name "$name" --volumes
is "$RC/$(count_all "$name")" "0/0" "down removes everything the killed up made"

name=$(cluster_name owner)
sleep 600 &
owner=$!
on_exit "kill $owner"
run "$FC" up --name "$name" -n 1 "${SMALL[@]}" --image "$IMAGE" --owner-pid "$owner" --no-wait
is "$RC" 0 "up --owner-pid --no-wait succeeds" || diag "$ERR"
before=$(count_all "$name")
((before > 0))
ok $? "up --owner-pid made the cluster's resources" || diag "it has none"
run "$FC" gc --dry-run
is "$(count_all "$name")" "$before" "gc --dry-run removes nothing"
run "$FC" gc
is "$(count_all "$name")" "$before" "gc leaves a cluster whose owner process is alive"
kill "$owner"
wait "$owner" 2>/dev/null
run "$FC" gc --dry-run
like "$OUT" "$name.*owner" "gc --dry-run names the cluster whose owner is gone, and why"
run "$FC" gc
is "$(count_all "$name")" 0 "gc removes it, volume included, once its owner is gone"

name=$(cluster_name ttl)
run "$FC" up --name "$name" -n 1 "${SMALL[@]}" --image "$IMAGE" --ttl 2s --no-wait
is "$RC" 0 "up --ttl 2s --no-wait succeeds" || diag "$ERR"
((($(count_all "$name")) > 0))
ok $? "up --ttl made the cluster's resources" || diag "it has none"
sleep 3
run "$FC" gc
is "$(count_all "$name")" 0 "gc removes a cluster past its --ttl"
done_testing
