#!/usr/bin/env bash
# Assembles a Flink distribution (FLINK_HOME) from the Python packages, the
# one source of Flink a machine with no registry still reaches: apache-flink
# brings bin/ and conf/, apache-flink-libraries brings lib/, opt/, plugins/
# and bin/bash-java-utils.jar. The nested conf/config.yaml is flattened to
# one `key: value` per line so the image's entrypoint can merge settings into
# it with plain text tools (Flink reads flat and nested keys alike).
# Skipped when the assembled directory is complete: its marker is written
# last, after every check below has passed, and the key files are there.
# Prints the directory on stdout; progress goes to stderr.
#   FLINK_CMD_CACHE  cache directory (default ~/.cache/flink-cmd)
#   FLINK_VERSION    Flink version (default 2.3.0)
set -euo pipefail
version=${FLINK_VERSION:-2.3.0}
cache=${FLINK_CMD_CACHE:-$HOME/.cache/flink-cmd}
home="$cache/flink-$version"
dl="$cache/download"
log() { echo "flink-dist: $*" >&2; }

complete() {
	[[ -s $1/.flink-cmd-dist && -f $1/bin/jobmanager.sh && -f $1/bin/config.sh &&
		-f $1/bin/bash-java-utils.jar && -f $1/conf/config.yaml ]] &&
		compgen -G "$1/lib/flink-dist*.jar" >/dev/null
}
if complete "$home"; then
	echo "$home"
	exit 0
fi

# pip names its files apache_flink-V-<tags>.whl or apache_flink-V.tar.gz
# (older sdists: apache-flink-V.tar.gz); both names are matched.
have_pkg() { compgen -G "$dl/$1-${version}[-.]*" >/dev/null || compgen -G "$dl/${1//_/-}-${version}[-.]*" >/dev/null; }
mkdir -p "$dl"
if ! have_pkg apache_flink || ! have_pkg apache_flink_libraries; then
	log "downloading apache-flink $version and apache-flink-libraries $version from the Python package index"
	# Wheels first, for a fixed interpreter and platform: bin/ and conf/ are
	# the same in every wheel, and a wheel needs no build, whatever Python
	# runs this script (apache-flink publishes wheels for a few CPython
	# versions only). If there is none, whatever pip finds (an sdist).
	if ! python3 -m pip download --quiet --no-deps --only-binary=:all: \
		--python-version 3.11 --implementation cp --platform manylinux2014_x86_64 \
		-d "$dl" "apache-flink==$version" "apache-flink-libraries==$version" >&2; then
		log "no wheels for $version; trying any distribution pip finds"
		python3 -m pip download --quiet --no-deps -d "$dl" \
			"apache-flink==$version" "apache-flink-libraries==$version" >&2
	fi
fi

# Assembled in a side directory and moved into place at the end, so an
# interrupted run never leaves a half-made home that looks complete.
rm -rf "$home.part"
mkdir -p "$home.part"
# A wheel (a zip) holds pyflink/<dir>/...; an sdist (a tarball) holds
# <name>-<version>/deps/<dir>/..., which setup.py maps onto pyflink/<dir>.
# Only bin, conf, lib, opt and plugins are kept.
python3 - "$dl" "$version" "$home.part" <<'PY'
import glob, os, shutil, sys, tarfile, zipfile
dl, version, out = sys.argv[1:]
wanted = ("bin", "conf", "lib", "opt", "plugins")
def place(name, mode, read):
    parts = name.split("/")
    if "pyflink" in parts[:1]:
        rest = parts[1:]
    elif len(parts) > 2 and parts[1] == "deps":
        rest = parts[2:]
    else:
        return
    if not rest or rest[0] not in wanted or not rest[-1] or ".." in rest:
        return
    dest = os.path.join(out, *rest)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        shutil.copyfileobj(read(), f, 1 << 20)
    # pip does not keep the +x bit of package data: every script in bin/
    # is made executable (jobmanager.sh execs flink-console.sh directly)
    script = rest[0] == "bin" and not rest[-1].endswith(".jar")
    os.chmod(dest, 0o755 if script or (mode & 0o111) else 0o644)
found = 0
for pattern in ("apache_flink-", "apache-flink-", "apache_flink_libraries-", "apache-flink-libraries-"):
    for path in sorted(glob.glob(os.path.join(dl, pattern + version + "*"))):
        rest = path[len(os.path.join(dl, pattern + version)):]
        if not rest.startswith(("-", ".")):
            continue
        found += 1
        if path.endswith(".whl") or path.endswith(".zip"):
            with zipfile.ZipFile(path) as z:
                for i in z.infolist():
                    if not i.is_dir():
                        place(i.filename, i.external_attr >> 16, lambda i=i: z.open(i))
        elif path.endswith((".tar.gz", ".tgz")):
            with tarfile.open(path) as t:
                for m in t:
                    if m.isfile():
                        place(m.name, m.mode, lambda m=m: t.extractfile(m))
if found < 2:
    sys.exit("flink-dist: expected two packages in %s, found %d" % (dl, found))
PY
for d in bin conf lib opt plugins; do
	[[ -d $home.part/$d ]] || { log "the packages held no $d/ directory"; exit 1; }
done
n=$(compgen -G "$home.part/lib/flink-dist*.jar" | wc -l)
# config.sh refuses to start with no flink-dist jar or with more than one
[[ $n == 1 ]] || { log "expected one lib/flink-dist jar, found $n"; exit 1; }
for f in bin/jobmanager.sh bin/taskmanager.sh bin/config.sh bin/bash-java-utils.jar \
	conf/config.yaml conf/log4j-console.properties; do
	[[ -f $home.part/$f ]] || { log "the packages held no $f"; exit 1; }
done
# Python-only helpers: the image has no Python, and .bat is for Windows.
rm -f "$home.part"/bin/pyflink-* "$home.part"/bin/*.bat "$home.part"/bin/find-flink-home.sh

# conf/config.yaml: nested mappings of plain `key: value` -> dotted keys.
# Anything else (lists, block scalars, anchors) stops the script rather
# than being flattened wrongly.
python3 - "$home.part/conf/config.yaml" <<'PY'
import sys
path = sys.argv[1]
stack, out = [], []
for n, raw in enumerate(open(path), 1):
    line = raw.rstrip("\n")
    body = line.strip()
    if not body or body.startswith("#"):
        continue
    indent = len(line) - len(line.lstrip(" "))
    key, colon, value = body.partition(":")
    value = value.strip()
    if not colon or body.startswith(("-", "&", "*", "?")) or value[:1] in ("|", ">", "&", "*") or "\t" in line[:indent + 1]:
        sys.exit("flink-dist: %s:%d is not a plain `key: value` line; cannot flatten: %s" % (path, n, body))
    while stack and stack[-1][0] >= indent:
        stack.pop()
    if value:
        out.append(".".join([k for _, k in stack] + [key.strip()]) + ": " + value)
    else:
        stack.append((indent, key.strip()))
with open(path, "w") as f:
    f.write("# Flink's default configuration, flattened (one key a line); the\n"
            "# image's entrypoint merges its settings into it.\n")
    f.write("\n".join(out) + "\n")
PY
mkdir -p "$home.part/log"
# The marker names the packages it came from (their sha256 sums); the image
# script hashes it instead of the 300 MB it stands for.
(cd "$dl" && sha256sum ./*"$version"*) >"$home.part/.flink-cmd-dist"
rm -rf "$home"
mv "$home.part" "$home"
complete "$home" || { log "assembled $home but it does not check out complete"; exit 1; }
log "assembled $home"
echo "$home"
