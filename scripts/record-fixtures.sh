#!/usr/bin/env bash
# Records the unit tests' fixtures, raw, with curl: Engine replies from the
# real Docker Engine into tests/fixtures/docker/, and (only when asked) Flink
# REST replies from a real flink-cmd cluster into tests/fixtures/flink/.
# Everything the docker section creates is labelled io.flinkcmd.fixture=1 and
# removed by that label at the start and at the end (trap), so nothing else on
# the Engine is touched. It needs no registry: images are built FROM scratch.
#   scripts/record-fixtures.sh [docker|flink|flink-job|flink-jobctl|stats|top]...   (default: docker)
# (stats: GET /containers/{id}/stats?stream=false of a busy and of a created
# container, into stats-running.json and stats-stopped.json; flink-jobctl:
# a /jobs/overview with jobs in several states and back pressure replies;
# top: one refresh of the dashboard's snapshot, into tests/fixtures/tui/)
# Environment: DOCKER_SOCK (default /var/run/docker.sock), FIXTURES_OUT (default
# tests/fixtures), FIXTURE_SHELL_IMAGE (an image with /bin/sh for the RUN step
# and the log stream; default flink-cmd/debian-jre:bookworm-17, else any local
# image whose /bin/sh works). Needs curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
sock=${DOCKER_SOCK:-/var/run/docker.sock}
api=v1.41 # Engine 20.10, the oldest flink-cmd speaks: what newer ones also answer
out=${FIXTURES_OUT:-tests/fixtures}
label=io.flinkcmd.fixture=1
tmp=$(mktemp -d)

die() {
	echo "record-fixtures: $*" >&2
	exit 1
}
for tool in curl jq; do
	command -v "$tool" >/dev/null || die "'$tool' is missing (install it)"
done

eng() { curl -sS --unix-socket "$sock" "$@"; }
url() { printf 'http://localhost/%s%s' "$api" "$1"; }
# rec FILE STATUS PATH [curl args]: records the raw body of one Engine call
# into FILE, insisting on the HTTP status the fixture is meant to show
rec() {
	local file=$1 want=$2 path=$3 got
	shift 3
	got=$(eng -o "$file" -w '%{http_code}' "$@" "$(url "$path")") || die "curl failed on $path"
	[[ $got == "$want" ]] || die "$path answered HTTP $got, not $want: $(head -c 300 "$file")"
}
# json_call STATUS METHOD PATH [BODY]: a call whose reply is not kept
json_call() {
	local want=$1 method=$2 path=$3 body=${4:-}
	local args=(-X "$method")
	[[ -z $body ]] || args+=(-H 'Content-Type: application/json' -d "$body")
	rec "$tmp/reply" "$want" "$path" "${args[@]}"
}
filter() { jq -rn --arg l "$label" '{label: [$l]} | tojson | @uri'; }

