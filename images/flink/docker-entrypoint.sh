#!/bin/bash
# Entrypoint of the flink-cmd Flink image, after the official image's:
#   jobmanager | taskmanager | standalone-job [ARGS]  start that Flink process
#                                                    in the foreground
#   help                                             usage
#   anything else                                    run as given
# Configuration comes from the environment: JOB_MANAGER_RPC_ADDRESS,
# TASK_MANAGER_NUMBER_OF_TASK_SLOTS, and FLINK_PROPERTIES ("key: value"
# lines; a later key wins over an earlier one and over the image's). Values
# are kept whole, spaces included.
set -euo pipefail
conf="$FLINK_HOME/conf/config.yaml"

# yaml_value VALUE: VALUE as a YAML scalar that reads back as the same text.
# Plain scalars keep inner spaces; quote only what YAML would read otherwise.
yaml_value() {
	local v=$1
	case $v in
	"" | *': '* | *' #'* | *':' | '- '* | [\'\"\&\*\!\|\>%@\`]* | '? '*)
		printf "'%s'" "${v//\'/\'\'}"
		;;
	*) printf '%s' "$v" ;;
	esac
}

# merge_conf: rewrites config.yaml with the overrides read from stdin
# ("key: value" lines), each key once, in first-seen order.
merge_conf() {
	local tmp
	tmp=$(mktemp "$FLINK_HOME/conf/.config.XXXXXX")
	awk '
		/^[[:space:]]*(#|$)/ { next }
		{
			i = index($0, ":")
			if (i == 0) next
			key = substr($0, 1, i - 1)
			gsub(/^[[:space:]]+|[[:space:]]+$/, "", key)
			val = substr($0, i + 1)
			sub(/^[[:space:]]+/, "", val)
			if (!(key in seen)) { seen[key] = 1; order[++n] = key }
			value[key] = val
		}
		END { for (k = 1; k <= n; k++) print order[k] ": " value[order[k]] }
	' "$conf" - >"$tmp"
	mv "$tmp" "$conf"
}

overrides() {
	local role=$1
	if [[ -n ${JOB_MANAGER_RPC_ADDRESS:-} ]]; then
		echo "jobmanager.rpc.address: $(yaml_value "$JOB_MANAGER_RPC_ADDRESS")"
	elif [[ $role == jobmanager ]]; then
		# as the official image: by default the JobManager is this host
		echo "jobmanager.rpc.address: $(hostname -f 2>/dev/null || hostname)"
	fi
	if [[ -n ${TASK_MANAGER_NUMBER_OF_TASK_SLOTS:-} ]]; then
		echo "taskmanager.numberOfTaskSlots: $TASK_MANAGER_NUMBER_OF_TASK_SLOTS"
	fi
	local line key value
	while IFS= read -r line; do
		[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
		[[ $line == *:* ]] || { echo "docker-entrypoint: FLINK_PROPERTIES line without ':': $line" >&2; continue; }
		key=${line%%:*}
		value=${line#*:}
		value=${value#"${value%%[![:space:]]*}"}
		key=${key//[[:space:]]/}
		# a value already quoted by the caller is kept as given
		if [[ $value == \'*\' || $value == \"*\" ]]; then
			echo "$key: $value"
		else
			echo "$key: $(yaml_value "$value")"
		fi
	done <<<"${FLINK_PROPERTIES:-}"
}

# run_as_flink CMD...: exec CMD, dropping root when started as root
run_as_flink() {
	if [[ $(id -u) == 0 ]]; then
		chown -R flink:flink "$FLINK_HOME/log" "$FLINK_HOME/conf" 2>/dev/null || true
		exec setpriv --reuid=9999 --regid=9999 --init-groups "$@"
	fi
	exec "$@"
}

case ${1:-help} in
help)
	echo "usage: $(basename "$0") (jobmanager|taskmanager|standalone-job [ARGS]|help|COMMAND...)"
	exit 0
	;;
jobmanager | taskmanager | standalone-job)
	role=$1
	shift
	overrides "$role" | merge_conf
	case $role in
	jobmanager) run_as_flink "$FLINK_HOME/bin/jobmanager.sh" start-foreground "$@" ;;
	taskmanager) run_as_flink "$FLINK_HOME/bin/taskmanager.sh" start-foreground "$@" ;;
	standalone-job) run_as_flink "$FLINK_HOME/bin/standalone-job.sh" start-foreground "$@" ;;
	esac
	;;
*) exec "$@" ;;
esac
