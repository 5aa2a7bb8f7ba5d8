#!/usr/bin/env bash
# Assembles a Flink distribution (FLINK_HOME) from the Python packages, the
# one source of Flink this machine reaches: apache-flink brings bin/ and
# conf/, apache-flink-libraries brings lib/, opt/ and plugins/. The nested
# conf/config.yaml is flattened to one `key: value` per line so the image's
# entrypoint can merge settings into it with plain text tools. Skipped when
# the assembled directory is complete (its marker is written last).
# Prints the directory.
#   FLINK_CMD_CACHE  cache directory (default ~/.cache/flink-cmd)
set -euo pipefail
version=${FLINK_VERSION:-2.3.0}
cache=${FLINK_CMD_CACHE:-$HOME/.cache/flink-cmd}
home="$cache/flink-$version"
marker="$home/.flink-cmd-dist"
log() { echo "flink-dist: $*" >&2; }

if [[ -f $marker && -n $(compgen -G "$home/lib/flink-dist-*.jar") ]]; then
	echo "$home"
	exit 0
fi
dl="$cache/download"
mkdir -p "$dl"
if ! compgen -G "$dl/apache_flink-$version-*" >/dev/null ||
	! compgen -G "$dl/apache_flink_libraries-$version*" >/dev/null; then
	log "downloading apache-flink $version and apache-flink-libraries $version from the Python package index"
	python3 -m pip download --quiet --no-deps -d "$dl" \
		"apache-flink==$version" "apache-flink-libraries==$version" >&2
fi
rm -rf "$home.part"
mkdir -p "$home.part"
# Wheels are zip files, sdists are tarballs; either holds a pyflink/ tree
# (an sdist one directory deeper). Only bin, conf, lib, opt, plugins are kept.
python3 - "$dl" "$version" "$home.part" <<'PY'
import glob, os, shutil, stat, sys, tarfile, zipfile
dl, version, out = sys.argv[1:]
wanted = ("bin", "conf", "lib", "opt", "plugins")
def place(name, mode, read):
    parts = name.split("/")
    if "pyflink" not in parts:
        return
    rest = parts[parts.index("pyflink") + 1:]
    if not rest or rest[0] not in wanted or not rest[-1] or ".." in rest:
        return
    dest = os.path.join(out, *rest)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        shutil.copyfileobj(read(), f, 1 << 20)
    os.chmod(dest, 0o755 if (mode & 0o111) or rest[0] == "bin" else 0o644)
for pkg in ("apache_flink", "apache_flink_libraries", "apache-flink", "apache-flink-libraries"):
    for path in sorted(glob.glob(os.path.join(dl, f"{pkg}-{version}*"))):
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
PY
for d in bin conf lib opt plugins; do
	[[ -d $home.part/$d ]] || { log "the packages held no pyflink/$d"; exit 1; }
done
[[ -n $(compgen -G "$home.part/lib/flink-dist-*.jar") ]] || { log "no lib/flink-dist jar in the packages"; exit 1; }

# conf/config.yaml: nested YAML of plain `key: value` mappings -> flat keys
python3 - "$home.part/conf/config.yaml" <<'PY'
import sys
path = sys.argv[1]
stack, out = [], []
for raw in open(path):
    line = raw.rstrip("\n")
    body = line.strip()
    if not body or body.startswith("#"):
        continue
    indent = len(line) - len(line.lstrip(" "))
    key, _, value = body.partition(":")
    while stack and stack[-1][0] >= indent:
        stack.pop()
    value = value.strip()
    if value:
        out.append(".".join([k for _, k in stack] + [key.strip()]) + ": " + value)
    else:
        stack.append((indent, key.strip()))
with open(path, "w") as f:
    f.write("# Flink's default configuration, flattened; the entrypoint merges\n"
            "# JOB_MANAGER_RPC_ADDRESS and FLINK_PROPERTIES into it.\n")
    f.write("\n".join(out) + "\n")
PY
mkdir -p "$home.part/log"
(cd "$dl" && sha256sum apache_flink*"$version"*) >"$home.part/.flink-cmd-dist"
rm -rf "$home"
mv "$home.part" "$home"
log "assembled $home"
echo "$home"
