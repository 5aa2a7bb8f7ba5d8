#!/usr/bin/env bash
# The threads under ThreadSanitizer against a real cluster running the
# stateful job: the dashboard's scripted mode (its gatherer, its worker
# running a scale, a savepoint and the logs view, and its autoscaler thread)
# and the autoscaler loop of `autoscale --dry-run`. Any data race report, or
# any other sanitizer error, fails the test. The binary is the one
# `make SANITIZE=thread` builds (scripts/test.sh builds it first).
. "$(dirname "$0")/lib.sh"

TSAN_FC="$E2E_ROOT/build/san-thread/flink-cmd"
if [[ ! -x $TSAN_FC ]]; then
	echo "Bail out! $TSAN_FC is missing; run 'make SANITIZE=thread' first"
	exit 1
fi
JAR="$E2E_ROOT/$("$E2E_ROOT/scripts/build-jobs.sh")"
name=$(cluster_name tsan)
log=$(mktemp -d)
on_exit "rm -rf $log"
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1"

"$FC" up --name "$name" -n 1 --slots 2 "${SMALL[@]}" --image "$IMAGE" -q >/dev/null
ok $? "the cluster is up"
"$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.StatefulCounter \
	--param output=/flink-data/output/tsan --checkpoint-period-seconds 1 >/dev/null
ok $? "the stateful job runs"

# tsan DESCRIPTION FLINK-CMD-ARGS...: runs the TSan binary, which must exit
# 0 and report nothing
tsan() {
	local what=$1
	shift
	timeout --preserve-status -s INT 120 "$TSAN_FC" "$@" >"$log/out" 2>"$log/err"
	local rc=$?
	is "$rc" 0 "$what: exits 0 under ThreadSanitizer" || diag "$(tail -n 5 "$log/err")"
	! grep -q 'ThreadSanitizer' "$log/err"
	ok $? "$what: no ThreadSanitizer report" || diag "$(grep -A 12 -m 2 'WARNING' "$log/err")"
}

# the autoscaler thread on, a scale by the worker (+), the logs view (l,
# then back), a savepoint of the selected job (tab, s); while the gatherer
# refreshes every second and the worker and the autoscaler share the
# engine with it
printf 'a+' >"$log/keys"
tsan "top: autoscaler and scale" top --name "$name" --script "$log/keys" --dump-after 6 \
	--interval 1s --min 1 --max 2
like "$(cat "$log/out")" "autoscaler" "top under TSan drew its screen"
printf '\tsl' >"$log/keys"
tsan "top: savepoint and logs" top --name "$name" --script "$log/keys" --dump-after 4 \
	--interval 1s
# the loop in the foreground, stopped by SIGINT as a user stops it
timeout --preserve-status -s INT 20 "$TSAN_FC" autoscale --name "$name" --dry-run \
	--interval 2s --window 4s --stabilization 0s -o json >"$log/out" 2>"$log/err"
is "$?" 0 "autoscale --dry-run, stopped by SIGINT, exits 0 under ThreadSanitizer" ||
	diag "$(tail -n 5 "$log/err")"
! grep -q 'ThreadSanitizer' "$log/err"
ok $? "autoscale --dry-run: no ThreadSanitizer report" || diag "$(grep -A 12 -m 2 'WARNING' "$log/err")"
like "$(head -n 1 "$log/out")" '"event"' "autoscale --dry-run under TSan printed its steps"
done_testing
