/* The .dockerignore reader and matcher. A pattern is compiled once into a
 * few tokens and matched by stepping a set of states over the path (a small
 * NFA), so a match costs path length times pattern length whatever the
 * stars, where a backtracking glob can take exponential time. The meaning is
 * Docker's, which translates patterns to Go regular expressions: '*' is
 * "[^/]*", '?' is "[^/]", a class is passed through, '**' is "(.*\/)?". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archive/dockerignore.h"
#include "util/xalloc.h"

enum tok_kind {
	TOK_LIT,   /* one character */
	TOK_ANY,   /* '?': one character but '/' */
	TOK_CLASS, /* '[...]': one character, '/' included, as in Docker's regexp */
	TOK_STAR,  /* '*': any run of characters but '/' */
	TOK_DSTAR, /* '**' inside a pattern: nothing, or anything ending in '/' */
	TOK_ALL,   /* '**' at the end: anything */
};

struct dockerignore_tok {
	enum tok_kind kind;
	uint32_t rune; /* TOK_LIT */
	size_t cls;    /* TOK_CLASS: offset in the glob just after its '[' */
};

/* Decodes one character of s (n > 0 bytes). A byte that does not start a
 * valid UTF-8 sequence stands for itself as 0xDC00 + byte, which no valid
 * sequence decodes to, so literal bytes still compare equal. Returns the
 * number of bytes read. */
static size_t next_rune(const char *s, size_t n, uint32_t *r)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t v, min;
	size_t len;
	if (u[0] < 0x80) {
		*r = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2, v = u[0] & 0x1Fu, min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		len = 3, v = u[0] & 0x0Fu, min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4, v = u[0] & 0x07u, min = 0x10000;
	} else {
		goto bad;
	}
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (u[i] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*r = v;
	return len;
bad:
	*r = 0xDC00u | u[0];
	return 1;
}

static bool rune_invalid(uint32_t r)
{
	return r >= 0xDC80 && r <= 0xDCFF;
}

/* One character of a class as Go's filepath.Match reads it (getEsc): not an
 * unescaped '-' or ']', '\' escapes, valid UTF-8, and something follows. */
static const char *class_char(const char *p, const char *end, uint32_t *r,
			      const char **why)
{
	if (p < end && (*p == '-' || *p == ']')) {
		*why = "its '[...]' class is empty or holds a bare '-' or ']' (escape "
		       "them as '\\-' and '\\]')";
		return NULL;
	}
	if (p < end && *p == '\\')
		p++;
	if (p == end)
		goto unclosed;
	p += next_rune(p, (size_t)(end - p), r);
	if (rune_invalid(*r)) {
		*why = "its '[...]' class holds bytes that are not UTF-8";
		return NULL;
	}
	if (p < end)
		return p;
unclosed:
	*why = "its '[' is never closed by ']' (write '\\[' for a literal '[')";
	return NULL;
}

/* Reads the class whose '[' is just before p. Returns the position after its
 * ']' and sets *hit to whether r is in it, or NULL with *why when the class
 * is malformed. */
static const char *class_scan(const char *p, const char *end, uint32_t r, bool *hit,
			      const char **why)
{
	bool negated = false, in = false;
	if (p < end && *p == '^') {
		negated = true;
		p++;
	}
	for (int nrange = 0;; nrange++) {
		if (p < end && *p == ']' && nrange > 0) {
			*hit = in != negated;
			return p + 1;
		}
		uint32_t lo, hi;
		if (!(p = class_char(p, end, &lo, why)))
			return NULL;
		hi = lo;
		if (*p == '-' && !(p = class_char(p + 1, end, &hi, why)))
			return NULL;
		if (hi < lo) {
			/* filepath.Match accepts it, but Go's regexp, which does
			 * the matching, refuses it: Docker fails the build */
			*why = "its '[...]' class has a range that runs backwards";
			return NULL;
		}
		if (lo <= r && r <= hi)
			in = true;
	}
}

/* Compiles a cleaned pattern as Docker's Pattern.compile reads it. Returns
 * 0, or -1 with *why. */
static int compile(struct dockerignore_pattern *pat, const char **why)
{
	const char *glob = pat->glob, *p = glob, *end = glob + strlen(glob);
	/* at most one token per byte */
	struct dockerignore_tok *t = xcalloc((size_t)(end - glob) + 1, sizeof(*t));
	int n = 0;
	enum { PLAIN, SUFFIX, WILD } type = PLAIN;
	for (int i = 0; p < end; i++) {
		if (p[0] == '*' && p + 1 < end && p[1] == '*') {
			p += 2;
			if (p < end && *p == '/')
				p++;
			t[n++].kind = p == end ? TOK_ALL : TOK_DSTAR;
			/* Docker tests a leading '**' followed by plain text with
			 * strings.HasSuffix: "**foo" then matches "xfoo" too */
			type = i == 0 ? SUFFIX : WILD;
		} else if (*p == '*' || *p == '?') {
			t[n++].kind = *p == '*' ? TOK_STAR : TOK_ANY;
			p++;
			type = WILD;
		} else if (*p == '[') {
			bool hit;
			const char *q = class_scan(p + 1, end, 0, &hit, why);
			if (!q) {
				free(t);
				return -1;
			}
			t[n].kind = TOK_CLASS;
			t[n++].cls = (size_t)(p + 1 - glob);
			p = q;
			type = WILD;
		} else {
			if (*p == '\\') {
				if (++p == end) {
					*why = "it ends in a lone '\\'";
					free(t);
					return -1;
				}
				type = WILD;
			} else if (*p == ']') {
				type = WILD;
			}
			t[n].kind = TOK_LIT;
			p += next_rune(p, (size_t)(end - p), &t[n++].rune);
		}
	}
	pat->toks = t;
	pat->ntoks = n;
	pat->suffix = type == SUFFIX;
	return 0;
}

