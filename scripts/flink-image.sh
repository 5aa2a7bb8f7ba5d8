#!/usr/bin/env bash
# Makes the Flink image flink-cmd/flink:2.3.0 from nothing, with no registry:
#   1. scripts/flink-dist.sh   Flink from the Python package index
#   2. scripts/base-image.sh   Debian + Java 17 by debootstrap, imported
#   3. flink-cmd image build   images/flink/ with that Flink home
# Each step is skipped when its result is there (checked, not assumed): the
# image is rebuilt only when its inputs have changed, which the label
# io.flinkcmd.context-hash records. A second run takes a second or less.
# Prints nothing on stdout; progress goes to stderr.
#   FLINK_CMD_CACHE       cache directory (default ~/.cache/flink-cmd)
#   FLINK_CMD_IMAGE       tag to make (default flink-cmd/flink:2.3.0)
#   FLINK_CMD_BASE_IMAGE  base image (default flink-cmd/debian-jre:bookworm-17)
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.3.0
export FLINK_VERSION=$version
image=${FLINK_CMD_IMAGE:-flink-cmd/flink:$version}
base=${FLINK_CMD_BASE_IMAGE:-flink-cmd/debian-jre:bookworm-17}
export FLINK_CMD_BASE_IMAGE=$base
cache=${FLINK_CMD_CACHE:-$HOME/.cache/flink-cmd}
log() { echo "flink-image: $*" >&2; }

[[ -x ./flink-cmd ]] || make -s >&2
home=$(scripts/flink-dist.sh)
scripts/base-image.sh
base_id=$(./flink-cmd image ls "$base" -q | head -n1)
[[ -n $base_id ]] || { log "$base is missing after scripts/base-image.sh"; exit 1; }

# The inputs' identity without reading 300 MB: the image files, the Flink
# version, the distribution's marker (the packages' sha256 sums) and the
# base image's ID (a re-imported base means a rebuild).
hash=$({
	printf 'flink %s\nbase %s\n' "$version" "$base_id"
	cat images/flink/Dockerfile images/flink/docker-entrypoint.sh "$home/.flink-cmd-dist"
} | sha256sum | cut -c1-16)
# The image's labels, through flink-cmd: "context_hash" in its JSON.
have=$(./flink-cmd image ls "$image" -o json |
	python3 -c 'import json, sys; print(" ".join(i.get("context_hash") or "-" for i in json.load(sys.stdin)))')
if [[ " $have " == *" $hash "* ]]; then
	log "$image is up to date ($hash)"
	exit 0
fi

# The context: the image files and hard links to the distribution. Not
# symbolic links: the context tar stores those as links and never follows
# them. Copied where hard links are impossible (another file system). The
# directory stays after the build (scripts/bench/build-context.sh uses it).
ctx="$cache/image-context"
rm -rf "$ctx"
mkdir -p "$ctx"
cp images/flink/Dockerfile images/flink/docker-entrypoint.sh "$ctx/"
chmod 0755 "$ctx/docker-entrypoint.sh"
cp -al "$home" "$ctx/flink" 2>/dev/null || { rm -rf "$ctx/flink" && cp -a "$home" "$ctx/flink"; }
rm -f "$ctx/flink/.flink-cmd-dist"
log "building $image from $ctx ($(du -sh "$ctx" | cut -f1))"
./flink-cmd image build "$ctx" -t "$image" \
	--build-arg "BASE_IMAGE=$base" --build-arg "FLINK_VERSION=$version" \
	--label "io.flinkcmd.context-hash=$hash" >/dev/null
have=$(./flink-cmd image ls "$image" -o json |
	python3 -c 'import json, sys; print(" ".join(i.get("context_hash") or "-" for i in json.load(sys.stdin)))')
[[ " $have " == *" $hash "* ]] || { log "the build reported success but $image has no label $hash"; exit 1; }
log "$image is ready ($hash)"
