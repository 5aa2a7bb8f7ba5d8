#!/usr/bin/env bash
# The Flink image the scripts make from nothing, used directly as the
# official image is: a `jobmanager` container answers /overview with Flink
# 2.3.0; a `taskmanager` on the same network, pointed at the JobManager by
# name, registers; the processes run as uid 9999; configuration given
# through FLINK_PROPERTIES keeps values with spaces; other commands pass
# through. Containers are started with the docker CLI on purpose: this tests
# the image, not flink-cmd.
. "$(dirname "$0")/lib.sh"

tag="e2e-image-$$"
net="$tag-net"
docker network create --label "io.flinkcmd.test=$tag" "$net" >/dev/null
on_exit "docker rm -f $tag-jm $tag-tm; docker network rm $net"
props=$'jobmanager.rpc.address: '"$tag-jm"$'\npipeline.name: a job  with spaces\njobmanager.memory.process.size: 800m'
docker run -d --name "$tag-jm" --network "$net" -p 127.0.0.1::8081 \
	-e FLINK_PROPERTIES="$props" "$IMAGE" jobmanager >/dev/null
ok $? "a jobmanager container starts"
docker run -d --name "$tag-tm" --network "$net" \
	-e FLINK_PROPERTIES=$'jobmanager.rpc.address: '"$tag-jm"$'\ntaskmanager.memory.process.size: 1024m' \
	"$IMAGE" taskmanager >/dev/null
ok $? "a taskmanager container starts"
url="http://$(docker port "$tag-jm" 8081/tcp | head -n1)"

wait_for 120 rest "$url" /overview
ok $? "the JobManager's REST API answers at $url"
is "$(rest "$url" /overview | json 'd["flink-version"]')" 2.3.0 "/overview reports flink-version 2.3.0"
tm_registered() { [[ $(rest "$url" /taskmanagers | json 'len(d["taskmanagers"])') == 1 ]]; }
wait_for 120 tm_registered
ok $? "the TaskManager registers with the JobManager by name (/taskmanagers)"
is "$(rest "$url" /jobmanager/config | json '[e["value"] for e in d if e["key"]=="pipeline.name"][0]')" \
	"a job  with spaces" "a FLINK_PROPERTIES value with spaces survives intact"
is "$(docker exec "$tag-jm" id -u)" 9999 "the JobManager runs as uid 9999"
is "$(docker run --rm "$IMAGE" id -un)" flink "other commands pass through, as user flink"
is "$(docker run --rm --entrypoint stat "$IMAGE" -c %u /flink-data)" 9999 "/flink-data belongs to flink, so a new volume there is writable"
done_testing
