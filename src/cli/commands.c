/* The command table: one row per command; `help` and the man page's list are
 * made from it. */
#include "cli/cli.h"

const struct command commands[] = {
	{"up", cmd_up, 0, "start a cluster, or bring one to the asked size"},
	{"status", cmd_status, 0,
	 "containers, TaskManagers and slots, jobs, checkpoints"},
	{"ps", cmd_status, 0, "the same as status"},
	{"scale", cmd_scale, 0, "set the number of TaskManagers"},
	{"autoscale", cmd_autoscale, 0,
	 "grow and shrink the cluster with the job's load, saying why"},
	{"run", cmd_run, 0, "upload a jar and run it; returns when it runs"},
	{"jobs", cmd_jobs, 0, "the cluster's jobs"},
	{"cancel", cmd_cancel, 0, "cancel a job (its checkpoints are kept)"},
	{"savepoint", cmd_savepoint, 0, "take a savepoint of a job"},
	{"stop", cmd_stop, 0, "stop a job with a savepoint"},
	{"checkpoints", cmd_checkpoints, 0,
	 "a job's checkpoints: counts, latest, failures, history"},
	{"top", cmd_top, 0, "the live dashboard"},
	{"logs", cmd_logs, 0, "show container logs"},
	{"down", cmd_down, 0, "remove a cluster (its volume only with --volumes)"},
	{"gc", cmd_gc, 0, "remove expired, orphaned or half-made clusters"},
	{"image", cmd_image, 0, "build, import and list Flink images"},
	{"doctor", cmd_doctor, 0,
	 "check the Engine, its API version and the Flink image"},
	{"help", cmd_help, 0, "show help for flink-cmd or a command"},
	{"version", cmd_version, 0, "print flink-cmd's version"},
	{NULL, NULL, 0, NULL},
};
