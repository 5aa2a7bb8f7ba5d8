#!/bin/bash
# Entrypoint of the flink-cmd Flink image, after the official image's:
#   jobmanager [ARGS]          session JobManager      (bin/jobmanager.sh)
#   taskmanager [ARGS]         TaskManager             (bin/taskmanager.sh)
#   standalone-job [ARGS]      application JobManager  (bin/standalone-job.sh)
#   history-server [ARGS]      history server          (bin/historyserver.sh)
#   help                       usage
#   anything else              run as given (pass-through)
# Each Flink process runs in the foreground and replaces this script (exec),
# so it is the container's PID 1 and gets the Engine's signals.
#
# Configuration from the environment, merged into conf/config.yaml before
# any command but help, in this order (a later key wins):
#   JOB_MANAGER_RPC_ADDRESS            jobmanager.rpc.address (default: this
#                                      container's host name, as the official
#                                      image)
#   TASK_MANAGER_NUMBER_OF_TASK_SLOTS  taskmanager.numberOfTaskSlots
#   FLINK_PROPERTIES                   "key: value" lines
#   ENABLE_BUILT_IN_PLUGINS            ';'-separated jar names from opt/ to
#                                      enable as plugins
# Unlike the official image, a value keeps its spaces
# (`pipeline.name: my job`, `env.java.opts.all: -Da=1 -Db=2`): it is written
# as a YAML scalar that reads back as the same text.
set -euo pipefail
: "${FLINK_HOME:=/opt/flink}"
conf_dir="$FLINK_HOME/conf"
conf="$conf_dir/config.yaml"

usage() {
	cat <<EOF
usage: $(basename "$0") COMMAND [ARGS...]
  jobmanager        start a session JobManager in the foreground
  taskmanager       start a TaskManager in the foreground
  standalone-job    start an application-mode JobManager (jar in $FLINK_HOME/usrlib)
  history-server    start the history server
  help              this text
  anything else     is run as given
Environment: JOB_MANAGER_RPC_ADDRESS, TASK_MANAGER_NUMBER_OF_TASK_SLOTS,
FLINK_PROPERTIES ("key: value" lines), ENABLE_BUILT_IN_PLUGINS.
EOF
}

