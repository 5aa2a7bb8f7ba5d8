#!/usr/bin/env bash
# Records the unit tests' fixtures from the real Docker Engine and a real
# Flink cluster into tests/fixtures/. Needs the images scripts/flink-image.sh
# makes. Everything it creates is labelled io.flinkcmd.fixture=1 (the Flink
# cluster is flink-cmd's own, named 'fixtures') and removed at the end.
#   scripts/record-fixtures.sh [docker|flink]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
sock=${DOCKER_SOCK:-/var/run/docker.sock}
api=v1.41
out=tests/fixtures
base=flink-cmd/debian-jre:bookworm-17
tmp=$(mktemp -d)
cleanup() {
	docker rm -f fixture-dup fixture-logs >/dev/null 2>&1 || true
	docker rmi -f flinkcmd-fixture:ok flinkcmd-fixture:import >/dev/null 2>&1 || true
	./flink-cmd down fixtures --volumes >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
eng() { curl -sS --unix-socket "$sock" "$@"; }

record_docker() {
	local d=$out/docker
	eng -o /dev/null -D "$d/ping.headers" "http://localhost/_ping"
	eng "http://localhost/$api/version" >"$d/version.json"
	eng "http://localhost/$api/containers/flinkcmd-no-such-container/json" >"$d/error-404-container.json"
	eng "http://localhost/$api/images/flinkcmd/no-such-image:1/json" >"$d/error-404-image.json"
	local create='{"Image":"'$base'","Cmd":["true"],"Labels":{"io.flinkcmd.fixture":"1"}}'
	eng -H 'Content-Type: application/json' -d "$create" "http://localhost/$api/containers/create?name=fixture-dup" >"$d/container-create.json"
	eng -H 'Content-Type: application/json' -d "$create" "http://localhost/$api/containers/create?name=fixture-dup" >"$d/error-409-name.json"
	eng "http://localhost/$api/containers/fixture-dup/json" >"$d/container-inspect.json"
	eng -G --data-urlencode 'all=1' --data-urlencode 'filters={"label":["io.flinkcmd.fixture=1"]}' \
		"http://localhost/$api/containers/json" >"$d/containers-list.json"
	eng "http://localhost/$api/images/$base/json" >"$d/image-inspect.json"

	# a build that succeeds (FROM scratch needs no registry) ...
	mkdir -p "$tmp/ok"
	printf 'FROM scratch\nCOPY hello /\nLABEL io.flinkcmd.fixture=1\n' >"$tmp/ok/Dockerfile"
	echo hello >"$tmp/ok/hello"
	tar -C "$tmp/ok" -cf "$tmp/ok.tar" .
	eng -H 'Content-Type: application/x-tar' --data-binary "@$tmp/ok.tar" \
		"http://localhost/$api/build?version=1&rm=1&forcerm=1&t=flinkcmd-fixture:ok" >"$d/build-ok.ndjson"
	# ... and one whose RUN step fails: the error comes inside a 200 stream
	mkdir -p "$tmp/fail"
	printf 'FROM %s\nRUN echo building; echo boom >&2; exit 3\n' "$base" >"$tmp/fail/Dockerfile"
	tar -C "$tmp/fail" -cf "$tmp/fail.tar" .
	eng -H 'Content-Type: application/x-tar' --data-binary "@$tmp/fail.tar" \
		"http://localhost/$api/build?version=1&rm=1&forcerm=1" >"$d/build-fail-run.ndjson"
	# an import of a one-file root file system
	mkdir -p "$tmp/root"
	echo x >"$tmp/root/file"
	tar -C "$tmp/root" -cf "$tmp/root.tar" .
	eng -H 'Content-Type: application/x-tar' --data-binary "@$tmp/root.tar" \
		"http://localhost/$api/images/create?fromSrc=-&repo=flinkcmd-fixture&tag=import" >"$d/import.ndjson"
	# a multiplexed log stream with stdout and stderr
	local logs='{"Image":"'$base'","Cmd":["sh","-c","echo out-1; echo err-1 >&2; printf partial; echo; echo err-2 >&2"],"Labels":{"io.flinkcmd.fixture":"1"}}'
	eng -H 'Content-Type: application/json' -d "$logs" "http://localhost/$api/containers/create?name=fixture-logs" >/dev/null
	eng -X POST "http://localhost/$api/containers/fixture-logs/start"
	eng -X POST "http://localhost/$api/containers/fixture-logs/wait" >/dev/null
	eng "http://localhost/$api/containers/fixture-logs/logs?stdout=1&stderr=1" >"$d/logs-multiplexed.bin"
}

record_flink() {
	local d=$out/flink url
	url=$(./flink-cmd up --name fixtures -n 2 --slots 2 --tm-memory 900m --jm-memory 800m -q)
	curl -sS "$url/overview" >"$d/overview.json"
	curl -sS "$url/taskmanagers" >"$d/taskmanagers.json"
	curl -sS "$url/jobs/overview" >"$d/jobs-overview-empty.json"
	curl -sS "$url/jobs/00000000000000000000000000000000" >"$d/error-404-job.json"
	curl -sS "$url/config" >"$d/config.json"
}

what=("$@")
[[ ${#what[@]} -gt 0 ]] || what=(docker flink)
for w in "${what[@]}"; do "record_$w"; done
echo "record-fixtures: wrote $(find "$out" -type f | wc -l) files under $out"
