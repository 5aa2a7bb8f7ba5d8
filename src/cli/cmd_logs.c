/* `flink-cmd logs [jobmanager|taskmanager-K|all]`: the containers' stdout and
 * stderr, demultiplexed from the Engine's frames. With several containers
 * every line is prefixed by its container's name; with -f each container is
 * followed on its own thread and whole lines are written under one lock, so
 * lines never interleave mid-way. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cluster/inventory.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage[] =
	"usage: flink-cmd logs [jobmanager|taskmanager-K|all]... [--name NAME] [-f]\n"
	"                      [--tail N] [-t]\n"
	"\n"
	"Shows the containers' stdout and stderr (stderr on stderr). Without a\n"
	"member, all of them: each line is then prefixed by its container's name.\n"
	"With -f, follows until the containers stop or Ctrl-C.\n"
	"\n";

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

struct log_target {
	const char *container;    /* borrowed from the inventory */
	const char *prefix;       /* "NAME | " or "" */
	struct strbuf partial[3]; /* an unfinished line per stream */
	struct member_logs_opts opts;
	struct cluster_engine *engine;
	struct error err;
	int rc;
};

static void write_line(const struct log_target *t, enum member_stream s, const char *line,
		       size_t len)
{
	FILE *f = s == MEMBER_STDERR ? stderr : stdout;
	pthread_mutex_lock(&out_lock);
	fputs(t->prefix, f);
	fwrite(line, 1, len, f);
	if (len == 0 || line[len - 1] != '\n')
		fputc('\n', f);
	fflush(f);
	pthread_mutex_unlock(&out_lock);
}

static int on_log(void *arg, enum member_stream s, const char *data, size_t len,
		  struct error *err)
{
	(void)err;
	struct log_target *t = arg;
	struct strbuf *p = &t->partial[s];
	while (len > 0) {
		const char *nl = memchr(data, '\n', len);
		size_t take = nl ? (size_t)(nl - data) + 1 : len;
		if (!nl) {
			/* a line longer than the buffer is written in pieces */
			if (strbuf_add(p, data, take) < 0) {
				write_line(t, s, p->buf, p->len);
				strbuf_reset(p);
				strbuf_add(p, data, take);
			}
		} else if (p->len > 0) {
			strbuf_add(p, data, take);
			write_line(t, s, p->buf, p->len);
			strbuf_reset(p);
		} else {
			write_line(t, s, data, take);
		}
		data += take;
		len -= take;
	}
	return 0;
}

static void *follow_target(void *arg)
{
	struct log_target *t = arg;
	t->rc = cluster_engine_member_logs(t->engine, t->container, &t->opts, on_log, t,
					   &t->err);
	for (int s = 0; s < 3; s++)
		if (t->partial[s].len > 0)
			write_line(t, (enum member_stream)s, t->partial[s].buf,
				   t->partial[s].len);
	return NULL;
}

/* Picks the containers named by the positionals ("jobmanager",
 * "taskmanager-2", "all", or a full container name). */
static int select_targets(const struct cluster_inventory *inv, const char *cluster,
			  const char *const *pos, int npos, bool *chosen,
			  struct error *err)
{
	if (npos == 0) {
		for (int i = 0; i < inv->n_members; i++)
			chosen[i] = true;
		return 0;
	}
	for (int p = 0; p < npos; p++) {
		bool found = false;
		for (int i = 0; i < inv->n_members; i++) {
			const char *ct = inv->members[i].name;
			size_t cl = strlen(cluster);
			bool short_match = strncmp(ct, cluster, cl) == 0 &&
					   ct[cl] == '-' &&
					   strcmp(ct + cl + 1, pos[p]) == 0;
			if (strcmp(pos[p], "all") == 0 || short_match ||
			    strcmp(ct, pos[p]) == 0) {
				chosen[i] = true;
				found = true;
			}
		}
		if (!found)
			return error_set(
				err, ERR_USAGE,
				"cluster '%s' has no member '%s' (try 'jobmanager', "
				"'taskmanager-1' or 'all'; 'flink-cmd status' lists "
				"them)",
				cluster, pos[p]);
	}
	return 0;
}

struct logs_opts {
	bool follow;
	long tail;
	bool timestamps;
};

#define LOGS(field) offsetof(struct logs_opts, field)

static const struct opt logs_opts[] = {
	{"follow", 'f', OPT_FLAG, LOGS(follow), NULL,
	 .help = "keep streaming new output"},
	{"tail", 0, OPT_INT, LOGS(tail), "N",
	 .help = "only the last N lines of each container"},
	{"timestamps", 't', OPT_FLAG, LOGS(timestamps), NULL,
	 .help = "prefix the Engine's timestamps"},
	{0},
};

