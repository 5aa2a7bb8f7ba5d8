#!/usr/bin/env bash
# Benchmark (not a test): the Flink image's build context (hundreds of MB)
# built by `flink-cmd image build` and by `docker build` (classic builder,
# DOCKER_BUILDKIT=0) from the same directory on the same Engine, no cache,
# in one run, alternating, ROUNDS times each. Prints the wall times, their
# ratio (flink-cmd / docker; lower is better) and flink-cmd's peak RSS.
#   ROUNDS=3  CONTEXT=dir (default: the staged Flink image context)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
cache=${FLINK_CMD_CACHE:-$HOME/.cache/flink-cmd}
ctx=${CONTEXT:-$cache/image-context}
[[ -x ./flink-cmd ]] || make -s
if [[ ! -f $ctx/Dockerfile ]]; then
	# the staging directory exists after a build; make it if an earlier
	# run found the image already there
	docker rmi flink-cmd/flink:2.3.0 >/dev/null 2>&1 || true
	scripts/flink-image.sh
fi
command -v docker >/dev/null || { echo "bench: the docker CLI is the peer; install it" >&2; exit 2; }
cleanup() { docker rmi -f bench-fc:1 bench-docker:1 >/dev/null 2>&1 || true; }
trap cleanup EXIT

size=$(du -sh --apparent-size "$ctx" | cut -f1)
echo "context: $ctx ($size, $(find "$ctx" -type f | wc -l) files)"
fc_total=0
dk_total=0
rss_max=0
for ((r = 1; r <= rounds; r++)); do
	cleanup
	t0=$EPOCHREALTIME
	/usr/bin/time -f %M -o /tmp/bench-rss ./flink-cmd image build "$ctx" -t bench-fc:1 --no-cache -q >/dev/null
	t1=$EPOCHREALTIME
	rss=$(cat /tmp/bench-rss)
	fc=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	t0=$EPOCHREALTIME
	DOCKER_BUILDKIT=0 docker build --no-cache -q -t bench-docker:1 "$ctx" >/dev/null 2>&1
	t1=$EPOCHREALTIME
	dk=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	printf 'round %d: flink-cmd %6ss (peak RSS %d KiB)   docker build %6ss\n' "$r" "$fc" "$rss" "$dk"
	fc_total=$(awk -v a="$fc_total" -v b="$fc" 'BEGIN { print a + b }')
	dk_total=$(awk -v a="$dk_total" -v b="$dk" 'BEGIN { print a + b }')
	((rss > rss_max)) && rss_max=$rss
done
awk -v f="$fc_total" -v d="$dk_total" -v n="$rounds" -v rss="$rss_max" 'BEGIN {
	printf "mean: flink-cmd %.2fs, docker build %.2fs, ratio %.2f; flink-cmd peak RSS %.1f MiB\n",
		f / n, d / n, f / d, rss / 1024 }'
