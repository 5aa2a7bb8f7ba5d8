#!/usr/bin/env bash
# Makes the base image flink-cmd/debian-jre:bookworm-17 with no registry:
# debootstrap a minimal Debian with a headless Java 17 into the cache, tar
# it with numeric owners, and import it with `flink-cmd image import`.
# Skipped when the image is on the Engine; the root file system tarball is
# kept, so a lost image is re-imported in seconds. The mirror is the one
# this machine's apt sources name (never a host written here).
#   FLINK_CMD_CACHE  cache directory (default ~/.cache/flink-cmd)
set -euo pipefail
cd "$(dirname "$0")/.."
image=${FLINK_CMD_BASE_IMAGE:-flink-cmd/debian-jre:bookworm-17}
cache=${FLINK_CMD_CACHE:-$HOME/.cache/flink-cmd}
suite=bookworm
tarball="$cache/debian-jre-$suite-17.tar"
log() { echo "base-image: $*" >&2; }

if [[ -n $(./flink-cmd image ls "$image" -q 2>/dev/null) ]]; then
	log "$image is present"
	exit 0
fi

# The first http(s) mirror of the main Debian archive in the apt sources
# (deb822 .sources files or one-line .list files).
apt_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -e $f ]] || continue
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -e $f ]] || continue
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/ && $i !~ /security/) { print $i; exit } }' "$f"
	done
}

if [[ ! -s $tarball ]]; then
	mirror=$(apt_mirror | head -n1)
	[[ -n $mirror ]] || { log "no Debian mirror found in /etc/apt/sources*; add one"; exit 1; }
	command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
	root="$cache/rootfs-$suite"
	rm -rf "$root" "$tarball.part"
	mkdir -p "$cache"
	log "debootstrap $suite with openjdk-17-jre-headless from $mirror (a few minutes)"
	# bash, procps and util-linux (getopt) are what Flink's bin scripts call
	debootstrap --variant=minbase --include=openjdk-17-jre-headless,procps \
		"$suite" "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
		{ log "debootstrap failed; see $cache/debootstrap.log"; exit 1; }
	# what a runtime image does not need: caches, docs, package lists
	rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
		"$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
		"$root"/usr/share/locale/* "$root"/var/log/* "$root"/tmp/*
	tar --numeric-owner -C "$root" -cf "$tarball.part" .
	mv "$tarball.part" "$tarball"
	rm -rf "$root"
fi
log "importing $tarball as $image"
./flink-cmd image import "$tarball" -t "$image" \
	--change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" \
	--change 'ENV LANG=C.UTF-8' >/dev/null
log "$image is ready"
