/* The .dockerignore matcher. Patterns are matched by a small backtracking
 * matcher rather than translated to regular expressions: '*' stays within a
 * path element, '**' crosses them (as '(.*\/)?' does in Docker's own
 * translation). Patterns are short, so backtracking is cheap. */
#include <stdlib.h>
#include <string.h>

#include "archive/dockerignore.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Matches one class "[...]" at *pp against c; advances *pp past it. Returns
 * -1 for a malformed class. */
static int match_class(const char **pp, char c)
{
	const char *p = *pp + 1;
	bool negate = false, hit = false;
	if (*p == '^' || *p == '!') {
		negate = true;
		p++;
	}
	bool first = true;
	while (*p && (*p != ']' || first)) {
		first = false;
		char lo = *p;
		if (lo == '\\' && p[1])
			lo = *++p;
		char hi = lo;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			p += 2;
			hi = *p;
			if (hi == '\\' && p[1])
				hi = *++p;
		}
		if (c >= lo && c <= hi)
			hit = true;
		p++;
	}
	if (*p != ']')
		return -1;
	*pp = p + 1;
	return hit != negate;
}

static bool match_from(const char *p, const char *s, int depth)
{
	if (depth > 64)
		return false; /* absurd patterns: refuse rather than recurse forever */
	for (;;) {
		if (*p == '\0')
			return *s == '\0';
		if (p[0] == '*' && p[1] == '*') {
			while (*p == '*')
				p++;
			if (*p == '/')
				p++;
			if (*p == '\0')
				return true;
			if (match_from(p, s, depth + 1))
				return true;
			for (const char *q = s; *q; q++)
				if (*q == '/' && match_from(p, q + 1, depth + 1))
					return true;
			return false;
		}
		if (*p == '*') {
			p++;
			for (const char *q = s;; q++) {
				if (match_from(p, q, depth + 1))
					return true;
				if (*q == '\0' || *q == '/')
					return false;
			}
		}
		if (*s == '\0')
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
		} else if (*p == '[') {
			if (*s == '/')
				return false;
			int r = match_class(&p, *s);
			if (r <= 0)
				return false;
			s++;
			continue;
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != *s)
				return false;
		}
		p++;
		s++;
	}
}

bool dockerignore_glob_match(const char *glob, const char *path)
{
	return match_from(glob, path, 0);
}

/* filepath.Clean for '/'-separated relative patterns: no empty, "." or
 * leading elements; ".." removes the element before it. */
static char *clean_path(const char *in)
{
	struct strbuf out;
	strbuf_init(&out, 0);
	const char *p = in;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(out.buf, '/');
			size_t keep = slash ? (size_t)(slash - out.buf) : 0;
			out.len = keep;
			out.buf[keep] = '\0';
		} else {
			if (out.len)
				strbuf_addch(&out, '/');
			strbuf_add(&out, p, n);
		}
		p = e;
	}
	return strbuf_detach(&out, NULL);
}

static bool class_ok(const char *glob)
{
	for (const char *p = glob; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			const char *q = p;
			if (match_class(&q, 'a') < 0)
				return false;
			p = q - 1;
		}
	}
	return true;
}

int dockerignore_parse(const char *buf, size_t len, struct dockerignore *out,
		       struct error *err)
{
	memset(out, 0, sizeof(*out));
	size_t off = 0;
	int lineno = 0;
	while (off < len) {
		const char *line = buf + off;
		const char *nl = memchr(line, '\n', len - off);
		size_t n = nl ? (size_t)(nl - line) : len - off;
		off += n + (nl ? 1 : 0);
		lineno++;
		while (n > 0 && strchr(" \t\r\v\f", line[n - 1]) && line[n - 1])
			n--;
		while (n > 0 && strchr(" \t\v\f", line[0]) && line[0]) {
			line++;
			n--;
		}
		if (n == 0 || line[0] == '#')
			continue;
		bool exception = false;
		if (line[0] == '!') {
			exception = true;
			line++;
			n--;
			while (n > 0 && (line[0] == ' ' || line[0] == '\t')) {
				line++;
				n--;
			}
		}
		char *raw = xstrndup(line, n);
		char *glob = clean_path(raw);
		free(raw);
		if (!class_ok(glob)) {
			int rc = error_set(
				err, ERR_USAGE,
				".dockerignore line %d: '%s' has an unterminated '[' "
				"(escape it as '\\[')",
				lineno, glob);
			free(glob);
			return rc;
		}
		if (glob[0] == '\0') {
			free(glob); /* "." or "/" names the whole context: nothing to
				       match */
			continue;
		}
		out->patterns = xrealloc(out->patterns,
					 sizeof(*out->patterns) * (size_t)(out->n + 1));
		out->patterns[out->n++] = (struct dockerignore_pattern){glob, exception};
		out->has_exceptions |= exception;
	}
	return 0;
}

void dockerignore_release(struct dockerignore *ign)
{
	for (int i = 0; i < ign->n; i++)
		free(ign->patterns[i].glob);
	free(ign->patterns);
	memset(ign, 0, sizeof(*ign));
}

/* The pattern matches path or one of its parent directories. */
static bool matches_or_parent(const char *glob, const char *path)
{
	if (dockerignore_glob_match(glob, path))
		return true;
	size_t n = strlen(path);
	char *prefix = xstrndup(path, n);
	bool hit = false;
	for (size_t i = n; i-- > 0 && !hit;) {
		if (prefix[i] != '/')
			continue;
		prefix[i] = '\0';
		hit = dockerignore_glob_match(glob, prefix);
	}
	free(prefix);
	return hit;
}

bool dockerignore_excludes(const struct dockerignore *ign, const char *relpath)
{
	bool excluded = false;
	for (int i = 0; i < ign->n; i++)
		if (matches_or_parent(ign->patterns[i].glob, relpath))
			excluded = !ign->patterns[i].exception;
	return excluded;
}
