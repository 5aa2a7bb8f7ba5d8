#!/usr/bin/env bash
# One cluster through its life: up -n 2 --slots 2 (Flink's counts, the
# labelled containers, network and volume, the REST port on 127.0.0.1 only,
# configuration with spaces intact, resource ids = container names), status,
# logs, scale 4 and scale 1 (removed TaskManagers leave Flink at once, not
# after the heartbeat timeout), up again reconciles, down, and down again.
. "$(dirname "$0")/lib.sh"

name=$(cluster_name life)
run "$FC" up --name "$name" -n 2 --slots 2 "${SMALL[@]}" --image "$IMAGE" \
	--conf 'pipeline.name=my job  with spaces' --ttl 30m -o json
is "$RC" 0 "up -n 2 --slots 2 succeeds" || diag "$ERR"
url=$(json 'd["rest_url"]' <<<"$OUT")
like "$url" '^http://127\.0\.0\.1:[0-9]+$' "up -o json gives the REST URL on 127.0.0.1"
is "$(json 'len(d["containers"])' <<<"$OUT")" 3 "up -o json lists 3 containers"

overview=$(rest "$url" /overview)
is "$(json 'd["taskmanagers"]' <<<"$overview")" 2 "/overview reports 2 TaskManagers"
is "$(json 'd["slots-total"]' <<<"$overview")" 4 "/overview reports 4 slots"
is "$(json 'd["flink-version"]' <<<"$overview")" 2.3.0 "Flink 2.3.0 answers"
is "$(count_containers "$name")" 3 "3 labelled containers"
is "$(count_networks "$name")" 1 "1 labelled network"
is "$(count_volumes "$name")" 1 "1 labelled volume"

host_ips=$(docker inspect -f '{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}{{.HostIp}} {{end}}{{end}}' "$name-jobmanager")
is "$(echo $host_ips)" 127.0.0.1 "the REST port is bound to 127.0.0.1 only"

tm_ids=$(rest "$url" /taskmanagers | json '" ".join(sorted(t["id"] for t in d["taskmanagers"]))')
is "$tm_ids" "$name-taskmanager-1 $name-taskmanager-2" "TaskManager resource ids are the container names"

conf_value=$(rest "$url" /jobmanager/config | json '[e["value"] for e in d if e["key"]=="pipeline.name"][0]')
is "$conf_value" "my job  with spaces" "a --conf value with spaces reaches Flink intact"

run "$FC" status --name "$name" -o json
is "$RC" 0 "status -o json succeeds"
is "$(json 'd["flink"]["slots_total"]' <<<"$OUT")" 4 "status reports the slots"
run "$FC" ps --name "$name"
like "$OUT" "$name-taskmanager-2 +taskmanager +running" "ps lists each container with its state"

run "$FC" logs --name "$name" jobmanager --tail 200
like "$OUT" "Rest endpoint listening|Starting StandaloneSessionClusterEntrypoint|Starting the resource manager" "logs jobmanager shows the JobManager's output"
run "$FC" logs --name "$name" --tail 5
like "$OUT$ERR" "$name-taskmanager-1 \| " "logs of all members are prefixed by container name"

run "$FC" scale 4 --name "$name"
is "$RC" 0 "scale 4 succeeds" || diag "$ERR"
is "$(rest "$url" /overview | json 'd["taskmanagers"]')" 4 "/overview follows scale 4"

start=$SECONDS
run "$FC" scale 1 --name "$name"
elapsed=$((SECONDS - start))
is "$RC" 0 "scale 1 succeeds" || diag "$ERR"
is "$(rest "$url" /taskmanagers | json 'len(d["taskmanagers"])')" 1 "/taskmanagers shows 1 TaskManager right after scale 1"
diag "scale 4 -> 1 took ${elapsed}s until Flink had released the TaskManagers"
((elapsed < 30))
ok $? "removed TaskManagers left Flink in ${elapsed}s, well before the 50 s heartbeat timeout"
is "$(count_containers "$name")" 2 "scale 1 leaves 2 containers"

run "$FC" up --name "$name" -n 2 --slots 2 "${SMALL[@]}" --image "$IMAGE" -o json
is "$(json 'd["taskmanagers"]' <<<"$OUT")/$(json 'd["created"]' <<<"$OUT")" "2/False" "up on an existing cluster reconciles it to -n 2"

run "$FC" down --name "$name"
is "$RC/$(count_containers "$name")/$(count_networks "$name")/$(count_volumes "$name")" "0/0/0/1" \
	"down removes the containers and the network and keeps the volume"
run "$FC" down "$name" --volumes
is "$RC/$(count_all "$name")" "0/0" "down --volumes (second down) exits 0 and nothing labelled remains"
done_testing
