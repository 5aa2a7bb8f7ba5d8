#!/usr/bin/env bash
# Runs the test tiers and ends with one line "N passed, N failed".
#   scripts/test.sh           everything: style, unit, unit under ASan+UBSan, fuzz, images, e2e
#   scripts/test.sh unit      style, unit tests (plain and sanitized) and fuzzing
#   scripts/test.sh e2e       end-to-end tests only (builds the images first)
# Unit tests are cmocka programs speaking TAP; end-to-end tests are TAP shell
# scripts; prove runs both. A missing Docker Engine fails the e2e tier loudly.
set -uo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
jobs=${FLINK_CMD_TEST_JOBS:-3}
log_dir=build/test-logs
mkdir -p "$log_dir"
passed=0
failed=0

# count(log, prove_status): adds the TAP results in a verbose prove log
count() {
	local log=$1 status=$2 ok notok
	ok=$(grep -cE '^[[:space:]]*ok [0-9]+' "$log" || true)
	notok=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$log" || true)
	passed=$((passed + ok))
	failed=$((failed + notok))
	# a test program that died or broke its plan failed, whatever it printed
	if [[ $status -ne 0 && $notok -eq 0 ]]; then
		failed=$((failed + 1))
		echo "test.sh: prove failed without a 'not ok' line; see $log" >&2
	fi
}

run_prove() {
	local name=$1
	shift
	local log="$log_dir/$name.log"
	echo "== $name"
	CMOCKA_MESSAGE_OUTPUT=TAP prove --merge -v "$@" >"$log" 2>&1
	local status=$?
	# show the summary and every failure, not thousands of ok lines
	grep -E '^(not ok|#|Files=|Result:|.*Failed)' "$log" | grep -vE '^# (ok|Subtest)' | tail -n 40
	count "$log" "$status"
}

# the unit test programs under a build directory (not their .o and .d files)
test_bins() { find "$1/tests" -maxdepth 1 -type f -name 'test_*' -perm -u+x | sort; }

unit() {
	make -s all unit-bins || {
		failed=$((failed + 1))
		return
	}
	run_prove unit -e '' $(test_bins build/out)
	make -s SANITIZE=address,undefined unit-bins || {
		failed=$((failed + 1))
		return
	}
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run_prove unit-asan-ubsan -e '' $(test_bins build/san-address-undefined)
}

e2e() {
	if ! ./flink-cmd doctor >/dev/null 2>"$log_dir/doctor.err"; then
		if grep -q "cannot reach the Docker Engine" "$log_dir/doctor.err"; then
			echo "test.sh: the end-to-end tests need a Docker Engine: $(cat "$log_dir/doctor.err")" >&2
			failed=$((failed + 1))
			return
		fi
	fi
	scripts/flink-image.sh || {
		echo "test.sh: making the Flink image failed" >&2
		failed=$((failed + 1))
		return
	}
	scripts/build-jobs.sh >/dev/null || {
		echo "test.sh: compiling the test jobs failed" >&2
		failed=$((failed + 1))
		return
	}
	# the ThreadSanitizer build that tests/e2e/095-tsan.sh runs
	make -s SANITIZE=thread all || {
		echo "test.sh: the ThreadSanitizer build failed" >&2
		failed=$((failed + 1))
		return
	}
	# Tests that keep a CPU busy on purpose (a job saturated so that the
	# autoscaler acts) run after the rest and one at a time: beside them on a
	# 2-core machine the others' timing would be theirs to lose.
	local light=() heavy=() t
	for t in tests/e2e/[0-9]*.sh; do
		if grep -q '^# e2e: cpu-heavy' "$t"; then heavy+=("$t"); else light+=("$t"); fi
	done
	run_prove e2e -j "$jobs" "${light[@]}"
	[[ ${#heavy[@]} -eq 0 ]] || run_prove e2e-cpu-heavy -j 1 "${heavy[@]}"
}

# the house rules (banned functions, layering, clang-format) count as a test
style() {
	echo "== style"
	if scripts/check-style.sh >"$log_dir/style.log" 2>&1; then
		passed=$((passed + 1))
	else
		cat "$log_dir/style.log"
		failed=$((failed + 1))
	fi
}

# each libFuzzer target for a few seconds from its seed corpus (copied, so
# the run adds nothing to the repository); a crash is a failed test
fuzz() {
	echo "== fuzz"
	make -s fuzz >"$log_dir/fuzz-build.log" 2>&1 || {
		cat "$log_dir/fuzz-build.log"
		failed=$((failed + 1))
		return
	}
	local t name corpus
	for t in build/fuzz/fuzz_*; do
		name=${t#build/fuzz/fuzz_}
		corpus=$(mktemp -d)
		cp tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
		if "$t" -max_total_time="${FUZZ_SECONDS:-10}" -timeout=10 -artifact_prefix="$log_dir/" \
			"$corpus" >"$log_dir/fuzz-$name.log" 2>&1; then
			echo "ok - fuzz $name ($(grep -oE 'Done [0-9]+ runs' "$log_dir/fuzz-$name.log"))"
			passed=$((passed + 1))
		else
			echo "not ok - fuzz $name: see $log_dir/fuzz-$name.log"
			grep -E 'ERROR|SUMMARY' "$log_dir/fuzz-$name.log" | head -3
			failed=$((failed + 1))
		fi
		rm -rf "$corpus"
	done
}

make -s all || exit 1
case $what in
unit)
	style
	unit
	fuzz
	;;
e2e) e2e ;;
all)
	style
	unit
	fuzz
	e2e
	;;
*)
	echo "usage: scripts/test.sh [unit|e2e|all]" >&2
	exit 2
	;;
esac

echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
