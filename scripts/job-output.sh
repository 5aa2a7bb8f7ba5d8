#!/usr/bin/env bash
# Checks and measures the committed output of the test jobs LoadRamp and
# StatefulCounter (tests/jobs/src/io/flinkcmd/jobs/), whose file sinks write
# one line per record:
#
#   value,key,count[,subtask,epochMillis]
#
# Only committed part files count: names starting with '.' (in-progress or
# pending files of the exactly-once file sink) are skipped, at any depth.
# The job writes as uid 9999 inside the cluster's volume, so copy the
# directory out first, e.g. `docker cp NAME-jobmanager:/flink-data/out /tmp/x`.
# Needs only bash, find, sort and awk.
#
#   job-output.sh check DIR
#       Prints "records N first F last L missing M duplicates D keys-ok yes|no"
#       and exits 0 only when the values are exactly 0..last with no gap and
#       no duplicate, and each key's counts run 1..k with no gap and no
#       duplicate. Otherwise it adds a line "problem: ..." naming the first
#       problem and exits 1.
#   job-output.sh gap DIR FROM_MS TO_MS
#       Prints "gap_ms G at T records N": the largest gap G between
#       consecutive processing times (epochMillis, sorted) of the N records
#       processed within [FROM_MS, TO_MS], and the time T it began. Exit 1 and
#       "gap_ms -1 at -1 records N" when fewer than two records are there.
#       Records processed after a checkpoint that a restore rolls back are not
#       committed and are processed again later, so the gap covers that work
#       too. It sees only stalls of processing: while a stop-with-savepoint
#       drains backpressured buffers, the source has stopped but 'burn' still
#       writes, and the gap stays small.
#   job-output.sh keygap DIR FROM_MS TO_MS
#       Prints "gap_ms G at T key K records N": the same per key, the largest
#       over all keys. A rescale can stop some keys longer than the job's
#       output as a whole (those moved to a subtask that starts late), so this
#       is the downtime a single key sees. Exit 1 when no key has two records.
#   job-output.sh parallelism DIR SINCE_MS
#       Prints the number of distinct subtask indexes that processed records
#       after SINCE_MS (0 when none).
#
# Exit codes: 0 ok, 1 the check failed, 2 bad usage or no such directory.
set -euo pipefail
export LC_ALL=C
tmp=
trap '[[ -z $tmp ]] || rm -rf "$tmp"' EXIT

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}

# records DIR: every line of every committed part file under DIR (awk ends
# each file's last line; the paths start with / or ./, so awk never takes
# them for options or variable assignments)
records() {
	local dir=$1
	[[ $dir == /* ]] || dir=./$dir
	find "$dir" -mindepth 1 -name '.*' -prune -o -type f -print0 | xargs -0 -r awk 1
}

number() {
	[[ $1 =~ ^[0-9]+$ ]] || { echo "job-output: not a number: $1" >&2; exit 2; }
}

cmd_check() {
	local dir=$1 values keys
	tmp=$(mktemp -d)
	records "$dir" >"$tmp/all"
	# values: first, last, count, missing, duplicates, first problem
	values=$(awk -F, '
		!/^[0-9]+,[0-9]+,[0-9]+(,[0-9]+,[0-9]+)?$/ { if (bad == "") bad = "malformed line " NR ": " $0; next }
		{ print $1 }
		END { if (bad != "") print "BAD " bad }' "$tmp/all" | sort -n | awk '
		/^BAD / { bad = substr($0, 5); next }
		{
			v = $1 + 0
			if (n == 0) {
				first = v
				if (v > 0) { missing += v; if (problem == "") problem = (v == 1 ? "value 0 missing" : "values 0.." (v - 1) " missing") }
			} else if (v == prev) {
				dups++
				if (problem == "") problem = "value " v " duplicated"
			} else if (v > prev + 1) {
				missing += v - prev - 1
				if (problem == "") problem = (v - prev - 1 == 1 ? "value " (prev + 1) " missing" : "values " (prev + 1) ".." (v - 1) " missing")
			}
			prev = v
			n++
		}
		END {
			if (bad != "") problem = bad
			if (n == 0) { first = -1; prev = -1; if (problem == "") problem = "no committed records" }
			printf "%.0f %.0f %.0f %.0f %.0f %s\n", n, first, prev, missing + 0, dups + 0, problem
		}')
	# keys: each key's counts must run 1..k
	keys=$(awk -F, '/^[0-9]+,[0-9]+,[0-9]+/ { print $2 "," $3 }' "$tmp/all" | sort -t, -k1,1n -k2,2n | awk -F, '
		{
			if ($1 != key || NR == 1) { key = $1; want = 1 }
			if (problem == "") {
				if ($2 + 0 < want) problem = "key " key " count " $2 " duplicated"
				else if ($2 + 0 > want) problem = "key " key " count " want (($2 - 1 > want) ? ".." ($2 - 1) : "") " missing"
			}
			want = $2 + 1
		}
		END { print problem }')
	local n first last missing dups problem
	read -r n first last missing dups problem <<<"$values"
	local keys_ok=yes
	[[ -z $keys ]] || keys_ok=no
	echo "records $n first $first last $last missing $missing duplicates $dups keys-ok $keys_ok"
	if [[ -n $problem ]]; then
		echo "problem: $problem"
		return 1
	fi
	if [[ -n $keys ]]; then
		echo "problem: $keys"
		return 1
	fi
	return 0
}

cmd_gap() {
	local dir=$1 from=$2 to=$3
	number "$from"
	number "$to"
	records "$dir" | awk -F, -v from="$from" -v to="$to" 'NF >= 5 && $5 >= from && $5 <= to { print $5 }' |
		sort -n | awk '
		{
			t = $1 + 0
			if (n > 0 && t - prev > gap) { gap = t - prev; at = prev }
			prev = t
			n++
		}
		END {
			if (n < 2) { printf "gap_ms -1 at -1 records %d\n", n; exit 1 }
			printf "gap_ms %.0f at %.0f records %d\n", gap, at, n
		}'
}

cmd_keygap() {
	local dir=$1 from=$2 to=$3
	number "$from"
	number "$to"
	records "$dir" | awk -F, -v from="$from" -v to="$to" 'NF >= 5 && $5 >= from && $5 <= to { print $2, $5 }' |
		sort -k1,1n -k2,2n | awk '
		{
			t = $2 + 0
			if (n > 0 && $1 == key && t - prev > gap) { gap = t - prev; at = prev; gapkey = key; found = 1 }
			key = $1
			prev = t
			n++
		}
		END {
			if (!found) { printf "gap_ms -1 at -1 key -1 records %d\n", n; exit 1 }
			printf "gap_ms %.0f at %.0f key %s records %d\n", gap, at, gapkey, n
		}'
}

cmd_parallelism() {
	local dir=$1 since=$2
	number "$since"
	records "$dir" | awk -F, -v since="$since" '
		NF >= 5 && $5 > since && !($4 in seen) { seen[$4] = 1; n++ }
		END { print n + 0 }'
}

[[ $# -ge 2 ]] || usage
command=$1
dir=$2
[[ -d $dir ]] || { echo "job-output: no such directory: $dir" >&2; exit 2; }
case $command in
check) [[ $# -eq 2 ]] || usage; cmd_check "$dir" ;;
gap) [[ $# -eq 4 ]] || usage; cmd_gap "$dir" "$3" "$4" ;;
keygap) [[ $# -eq 4 ]] || usage; cmd_keygap "$dir" "$3" "$4" ;;
parallelism) [[ $# -eq 3 ]] || usage; cmd_parallelism "$dir" "$3" ;;
*) usage ;;
esac
