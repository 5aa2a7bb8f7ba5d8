/* `flink-cmd up`: a Flink session cluster on the local Engine, or with --job
 * an application cluster running one job (reactive with --reactive), ready
 * when the command returns; an existing cluster of that name is brought to
 * what was asked. A failure or Ctrl-C removes what this run created. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/observer.h"
#include "cli/job_opts.h"
#include "cluster/defaults.h"
#include "cluster/inventory.h"
#include "cluster/up.h"
#include "cluster/spec.h"
#include "util/json.h"
#include "util/units.h"
#include "util/xalloc.h"

static const char usage[] =
	"usage: flink-cmd up [--name NAME] [-n TASKMANAGERS] [--slots S] [--image IMG]\n"
	"                    [--conf KEY=VALUE]... [--conf-file config.yaml]\n"
	"                    [--tm-memory SIZE] [--jm-memory SIZE] [--port P]\n"
	"                    [--no-wait] [--timeout D] [--ttl D] [--owner-pid PID]\n"
	"                    [--scheduler default|adaptive] [-o text|json]\n"
	"                    [--job JAR [--class C] [--arg A]... [--param K=V]...\n"
	"                     [--checkpoint-period-seconds S] [--reactive]]\n"
	"\n"
	"Starts a JobManager and N TaskManagers on a private network with a data\n"
	"volume for checkpoints and savepoints, and waits until Flink reports N\n"
	"TaskManagers and N*S slots. The REST API is published on 127.0.0.1 (a random\n"
	"port unless --port). Run again to change the TaskManager count or to start\n"
	"what was stopped. --ttl and --owner-pid mark the cluster for 'flink-cmd gc'.\n"
	"\n"
	"--job JAR makes an application cluster: the JobManager runs that one job\n"
	"(Flink's standalone-job, the jar in /opt/flink/usrlib) and up waits until\n"
	"every task runs; a job that cannot start gives Flink's reason and removes\n"
	"the cluster. --class, --arg and --param are as for 'flink-cmd run'. The\n"
	"job's checkpoints (every S seconds, default 10) and savepoints go to\n"
	"/flink-data/jobs/STATE on the volume. Without --reactive the job's default\n"
	"parallelism is N*S. --reactive runs Flink's reactive mode: the job always\n"
	"uses every slot, so 'flink-cmd scale' rescales it (restarting from its\n"
	"latest checkpoint; removing busy TaskManagers needs no --force).\n"
	"\n";

/* -1 when pid names no process we could signal or see */
static int kill_check_pid(long pid)
{
	return kill((pid_t)pid, 0) == 0 || errno == EPERM ? 0 : -1;
}

static void print_json(struct cluster_engine *e, const char *name,
		       const struct cluster_up_result *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "rest_url", r->rest_url ? r->rest_url : "");
	cJSON_AddNumberToObject(o, "taskmanagers", r->taskmanagers);
	cJSON_AddNumberToObject(o, "slots", r->slots);
	cJSON_AddBoolToObject(o, "created", r->created);
	cJSON_AddNumberToObject(o, "seconds", r->seconds);
	cJSON_AddBoolToObject(o, "reactive", r->reactive);
	if (r->job_id.hex[0]) {
		cJSON *job = cJSON_AddObjectToObject(o, "job");
		cJSON_AddStringToObject(job, "id", r->job_id.hex);
		cJSON_AddStringToObject(job, "state", flink_job_state_name(r->job_state));
		cJSON_AddNumberToObject(job, "parallelism", r->job_parallelism);
	}
	cJSON *arr = cJSON_AddArrayToObject(o, "containers");
	struct cluster_inventory inv;
	struct error err;
	error_init(&err);
	if (cluster_engine_inventory(e, name, &inv, &err) == 0) {
		for (int i = 0; i < inv.n_members; i++) {
			cJSON *ct = cJSON_CreateObject();
			cJSON_AddStringToObject(ct, "name", inv.members[i].name);
			cJSON_AddStringToObject(ct, "id", inv.members[i].id);
			const char *role = kvlist_get(&inv.members[i].labels, LABEL_ROLE);
			cJSON_AddStringToObject(ct, "role", role ? role : "");
			cJSON_AddStringToObject(ct, "state", inv.members[i].state_text);
			cJSON_AddItemToArray(arr, ct);
		}
		if (inv.n_networks)
			cJSON_AddStringToObject(o, "network", inv.networks[0].name);
		if (inv.n_volumes)
			cJSON_AddStringToObject(o, "volume", inv.volumes[0].name);
		cluster_inventory_release(&inv);
	}
	cli_print_json(o);
}

