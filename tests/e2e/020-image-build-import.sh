#!/usr/bin/env bash
# `image import` and `image build` against the real Engine: a tiny root file
# system (the host's dash and cat with their libraries) imports into a
# runnable image; a small context builds on it (.dockerignore honoured,
# modes kept) and the image exists; a failing RUN step ends with exit 1 and
# that step's message; a context holding symlinks to a file outside it never
# puts that file's content into the image.
. "$(dirname "$0")/lib.sh"

tag="e2e-build-$$"
tmp=$(mktemp -d)
on_exit "rm -rf $tmp; docker rmi -f $tag-tiny:1 $tag-ok:1 $tag-link:1 $tag-fail:1"

# a root file system with just enough to run a shell step
root="$tmp/rootfs"
mkdir -p "$root/bin" "$root/tmp"
for bin in /bin/dash /bin/cat; do
	cp "$bin" "$root/bin/"
	for lib in $(ldd "$bin" | grep -oE '/[^ ]+'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done
ln -s dash "$root/bin/sh"
tar -C "$root" -cf "$tmp/rootfs.tar" .
run "$FC" image import "$tmp/rootfs.tar" -t "$tag-tiny:1"
is "$RC" 0 "image import of a tiny rootfs succeeds" || diag "$ERR"
like "$OUT" '^sha256:[0-9a-f]{64}$' "image import prints the image ID"
is "$(docker run --rm "$tag-tiny:1" /bin/sh -c 'echo runs')" runs "the imported image runs a shell"

ctx="$tmp/ok"
mkdir -p "$ctx/sub" "$ctx/ignored"
printf 'FROM %s\nCOPY . /ctx/\nRUN ["/ctx/sub/run.sh"]\n' "$tag-tiny:1" >"$ctx/Dockerfile"
printf '#!/bin/sh\necho built >/ctx/built\n' >"$ctx/sub/run.sh"
chmod 0755 "$ctx/sub/run.sh"
echo secret >"$ctx/ignored/x"
echo keep >"$ctx/keep.txt"
printf 'ignored\n*.log\n' >"$ctx/.dockerignore"
echo noise >"$ctx/a.log"
run "$FC" image build "$ctx" -t "$tag-ok:1"
is "$RC" 0 "a small context builds" || diag "$ERR"
like "$OUT" '^sha256:[0-9a-f]{64}$' "image build prints the image ID on stdout"
like "$ERR" "Step 3/3" "image build shows the build steps"
is "$(docker run --rm "$tag-ok:1" /bin/sh -c 'cat /ctx/built /ctx/keep.txt; cat /ctx/ignored/x /ctx/a.log 2>/dev/null || echo absent')" \
	"$(printf 'built\nkeep\nabsent')" "the image exists: an executable mode was kept and .dockerignore honoured"

ctx="$tmp/fail"
mkdir -p "$ctx"
printf 'FROM %s\nRUN echo boom-%s >&2; exit 3\n' "$tag-tiny:1" "$$" >"$ctx/Dockerfile"
run "$FC" image build "$ctx" -t "$tag-fail:1"
is "$RC" 1 "a failing RUN step gives exit 1"
like "$ERR" "boom-$$" "the step's own output is shown"
like "$(tail -n1 <<<"$ERR")" "Step 2/2 : RUN echo boom.*returned a non-zero code: 3" "the last line names the failing step and its error"

marker="outside-marker-$$-$RANDOM"
mkdir -p "$tmp/outside"
echo "$marker" >"$tmp/outside/secret.txt"
ctx="$tmp/link"
mkdir -p "$ctx"
ln -s "$tmp/outside/secret.txt" "$ctx/abs-link"
ln -s ../outside/secret.txt "$ctx/rel-link"
ln -s ../outside "$ctx/dir-link"
printf 'FROM %s\nCOPY . /ctx/\n' "$tag-tiny:1" >"$ctx/Dockerfile"
run "$FC" image build "$ctx" -t "$tag-link:1"
is "$RC" 0 "a context with symlinks to outside files builds" || diag "$ERR"
is "$(docker save "$tag-link:1" | grep -c "$marker")" 0 "the outside file's content is nowhere in the image"
done_testing
