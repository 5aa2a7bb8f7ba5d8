/* The command table: one row per command; `help` and the man page's list are
 * made from it. A row's flags are honoured by cli_dispatch: only rows marked
 * CMD_NEEDS_ENGINE connect, and only once their command line parsed. doctor
 * connects for itself, as it reports an unreachable Engine as a finding. */
#include "cli/cli.h"

#define E CMD_NEEDS_ENGINE

const struct command commands[] = {
	{"up", &cmd_up_spec, NULL, E, "start a cluster, or bring one to the asked size"},
	{"status", &cmd_status_spec, NULL, E,
	 "containers, TaskManagers and slots, jobs, checkpoints"},
	{"ps", &cmd_status_spec, NULL, E, "the same as status"},
	{"scale", &cmd_scale_spec, NULL, E, "set the number of TaskManagers"},
	{"autoscale", &cmd_autoscale_spec, NULL, E,
	 "grow and shrink the cluster with the job's load, saying why"},
	{"run", &cmd_run_spec, NULL, E, "upload a jar and run it; returns when it runs"},
	{"jobs", &cmd_jobs_spec, NULL, E, "the cluster's jobs"},
	{"cancel", &cmd_cancel_spec, NULL, E, "cancel a job (its checkpoints are kept)"},
	{"savepoint", &cmd_savepoint_spec, NULL, E, "take a savepoint of a job"},
	{"stop", &cmd_stop_spec, NULL, E, "stop a job with a savepoint"},
	{"checkpoints", &cmd_checkpoints_spec, NULL, E,
	 "a job's checkpoints: counts, latest, failures, history"},
	{"top", &cmd_top_spec, NULL, E, "the live dashboard"},
	{"logs", &cmd_logs_spec, NULL, E, "show container logs"},
	{"down", &cmd_down_spec, NULL, E,
	 "remove a cluster (its volume only with --volumes)"},
	{"gc", &cmd_gc_spec, NULL, E, "remove expired, orphaned or half-made clusters"},
	{"image", NULL, cmd_image, 0, "build, import and list Flink images"},
	{"doctor", &cmd_doctor_spec, NULL, 0,
	 "check the Engine, its API version and the Flink image"},
	{"help", NULL, cmd_help, 0, "show help for flink-cmd or a command"},
	{"version", NULL, cmd_version, 0, "print flink-cmd's version"},
	{NULL, NULL, NULL, 0, NULL},
};
