#!/usr/bin/env bash
# Two clusters side by side, made at the same time, each with its own
# network, volume and port; `down` of one leaves the other running; a
# cluster asked for a --port gets that port.
. "$(dirname "$0")/lib.sh"

a=$(cluster_name a)
b=$(cluster_name b)
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$FC" up --name "$a" -n 1 "${SMALL[@]}" --image "$IMAGE" -o json >"$tmp/a" 2>"$tmp/a.err" &
pa=$!
"$FC" up --name "$b" -n 1 "${SMALL[@]}" --image "$IMAGE" --port "$port" -o json >"$tmp/b" 2>"$tmp/b.err" &
pb=$!
wait "$pa"
ok $? "up of '$a' succeeds alongside another" || diag "$(cat "$tmp/a.err")"
wait "$pb"
ok $? "up of '$b' succeeds alongside another" || diag "$(cat "$tmp/b.err")"
url_a=$(json 'd["rest_url"]' <"$tmp/a")
url_b=$(json 'd["rest_url"]' <"$tmp/b")
is "$url_b" "http://127.0.0.1:$port" "--port $port publishes the REST API on that port"
[[ $url_a != "$url_b" ]]
ok $? "each cluster answers on its own port ($url_a, $url_b)"
is "$(count_networks "$a")/$(count_volumes "$a")/$(count_networks "$b")/$(count_volumes "$b")" "1/1/1/1" \
	"each cluster has its own network and volume"

"$FC" down --name "$a" --volumes >/dev/null
is "$(count_all "$a")" 0 "down of '$a' removes it"
is "$(rest "$url_b" /overview | json 'd["taskmanagers"]')" 1 "'$b' still answers with its TaskManager"
is "$(docker inspect -f '{{.State.Running}}' "$b-jobmanager" "$b-taskmanager-1" | sort -u)" true \
	"'$b' containers still run"
done_testing
