#!/usr/bin/env bash
# Compiles the test and demo jobs in tests/jobs/ with javac against the jars
# of the Flink distribution scripts/flink-dist.sh assembles, into
# build/jobs/flink-cmd-jobs.jar. Skipped when the jar is newer than every
# source. Prints the jar's path.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=build/jobs/flink-cmd-jobs.jar
mapfile -t sources < <(find tests/jobs/src -name '*.java' | sort)
if [[ -f $jar ]] && [[ -z $(find tests/jobs/src -name '*.java' -newer "$jar") ]]; then
	echo "$jar"
	exit 0
fi
command -v javac >/dev/null || { echo "build-jobs: javac is missing: apt-get install openjdk-17-jdk-headless" >&2; exit 1; }
home=$(scripts/flink-dist.sh)
rm -rf build/jobs/classes
mkdir -p build/jobs/classes
javac --release 17 -nowarn -d build/jobs/classes -cp "$home/lib/*" "${sources[@]}"
jar --create --file "$jar.part" -C build/jobs/classes .
mv "$jar.part" "$jar"
echo "$jar"
