#!/usr/bin/env bash
# The README's first command (`make demo`): makes the Flink image when it is
# missing, brings up the cluster `demo` with two TaskManagers (or reconciles
# it when it is already there), starts the demo job (the stateful counter of
# tests/jobs, resuming from its newest checkpoint when an earlier run left
# one) unless it already runs, and shows the cluster.
#   DEMO_TASKMANAGERS=N   TaskManager count (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/flink-image.sh
jar=$(scripts/build-jobs.sh)
./flink-cmd up --name demo -n "${DEMO_TASKMANAGERS:-2}" --slots 2
if ! ./flink-cmd jobs --name demo -o json | grep -q '"state":"RUNNING"'; then
	args=(run "$jar" --name demo --class io.flinkcmd.jobs.StatefulCounter
		--param output=/flink-data/output/demo --param rate=100 --param name=demo-counter
		--checkpoint-period-seconds 5 --parallelism 2)
	# resume where an earlier demo stopped, else start fresh
	./flink-cmd "${args[@]}" --from-latest-checkpoint 2>/dev/null || ./flink-cmd "${args[@]}"
fi
# on a terminal the demo ends in the dashboard
if [[ -t 0 && -t 1 && -z ${DEMO_NO_TOP:-} ]]; then
	exec ./flink-cmd top --name demo
fi
./flink-cmd status --name demo
cat <<'MSG'

Next: ./flink-cmd checkpoints --name demo     (the demo job's checkpoints)
      ./flink-cmd scale 4 --name demo         (more TaskManagers)
      ./flink-cmd logs --name demo -f         (follow the logs)
      ./flink-cmd stop demo-counter --name demo   (stop the job with a savepoint)
      ./flink-cmd down --name demo            (remove it; --volumes also drops checkpoints)
MSG