# Removes whatever carries the fixture label: containers, networks, images.
remove_labelled() {
	local f id
	f=$(filter)
	for id in $(eng "$(url "/containers/json?all=1&filters=$f")" | jq -r '.[].Id'); do
		eng -o /dev/null -X DELETE "$(url "/containers/$id?force=1&v=1")" || true
	done
	for id in $(eng "$(url "/networks?filters=$f")" | jq -r '.[].Id'); do
		eng -o /dev/null -X DELETE "$(url "/networks/$id")" || true
	done
	for id in $(eng "$(url "/images/json?filters=$f")" | jq -r '.[].Id'); do
		eng -o /dev/null -X DELETE "$(url "/images/$id?force=1")" || true
	done
}
flink_up=
cleanup() {
	remove_labelled >/dev/null 2>&1 || true
	[[ -z $flink_up ]] || ./flink-cmd down fixtures --volumes >/dev/null 2>&1 || true
	[[ -z ${flink_job_up:-} ]] || ./flink-cmd down fixtures-job --volumes >/dev/null 2>&1 || true
	[[ -z ${flink_jobctl_up:-} ]] || ./flink-cmd down fixtures-jobctl --volumes >/dev/null 2>&1 || true
	[[ -z ${flink_top_up:-} ]] || ./flink-cmd down fixtures-top --volumes >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# container_body IMAGE CMD-JSON [EXTRA-JSON]: a create body with the label
container_body() {
	local extra=${3:-}
	[[ -n $extra ]] || extra='{}'
	jq -cn --arg img "$1" --argjson cmd "$2" --argjson extra "$extra" \
		'{Image: $img, Cmd: $cmd, Labels: {"io.flinkcmd.fixture": "1"}} + $extra'
}

# Prints an image whose /bin/sh runs, or nothing: a labelled container runs
# `sh -c 'exit 7'` in each candidate, and the one that exits 7 wins.
find_shell_image() {
	local img id code
	for img in "${FIXTURE_SHELL_IMAGE:-flink-cmd/debian-jre:bookworm-17}" \
		$(eng "$(url /images/json)" | jq -r '.[].RepoTags[]? | select(. != "<none>:<none>")'); do
		eng -o /dev/null -f "$(url "/images/$img/json")" 2>/dev/null || continue
		id=$(eng -f -H 'Content-Type: application/json' \
			-d "$(container_body "$img" '["/bin/sh","-c","exit 7"]')" \
			"$(url /containers/create)" 2>/dev/null | jq -r '.Id // empty') || true
		[[ -n $id ]] || continue
		code=$( (eng -f -X POST "$(url "/containers/$id/start")" &&
			eng -f -X POST "$(url "/containers/$id/wait")") 2>/dev/null |
			jq -r '.StatusCode? // empty' || true)
		eng -o /dev/null -X DELETE "$(url "/containers/$id?force=1")" || true
		if [[ $code == 7 ]]; then
			echo "$img"
			return
		fi
	done
}

# context NAME DOCKERFILE [FILE CONTENT]...: a build context tar in $tmp
context() {
	local name=$1 dockerfile=$2
	shift 2
	mkdir -p "$tmp/$name"
	printf '%s' "$dockerfile" >"$tmp/$name/Dockerfile"
	while [[ $# -ge 2 ]]; do
		printf '%s' "$2" >"$tmp/$name/$1"
		shift 2
	done
	tar -C "$tmp/$name" -cf "$tmp/$name.tar" .
}
# build FILE CONTEXT QUERY: a classic-builder stream (always HTTP 200, even
# when a step fails: the error arrives inside the stream)
build() {
	rec "$1" 200 "/build?version=1&rm=1&forcerm=1&nocache=1$3" \
		-H 'Content-Type: application/x-tar' --data-binary "@$tmp/$2.tar"
}

record_docker() {
	local d=$out/docker shell
	mkdir -p "$d"
	remove_labelled
	shell=$(find_shell_image)
	if [[ -z $shell ]]; then
		echo "record-fixtures: no local image has a working /bin/sh:" \
			"build-fail-run.ndjson and logs-multiplexed.bin are not recorded from" \
			"the Engine this time (run scripts/base-image.sh, then again)" >&2
	fi

	# the ping's headers: the Api-Version the client negotiates from
	eng -o /dev/null -D "$d/ping.headers" "http://localhost/_ping"
	grep -qi '^Api-Version:' "$d/ping.headers" || die "/_ping sent no Api-Version"
	rec "$d/version.json" 200 /version
	rec "$d/info.json" 200 /info
	rec "$d/error-404-container.json" 404 /containers/flinkcmd-no-such-container/json
	rec "$d/error-404-image.json" 404 /images/flinkcmd/no-such-image:1/json

	# a build that succeeds (FROM scratch needs no registry), with the aux ID
	context ok $'FROM scratch\nCOPY hello /\nLABEL io.flinkcmd.fixture=1 io.flinkcmd.flink-version=0.0-fixture\nUSER 1000:1000\n' \
		hello $'hello\n'
	build "$d/build-ok.ndjson" ok "&t=flinkcmd-fixture:ok"
	grep -q '"aux":{"ID":"sha256:' "$d/build-ok.ndjson" || die "the build stream has no aux ID"
	# ... one whose COPY fails: an errorDetail inside a 200 stream
	context fail-copy $'FROM scratch\nCOPY missing /\n'
	build "$d/build-fail-copy.ndjson" fail-copy ""
	grep -q errorDetail "$d/build-fail-copy.ndjson" || die "the failing COPY gave no errorDetail"
	# ... and one whose RUN step fails, which needs a shell
	if [[ -n $shell ]]; then
		context fail-run "FROM $shell"$'\nRUN echo building; echo boom >&2; exit 3\n'
		build "$d/build-fail-run.ndjson" fail-run ""
		grep -q errorDetail "$d/build-fail-run.ndjson" || die "the failing RUN gave no errorDetail"
	fi
	rec "$d/image-inspect.json" 200 /images/flinkcmd-fixture:ok/json

	# an import of a root file system holding one file
	mkdir -p "$tmp/root"
	echo x >"$tmp/root/file"
	tar -C "$tmp/root" -cf "$tmp/root.tar" .
	local change
	change=$(jq -rn --arg c "LABEL $label" '$c | @uri')
	rec "$d/import.ndjson" 200 "/images/create?fromSrc=-&repo=flinkcmd-fixture&tag=import&changes=$change" \
		-H 'Content-Type: application/x-tar' --data-binary "@$tmp/root.tar"
	rec "$d/images-list.json" 200 "/images/json?filters=$(filter)"

	# containers: one with a published port (running when a shell exists, so
	# the port is bound), a name taken twice, a list by label, an inspect
	local img=${shell:-flinkcmd-fixture:ok} cmd='["sleep","600"]'
	[[ -n $shell ]] || cmd='["/hello"]' # created only: scratch has no programs
	local ports='{"ExposedPorts":{"8081/tcp":{}},"HostConfig":{"PortBindings":{"8081/tcp":[{"HostIp":"127.0.0.1","HostPort":""}]}}}'
	local body
	body=$(container_body "$img" "$cmd" "$ports")
	rec "$d/container-create.json" 201 /containers/create?name=fixture-a \
		-H 'Content-Type: application/json' -d "$body"
	rec "$d/error-409-name.json" 409 /containers/create?name=fixture-a \
		-H 'Content-Type: application/json' -d "$body"
	[[ -z $shell ]] || json_call 204 POST /containers/fixture-a/start

	# a multiplexed log stream: a container that wrote to stdout and stderr
	# and exited 3 (its inspect shows an exited container)
	if [[ -n $shell ]]; then
		json_call 201 POST /containers/create?name=fixture-logs "$(container_body "$shell" \
			'["/bin/sh","-c","echo out-1; echo err-1 >&2; printf partial; echo; echo err-2 >&2; exit 3"]')"
		json_call 204 POST /containers/fixture-logs/start
		json_call 200 POST /containers/fixture-logs/wait
		rec "$d/logs-multiplexed.bin" 200 "/containers/fixture-logs/logs?stdout=1&stderr=1"
		rec "$d/container-inspect-exited.json" 200 /containers/fixture-logs/json
	else
		# No image with a shell: the same frames built by hand, byte for byte
		# what the Engine sends ({stream, 0, 0, 0, size big-endian} + payload).
		# Re-record once scripts/base-image.sh has made the base image.
		frame() { printf "\\x0$1\\0\\0\\0\\0\\0\\0\\x$(printf %02x ${#2})%s" "$2"; }
		{
			frame 1 $'out-1\n'
			frame 1 $'partial\n'
			frame 2 $'err-1\n'
			frame 2 $'err-2\n'
		} >"$d/logs-multiplexed.bin"
	fi
	rec "$d/container-inspect.json" 200 /containers/fixture-a/json
	rec "$d/containers-list.json" 200 "/containers/json?all=1&filters=$(filter)"

	# networks: a create reply, then the same name again
	local net
	net=$(jq -cn '{Name: "fixture-net", Driver: "bridge", CheckDuplicate: true,
		Labels: {"io.flinkcmd.fixture": "1"}}')
	rec "$d/network-create.json" 201 /networks/create -H 'Content-Type: application/json' -d "$net"
	rec "$d/error-409-network.json" 409 /networks/create -H 'Content-Type: application/json' -d "$net"
}

# Resource statistics as `docker stats` reads them: one container spinning a
# shell loop (so the CPU figures are not zero) and one created, never started
# (the Engine answers with empty stats and a zero "read" time). With
# stream=false, API 1.41 samples twice about a second apart, so precpu_stats
# is filled in the running one.
record_stats() {
	local d=$out/docker shell
	mkdir -p "$d"
	remove_labelled
	shell=$(find_shell_image)
	[[ -n $shell ]] || die "no local image has a working /bin/sh for the busy container (run scripts/base-image.sh)"
	json_call 201 POST /containers/create?name=fixture-busy \
		"$(container_body "$shell" '["/bin/sh","-c","while :; do :; done"]')"
	json_call 204 POST /containers/fixture-busy/start
	sleep 3 # let the loop run, so the two samples both see it
	rec "$d/stats-running.json" 200 "/containers/fixture-busy/stats?stream=false"
	jq -e '.precpu_stats.system_cpu_usage > 0 and .cpu_stats.cpu_usage.total_usage > .precpu_stats.cpu_usage.total_usage' \
		"$d/stats-running.json" >/dev/null || die "the busy container's stats have no CPU delta"
	json_call 201 POST /containers/create?name=fixture-idle "$(container_body "$shell" '["true"]')"
	rec "$d/stats-stopped.json" 200 "/containers/fixture-idle/stats?stream=false"
	jq -e '.read == "0001-01-01T00:00:00Z"' "$d/stats-stopped.json" >/dev/null ||
		die "the created container's stats are not empty"
}

# Flink REST replies from a cluster flink-cmd starts (needs ./flink-cmd and
# the images scripts/flink-image.sh makes). Add further endpoints here.
record_flink() {
	local d=$out/flink u
	mkdir -p "$d"
	flink_up=1
	u=$(./flink-cmd up --name fixtures -n 2 --slots 2 --tm-memory 900m --jm-memory 800m -q)
	curl -sS "$u/overview" >"$d/overview.json"
	curl -sS "$u/taskmanagers" >"$d/taskmanagers.json"
	curl -sS "$u/jobs/overview" >"$d/jobs-overview-empty.json"
	curl -sS "$u/jobs/00000000000000000000000000000000" >"$d/error-404-job.json"
	curl -sS "$u/config" >"$d/config.json"
	record_flink_job "$d"
}

# A running job under the adaptive scheduler: what the autoscaler reads
# (job shape, vertex metrics) and the resource requirements it sets.
record_flink_job() {
	local d=$1 u jar job vids v i
	u=$(./flink-cmd up --name fixtures-job -n 1 --slots 2 --tm-memory 900m --jm-memory 800m \
		--scheduler adaptive -q)
	flink_job_up=1
	jar=$(scripts/build-jobs.sh)
	job=$(./flink-cmd run --name fixtures-job "$jar" --class io.flinkcmd.jobs.StatefulCounter \
		--parallelism 2 --checkpoint-period-seconds 2 --param output=/flink-data/out --param rate=200 -o json |
		jq -r .job_id)
	sleep 15 # two metric fetcher periods and a few checkpoints
	curl -sS "$u/jobs/$job" >"$d/job-running.json"
	mapfile -t vids < <(jq -r '.vertices[].id' "$d/job-running.json")
	# the task metrics, and for the source (vertex 0) its operator's count:
	# a name a vertex lacks makes Flink answer [] for the whole query
	local task=busyTimeMsPerSecond,backPressuredTimeMsPerSecond,numRecordsInPerSecond,numRecordsOutPerSecond,accumulateBusyTimeMs,accumulateBackPressuredTimeMs,numRecordsIn,numRecordsOut gets
	gets=("$task,Source__sequence.numRecordsOut" "$task")
	# Flink's metric store answers each query with what it fetched at the
	# one before (the very first gets nothing): ask once to warm it up
	for i in 0 1; do
		curl -sS -o /dev/null "$u/jobs/$job/vertices/${vids[$i]}/subtasks/metrics?get=${gets[$i]}&agg=max,sum"
	done
	sleep 3
	i=0
	for v in "${vids[@]}"; do
		curl -sS "$u/jobs/$job/vertices/$v/subtasks/metrics" >"$d/vertex$i-metric-names.json"
		curl -sS "$u/jobs/$job/vertices/$v/subtasks/metrics?get=${gets[$i]}&agg=max,sum" \
			>"$d/vertex$i-metrics.json"
		i=$((i + 1))
	done
	# the same read again a few seconds on: the counters give the rates between
	sleep 4
	curl -sS "$u/jobs/$job/vertices/${vids[1]}/subtasks/metrics?get=${gets[1]}&agg=max,sum" \
		>"$d/vertex1-metrics-later.json"
	curl -sS "$u/jobs/$job/resource-requirements" >"$d/resource-requirements.json"
	curl -sS -o /dev/null -w '%{http_code}\n' -X PUT -H 'Content-Type: application/json' \
		--data-binary @"$d/resource-requirements.json" "$u/jobs/$job/resource-requirements" |
		grep -qx 200 || die "PUT resource-requirements was refused"
}

# What `cancel`, `savepoint` and the autoscaler resolve a job from, and what
# the dashboard reads a vertex's back pressure from, on a cluster of its own:
# jobs-overview.json lists a finished job, a running job and a newer
# cancelled one of one name ("counter"), two running jobs of another
# ("twin"), and enough finished jobs that two ids share their first digit
# (so a one-digit prefix is ambiguous). The second twin's source asks to
# emit faster than its keyed operator can spin (one core while it runs,
# about a minute), so its source vertex is back pressured:
# backpressure-deprecated.json is the first ask for the source (no metrics
# fetched yet), backpressure-high.json and backpressure-ok.json the source
# and the busy operator a while later, and backpressure-low.json the source
# once its rate is cut to a little above what the operator takes.
record_flink_jobctl() {
	local d=$1 c=fixtures-jobctl u jar twin vids id i
	flink_jobctl_up=1
	u=$(./flink-cmd up --name $c -n 1 --slots 4 --tm-memory 900m --jm-memory 800m -q)
	jar=$(scripts/build-jobs.sh)
	set_rate() { # RATE: LoadRamp reads /flink-data/load/rate every half second
		local body xid
		body=$(jq -cn --arg r "$1" \
			'{Cmd: ["sh", "-c", "mkdir -p /flink-data/load && echo \($r) >/flink-data/load/rate"]}')
		xid=$(eng -f -H 'Content-Type: application/json' -d "$body" \
			"$(url "/containers/$c-taskmanager-1/exec")" | jq -r .Id)
		eng -f -o /dev/null -H 'Content-Type: application/json' -d '{"Detach":false}' \
			"$(url "/exec/$xid/start")"
	}
	level() { # VERTEX FILE LEVEL: records the vertex's back pressure into FILE;
		# true when Flink measured it and found LEVEL
		curl -sS "$u/jobs/$twin/vertices/$1/backpressure" >"$2"
		jq -e --arg l "$3" '.status == "ok" and .backpressureLevel == $l' "$2" >/dev/null
	}
	run_job() { # CLASS NAME [--param K=V]...: prints the job id
		local class=$1 name=$2
		shift 2
		./flink-cmd run --name $c "$jar" --class "io.flinkcmd.jobs.$class" --parallelism 1 \
			--param "name=$name" "$@" -o json | jq -r .job_id
	}
	wait_state() { # JOB STATE
		for i in $(seq 60); do
			[[ $(curl -sS "$u/jobs/$1" | jq -r .state) != "$2" ]] || return 0
			sleep 1
		done
		die "job $1 did not reach $2"
	}
	id=$(run_job BoundedSum bounded-sum --param count=100)
	wait_state "$id" FINISHED
	run_job StatefulCounter counter --param output=/flink-data/out/counter-1 >/dev/null
	id=$(run_job StatefulCounter counter --param output=/flink-data/out/counter-2)
	./flink-cmd cancel --name $c "$id" >/dev/null
	wait_state "$id" CANCELED
	run_job LoadRamp twin --param output=/flink-data/out/twin-1 --param rate=10 >/dev/null
	# --detach: asked before its tasks run, Flink has no metrics to answer from
	twin=$(run_job LoadRamp twin --param output=/flink-data/out/twin-2 --param rate=100000 \
		--param cost-us=2000 --detach)
	mapfile -t vids < <(curl -sS "$u/jobs/$twin" | jq -r '.vertices[].id')
	curl -sS "$u/jobs/$twin/vertices/${vids[0]}/backpressure" >"$d/backpressure-deprecated.json"
	jq -e '.status == "deprecated"' "$d/backpressure-deprecated.json" >/dev/null ||
		die "the first back pressure reply is not 'deprecated': $(cat "$d/backpressure-deprecated.json")"
	wait_state "$twin" RUNNING
	while ! curl -sS "$u/jobs/overview" |
		jq -e '[.jobs[].jid[0:1]] | length != (unique | length)' >/dev/null; do
		id=$(run_job BoundedSum bounded-sum --param count=100)
		wait_state "$id" FINISHED
	done
	# the metric fetcher asks the TaskManager every 10 s
	local seen=
	for i in $(seq 30); do
		level "${vids[0]}" "$tmp/bp-high" high && level "${vids[1]}" "$tmp/bp-ok" ok && seen=1 && break
		sleep 2
	done
	[[ -n $seen ]] || die "the saturated job's source is not back pressured, or its operator is:" \
		"$(cat "$tmp/bp-high" "$tmp/bp-ok")"
	# the operator takes 500 records a second
	set_rate 700
	seen=
	for i in $(seq 30); do
		level "${vids[0]}" "$tmp/bp-low" low && seen=1 && break
		sleep 2
	done
	[[ -n $seen ]] || die "at 700 records a second the source's back pressure is not low: $(cat "$tmp/bp-low")"
	cp "$tmp/bp-high" "$d/backpressure-high.json"
	cp "$tmp/bp-ok" "$d/backpressure-ok.json"
	cp "$tmp/bp-low" "$d/backpressure-low.json"
	curl -sS "$u/jobs/overview" >"$d/jobs-overview.json"
	[[ $(jq '[.jobs[] | select(.state == "RUNNING")] | length' "$d/jobs-overview.json") == 3 ]] ||
		die "jobs-overview.json has not three running jobs: $(cat "$d/jobs-overview.json")"
	./flink-cmd down $c --volumes >/dev/null
	flink_jobctl_up=
}

# What the dashboard's collector gathers in one refresh, for the panel tests
# (tests/unit/test_top_view.c), from a cluster of its own (a JobManager and
# two TaskManagers of two slots each) running the stateful job with a
# checkpoint a second, once a few checkpoints have completed. Into
# tests/fixtures/tui/: from the Engine, the cluster's containers (with the
# JobManager's published REST port), networks and volumes found by its label,
# each member's stats (stats-<member>.json) and the JobManager's last 300
# log lines (logs-jobmanager.bin, multiplexed); from Flink, /overview,
# /taskmanagers, /jobs/overview, the job (job.json), its checkpoints and each
# vertex's back pressure (backpressure-<n>.json, in the order of job.json's
# vertices). job-earlier.json is the job read before the Engine's replies,
# job.json the job read again once Flink's record counts have moved (it
# refreshes them every few seconds): the records per second between the two
# reads are what the jobs panel shows. times.json says when each job read
# answered and when the refresh ended (epoch ms), which the test uses as the
# snapshots' times.
record_top() {
	local d=$out/tui c=fixtures-top u jar job f id name vids v i t_earlier t_job measured was
	mkdir -p "$d"
	flink_top_up=1
	u=$(./flink-cmd up --name $c -n 2 --slots 2 --tm-memory 900m --jm-memory 800m -q)
	jar=$(scripts/build-jobs.sh)
	job=$(./flink-cmd run "$jar" --name $c --class io.flinkcmd.jobs.StatefulCounter \
		--param output=/flink-data/output/top --checkpoint-period-seconds 1 -o json | jq -r .job_id)
	[[ $job =~ ^[0-9a-f]{32}$ ]] || die "the stateful job did not start on $c"
	for i in $(seq 60); do
		(($(curl -sS "$u/jobs/$job/checkpoints" | jq '.counts.completed // 0') >= 3)) && break
		sleep 1
	done
	(($(curl -sS "$u/jobs/$job/checkpoints" | jq '.counts.completed // 0') >= 3)) ||
		die "the stateful job completed fewer than 3 checkpoints in a minute"
	# the first ask for a vertex's back pressure starts its sampling: ask
	# until Flink has measured every vertex
	mapfile -t vids < <(curl -sS "$u/jobs/$job" | jq -r '.vertices[].id')
	for i in $(seq 30); do
		measured=1
		for v in "${vids[@]}"; do
			curl -sS "$u/jobs/$job/vertices/$v/backpressure" | jq -e '.status == "ok"' >/dev/null ||
				measured=
		done
		[[ -z $measured ]] || break
		sleep 2
	done
	[[ -n $measured ]] || die "Flink measured no back pressure of job $job in a minute"

	curl -sS "$u/jobs/$job" >"$d/job-earlier.json"
	t_earlier=$(date +%s%3N)
	f=$(jq -rn --arg l "io.flinkcmd.cluster=$c" '{label: [$l]} | tojson | @uri')
	rec "$d/containers.json" 200 "/containers/json?all=1&filters=$f"
	rec "$d/networks.json" 200 "/networks?filters=$f"
	rec "$d/volumes.json" 200 "/volumes?filters=$f"
	jq -e 'length == 3 and ([.[].Ports[] | select(.PrivatePort == 8081 and .PublicPort)] | length) > 0' \
		"$d/containers.json" >/dev/null || die "$c has not three containers, one publishing 8081"
	while read -r id name; do
		rec "$d/stats-${name#"$c"-}.json" 200 "/containers/$id/stats?stream=false"
	done < <(jq -r '.[] | "\(.Id) \(.Names[0][1:])"' "$d/containers.json")
	# what the logs view shows of the first row, as top asks for it
	rec "$d/logs-jobmanager.bin" 200 \
		"/containers/$c-jobmanager/logs?stdout=1&stderr=1&follow=0&tail=300&timestamps=0"
	# Flink refreshes a job's record counts every few seconds: read the job
	# again once they have moved, as top's refresh after the earlier one
	was=$(jq '[.vertices[].metrics["write-records"]] | add' "$d/job-earlier.json")
	for i in $(seq 30); do
		curl -sS "$u/jobs/$job" >"$d/job.json"
		t_job=$(date +%s%3N)
		(($(jq '[.vertices[].metrics["write-records"]] | add' "$d/job.json") > was)) && break
		sleep 1
	done
	(($(jq '[.vertices[].metrics["write-records"]] | add' "$d/job.json") > was)) ||
		die "the job's record counts did not move in 30 s"
	curl -sS "$u/overview" >"$d/overview.json"
	curl -sS "$u/taskmanagers" >"$d/taskmanagers.json"
	curl -sS "$u/jobs/overview" >"$d/jobs-overview.json"
	curl -sS "$u/jobs/$job/checkpoints" >"$d/checkpoints.json"
	mapfile -t vids < <(jq -r '.vertices[].id' "$d/job.json")
	i=0
	for v in "${vids[@]}"; do
		curl -sS "$u/jobs/$job/vertices/$v/backpressure" >"$d/backpressure-$i.json"
		i=$((i + 1))
	done
	jq -n --argjson e "$t_earlier" --argjson j "$t_job" --argjson t "$(date +%s%3N)" \
		'{job_earlier_ms: $e, job_ms: $j, taken_ms: $t}' >"$d/times.json"
	jq -e '.taskmanagers == 2 and ."slots-total" == 4' "$d/overview.json" >/dev/null ||
		die "$c has not 2 TaskManagers and 4 slots: $(cat "$d/overview.json")"
	jq -e '.state == "RUNNING"' "$d/job.json" >/dev/null || die "the job is not RUNNING"
	./flink-cmd down $c --volumes >/dev/null
	flink_top_up=
}

what=("$@")
[[ ${#what[@]} -gt 0 ]] || what=(docker)
for w in "${what[@]}"; do
	case $w in
	docker | flink | stats) "record_$w" ;;
	flink-job) mkdir -p "$out/flink" && record_flink_job "$out/flink" ;;
	flink-jobctl) mkdir -p "$out/flink" && record_flink_jobctl "$out/flink" ;;
	top) record_top ;;
	*) die "unknown section '$w' (use docker, flink, flink-job, flink-jobctl, stats or top)" ;;
	esac
done
echo "record-fixtures: wrote $(find "$out" -type f | wc -l) files under $out"