static const struct logs_opts defaults = {.tail = -1};

static int logs_check(const struct cli_args *a, void *opts, struct error *err)
{
	(void)a;
	const struct logs_opts *o = opts;
	if (o->tail < -1 || o->tail > 1000000)
		return error_set(err, ERR_USAGE,
				 "--tail must be a number of lines from 0 to 1000000");
	return 0;
}

/* The n chosen containers as targets (owned, with their prefixes in
 * *prefixes, owned): release_targets frees both. */
static struct log_target *make_targets(const struct cluster_inventory *inv,
				       const bool *chosen, int n,
				       const struct logs_opts *o, struct ctx *ctx,
				       char ***prefixes)
{
	struct log_target *targets = xcalloc((size_t)n, sizeof(*targets));
	*prefixes = xcalloc((size_t)n, sizeof(**prefixes));
	int k = 0;
	for (int i = 0; i < inv->n_members; i++) {
		if (!chosen[i])
			continue;
		struct log_target *t = &targets[k];
		t->container = inv->members[i].name;
		(*prefixes)[k] = n > 1 ? xasprintf("%s | ", t->container) : xstrdup("");
		t->prefix = (*prefixes)[k];
		for (int s = 0; s < 3; s++)
			strbuf_init(&t->partial[s], 1 << 16);
		t->opts = (struct member_logs_opts){.follow = o->follow,
						    .tail = (int)o->tail,
						    .timestamps = o->timestamps,
						    .cancel = ctx->cancel};
		t->engine = ctx->engine;
		error_init(&t->err);
		k++;
	}
	return targets;
}

static void release_targets(struct log_target *targets, char **prefixes, int n)
{
	for (int i = 0; i < n; i++) {
		for (int s = 0; s < 3; s++)
			strbuf_release(&targets[i].partial[s]);
		free(prefixes[i]);
	}
	free(prefixes);
	free(targets);
}

/* Reads every target's logs; returns the exit status. */
static int show_logs(struct log_target *targets, int n, bool follow, struct ctx *ctx)
{
	if (follow && n > 1) {
		pthread_t *threads = xcalloc((size_t)n, sizeof(*threads));
		for (int i = 0; i < n; i++)
			if (pthread_create(&threads[i], NULL, follow_target,
					   &targets[i]) != 0)
				follow_target(&targets[i]);
		for (int i = 0; i < n; i++)
			if (threads[i])
				pthread_join(threads[i], NULL);
		free(threads);
	} else {
		/* one container after another reads better than interleaved lines */
		for (int i = 0; i < n; i++)
			follow_target(&targets[i]);
	}
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++)
		if (targets[i].rc < 0 && targets[i].rc != ERR_INTERRUPTED)
			rc = cli_fail(&targets[i].err);
	if (rc == 0 && cancel_requested(ctx->cancel))
		rc = 130;
	return rc;
}

static int logs_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	const struct logs_opts *o = opts;
	const char *name = a->name;
	struct error err;
	error_init(&err);
	struct cluster_inventory inv;
	if (cluster_engine_inventory(ctx->engine, name, &inv, &err) < 0)
		return cli_fail(&err);
	int rc = 0;
	if (inv.n_members == 0) {
		error_set(&err, ERR_USAGE,
			  "there is no cluster '%s' (see 'flink-cmd status')", name);
		rc = cli_fail(&err);
		cluster_inventory_release(&inv);
		return rc;
	}
	bool *chosen = xcalloc((size_t)inv.n_members, sizeof(*chosen));
	if (select_targets(&inv, name, a->pos, a->npos, chosen, &err) < 0) {
		rc = cli_fail(&err);
	} else {
		int n = 0;
		for (int i = 0; i < inv.n_members; i++)
			n += chosen[i];
		char **prefixes;
		struct log_target *targets =
			make_targets(&inv, chosen, n, o, ctx, &prefixes);
		rc = show_logs(targets, n, o->follow, ctx);
		release_targets(targets, prefixes, n);
	}
	free(chosen);
	cluster_inventory_release(&inv);
	return rc;
}

/* the positionals are members: jobmanager, taskmanager-K, all */
const struct cli_spec cmd_logs_spec = {
	.name = "logs",
	.usage = usage,
	.takes = CLI_TAKES_NAME,
	.opts = logs_opts,
	.size = sizeof(struct logs_opts),
	.defaults = &defaults,
	.pos = {0, -1, NULL},
	.check = logs_check,
	.run = logs_run,
};
