/* The job option group shared by `run` and `up --job`. */
#include "cli/job_opts.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

const struct opt job_opts_args[] = {
	{"arg", 0, OPT_LIST, offsetof(struct job_opts, args), "A",
	 .help = "a program argument, as is (repeatable)"},
	{"param", 0, OPT_LIST, offsetof(struct job_opts, params), "K=V",
	 .help = "given to the job as '--K V' (repeatable)"},
	{0},
};

int job_opts_argv(const struct job_opts *j, struct job_argv *out, struct error *err)
{
	const struct opt_list *args = &j->args, *params = &j->params;
	*out = (struct job_argv){0};
	out->argv = xcalloc((size_t)(args->n + 2 * params->n + 1), sizeof(*out->argv));
	out->owned = xcalloc((size_t)(params->n + 1), sizeof(*out->owned));
	for (int i = 0; i < args->n; i++)
		out->argv[out->argc++] = args->items[i];
	for (int i = 0; i < params->n; i++) {
		const char *p = params->items[i];
		const char *eq = strchr(p, '=');
		if (!eq || eq == p)
			return error_set(err, ERR_USAGE,
					 "--param '%s' is not of the form key=value", p);
		char *key = xasprintf("--%.*s", (int)(eq - p), p);
		out->owned[out->n_owned++] = key;
		out->argv[out->argc++] = key;
		out->argv[out->argc++] = eq + 1;
	}
	return 0;
}

void job_opts_argv_release(struct job_argv *v)
{
	for (int i = 0; i < v->n_owned; i++)
		free(v->owned[i]);
	free(v->owned);
	free(v->argv);
	*v = (struct job_argv){0};
}

const char *job_opts_given(const struct job_opts *j)
{
	return j->entry_class ? "class"
	       : j->args.n    ? "arg"
	       : j->params.n  ? "param"
			      : NULL;
}
