#!/usr/bin/env bash
# The command line as a new user meets it: --help lists the commands, doctor
# reports this machine's Engine, and an unreachable Engine gives exit 3 with
# one line naming the socket.
. "$(dirname "$0")/lib.sh"

run "$FC" --help
is "$RC" 0 "--help exits 0"
like "$OUT" "up.*status.*scale.*logs.*down.*gc.*image.*doctor" "--help lists the commands"
run "$FC" doctor
is "$RC" 0 "doctor exits 0 on this machine" || diag "$OUT $ERR"
like "$OUT" "API 1\.[0-9]+" "doctor reports the negotiated API version"
like "$OUT" "flink-cmd/flink:2\.3\.0" "doctor reports the Flink image"
DOCKER_HOST=unix:///nonexistent.sock run "$FC" doctor
is "$RC" 3 "doctor with an unreachable DOCKER_HOST exits 3"
is "$(printf '%s\n' "$ERR" | grep -c .)" 1 "one line on stderr"
like "$ERR" "/nonexistent.sock" "the line names the socket path"
run "$FC" frobnicate
is "$RC" 2 "an unknown command exits 2"
done_testing
