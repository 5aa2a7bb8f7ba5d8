#!/usr/bin/env bash
# Makes the Flink image flink-cmd/flink:2.3.0 from nothing, with no registry:
#   1. scripts/flink-dist.sh   Flink from the Python package index
#   2. scripts/base-image.sh   Debian + Java 17 by debootstrap, imported
#   3. flink-cmd image build   images/flink/ with that Flink home
# Each step is skipped when its result is there: the image is rebuilt only
# when its context (Dockerfile, entrypoint, distribution) has changed, which
# the label io.flinkcmd.context-hash records. A second run takes seconds.
# Prints nothing on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.3.0
image=${FLINK_CMD_IMAGE:-flink-cmd/flink:$version}
cache=${FLINK_CMD_CACHE:-$HOME/.cache/flink-cmd}
log() { echo "flink-image: $*" >&2; }

[[ -x ./flink-cmd ]] || make -s
home=$(scripts/flink-dist.sh)
scripts/base-image.sh

# The context's identity without reading 300 MB: the image files and the
# distribution's marker (the packages' sha256 sums).
hash=$(cat images/flink/Dockerfile images/flink/docker-entrypoint.sh "$home/.flink-cmd-dist" |
	sha256sum | cut -c1-16)
have=$(./flink-cmd image ls "$image" -o json 2>/dev/null |
	python3 -c 'import json,sys; print(" ".join(i.get("context_hash", "") for i in json.load(sys.stdin)))' \
		2>/dev/null || true)
if [[ $have == *"$hash"* ]]; then
	log "$image is up to date"
	exit 0
fi

# The context: the image files and hard links to the distribution (links
# to it would be sent as links, never followed).
ctx="$cache/image-context"
rm -rf "$ctx"
mkdir -p "$ctx"
cp images/flink/Dockerfile images/flink/docker-entrypoint.sh "$ctx/"
cp -al "$home" "$ctx/flink" 2>/dev/null || cp -a "$home" "$ctx/flink"
rm -f "$ctx/flink/.flink-cmd-dist"
log "building $image"
./flink-cmd image build "$ctx" -t "$image" --build-arg "FLINK_VERSION=$version" \
	--label "io.flinkcmd.context-hash=$hash" >/dev/null
log "$image is ready"
