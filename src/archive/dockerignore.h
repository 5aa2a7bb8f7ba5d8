/* .dockerignore: which paths of a build context are not sent, with Docker's
 * rules: one pattern per line, '#' comments, surrounding space trimmed,
 * paths cleaned (a leading '/' or './' dropped), '*' and '?' within one path
 * element, '[...]' classes, '**' across elements, '!' exceptions, the last
 * matching line wins, and a pattern that matches a directory matches
 * everything below it. */
#ifndef FC_ARCHIVE_DOCKERIGNORE_H
#define FC_ARCHIVE_DOCKERIGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct dockerignore_pattern {
	char *glob;     /* cleaned, owned */
	bool exception; /* a '!' line */
};

struct dockerignore {
	struct dockerignore_pattern *patterns; /* owned */
	int n;
	bool has_exceptions;
};

/* Pure: parses a .dockerignore held in buf. *out is released with
 * dockerignore_release (also after an error). ERR_USAGE for a pattern with
 * an unterminated '[' class. */
int dockerignore_parse(const char *buf, size_t len, struct dockerignore *out,
		       struct error *err);
void dockerignore_release(struct dockerignore *ign);

/* True when relpath ("dir/file", no leading "./") is excluded. */
bool dockerignore_excludes(const struct dockerignore *ign, const char *relpath);

/* Pure: Docker's glob match of a whole path (exported for tests). */
bool dockerignore_glob_match(const char *glob, const char *path);

#endif
