#!/usr/bin/env bash
# The house rules a grep can check: no unbounded string functions, no exit()
# below src/cli, nothing under src/ printing, no ncurses outside tui/, no
# libcurl in tui/, and clang-format clean when clang-format is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
if grep -nE '\b(strcpy|sprintf|strcat|atoi|gets)\s*\(' $(git ls-files 'src/*.c' 'src/*.h' 'tui/*.c' 'tui/*.h' 'tests/*.c'); then
	echo "check: use snprintf/strbuf/strtol instead of the functions above" >&2
	bad=1
fi
# allocation never returns NULL: the x* wrappers abort cleanly instead
if grep -nE '(^|[^x_a-z])(malloc|calloc|realloc|strdup)\s*\(' $(git ls-files 'src/*.c' 'tui/*.c' | grep -v '^src/util/xalloc.c'); then
	echo "check: use xmalloc/xcalloc/xrealloc/xstrdup, which never return NULL" >&2
	bad=1
fi
# The library (libflinkcmd.a) is src/ below src/cli, and tui/; tui/ owns the
# terminal (it draws, and its scripted mode prints the screen), so of the
# library only src/ is held to returning errors
lib=$(git ls-files 'src/*.c' | grep -v '^src/cli/' || true)
if [[ -n $lib ]] && grep -nE '\bexit\s*\(|\b(printf|puts|fprintf)\s*\(' $lib | grep -v 'fprintf(stderr, "flink-cmd: out of memory'; then
	echo "check: library code returns errors; only src/cli and tui/ print or exit" >&2
	bad=1
fi
if grep -lE 'include <(n)?curses' $(git ls-files 'src/*.c' 'src/*.h'); then
	echo "check: ncurses belongs in tui/ only" >&2
	bad=1
fi
# the dashboard reaches the Engine and Flink only through src/ (the collector)
if grep -nE 'include <curl/|\bcurl_[a-z_]+\s*\(' $(git ls-files 'tui/*.c' 'tui/*.h'); then
	echo "check: tui/ never calls libcurl; go through src/docker, src/flink or src/cluster" >&2
	bad=1
fi
# Includes point down the layers (docs/architecture.md): cli and tui above
# autoscale, above cluster, above docker, flink and archive (which know
# nothing of one another), above util. cli may use tui, never the reverse.
layer() {
	case $1 in
	util) echo 0 ;;
	docker | flink | archive) echo 1 ;;
	cluster) echo 2 ;;
	autoscale) echo 3 ;;
	tui) echo 4 ;;
	cli) echo 5 ;;
	*) echo -1 ;;
	esac
}
for f in $(git ls-files 'src/*.c' 'src/*.h' 'tui/*.c' 'tui/*.h'); do
	mod=${f#src/}
	mod=${mod%%/*}
	own=$(layer "$mod")
	while IFS= read -r inc; do
		dep=${inc%%/*}
		[[ $dep == "$mod" ]] && continue
		rank=$(layer "$dep")
		# a peer (docker and flink) is as wrong as a layer above
		if ((rank < 0 || rank >= own)) && ! [[ $mod == cli && $dep == tui ]]; then
			echo "$f: includes \"$inc\": $mod may use only the layers below it" >&2
			bad=1
		fi
	done < <(sed -n 's/^#include "\([a-z]*\/[^"]*\)".*/\1/p' "$f")
done
if command -v clang-format >/dev/null 2>&1; then
	files=$(git ls-files '*.c' '*.h')
	if ! clang-format --dry-run --Werror $files 2>/dev/null; then
		echo "check: run 'make format'" >&2
		bad=1
	fi
fi
exit $bad
