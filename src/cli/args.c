/* The shared preamble of every command: one table of the shared options
 * around the command's own, parsed in one pass into struct cli_args and the
 * command's options struct behind it. Reads argv only; prints nothing but
 * the usage it is asked for. */
#include "cli/args.h"

#include <stdlib.h>
#include <string.h>

#include "cluster/defaults.h"
#include "util/xalloc.h"

#define ARG(field) offsetof(struct cli_args, field)

static const struct opt name_row = {.long_name = "name",
				    .type = OPT_STRING,
				    .offset = ARG(name),
				    .arg_name = "NAME",
				    .help = "cluster name (default: flink)"};
static const struct opt output_row = {.long_name = "output",
				      .short_name = 'o',
				      .type = OPT_STRING,
				      .offset = ARG(output),
				      .arg_name = "FORMAT",
				      .help = CLI_OUTPUT_HELP};
static const struct opt help_row = {.long_name = "help",
				    .short_name = 'h',
				    .type = OPT_FLAG,
				    .offset = ARG(help),
				    .help = "show this help"};

/* The command's whole table: --name first, its own rows, then -q, -o and
 * -h, the order every command's --help has always shown. rows has room for
 * 6. */
static void spec_table(const struct cli_spec *spec, struct opt *rows)
{
	int k = 0;
	if (spec->takes & CLI_TAKES_NAME)
		rows[k++] = name_row;
	if (spec->opts)
		rows[k++] = (struct opt)OPT_GROUP(spec->opts, ARG(opts));
	if (spec->quiet_help)
		rows[k++] = (struct opt){.long_name = "quiet",
					 .short_name = 'q',
					 .type = OPT_FLAG,
					 .offset = ARG(quiet),
					 .help = spec->quiet_help};
	if (spec->takes & CLI_TAKES_OUTPUT)
		rows[k++] = output_row;
	rows[k++] = help_row;
	rows[k] = (struct opt){0};
}

int cli_output_json(const char *value, bool *json, struct error *err)
{
	if (!value || strcmp(value, "text") == 0) {
		*json = false;
		return 0;
	}
	if (strcmp(value, "json") == 0) {
		*json = true;
		return 0;
	}
	return error_set(err, ERR_USAGE, "-o takes 'text' or 'json', not '%s'", value);
}

static int check_pos(struct cli_args *a, struct error *err)
{
	const struct cli_pos *p = &a->spec->pos;
	if (a->npos < p->min || (p->max >= 0 && a->npos > p->max))
		return error_set(err, ERR_USAGE, p->msg, a->npos ? a->pos[0] : "");
	if ((a->spec->takes & CLI_NAME_POS) && a->npos == 1)
		a->name = a->pos[0];
	return 0;
}

int cli_args_parse(const struct cli_spec *spec, int argc, char **argv,
		   struct cli_args **out, struct error *err)
{
	struct cli_args *a = xcalloc(1, sizeof(*a) + spec->size);
	a->spec = spec;
	a->name = FLINKCMD_DEFAULT_CLUSTER;
	if (spec->defaults)
		memcpy(a->opts, spec->defaults, spec->size);
	struct opt rows[6];
	spec_table(spec, rows);
	int rc = opts_parse(spec->name, rows, a, argc, argv, a->pos, &a->npos, err);
	if (rc == 0)
		rc = cli_output_json(a->output, &a->json, err);
	if (rc == 0 && !a->help)
		rc = check_pos(a, err);
	if (rc == 0 && !a->help && spec->check) {
		a->checked = true;
		rc = spec->check(a, a->opts, err);
	}
	if (rc < 0) {
		cli_args_free(a);
		a = NULL;
	}
	*out = a;
	return rc;
}

void cli_args_free(struct cli_args *a)
{
	if (!a)
		return;
	if (a->checked && a->spec->release)
		a->spec->release(a->opts);
	if (a->spec->opts)
		opts_release(a->spec->opts, a->opts);
	free(a);
}

void cli_usage(const struct cli_spec *spec, FILE *out)
{
	struct opt rows[6];
	spec_table(spec, rows);
	fputs(spec->usage, out);
	opts_usage(out, rows);
}