/* Adds the states reachable without reading: past a star, into a '**'.
 * States 0..n are "before token i" (n: matched); n+1+i is "inside the
 * (.*\/) of the '**' token i". Every move goes forward, so one pass does. */
static void closure(const struct dockerignore_tok *t, int n, unsigned char *s)
{
	for (int i = 0; i < n; i++) {
		if (!s[i] || t[i].kind < TOK_STAR)
			continue;
		s[i + 1] = 1;
		if (t[i].kind == TOK_DSTAR)
			s[n + 1 + i] = 1;
	}
}

/* Matches the whole of s[0..len) against pat; with below, answers instead
 * whether s is a proper prefix of something pat could match. */
static bool run(const struct dockerignore_pattern *pat, const char *s, size_t len,
		bool below)
{
	if (pat->suffix) {
		if (below)
			return true;
		const char *tail = pat->glob + 2;
		size_t tl = strlen(tail);
		return (len >= tl && memcmp(s + len - tl, tail, tl) == 0) ||
		       (tl > 0 && tail[0] == '/' && len == tl - 1 &&
			memcmp(s, tail + 1, len) == 0);
	}
	const struct dockerignore_tok *t = pat->toks;
	const char *end = pat->glob + strlen(pat->glob);
	int n = pat->ntoks;
	size_t m = 2 * (size_t)(n + 1);
	unsigned char small[512];
	unsigned char *base = 2 * m <= sizeof(small) ? small : xmalloc(2 * m);
	unsigned char *cur = base, *next = base + m;
	memset(cur, 0, m);
	cur[0] = 1;
	closure(t, n, cur);
	bool alive = true;
	for (size_t i = 0; i < len && alive;) {
		uint32_t r;
		bool hit = false;
		const char *why;
		i += next_rune(s + i, len - i, &r);
		memset(next, 0, m);
		alive = false;
		for (int k = 0; k < n; k++) {
			int to = -1;
			if (cur[k]) {
				switch (t[k].kind) {
				case TOK_LIT:
					to = r == t[k].rune ? k + 1 : -1;
					break;
				case TOK_ANY:
					to = r != '/' ? k + 1 : -1;
					break;
				case TOK_CLASS:
					class_scan(pat->glob + t[k].cls, end, r, &hit,
						   &why);
					to = hit ? k + 1 : -1;
					break;
				case TOK_STAR:
					to = r != '/' ? k : -1;
					break;
				case TOK_ALL:
					to = k;
					break;
				case TOK_DSTAR:
					break;
				}
			}
			if (to >= 0)
				next[to] = 1, alive = true;
			if (t[k].kind == TOK_DSTAR && cur[n + 1 + k]) {
				next[n + 1 + k] = 1, alive = true;
				if (r == '/')
					next[k + 1] = 1;
			}
		}
		closure(t, n, next);
		unsigned char *swap = cur;
		cur = next;
		next = swap;
	}
	bool ok = false;
	if (alive && below) {
		/* a state still waiting for input: something longer can match */
		for (size_t k = 0; k < m && !ok; k++)
			ok = k != (size_t)n && cur[k];
	} else if (alive) {
		ok = cur[n];
	}
	if (base != small)
		free(base);
	return ok;
}

bool dockerignore_glob_match(const char *glob, const char *path)
{
	struct dockerignore_pattern pat = {.glob = (char *)glob};
	const char *why;
	if (compile(&pat, &why) < 0)
		return false;
	bool ok = run(&pat, path, strlen(path), false);
	free(pat.toks);
	return ok;
}

