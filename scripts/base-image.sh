#!/usr/bin/env bash
# Makes the base image flink-cmd/debian-jre:bookworm-17 with no registry:
# debootstrap a minimal Debian bookworm with a headless Java 17 into the
# cache, tar it with numeric owners, and import it with
# `flink-cmd image import`. Skipped when the image is on the Engine; the
# root file system tarball is kept, so a lost image is re-imported in
# seconds. The mirror is the one this machine's apt sources name (never a
# host written here).
#   FLINK_CMD_CACHE       cache directory (default ~/.cache/flink-cmd)
#   FLINK_CMD_BASE_IMAGE  tag to make (default flink-cmd/debian-jre:bookworm-17)
set -euo pipefail
cd "$(dirname "$0")/.."
image=${FLINK_CMD_BASE_IMAGE:-flink-cmd/debian-jre:bookworm-17}
cache=${FLINK_CMD_CACHE:-$HOME/.cache/flink-cmd}
# bookworm, not the host's release: the image name promises it, and
# openjdk-17 is not in trixie
suite=bookworm
tarball="$cache/debian-jre-$suite-17.tar"
log() { echo "base-image: $*" >&2; }

[[ -x ./flink-cmd ]] || make -s >&2
# a failure here (no Engine) stops the script before minutes of debootstrap
present=$(./flink-cmd image ls "$image" -q)
if [[ -n $present ]]; then
	log "$image is present"
	exit 0
fi

# apt_mirror SUITE: the URI of the first apt source that serves SUITE (a
# Suites: entry of a deb822 .sources stanza, or the suite field of a
# one-line `deb` entry); with no such source, the first one that is not a
# security archive, as a guess.
apt_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -e $f ]] || continue
		# stanzas are separated by blank lines; the fields may come in any order
		awk -v want="$1" '
			function flush() {
				if (deb && uri != "" && has) { print "exact " uri; found = 1 }
				else if (deb && uri != "" && !secure) print "guess " uri
				uri = ""; has = 0; deb = 0; secure = 0
			}
			/^[ \t]*$/ { flush(); next }
			/^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
			/^URIs:/ { uri = $2; if ($2 ~ /security/) secure = 1 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) has = 1 }
			END { flush() }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -e $f ]] || continue
		# deb [options] URI SUITE COMPONENTS...
		awk -v want="$1" '$1 == "deb" {
			i = 2
			if ($i ~ /^\[/) while (i <= NF && $i !~ /\]$/) i++
			if ($i ~ /\]$/) i++
			if ($(i + 1) == want) print "exact " $i
			else if ($i !~ /security/) print "guess " $i
		}' "$f"
	done
}

if [[ ! -s $tarball ]]; then
	mirrors=$(apt_mirror "$suite")
	mirror=$(awk '$1 == "exact" { print $2; exit }' <<<"$mirrors")
	if [[ -z $mirror ]]; then
		mirror=$(awk '$1 == "guess" { print $2; exit }' <<<"$mirrors")
		[[ -n $mirror ]] || { log "no Debian mirror in /etc/apt/sources*; add one"; exit 1; }
		log "no apt source names $suite; trying $mirror"
	fi
	command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
	root="$cache/rootfs-$suite"
	rm -rf "$root" "$tarball.part"
	mkdir -p "$cache"
	log "debootstrap $suite with openjdk-17-jre-headless from $mirror (a few minutes; log in $cache/debootstrap.log)"
	# minbase has bash, coreutils, findutils, grep, sed, mawk, hostname and
	# util-linux (getopt, rev, setpriv), which Flink's bin scripts and the
	# entrypoint call; procps adds ps, which flink-daemon.sh uses.
	debootstrap --variant=minbase --include=openjdk-17-jre-headless,procps \
		"$suite" "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
		{ log "debootstrap failed; see $cache/debootstrap.log"; exit 1; }
	[[ -x $root/usr/bin/java ]] || { log "debootstrap made no /usr/bin/java"; exit 1; }
	# What a runtime image does not need: package caches and lists, docs,
	# man pages, translations, logs. The host's resolv.conf and hostname that
	# debootstrap copied in are dropped: the Engine provides its own.
	rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
		"$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
		"$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/var/log/* \
		"$root"/tmp/* "$root"/etc/hostname
	: >"$root/etc/resolv.conf"
	# numeric owners: the names mean nothing outside the root file system
	tar --numeric-owner -C "$root" -cf "$tarball.part" .
	mv "$tarball.part" "$tarball"
	rm -rf "$root"
fi
log "importing $tarball as $image"
# An imported image has no environment of its own; PATH is set so that
# images built on it do not depend on the builder's default.
./flink-cmd image import "$tarball" -t "$image" \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" \
	--change 'ENV LANG=C.UTF-8' >/dev/null
present=$(./flink-cmd image ls "$image" -q)
[[ -n $present ]] || { log "import reported success but $image is missing"; exit 1; }
log "$image is ready"
