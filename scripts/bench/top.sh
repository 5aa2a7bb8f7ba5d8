#!/usr/bin/env bash
# Benchmark (not a test): the dashboard's cost and responsiveness, in one run.
#   - CPU (% of one core) and peak RSS of `flink-cmd top` over SECONDS at its
#     default refresh, on a cluster of 8 TaskManagers running one job, next
#     to `docker stats` refreshing the same containers (the nearest peer
#     here), each in its own tmux terminal of 80x24;
#   - the time from a key press to the drawn frame, from the scripted mode.
#   SECONDS_TO_WATCH=60  TASKMANAGERS=8
set -euo pipefail
cd "$(dirname "$0")/../.."
watch=${SECONDS_TO_WATCH:-60}
tms=${TASKMANAGERS:-8}
name=bench-top
[[ -x ./flink-cmd ]] || make -s
jar=$(scripts/build-jobs.sh)
cleanup() {
	tmux kill-session -t bench-top-fc 2>/dev/null || true
	tmux kill-session -t bench-top-dk 2>/dev/null || true
	./flink-cmd down --name "$name" --volumes >/dev/null 2>&1 || true
}
trap cleanup EXIT
./flink-cmd up --name "$name" -n "$tms" --tm-memory 900m --jm-memory 800m -q >/dev/null
./flink-cmd run "$jar" --name "$name" --class io.flinkcmd.jobs.StatefulCounter \
	--param output=/flink-data/output/bench --checkpoint-period-seconds 5 >/dev/null

# cpu_rss PID SECONDS: "<cpu % of one core> <peak RSS KiB>" of PID over SECONDS
cpu_rss() {
	local pid=$1 secs=$2 hz t0 t1
	hz=$(getconf CLK_TCK)
	t0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	sleep "$secs"
	t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" -v rss="$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")" \
		'BEGIN { printf "%.2f %d\n", (b - a) / hz / s * 100, rss }'
}
# the newest process named $1 in a tmux session's pane
pid_in() { pgrep -n -f "$1"; }

tmux new-session -d -s bench-top-fc -x 80 -y 24 "./flink-cmd top --name $name"
sleep 3
read -r fc_cpu fc_rss < <(cpu_rss "$(pid_in "flink-cmd top --name $name")" "$watch")
ids=$(docker ps -q --filter "label=io.flinkcmd.cluster=$name" | tr '\n' ' ')
tmux new-session -d -s bench-top-dk -x 80 -y 24 "docker stats $ids"
sleep 3
read -r dk_cpu dk_rss < <(cpu_rss "$(pid_in "docker stats")" "$watch")

printf 'over %ss, %d TaskManagers + JobManager, one job\n' "$watch" "$tms"
printf '%-22s %8s %10s\n' "" "CPU %" "peak RSS"
printf '%-22s %8s %7.1f MiB\n' "flink-cmd top" "$fc_cpu" "$(awk -v k="$fc_rss" 'BEGIN { print k / 1024 }')"
printf '%-22s %8s %7.1f MiB\n' "docker stats" "$dk_cpu" "$(awk -v k="$dk_rss" 'BEGIN { print k / 1024 }')"

# key to frame: each key of a script, timed in the scripted mode
printf 'jjkk\t\tjk' >/tmp/bench-top-keys
./flink-cmd top --name "$name" --script /tmp/bench-top-keys --dump-after 0 --timing 2>&1 >/dev/null |
	awk '/answered in/ { ms = $(NF - 1); s += ms; if (ms > m) m = ms; n++ }
		END { printf "key to drawn frame (scripted mode): %d keys, mean %.2f ms, max %.2f ms\n", n, s / n, m }'
rm -f /tmp/bench-top-keys
