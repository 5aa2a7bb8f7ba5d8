#!/usr/bin/env bash
# The main paths under valgrind against a real cluster: up, status, logs,
# scale, run, jobs, autoscale, top with its autoscaler, down free what they allocate and touch no memory they
# should not (memcheck errors or definite leaks fail the test).
. "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null || { echo "Bail out! valgrind is missing (apt-get install valgrind)"; exit 1; }
JAR="$E2E_ROOT/$("$E2E_ROOT/scripts/build-jobs.sh")"
name=$(cluster_name vg)
log=$(mktemp)
on_exit "rm -f $log"
vg() { # DESCRIPTION FLINK-CMD-ARGS...
	local what=$1
	shift
	${VG_TIMEOUT:+timeout --preserve-status -s INT "$VG_TIMEOUT"} valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 --log-file="$log" "$FC" "$@" >/dev/null 2>&1
	local rc=$?
	is "$rc" 0 "$what is valgrind clean" || diag "$(head -c 3000 "$log")"
}
vg "up" up --name "$name" -n 1 --slots 2 "${SMALL[@]}" --image "$IMAGE"
vg "status" status --name "$name"
vg "status -o json" status --name "$name" -o json
vg "logs" logs --name "$name" --tail 20
vg "scale 2" scale 2 --name "$name"
vg "run" run "$JAR" --name "$name" --class io.flinkcmd.jobs.BoundedSum --param count=100
vg "jobs" jobs --name "$name"
"$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.StatefulCounter \
	--param output=/flink-data/output/vg --checkpoint-period-seconds 1 >/dev/null 2>&1
VG_TIMEOUT=20 vg "autoscale --dry-run (stopped by SIGINT)" autoscale --name "$name" --dry-run \
	--interval 2s --window 4s --stabilization 0s -o json
printf 'a' >"$log.keys"
on_exit "rm -f $log.keys"
vg "top with the autoscaler switched on" top --name "$name" --script "$log.keys" --dump-after 3 \
	--interval 1s
vg "scale 1" scale 1 --name "$name" --force
vg "image ls" image ls
vg "doctor" doctor
vg "down" down --name "$name" --volumes
done_testing
