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
#include "cli/opts.h"
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
			const struct cluster_member *m = &inv.members[i];
			cJSON *ct = cJSON_CreateObject();
			cJSON_AddStringToObject(ct, "name", m->name);
			cJSON_AddStringToObject(ct, "id", m->id);
			const char *role = kvlist_get(&m->labels, LABEL_ROLE);
			cJSON_AddStringToObject(ct, "role", role ? role : "");
			cJSON_AddStringToObject(ct, "state", m->state_text);
			cJSON_AddItemToArray(arr, ct);
		}
		if (inv.n_networks)
			cJSON_AddStringToObject(o, "network", inv.networks[0].name);
		if (inv.n_volumes)
			cJSON_AddStringToObject(o, "volume", inv.volumes[0].name);
		cluster_inventory_release(&inv);
	}
	char *text = json_print(o);
	puts(text);
	free(text);
	cJSON_Delete(o);
}

int cmd_up(int argc, char **argv, struct ctx *ctx)
{
	const char *name = FLINKCMD_DEFAULT_CLUSTER, *image = FLINKCMD_DEFAULT_IMAGE;
	const char *output = NULL, *conf_file = NULL, *tm_mem = NULL, *jm_mem = NULL;
	const char *timeout = NULL, *ttl = NULL, *scheduler = NULL, *bind = NULL;
	const char *job = NULL, *job_class = NULL;
	long n = 1, slots = 1, port = 0, owner = 0, period = 0;
	bool no_wait = false, help = false, quiet = false, reactive = false;
	struct opt_list confs = {0}, args = {0}, params = {0};
	const struct opt opts[] = {
		{"name", 0, OPT_STRING, &name, "NAME", "cluster name (default: flink)"},
		{"taskmanagers", 'n', OPT_INT, &n, "N",
		 "TaskManager containers (default 1)"},
		{"slots", 0, OPT_INT, &slots, "S",
		 "task slots per TaskManager (default 1)"},
		{"image", 0, OPT_STRING, &image, "IMG",
		 "Flink image (default " FLINKCMD_DEFAULT_IMAGE ")"},
		{"conf", 'c', OPT_LIST, &confs, "K=V",
		 "Flink configuration (repeatable; wins over --conf-file)"},
		{"conf-file", 0, OPT_STRING, &conf_file, "FILE",
		 "Flink config.yaml to apply"},
		{"tm-memory", 0, OPT_STRING, &tm_mem, "SIZE",
		 "TaskManager process size (default 1024m, minimum 900m)"},
		{"jm-memory", 0, OPT_STRING, &jm_mem, "SIZE",
		 "JobManager process size (default 1024m, minimum 768m)"},
		{"port", 'p', OPT_INT, &port, "P",
		 "host port for the REST API (default: random)"},
		{"bind-address", 0, OPT_STRING, &bind, "IP",
		 "host address to publish on (default 127.0.0.1)"},
		{"scheduler", 0, OPT_STRING, &scheduler, "S",
		 "Flink scheduler: default or adaptive"},
		{"no-wait", 0, OPT_FLAG, &no_wait, NULL,
		 "return once the containers run"},
		{"timeout", 0, OPT_STRING, &timeout, "D",
		 "how long to wait for Flink (default 180s)"},
		{"ttl", 0, OPT_STRING, &ttl, "D",
		 "mark the cluster to expire after D (for gc)"},
		{"owner-pid", 0, OPT_INT, &owner, "PID",
		 "mark the cluster to go when PID exits (for gc)"},
		{"job", 0, OPT_STRING, &job, "JAR", "run this job in application mode"},
		{"class", 0, OPT_STRING, &job_class, "C",
		 "the job's entry class (default: the jar's Main-Class)"},
		{"arg", 0, OPT_LIST, &args, "A",
		 "a program argument, as is (repeatable)"},
		{"param", 0, OPT_LIST, &params, "K=V",
		 "given to the job as '--K V' (repeatable)"},
		{"checkpoint-period-seconds", 0, OPT_INT, &period, "S",
		 "the job's checkpoint interval (default 10)"},
		{"reactive", 0, OPT_FLAG, &reactive, NULL,
		 "the job uses every slot; scale rescales it"},
		{"quiet", 'q', OPT_FLAG, &quiet, NULL, "print only the REST URL"},
		{"output", 'o', OPT_STRING, &output, "FORMAT", CLI_OUTPUT_HELP},
		{"help", 'h', OPT_FLAG, &help, NULL, "show this help"},
		{0},
	};
	struct error err;
	error_init(&err);
	const char *pos[OPTS_MAX_POS];
	int npos, status = 0;
	bool json = false;
	struct cluster_spec s;
	cluster_spec_init(&s);
	struct cluster_up_result res = {0};

	if (opts_parse("up", opts, argc, argv, pos, &npos, &err) < 0 ||
	    cli_output_json(output, &json, &err) < 0)
		goto fail;
	if (help) {
		fputs(usage, stdout);
		opts_usage(stdout, opts);
		goto out;
	}
	if (npos > 0) {
		error_set(&err, ERR_USAGE,
			  "up takes no arguments, not '%s' (see 'flink-cmd up --help')",
			  pos[0]);
		goto fail;
	}
	s.name = xstrdup(name);
	free(s.image);
	s.image = xstrdup(image);
	s.taskmanagers = n > 1000000 || n < -1000000 ? -1 : (int)n;
	s.slots = slots > 1000000 || slots < -1000000 ? -1 : (int)slots;
	s.port = port < 0 || port > 65535 ? -1 : (int)port;
	s.owner_pid = owner;
	s.wait = !no_wait;
	if (bind) {
		free(s.bind_ip);
		s.bind_ip = xstrdup(bind);
	}
	if (scheduler)
		s.scheduler = xstrdup(scheduler);
	if (job)
		s.job_jar = xstrdup(job);
	s.reactive = reactive;
	s.checkpoint_s = period < 0 || period > 1000000 ? -1 : (int)period;
	if (!job && (job_class || args.n || params.n)) {
		error_set(
			&err, ERR_USAGE,
			"--%s is for the job of --job JAR (on a session cluster give it "
			"to 'flink-cmd run')",
			job_class ? "class"
			: args.n  ? "arg"
				  : "param");
		goto fail;
	}
	if (job_class)
		s.job_class = xstrdup(job_class);
	/* the job's arguments as 'run' makes them: --arg as given, then each
	 * --param k=v as --k v */
	for (int i = 0; i < args.n; i++)
		cluster_spec_add_job_arg(&s, args.items[i]);
	for (int i = 0; i < params.n; i++) {
		const char *eq = strchr(params.items[i], '=');
		if (!eq || eq == params.items[i]) {
			error_set(&err, ERR_USAGE,
				  "--param '%s' is not of the form key=value",
				  params.items[i]);
			goto fail;
		}
		char *key =
			xasprintf("--%.*s", (int)(eq - params.items[i]), params.items[i]);
		cluster_spec_add_job_arg(&s, key);
		cluster_spec_add_job_arg(&s, eq + 1);
		free(key);
	}
	if ((tm_mem && units_parse_size(tm_mem, "--tm-memory", &s.tm_memory, &err) < 0) ||
	    (jm_mem && units_parse_size(jm_mem, "--jm-memory", &s.jm_memory, &err) < 0) ||
	    (timeout &&
	     units_parse_duration(timeout, "--timeout", &s.timeout_ms, &err) < 0))
		goto fail;
	if (ttl) {
		int64_t ms;
		if (units_parse_duration(ttl, "--ttl", &ms, &err) < 0)
			goto fail;
		s.ttl_seconds = ms / 1000 > 0 ? ms / 1000 : 1;
	}
	if (owner < 0 || (owner > 0 && kill_check_pid(owner) < 0)) {
		error_set(&err, ERR_USAGE, "--owner-pid %ld is not a running process",
			  owner);
		goto fail;
	}
	if (conf_file && cluster_spec_add_conf_file(&s, conf_file, &err) < 0)
		goto fail;
	for (int i = 0; i < confs.n; i++)
		if (cluster_spec_add_conf(&s, confs.items[i], &err) < 0)
			goto fail;
	if (cluster_spec_validate(&s, &err) < 0)
		goto fail;
	if (cli_connect_engine(ctx, &err) < 0)
		goto fail;

	struct cli_observer obs;
	cli_observer_init(&obs, ctx->stderr_tty, quiet || json);
	int rc = cluster_up(ctx->engine, &s, &obs.obs, ctx->cancel, &res, &err);
	cli_observer_finish(&obs);
	if (rc < 0)
		goto fail;
	if (json) {
		print_json(ctx->engine, s.name, &res);
	} else if (quiet) {
		puts(res.rest_url);
	} else if (res.job_state == FLINK_JOB_FINISHED) {
		printf("cluster '%s': the job %s%sfinished and Flink ended the "
		       "JobManager (%.1fs)\n",
		       s.name, res.job_id.hex, res.job_id.hex[0] ? " " : "", res.seconds);
	} else {
		printf("cluster '%s' is %s: %d TaskManager%s, %d slot%s (%.1fs)\n",
		       s.name, s.wait ? "ready" : "starting", res.taskmanagers,
		       res.taskmanagers == 1 ? "" : "s", res.slots,
		       res.slots == 1 ? "" : "s", res.seconds);
		printf("REST API  %s\n", res.rest_url);
		if (res.job_id.hex[0])
			printf("job       %s RUNNING at parallelism %d%s\n",
			       res.job_id.hex, res.job_parallelism,
			       res.reactive ? " (reactive: scale sets it)" : "");
	}
	goto out;
fail:
	status = cli_fail(&err);
out:
	cluster_up_result_release(&res);
	cluster_spec_release(&s);
	opt_list_release(&confs);
	opt_list_release(&args);
	opt_list_release(&params);
	return status;
}