char *dockerignore_clean_path(const char *path)
{
	size_t n = strlen(path);
	bool rooted = n > 0 && path[0] == '/';
	char *out = xmalloc(n + 2);
	size_t w = 0, r = 0, dotdot = 0;
	if (rooted) {
		out[w++] = '/';
		r = dotdot = 1;
	}
	while (r < n) {
		if (path[r] == '/') {
			r++;
		} else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
			r++;
		} else if (path[r] == '.' && path[r + 1] == '.' &&
			   (r + 2 == n || path[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				/* a relative path keeps the '..' that leave it */
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if (w != (rooted ? 1u : 0u))
				out[w++] = '/';
			while (r < n && path[r] != '/')
				out[w++] = path[r++];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

/* Go's unicode.IsSpace, which strings.TrimSpace uses. */
static bool is_space_rune(uint32_t r)
{
	return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0 ||
	       r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 ||
	       r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000;
}

/* strings.TrimSpace on line[0..*n): returns the new start. */
static const char *trim_space(const char *line, size_t *n)
{
	uint32_t r;
	size_t k;
	while (*n > 0) {
		k = next_rune(line, *n, &r);
		if (!is_space_rune(r))
			break;
		line += k;
		*n -= k;
	}
	for (;;) {
		size_t cut = 0;
		for (k = 1; k <= 3 && k <= *n && !cut; k++)
			if (next_rune(line + *n - k, k, &r) == k && is_space_rune(r))
				cut = k;
		if (!cut)
			return line;
		*n -= cut;
	}
}

static bool never_matches(const char *glob)
{
	/* paths in the context are relative and cleaned: never ".", "/" or
	 * above the root */
	return strcmp(glob, ".") == 0 || strcmp(glob, "/") == 0 ||
	       strcmp(glob, "..") == 0 || strncmp(glob, "../", 3) == 0;
}

int dockerignore_parse(const char *buf, size_t len, struct dockerignore *out,
		       struct error *err)
{
	memset(out, 0, sizeof(*out));
	size_t off = 0;
	int lineno = 0, alloc = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		off = 3; /* a UTF-8 byte order mark */
	while (off < len) {
		const char *line = buf + off;
		const char *nl = memchr(line, '\n', len - off);
		size_t n = nl ? (size_t)(nl - line) : len - off;
		off += n + (nl ? 1 : 0);
		lineno++;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		/* Docker looks for '#' before trimming: "  #x" is a pattern */
		if (n > 0 && line[0] == '#')
			continue;
		line = trim_space(line, &n);
		if (n == 0)
			continue;
		bool exception = line[0] == '!';
		if (exception) {
			line++;
			n--;
			line = trim_space(line, &n);
		}
		if (exception && n == 0)
			return error_set(
				err, ERR_USAGE,
				".dockerignore, line %d: '!' needs a pattern after it",
				lineno);
		if (memchr(line, '\0', n))
			continue; /* no path holds a NUL: the line cannot match */
		char *raw = xstrndup(line, n);
		char *glob = dockerignore_clean_path(raw);
		free(raw);
		if (glob[0] == '/' && glob[1] != '\0')
			memmove(glob, glob + 1, strlen(glob));
		if (exception && strcmp(glob, "/") == 0) {
			free(glob);
			return error_set(
				err, ERR_USAGE,
				".dockerignore, line %d: '!/' excludes nothing from "
				"nothing (remove the line)",
				lineno);
		}
		struct dockerignore_pattern pat = {.glob = glob, .exception = exception};
		const char *why = NULL;
		if (compile(&pat, &why) < 0) {
			int rc = error_set(
				err, ERR_USAGE,
				".dockerignore, line %d: the pattern '%s' is not "
				"valid: %s",
				lineno, glob, why);
			free(glob);
			return rc;
		}
		if (never_matches(glob)) {
			free(pat.toks);
			free(glob);
			continue;
		}
		if (out->n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			out->patterns = xrealloc(out->patterns,
						 sizeof(*out->patterns) * (size_t)alloc);
		}
		out->patterns[out->n++] = pat;
		out->has_exceptions |= exception;
	}
	return 0;
}

void dockerignore_release(struct dockerignore *ign)
{
	for (int i = 0; i < ign->n; i++) {
		free(ign->patterns[i].glob);
		free(ign->patterns[i].toks);
	}
	free(ign->patterns);
	memset(ign, 0, sizeof(*ign));
}

/* The pattern matches path or one of its parent directories. */
static bool matches_or_parent(const struct dockerignore_pattern *pat, const char *path,
			      size_t len)
{
	if (run(pat, path, len, false))
		return true;
	for (size_t i = 0; i < len; i++)
		if (path[i] == '/' && run(pat, path, i, false))
			return true;
	return false;
}

bool dockerignore_excludes(const struct dockerignore *ign, const char *relpath)
{
	size_t len = strlen(relpath);
	bool excluded = false;
	for (int i = 0; i < ign->n; i++) {
		const struct dockerignore_pattern *pat = &ign->patterns[i];
		/* the last match wins: a line that cannot change the answer
		 * need not be tried (Docker skips them the same way) */
		if (pat->exception != excluded)
			continue;
		if (matches_or_parent(pat, relpath, len))
			excluded = !pat->exception;
	}
	return excluded;
}

bool dockerignore_may_include_below(const struct dockerignore *ign, const char *dirpath)
{
	if (!ign->has_exceptions)
		return false;
	char *dir = xasprintf("%s/", dirpath);
	size_t len = strlen(dir);
	bool yes = false;
	for (int i = 0; i < ign->n && !yes; i++)
		if (ign->patterns[i].exception)
			yes = run(&ign->patterns[i], dir, len, true);
	free(dir);
	return yes;
}