# yaml_value VALUE: VALUE as a YAML scalar that reads back as the same text.
# A plain scalar keeps inner spaces; single quotes are used only where YAML
# would read a plain scalar otherwise (an indicator first, ": " or " #"
# inside, a ':' last). Flink converts strings to lists and maps itself.
yaml_value() {
	local v=$1
	if [[ -z $v || $v == *': '* || $v == *' #'* || $v == *: ||
		$v == [],[{}#\&*!\|\>\'\"%@\`]* || $v == [-?:] || $v == [-?:]' '* ]]; then
		printf "'%s'" "${v//\'/\'\'}"
	else
		printf '%s' "$v"
	fi
}

# overrides: the environment's settings as flat "key: value" lines, in the
# order they apply.
overrides() {
	echo "jobmanager.rpc.address: $(yaml_value "${JOB_MANAGER_RPC_ADDRESS:-$(hostname -f 2>/dev/null || hostname)}")"
	if [[ -n ${TASK_MANAGER_NUMBER_OF_TASK_SLOTS:-} ]]; then
		echo "taskmanager.numberOfTaskSlots: $(yaml_value "$TASK_MANAGER_NUMBER_OF_TASK_SLOTS")"
	fi
	local line key value
	while IFS= read -r line; do
		[[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
		if [[ $line != *:* ]]; then
			echo "docker-entrypoint: ignoring FLINK_PROPERTIES line without ':': $line" >&2
			continue
		fi
		key=${line%%:*}
		key=${key//[[:space:]]/}
		value=${line#*:}
		value=${value#"${value%%[![:space:]]*}"}
		value=${value%"${value##*[![:space:]]}"}
		if [[ -z $key ]]; then
			echo "docker-entrypoint: ignoring FLINK_PROPERTIES line without a key: $line" >&2
		elif [[ $value =~ ^\'.*\'$ || $value =~ ^\".*\"$ ]]; then
			# already a quoted YAML scalar: kept as given
			echo "$key: $value"
		else
			echo "$key: $(yaml_value "$value")"
		fi
	done <<<"${FLINK_PROPERTIES:-}"
}

# merge_conf: rewrites config.yaml as flat "key: value" lines, one per key,
# in first-seen order, with the overrides read from stdin taking the place
# of earlier values. A nested file (a mounted official-style config) is
# flattened on the way: a key's path is made from the keys above it by
# indentation, and "- item" lists become "[item, ...]". No JVM is started
# for this (the official image runs one per setting).
merge_conf() {
	local tmp
	tmp=$(mktemp "$conf_dir/.config.yaml.XXXXXX")
	awk '
		function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
		function put(k, v) { if (!(k in val)) order[++n] = k; val[k] = v }
		FNR == 1 { depth = 0; open = "" }
		/^[ \t]*(#|$)/ { next }
		{
			match($0, /^ */)
			ind = RLENGTH
			body = substr($0, ind + 1)
			if (body ~ /^-( |$)/) {
				if (open == "") next
				item = trim(substr(body, 2))
				# (a count, not "open in items": mawk creates the element
				# on the left before it evaluates the right)
				items[open] = nitems[open]++ ? items[open] ", " item : item
				put(open, "[" items[open] "]")
				next
			}
			i = index(body, ":")
			if (i == 0) next
			key = trim(substr(body, 1, i - 1))
			v = trim(substr(body, i + 1))
			while (depth > 0 && indent[depth] >= ind) depth--
			full = key
			for (d = depth; d >= 1; d--) full = name[d] "." full
			if (v == "") { depth++; indent[depth] = ind; name[depth] = key; open = full; next }
			open = ""
			put(full, v)
		}
		END { for (k = 1; k <= n; k++) print order[k] ": " val[order[k]] }
	' "$conf" - >"$tmp"
	chmod 0644 "$tmp"
	mv "$tmp" "$conf"
}

# enable_plugins: as the official image, links each named opt/ jar into
# plugins/<name>/.
enable_plugins() {
	local jar name
	[[ -n ${ENABLE_BUILT_IN_PLUGINS:-} ]] || return 0
	IFS=';' read -ra jars <<<"$ENABLE_BUILT_IN_PLUGINS"
	for jar in "${jars[@]}"; do
		[[ -n $jar ]] || continue
		name=${jar%.jar}
		if [[ ! -e $FLINK_HOME/opt/$jar ]]; then
			echo "docker-entrypoint: plugin $jar is not in $FLINK_HOME/opt" >&2
			exit 1
		fi
		mkdir -p "$FLINK_HOME/plugins/$name"
		ln -fs "$FLINK_HOME/opt/$jar" "$FLINK_HOME/plugins/$name/"
	done
}

configure() {
	enable_plugins
	if [[ -w $conf_dir && -w $conf ]]; then
		overrides | merge_conf
	else
		# a read-only configuration (a mounted file) is used as it is
		echo "docker-entrypoint: $conf is read-only; JOB_MANAGER_RPC_ADDRESS and FLINK_PROPERTIES are not applied" >&2
	fi
}

# run_flink SCRIPT ARGS...: exec a bin/ script in the foreground, as flink:
# started as root (docker run --user 0), give flink what was written as root
# and drop to uid/gid 9999 (setpriv from util-linux; the image has no gosu).
run_flink() {
	local script=$1
	shift
	if [[ $(id -u) == 0 ]]; then
		chown -R flink:flink "$conf_dir" "$FLINK_HOME/log" "$FLINK_HOME/plugins" 2>/dev/null || true
		exec setpriv --reuid=9999 --regid=9999 --init-groups "$FLINK_HOME/bin/$script" start-foreground "$@"
	fi
	exec "$FLINK_HOME/bin/$script" start-foreground "$@"
}

command=${1:-help}
[[ $# -gt 0 ]] && shift
case $command in
help | --help | -h)
	usage
	exit 0
	;;
esac
configure
case $command in
jobmanager)
	echo "Starting Job Manager"
	run_flink jobmanager.sh "$@"
	;;
taskmanager)
	echo "Starting Task Manager"
	run_flink taskmanager.sh "$@"
	;;
standalone-job)
	echo "Starting Job Manager (application mode)"
	run_flink standalone-job.sh "$@"
	;;
history-server)
	echo "Starting History Server"
	run_flink historyserver.sh "$@"
	;;
*) exec "$command" "$@" ;;
esac
