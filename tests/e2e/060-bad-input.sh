#!/usr/bin/env bash
# Every bad input to `up` gives exit 2, one line on stderr that says what is
# wrong and what to do, and creates nothing.
. "$(dirname "$0")/lib.sh"

name=$(cluster_name bad)
# check DESCRIPTION REGEX ARGS...: up with ARGS must fail as described
check() {
	local what=$1 re=$2
	shift 2
	run "$FC" up "$@"
	local lines
	lines=$(printf '%s\n' "$ERR" | grep -c .)
	is "$RC/$lines" "2/1" "$what: exit 2 with one line" || diag "stderr: $ERR"
	like "$ERR" "$re" "$what: the message says what is wrong"
}

check "a name Docker would refuse" "name 'Bad_Name!'.*" --name 'Bad_Name!'
check "-n 0" "1 to 64 TaskManagers" --name "$name" -n 0
check "-n above the cap" "1 to 64 TaskManagers" --name "$name" -n 65
check "--slots 0" "slots.*1" --name "$name" --slots 0
check "a malformed --conf" "conf 'novalue' is not of the form key=value" --name "$name" --conf novalue
check "a missing image" "image 'flink-cmd/nope:0'.*(flink-image|image build)" --name "$name" --image flink-cmd/nope:0
check "a TaskManager memory below Flink's minimum" "900m" --name "$name" --tm-memory 256m
check "a JobManager memory below Flink's minimum" "768m" --name "$name" --jm-memory 100m

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',$port)); s.listen(); time.sleep(300)" &
holder=$!
on_exit "kill $holder"
wait_for 10 python3 -c "import socket; socket.create_connection(('127.0.0.1',$port)).close()"
check "a port already taken" "port $port.*taken" --name "$name" --image "$IMAGE" --port "$port"
is "$(count_all "$name")" 0 "nothing labelled with the cluster's name was created"
is "$(docker ps -aq --filter 'name=Bad_Name' | wc -l)" 0 "nothing was created for the refused name"
done_testing
