#!/usr/bin/env bash
# The README's first command (`make demo`): makes the Flink image when it is
# missing, brings up the cluster `demo` with two TaskManagers (or reconciles
# it when it is already there), and shows how to reach it.
#   DEMO_TASKMANAGERS=N   TaskManager count (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/flink-image.sh
./flink-cmd up --name demo -n "${DEMO_TASKMANAGERS:-2}" --slots 2
./flink-cmd status --name demo
cat <<'MSG'

Next: ./flink-cmd scale 4 --name demo     (more TaskManagers)
      ./flink-cmd logs --name demo -f      (follow the logs)
      ./flink-cmd down --name demo         (remove it; --volumes also drops checkpoints)
MSG
