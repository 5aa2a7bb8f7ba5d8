/* The option parser behind every command's table. */
#include "cli/opts.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void opt_list_release(struct opt_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* The row for "--name" (len bytes of it) or, when name is NULL, for "-c",
 * looked for in included groups too; *off gets where its value goes,
 * counted from the struct that base is the offset of. */
static const struct opt *find(const struct opt *opts, size_t base, const char *name,
			      size_t len, char c, size_t *off)
{
	for (const struct opt *o = opts; o->type != OPT_END; o++) {
		if (o->type == OPT_INCLUDE) {
			const struct opt *in =
				find(o->include, base + o->offset, name, len, c, off);
			if (in)
				return in;
			continue;
		}
		bool hit = name ? o->long_name && strlen(o->long_name) == len &&
					   strncmp(o->long_name, name, len) == 0
				: o->short_name == c;
		if (hit) {
			*off = base + o->offset;
			return o;
		}
	}
	return NULL;
}

static void opt_label(const struct opt *o, char *buf, size_t n)
{
	if (o->long_name)
		snprintf(buf, n, "--%s", o->long_name);
	else
		snprintf(buf, n, "-%c", o->short_name);
}

static int store(const char *cmd, const struct opt *o, void *dest, const char *val,
		 struct error *err)
{
	char label[64];
	opt_label(o, label, sizeof(label));
	switch (o->type) {
	case OPT_FLAG:
		*(bool *)dest = true;
		return 0;
	case OPT_STRING:
		*(const char **)dest = val;
		return 0;
	case OPT_INT: {
		char *end;
		errno = 0;
		long v = strtol(val, &end, 10);
		if (end == val || *end != '\0' || errno == ERANGE)
			return error_set(err, ERR_USAGE,
					 "%s takes a whole number, not '%s' (see "
					 "'flink-cmd %s --help')",
					 label, val, cmd);
		*(long *)dest = v;
		return 0;
	}
	case OPT_LIST: {
		struct opt_list *l = dest;
		l->items = xrealloc(l->items, sizeof(*l->items) * (size_t)(l->n + 1));
		l->items[l->n++] = val;
		return 0;
	}
	case OPT_END:
	case OPT_INCLUDE:
		break;
	}
	return 0;
}

/* Finds the row for the option word a ("--x", "--x=v", "-x" or "-xv"):
 * *val gets an attached value, if any. */
static int lookup(const char *cmd, const struct opt *opts, const char *a,
		  const struct opt **row, size_t *off, const char **val,
		  struct error *err)
{
	const struct opt *o;
	if (a[1] == '-') {
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		o = find(opts, 0, name, len, 0, off);
		if (!o)
			return error_set(err, ERR_USAGE,
					 "unknown option '--%.*s' (see "
					 "'flink-cmd %s --help')",
					 (int)len, name, cmd);
		if (eq) {
			if (o->type == OPT_FLAG)
				return error_set(err, ERR_USAGE,
						 "--%s takes no value (see "
						 "'flink-cmd %s --help')",
						 o->long_name, cmd);
			*val = eq + 1;
		}
	} else {
		o = find(opts, 0, NULL, 0, a[1], off);
		if (!o)
			return error_set(err, ERR_USAGE,
					 "unknown option '-%c' (see 'flink-cmd "
					 "%s --help')",
					 a[1], cmd);
		if (a[2] != '\0') {
			if (o->type == OPT_FLAG)
				return error_set(err, ERR_USAGE,
						 "unknown option '%s' (see "
						 "'flink-cmd %s --help')",
						 a, cmd);
			*val = a + 2;
		}
	}
	*row = o;
	return 0;
}

int opts_parse(const char *cmd, const struct opt *opts, void *dest, int argc, char **argv,
	       const char **pos, int *npos, struct error *err)
{
	*npos = 0;
	bool only_pos = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (*npos >= OPTS_MAX_POS)
				return error_set(
					err, ERR_USAGE,
					"too many arguments for '%s' (at most %d)", cmd,
					OPTS_MAX_POS);
			pos[(*npos)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		const struct opt *o = NULL;
		const char *val = NULL;
		size_t off = 0;
		int rc = lookup(cmd, opts, a, &o, &off, &val, err);
		if (rc < 0)
			return rc;
		if (o->type != OPT_FLAG && !val) {
			if (i + 1 >= argc) {
				char label[64];
				opt_label(o, label, sizeof(label));
				return error_set(
					err, ERR_USAGE,
					"%s needs a value (see 'flink-cmd %s --help')",
					label, cmd);
			}
			val = argv[++i];
		}
		rc = store(cmd, o, (char *)dest + off, val, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void opts_release(const struct opt *opts, void *dest)
{
	for (const struct opt *o = opts; o->type != OPT_END; o++) {
		if (o->type == OPT_INCLUDE)
			opts_release(o->include, (char *)dest + o->offset);
		else if (o->type == OPT_LIST)
			opt_list_release((struct opt_list *)((char *)dest + o->offset));
	}
}

static void usage_rows(FILE *out, const struct opt *opts)
{
	for (const struct opt *o = opts; o->type != OPT_END; o++) {
		if (o->type == OPT_INCLUDE) {
			usage_rows(out, o->include);
			continue;
		}
		char left[80];
		int n = 0;
		if (o->short_name && o->long_name)
			n = snprintf(left, sizeof(left), "-%c, --%s", o->short_name,
				     o->long_name);
		else if (o->long_name)
			n = snprintf(left, sizeof(left), "    --%s", o->long_name);
		else
			n = snprintf(left, sizeof(left), "-%c", o->short_name);
		if (o->arg_name && n > 0 && (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - (size_t)n, " %s", o->arg_name);
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
}

void opts_usage(FILE *out, const struct opt *opts)
{
	fprintf(out, "Options:\n");
	usage_rows(out, opts);
}
