# Shared helpers for the end-to-end tests: TAP output, a unique cluster name
# per test, cleanup on exit, and small readers of Flink's REST API and of the
# Engine's state. The tests drive ./flink-cmd as a user would and check the
# outcome from outside (curl, the docker CLI); nothing here fakes a part.
# shellcheck shell=bash

set -uo pipefail
E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FC="$E2E_ROOT/flink-cmd"
IMAGE=${FLINK_CMD_TEST_IMAGE:-flink-cmd/flink:2.3.0}
# keep JVMs small so several clusters fit side by side
SMALL=(--tm-memory 900m --jm-memory 800m)
_tap_n=0
_tap_failed=0
_cleanup_cmds=()
# cluster_name runs in $(...), a subshell: its names are kept in a file
_cluster_list=$(mktemp)

if ! docker info >/dev/null 2>&1; then
	echo "Bail out! the Docker Engine is not reachable; the end-to-end tests need it"
	exit 1
fi
if [[ ! -x $FC ]]; then
	echo "Bail out! $FC is missing; run make first"
	exit 1
fi

# The plan is printed at the end (done_testing): a script that dies early
# prints none, which prove counts as a failure.
diag() { printf '# %s\n' "$@"; }

ok() { # ok CONDITION_STATUS DESCRIPTION
	local status=$1
	shift
	_tap_n=$((_tap_n + 1))
	if [[ $status -eq 0 ]]; then
		echo "ok $_tap_n - $*"
	else
		echo "not ok $_tap_n - $*"
		_tap_failed=$((_tap_failed + 1))
	fi
	return "$status"
}

# is and like return the check's status, as ok does, so that a caller's
# `is ... || diag "$ERR"` explains a failure
is() { # is GOT WANT DESCRIPTION
	local got=$1 want=$2
	shift 2
	[[ "$got" == "$want" ]]
	ok $? "$*" || {
		diag "got '$got', want '$want'"
		return 1
	}
}

like() { # like GOT REGEX DESCRIPTION
	local got=$1 re=$2
	shift 2
	[[ "$got" =~ $re ]]
	ok $? "$*" || {
		diag "got '$got', want a match of /$re/"
		return 1
	}
}

# A cluster name unique to this test run, removed (with its volume) at exit.
cluster_name() {
	local name="e2e-$1-$$"
	echo "$name" >>"$_cluster_list"
	echo "$name"
}

on_exit() { _cleanup_cmds+=("$*"); }

_cleanup() {
	local c
	for c in "${_cleanup_cmds[@]}"; do
		eval "$c" >/dev/null 2>&1 || true
	done
	while read -r c; do
		"$FC" down --name "$c" --volumes >/dev/null 2>&1 || true
	done <"$_cluster_list"
	rm -f "$_cluster_list"
}
trap _cleanup EXIT

# json FIELD_EXPR < json: prints a Python expression evaluated on the input
# parsed as `d` (e.g. json 'd["taskmanagers"]').
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# rest URL PATH: GET a Flink REST path, prints the body.
rest() { curl -fsS --max-time 5 "$1$2"; }

# How many resources of each kind carry the cluster's label.
count_containers() { docker ps -aq --filter "label=io.flinkcmd.cluster=$1" | wc -l; }
count_networks() { docker network ls -q --filter "label=io.flinkcmd.cluster=$1" | wc -l; }
count_volumes() { docker volume ls -q --filter "label=io.flinkcmd.cluster=$1" | wc -l; }
count_all() { echo $(($(count_containers "$1") + $(count_networks "$1") + $(count_volumes "$1"))); }

# wait_for SECONDS COMMAND...: retries COMMAND every 0.2 s; status 1 on timeout.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS >= deadline)) && return 1
		sleep 0.2
	done
}

# Runs a command, keeping its stdout, stderr and exit status in OUT, ERR, RC.
run() {
	local o e
	o=$(mktemp) e=$(mktemp)
	"$@" >"$o" 2>"$e"
	RC=$?
	OUT=$(cat "$o")
	ERR=$(cat "$e")
	rm -f "$o" "$e"
}

done_testing() {
	echo "1..$_tap_n"
	[[ $_tap_failed -eq 0 ]]
}
