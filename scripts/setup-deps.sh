#!/usr/bin/env bash
# Installs the Debian packages that building and testing flink-cmd need, only
# those missing, so a second run takes a fraction of a second. Where it cannot
# install (not root, no sudo, not Debian), it names exactly what to install
# and exits 1.
set -euo pipefail

# build: compiler, pkg-config and the four libraries; test: cmocka, prove,
# tmux (dashboard tests), curl, debootstrap (the base image), a JDK (test jobs)
packages=(
	gcc make pkg-config
	libcurl4-openssl-dev libcjson-dev libarchive-dev libncurses-dev
	libcmocka-dev perl tmux curl python3 python3-pip unzip
	debootstrap openjdk-17-jdk-headless valgrind
)
# check and fuzz: clang-format keeps the format, clang and its runtime build
# the fuzzers
packages+=(clang clang-format libclang-rt-dev)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
# a JDK from elsewhere (e.g. a tarball on PATH) is as good as Debian's
if command -v javac >/dev/null 2>&1 && command -v jar >/dev/null 2>&1; then
	missing=("${missing[@]/openjdk-17-jdk-headless}")
fi
# pip may come with the Python on PATH rather than from Debian
if python3 -m pip --version >/dev/null 2>&1; then
	missing=("${missing[@]/python3-pip}")
fi
read -r -a missing <<<"${missing[*]}"

if ((${#missing[@]} > 0)); then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "setup-deps: this is not a Debian-like system; install: ${missing[*]}" >&2
		exit 1
	fi
	sudo=()
	if [[ $(id -u) -ne 0 ]]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo=(sudo -n)
		else
			echo "setup-deps: missing Debian packages; run: sudo apt-get install ${missing[*]}" >&2
			exit 1
		fi
	fi
	echo "setup-deps: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v docker >/dev/null 2>&1 && [[ ! -S /var/run/docker.sock && -z "${DOCKER_HOST:-}" ]]; then
	echo "setup-deps: no Docker Engine found; install and start one (apt-get install docker.io) or set DOCKER_HOST" >&2
	exit 1
fi