struct up_opts {
	const char *image, *conf_file, *tm_mem, *jm_mem, *timeout, *ttl, *scheduler,
		*bind, *job; /* borrowed */
	long n, slots, port, owner;
	bool no_wait, reactive;
	struct opt_list confs;
	struct job_opts jo;       /* the job of --job JAR */
	struct cluster_spec spec; /* made by up_check */
};

#define UP(field) offsetof(struct up_opts, field)

static const struct opt up_opts[] = {
	{"taskmanagers", 'n', OPT_INT, UP(n), "N",
	 .help = "TaskManager containers (default 1)"},
	{"slots", 0, OPT_INT, UP(slots), "S",
	 .help = "task slots per TaskManager (default 1)"},
	{"image", 0, OPT_STRING, UP(image), "IMG",
	 .help = "Flink image (default " FLINKCMD_DEFAULT_IMAGE ")"},
	{"conf", 'c', OPT_LIST, UP(confs), "K=V",
	 .help = "Flink configuration (repeatable; wins over --conf-file)"},
	{"conf-file", 0, OPT_STRING, UP(conf_file), "FILE",
	 .help = "Flink config.yaml to apply"},
	{"tm-memory", 0, OPT_STRING, UP(tm_mem), "SIZE",
	 .help = "TaskManager process size (default 1024m, minimum 900m)"},
	{"jm-memory", 0, OPT_STRING, UP(jm_mem), "SIZE",
	 .help = "JobManager process size (default 1024m, minimum 768m)"},
	{"port", 'p', OPT_INT, UP(port), "P",
	 .help = "host port for the REST API (default: random)"},
	{"bind-address", 0, OPT_STRING, UP(bind), "IP",
	 .help = "host address to publish on (default 127.0.0.1)"},
	{"scheduler", 0, OPT_STRING, UP(scheduler), "S",
	 .help = "Flink scheduler: default or adaptive"},
	{"no-wait", 0, OPT_FLAG, UP(no_wait), NULL,
	 .help = "return once the containers run"},
	{"timeout", 0, OPT_STRING, UP(timeout), "D",
	 .help = "how long to wait for Flink (default 180s)"},
	{"ttl", 0, OPT_STRING, UP(ttl), "D",
	 .help = "mark the cluster to expire after D (for gc)"},
	{"owner-pid", 0, OPT_INT, UP(owner), "PID",
	 .help = "mark the cluster to go when PID exits (for gc)"},
	{"job", 0, OPT_STRING, UP(job), "JAR",
	 .help = "run this job in application mode"},
	JOB_OPTS_CLASS(UP(jo), 0,
		       "the job's entry class (default: the jar's Main-Class)"),
	OPT_GROUP(job_opts_args, UP(jo)),
	JOB_OPTS_PERIOD(UP(jo), "the job's checkpoint interval (default 10)"),
	{"reactive", 0, OPT_FLAG, UP(reactive), NULL,
	 .help = "the job uses every slot; scale rescales it"},
	{0},
};

static const struct up_opts defaults = {
	.image = FLINKCMD_DEFAULT_IMAGE, .n = 1, .slots = 1};

/* The spec's plain fields; out-of-range numbers become -1 for
 * cluster_spec_validate to refuse. */
static void fill_spec(const char *name, const struct up_opts *o, struct cluster_spec *s)
{
	s->name = xstrdup(name);
	free(s->image);
	s->image = xstrdup(o->image);
	s->taskmanagers = o->n > 1000000 || o->n < -1000000 ? -1 : (int)o->n;
	s->slots = o->slots > 1000000 || o->slots < -1000000 ? -1 : (int)o->slots;
	s->port = o->port < 0 || o->port > 65535 ? -1 : (int)o->port;
	s->owner_pid = o->owner;
	s->wait = !o->no_wait;
	if (o->bind) {
		free(s->bind_ip);
		s->bind_ip = xstrdup(o->bind);
	}
	if (o->scheduler)
		s->scheduler = xstrdup(o->scheduler);
	if (o->job)
		s->job_jar = xstrdup(o->job);
	s->reactive = o->reactive;
	s->checkpoint_s =
		o->jo.period < 0 || o->jo.period > 1000000 ? -1 : (int)o->jo.period;
}

