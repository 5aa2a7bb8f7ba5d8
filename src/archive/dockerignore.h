/* .dockerignore: which paths of a build context are not sent, with Docker's
 * rules (moby/patternmatcher and its ignorefile reader): one pattern per
 * line, a '#' in the first column starts a comment, surrounding space is
 * trimmed, paths are cleaned as Go's filepath.Clean does and a leading '/'
 * dropped; '*' and '?' stay within one path element, '[...]' classes ('^'
 * negates), '**' crosses elements, '\' escapes; a '!' line is an exception;
 * the last matching line wins, and a line that matches a directory matches
 * everything below it. */
#ifndef FC_ARCHIVE_DOCKERIGNORE_H
#define FC_ARCHIVE_DOCKERIGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct dockerignore_tok; /* a compiled pattern element, private to dockerignore.c */

struct dockerignore_pattern {
	char *glob;                    /* cleaned, owned */
	bool exception;                /* a '!' line */
	struct dockerignore_tok *toks; /* glob compiled, owned */
	int ntoks;
	bool suffix; /* Docker's shortcut for "**" then plain text: a suffix test */
};

struct dockerignore {
	struct dockerignore_pattern *patterns; /* owned */
	int n;
	bool has_exceptions;
};

/* Pure: parses a .dockerignore held in buf (len bytes, need not end in a
 * NUL). *out is owned by the caller and released with dockerignore_release,
 * also after an error. ERR_USAGE, naming the line, for a malformed pattern
 * (an unclosed or empty '[' class, a trailing '\', a reversed range) or a
 * lone '!', as `docker build` refuses them too. Patterns that can never
 * match a path inside the context ("." , "/", "../x") are dropped. */
int dockerignore_parse(const char *buf, size_t len, struct dockerignore *out,
		       struct error *err);

/* Frees what dockerignore_parse allocated and zeroes ign; safe to call twice. */
void dockerignore_release(struct dockerignore *ign);

/* True when relpath ("dir/file": relative, cleaned, no leading "./" and no
 * trailing '/') is excluded: the last pattern matching it or one of its
 * parent directories decides. */
bool dockerignore_excludes(const struct dockerignore *ign, const char *relpath);

/* True when an exception ('!' line) may match something strictly below the
 * directory dirpath, so an excluded directory must still be walked. It may
 * answer true when nothing below ends up included (wildcards are not
 * resolved against the tree); it never answers false wrongly. */
bool dockerignore_may_include_below(const struct dockerignore *ign, const char *dirpath);

/* Pure: Docker's match of one cleaned pattern against a whole path; false
 * for a malformed pattern. Exported for tests and fuzzing. */
bool dockerignore_glob_match(const char *glob, const char *path);

/* Go's filepath.Clean for '/'-separated paths: no empty or "." elements, a
 * ".." removes the element before it (and stays at the start of a relative
 * path), no trailing '/', "." for an empty result. The caller frees it. */
char *dockerignore_clean_path(const char *path);

#endif