/* --class, --arg and --param, for the job of --job only */
static int check_job(const struct up_opts *o, struct cluster_spec *s, struct error *err)
{
	const char *given = job_opts_given(&o->jo);
	if (!o->job && given)
		return error_set(err, ERR_USAGE,
				 "--%s is for the job of --job JAR (on a session cluster "
				 "give it to 'flink-cmd run')",
				 given);
	if (o->jo.entry_class)
		s->job_class = xstrdup(o->jo.entry_class);
	struct job_argv v;
	int rc = job_opts_argv(&o->jo, &v, err);
	for (int i = 0; rc == 0 && i < v.argc; i++)
		cluster_spec_add_job_arg(s, v.argv[i]);
	job_opts_argv_release(&v);
	return rc;
}

/* sizes, durations, the owner process and the Flink configuration */
static int check_values(const struct up_opts *o, struct cluster_spec *s,
			struct error *err)
{
	if ((o->tm_mem &&
	     units_parse_size(o->tm_mem, "--tm-memory", &s->tm_memory, err) < 0) ||
	    (o->jm_mem &&
	     units_parse_size(o->jm_mem, "--jm-memory", &s->jm_memory, err) < 0) ||
	    (o->timeout &&
	     units_parse_duration(o->timeout, "--timeout", &s->timeout_ms, err) < 0))
		return err->code;
	if (o->ttl) {
		int64_t ms;
		if (units_parse_duration(o->ttl, "--ttl", &ms, err) < 0)
			return err->code;
		s->ttl_seconds = ms / 1000 > 0 ? ms / 1000 : 1;
	}
	if (o->owner < 0 || (o->owner > 0 && kill_check_pid(o->owner) < 0))
		return error_set(err, ERR_USAGE,
				 "--owner-pid %ld is not a running process", o->owner);
	if (o->conf_file && cluster_spec_add_conf_file(s, o->conf_file, err) < 0)
		return err->code;
	for (int i = 0; i < o->confs.n; i++)
		if (cluster_spec_add_conf(s, o->confs.items[i], err) < 0)
			return err->code;
	return 0;
}

static int up_check(const struct cli_args *a, void *opts, struct error *err)
{
	struct up_opts *o = opts;
	struct cluster_spec *s = &o->spec;
	cluster_spec_init(s);
	fill_spec(a->name, o, s);
	if (check_job(o, s, err) < 0 || check_values(o, s, err) < 0)
		return err->code;
	return cluster_spec_validate(s, err);
}

static void up_release(void *opts)
{
	cluster_spec_release(&((struct up_opts *)opts)->spec);
}

static void print_text(const struct cluster_spec *s, const struct cluster_up_result *res)
{
	if (res->job_state == FLINK_JOB_FINISHED) {
		printf("cluster '%s': the job %s%sfinished and Flink ended the "
		       "JobManager (%.1fs)\n",
		       s->name, res->job_id.hex, res->job_id.hex[0] ? " " : "",
		       res->seconds);
		return;
	}
	printf("cluster '%s' is %s: %d TaskManager%s, %d slot%s (%.1fs)\n", s->name,
	       s->wait ? "ready" : "starting", res->taskmanagers,
	       res->taskmanagers == 1 ? "" : "s", res->slots, res->slots == 1 ? "" : "s",
	       res->seconds);
	printf("REST API  %s\n", res->rest_url);
	if (res->job_id.hex[0])
		printf("job       %s RUNNING at parallelism %d%s\n", res->job_id.hex,
		       res->job_parallelism,
		       res->reactive ? " (reactive: scale sets it)" : "");
}

static int up_run(const struct cli_args *a, void *opts, struct ctx *ctx)
{
	struct cluster_spec *s = &((struct up_opts *)opts)->spec;
	struct error err;
	error_init(&err);
	struct cluster_up_result res = {0};
	struct cli_observer obs;
	cli_observer_init(&obs, ctx->stderr_tty, a->quiet || a->json);
	int rc = cluster_up(ctx->engine, s, &obs.obs, ctx->cancel, &res, &err);
	cli_observer_finish(&obs);
	if (rc == 0 && a->json)
		print_json(ctx->engine, s->name, &res);
	else if (rc == 0 && a->quiet)
		puts(res.rest_url);
	else if (rc == 0)
		print_text(s, &res);
	cluster_up_result_release(&res);
	return rc < 0 ? cli_fail(&err) : 0;
}

const struct cli_spec cmd_up_spec = {
	.name = "up",
	.usage = usage,
	.takes = CLI_TAKES_NAME | CLI_TAKES_OUTPUT,
	.quiet_help = "print only the REST URL",
	.opts = up_opts,
	.size = sizeof(struct up_opts),
	.defaults = &defaults,
	.pos = {0, 0, "up takes no arguments, not '%s' (see 'flink-cmd up --help')"},
	.check = up_check,
	.run = up_run,
	.release = up_release,
};
