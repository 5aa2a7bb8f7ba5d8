/* Submitting jobs so that their state outlives the cluster: each job gets a
 * directory on the data volume (/flink-data/jobs/NAME) holding its
 * checkpoints and savepoints, set per job through the run request, so a
 * later run of the same job, on this cluster or on one made again over the
 * same volume, finds its newest checkpoint there. The volume is read
 * through an exec of `find` in the JobManager (an argv, no shell). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive/memtar.h"
#include "cluster/engine.h"
#include "cluster/job_wait.h"
#include "cluster/jobs.h"
#include "cluster/names.h"
#include "cluster/spec.h"
#include "flink/jars.h"
#include "flink/jobctl.h"
#include "util/json.h"
#include "util/kv.h"
#include "util/xalloc.h"
#include "util/clock.h"

#define JOBS_DIR CLUSTER_DATA_DIR "/jobs"

void cluster_run_result_release(struct cluster_run_result *r)
{
	free(r->state_dir);
	free(r->restored_from);
	memset(r, 0, sizeof(*r));
}

/* The running JobManager's container id (owned) and REST URL (owned). */
static int find_jm(struct cluster_engine *e, const char *name, char **id, char **url,
		   struct error *err)
{
	struct cluster_inventory inv;
	int rc = cluster_engine_inventory(e, name, &inv, err);
	if (rc < 0)
		return rc;
	const struct cluster_member *jm = cluster_inventory_jm(&inv);
	if (!jm)
		rc = error_set(err, ERR_USAGE,
			       "there is no cluster '%s' (start one with 'flink-cmd up "
			       "--name %s')",
			       name, name);
	else if (jm->state != MEMBER_RUNNING)
		rc = error_set(
			err, ERR_USAGE,
			"the JobManager of cluster '%s' is %s ('flink-cmd up --name %s' "
			"starts it)",
			name, jm->state_text, name);
	if (rc == 0) {
		char *u = inv.rest_url ? xstrdup(inv.rest_url) : NULL;
		if (!u)
			rc = error_set(
				err, ERR_USAGE,
				"the JobManager of cluster '%s' publishes no REST port",
				name);
		if (url)
			*url = u;
		else
			free(u);
		if (rc == 0 && id)
			*id = xstrdup(jm->id);
	}
	cluster_inventory_release(&inv);
	return rc;
}

int cluster_flink_client(struct cluster_engine *e, const char *name,
			 const struct cancel *cancel, struct flink_client **out,
			 struct error *err)
{
	*out = NULL;
	char *url = NULL;
	int rc = find_jm(e, name, NULL, &url, err);
	if (rc < 0)
		return rc;
	*out = flink_client_new(url, cancel);
	free(url);
	return 0;
}

char *cluster_state_name(const char *jar, const char *entry_class)
{
	const char *base = strrchr(jar, '/');
	base = base ? base + 1 : jar;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".jar") == 0)
		n -= 4;
	char *s = entry_class ? xasprintf("%.*s-%s", (int)n, base,
					  strrchr(entry_class, '.')
						  ? strrchr(entry_class, '.') + 1
						  : entry_class)
			      : xasprintf("%.*s", (int)n, base);
	for (char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			*p = '-';
	if (s[0] == '.' || s[0] == '\0') {
		char *t = xasprintf("job%s", s);
		free(s);
		s = t;
	}
	return s;
}

/* Java date patterns as strftime: the letters the seed's examples use. */
static const char *java_to_strftime(char c, int count)
{
	switch (c) {
	case 'y':
		return count == 2 ? "%y" : "%Y";
	case 'M':
		return "%m";
	case 'd':
		return "%d";
	case 'H':
		return "%H";
	case 'm':
		return "%M";
	case 's':
		return "%S";
	default:
		return NULL;
	}
}

int cluster_expand_prefix(const char *prefix, int64_t t, char **out, struct error *err)
{
	*out = NULL;
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	const char *p = prefix;
	int rc = 0;
	while (*p && rc == 0) {
		if (strncmp(p, "${date:", 7) != 0) {
			strbuf_addch(&sb, *p++);
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end) {
			rc = error_set(err, ERR_USAGE,
				       "'%s' has a '${date:' without its '}'", prefix);
			break;
		}
		for (const char *q = p + 7; q < end && rc == 0;) {
			if (!isalpha((unsigned char)*q)) {
				strbuf_addch(&sb, *q++);
				continue;
			}
			int count = 1;
			while (q + count < end && q[count] == q[0])
				count++;
			const char *fmt = java_to_strftime(q[0], count);
			if (!fmt) {
				rc = error_set(err, ERR_USAGE,
					       "'%c' in '%s' is not a date field "
					       "flink-cmd knows "
					       "(use yyyy, MM, dd, HH, mm, ss)",
					       q[0], prefix);
				break;
			}
			char buf[16];
			strftime(buf, sizeof(buf), fmt, &tm);
			strbuf_adds(&sb, buf);
			q += count;
		}
		p = end + 1;
	}
	for (size_t i = 0; rc == 0 && i < sb.len; i++)
		if (!isalnum((unsigned char)sb.buf[i]) && !strchr("._-", sb.buf[i]))
			rc = error_set(err, ERR_USAGE,
				       "the checkpoint name '%s' may hold only letters, "
				       "digits, '.', "
				       "'_' and '-'",
				       sb.buf);
	if (rc == 0 && (sb.len == 0 || sb.buf[0] == '.'))
		rc = error_set(err, ERR_USAGE,
			       "the checkpoint name '%s' is empty or starts with '.'",
			       sb.buf);
	if (rc == 0)
		*out = strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	return rc;
}

int cluster_latest_checkpoint(struct cluster_engine *e, const char *name,
			      const char *state_name, char **path, struct error *err)
{
	*path = NULL;
	char *jm = NULL;
	int rc = find_jm(e, name, &jm, NULL, err);
	if (rc < 0)
		return rc;
	char *dir = xasprintf(JOBS_DIR "/%s/checkpoints", state_name);
	/* a checkpoint is complete once its _metadata exists: DIR/JOBID/chk-N/_metadata
	 */
	const char *argv[] = {
		"find",    dir,        "-mindepth", "3",     "-maxdepth",
		"3",       "-name",    "_metadata", "-path", "*/chk-*/_metadata",
		"-printf", "%T@ %h\n", NULL};
	struct strbuf out;
	strbuf_init(&out, 1 << 20);
	int code;
	rc = cluster_engine_member_exec(e, jm, argv, &out, &code, NULL, err);
	double best_t = -1;
	const char *best = NULL;
	size_t best_len = 0;
	for (char *line = out.buf; rc == 0 && *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *sp = memchr(line, ' ', len);
		if (sp) {
			double t = strtod(line, NULL);
			if (t > best_t) {
				best_t = t;
				best = sp + 1;
				best_len = len - (size_t)(sp + 1 - line);
			}
		}
		line = nl ? nl + 1 : line + len;
	}
	if (rc == 0 && !best)
		rc = error_set(err, ERR_NOTFOUND,
			       "there is no retained checkpoint of job '%s' on cluster "
			       "'%s''s volume "
			       "(under %s)",
			       state_name, name, dir);
	if (rc == 0)
		*path = xasprintf("file://%.*s", (int)best_len, best);
	strbuf_release(&out);
	free(dir);
	free(jm);
	return rc;
}

/* True when path (with or without file://) exists in the JobManager. */
static int path_exists(struct cluster_engine *e, const char *jm, const char *path,
		       bool *exists, struct error *err)
{
	/* Flink writes "file:/x", users may write "file:///x" */
	const char *local = strncmp(path, "file:", 5) == 0 ? path + 5 : path;
	while (local[0] == '/' && local[1] == '/')
		local++;
	const char *argv[] = {"test", "-e", local, NULL};
	int code;
	int rc = cluster_engine_member_exec(e, jm, argv, NULL, &code, NULL, err);
	*exists = code == 0;
	return rc;
}

/* Writes the notes object n to jobs/STATE/flink-cmd.json on the volume. */
static int put_notes(struct cluster_engine *e, const char *jm, const char *state_name,
		     const cJSON *n, struct error *err)
{
	char *text = json_print(n);
	char *rel = xasprintf("jobs/%s/flink-cmd.json", state_name);
	struct strbuf tar;
	strbuf_init(&tar, 1 << 20);
	/* owned by flink (9999) so that Flink can write the job's state beside it */
	int rc = memtar_file(&tar, rel, text, 9999, 9999, err);
	if (rc == 0)
		rc = cluster_engine_member_put(e, jm, CLUSTER_DATA_DIR, tar.buf, tar.len,
					       err);
	strbuf_release(&tar);
	free(rel);
	free(text);
	return rc;
}

/* flink-cmd's notes beside the job's state: what was run, so that
 * `autoscale` can run it again from a savepoint at another parallelism. */
static int write_notes(struct cluster_engine *e, const char *jm, const char *state_name,
		       const struct cluster_run_opts *o, const char *jar_id,
		       const struct flink_id *job_id, struct error *err)
{
	cJSON *n = cJSON_CreateObject();
	const char *base = strrchr(o->jar, '/');
	cJSON_AddStringToObject(n, "jar", base ? base + 1 : o->jar);
	if (jar_id)
		cJSON_AddStringToObject(n, "jar_id", jar_id);
	if (o->entry_class)
		cJSON_AddStringToObject(n, "class", o->entry_class);
	cJSON *args = cJSON_AddArrayToObject(n, "args");
	for (int i = 0; i < o->n_args; i++)
		cJSON_AddItemToArray(args, cJSON_CreateString(o->args[i]));
	cJSON_AddNumberToObject(n, "checkpoint_period_s", o->checkpoint_period_s);
	cJSON_AddStringToObject(n, "job_id", job_id ? job_id->hex : "");
	if (o->scale_policy)
		cJSON_AddStringToObject(n, "scale_up_join_policy", o->scale_policy);
	json_add_i64(n, "submitted", (int64_t)time(NULL));
	int rc = put_notes(e, jm, state_name, n, err);
	cJSON_Delete(n);
	return rc;
}

/* The per-job configuration: its state directory and checkpoint period. */
static void job_conf(struct kvlist *conf, const char *state_dir, int checkpoint_period_s)
{
	char *dir = xasprintf("%s/checkpoints", state_dir);
	kvlist_set(conf, "execution.checkpointing.dir", dir);
	free(dir);
	dir = xasprintf("%s/savepoints", state_dir);
	kvlist_set(conf, "execution.checkpointing.savepoint-dir", dir);
	free(dir);
	if (checkpoint_period_s > 0) {
		char period[32];
		snprintf(period, sizeof(period), "%d s", checkpoint_period_s);
		kvlist_set(conf, "execution.checkpointing.interval", period);
	}
}

/* The savepoint or checkpoint o asks to restore from, checked to exist on
 * the cluster's volume: *restore owned, NULL when o starts the job fresh. */
static int restore_point(struct cluster_engine *e, const char *jm, const char *name,
			 const struct cluster_run_opts *o, const char *state_name,
			 char **restore, struct error *err)
{
	*restore = NULL;
	if (o->from_latest_checkpoint) {
		int rc = cluster_latest_checkpoint(e, name, state_name, restore, err);
		if (rc == ERR_NOTFOUND)
			err->code = rc = ERR_USAGE;
		return rc;
	}
	if (!o->savepoint)
		return 0;
	bool exists = false;
	int rc = path_exists(e, jm, o->savepoint, &exists, err);
	if (rc == 0 && !exists)
		rc = error_set(
			err, ERR_USAGE,
			"the savepoint '%s' does not exist on cluster '%s' (paths are "
			"inside the containers, e.g. file:///flink-data/...)",
			o->savepoint, name);
	if (rc == 0)
		*restore = xstrdup(o->savepoint);
	return rc;
}

/* Waits until the job just submitted runs with every task up (or ran to its
 * end); one that restarts did not start. */
static int wait_started(struct flink_client *fc, const char *name,
			const struct cluster_run_opts *o, const struct cancel *cancel,
			struct cluster_run_result *out, struct error *err)
{
	struct job_wait w = {
		.job = &out->job_id,
		.goal = {.kind = JOB_GOAL_RUNNING,
			 .finished_ok = true,
			 .restart_fails = true},
		.timeout_ms = o->timeout_ms,
		.cluster = name,
	};
	struct flink_job last;
	int rc = cluster_job_wait(fc, &w, cancel, &last, err);
	if (last.id.hex[0])
		out->state = last.state;
	flink_job_release(&last);
	return rc;
}

int cluster_run(struct cluster_engine *e, const char *name,
		const struct cluster_run_opts *o, const struct cancel *cancel,
		const struct cluster_observer *obs, struct cluster_run_result *out,
		struct error *err)
{
	memset(out, 0, sizeof(*out));
	double t0 = clock_now_s();
	char *jm = NULL, *url = NULL, *state_name = NULL, *restore = NULL, *jar_id = NULL;
	struct flink_client *fc = NULL;
	struct kvlist conf;
	kvlist_init(&conf);
	int rc = cluster_check_jar(o->jar, err);
	if (rc == 0)
		rc = find_jm(e, name, &jm, &url, err);
	if (rc == 0) {
		fc = flink_client_new(url, cancel);
		state_name = o->state_name ? xstrdup(o->state_name)
					   : cluster_state_name(o->jar, o->entry_class);
		out->state_dir = xasprintf("file://" JOBS_DIR "/%s", state_name);
		rc = restore_point(e, jm, name, o, state_name, &restore, err);
	}
	if (rc == 0 && restore)
		cluster_note(obs, "restoring from %s", restore);
	if (rc == 0)
		rc = write_notes(e, jm, state_name, o, NULL, NULL, err);
	if (rc == 0) {
		job_conf(&conf, out->state_dir, o->checkpoint_period_s);
		cluster_note(obs, "uploading %s", o->jar);
		rc = flink_jar_upload(fc, o->jar, &jar_id, err);
	}
	struct flink_run_request req = {
		.entry_class = o->entry_class,
		.args = o->args,
		.n_args = o->n_args,
		.parallelism = o->parallelism,
		.savepoint_path = restore,
		.allow_non_restored_state = o->allow_non_restored_state,
		.config = &conf,
	};
	if (rc == 0)
		rc = flink_jar_run(fc, jar_id, &req, &out->job_id, err);
	if (rc == 0) {
		out->restored_from = restore;
		restore = NULL;
		/* the notes now name the job, for the autoscaler */
		struct error ignored;
		error_init(&ignored);
		write_notes(e, jm, state_name, o, jar_id, &out->job_id, &ignored);
		out->state = FLINK_JOB_CREATED;
	}
	if (rc == 0 && o->wait) {
		cluster_note(obs, "waiting for job %s to run", out->job_id.hex);
		rc = wait_started(fc, name, o, cancel, out, err);
	}
	out->seconds = clock_now_s() - t0;
	kvlist_release(&conf);
	flink_client_free(fc);
	free(jar_id);
	free(restore);
	free(state_name);
	free(url);
	free(jm);
	return rc;
}

/* The notes file of job_id: the one under jobs/ that names it. */
static int find_notes(struct cluster_engine *e, const char *jm,
		      const struct flink_id *job_id, cJSON **notes, char **state_name,
		      struct error *err)
{
	*notes = NULL;
	*state_name = NULL;
	const char *grep[] = {
		"grep",      "-l",     "-r", "-F", "--include=flink-cmd.json",
		job_id->hex, JOBS_DIR, NULL};
	struct strbuf out, text;
	strbuf_init(&out, 64 << 10);
	strbuf_init(&text, 1 << 20);
	int code = 0;
	int rc = cluster_engine_member_exec(e, jm, grep, &out, &code, NULL, err);
	char *nl = out.buf ? strchr(out.buf, '\n') : NULL;
	if (rc == 0 && (code != 0 || !nl))
		rc = error_set(err, ERR_NOTFOUND,
			       "job %s was not started by 'flink-cmd run', so flink-cmd "
			       "does not know how to run it again",
			       job_id->hex);
	if (rc == 0) {
		*nl = '\0';
		const char *cat[] = {"cat", out.buf, NULL};
		rc = cluster_engine_member_exec(e, jm, cat, &text, &code, NULL, err);
		if (rc == 0)
			rc = json_parse(text.buf, text.len, "flink-cmd's job notes",
					notes, err);
	}
	if (rc == 0) {
		/* JOBS_DIR/STATE/flink-cmd.json */
		const char *start = out.buf + strlen(JOBS_DIR "/");
		const char *slash = strchr(start, '/');
		*state_name =
			xstrndup(start, slash ? (size_t)(slash - start) : strlen(start));
	}
	strbuf_release(&out);
	strbuf_release(&text);
	return rc;
}

int cluster_job_resubmit(struct cluster_engine *e, const char *name,
			 const struct flink_id *job_id, int parallelism,
			 const char *savepoint, struct flink_id *new_id,
			 struct error *err)
{
	char *jm = NULL, *url = NULL, *state_name = NULL;
	cJSON *notes = NULL;
	struct flink_client *fc = NULL;
	struct kvlist conf;
	kvlist_init(&conf);
	const char **args = NULL;
	int rc = find_jm(e, name, &jm, &url, err);
	if (rc == 0)
		rc = find_notes(e, jm, job_id, &notes, &state_name, err);
	const char *jar_id = notes ? json_str(notes, "jar_id") : NULL;
	if (rc == 0 && !jar_id)
		rc = error_set(
			err, ERR_NOTFOUND,
			"the notes of job %s name no jar Flink keeps; run it again "
			"with 'flink-cmd run'",
			job_id->hex);
	if (rc < 0)
		goto out;
	const cJSON *list = json_get(notes, "args");
	int n_args = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0;
	args = xcalloc((size_t)n_args + 1, sizeof(*args));
	for (int i = 0; i < n_args; i++) {
		const cJSON *a = cJSON_GetArrayItem(list, i);
		args[i] = cJSON_IsString(a) ? a->valuestring : "";
	}
	char *state_dir = xasprintf("file://" JOBS_DIR "/%s", state_name);
	job_conf(&conf, state_dir, json_int(notes, "checkpoint_period_s", 0));
	free(state_dir);
	fc = flink_client_new(url, NULL);
	struct flink_run_request req = {
		.entry_class = json_str(notes, "class"),
		.args = args,
		.n_args = n_args,
		.parallelism = parallelism,
		.savepoint_path = savepoint,
		.config = &conf,
	};
	rc = flink_jar_run(fc, jar_id, &req, new_id, err);
	if (rc == ERR_NOTFOUND)
		rc = error_set(
			err, ERR_FAIL,
			"the JobManager no longer has the jar of job %s (it restarted "
			"since); run it again with 'flink-cmd run'",
			job_id->hex);
	if (rc == 0) {
		cJSON_ReplaceItemInObject(notes, "job_id",
					  cJSON_CreateString(new_id->hex));
		struct error ignored;
		error_init(&ignored);
		put_notes(e, jm, state_name, notes, &ignored);
	}
out:
	free(args);
	kvlist_release(&conf);
	flink_client_free(fc);
	cJSON_Delete(notes);
	free(state_name);
	free(url);
	free(jm);
	return rc;
}

int cluster_job_cancel(struct flink_client *fc, const struct flink_id *job,
		       int64_t timeout_ms, const struct cancel *cancel, struct error *err)
{
	int rc = flink_job_cancel(fc, job, err);
	if (rc < 0)
		return rc;
	struct job_wait w = {
		.job = job,
		.goal = {.kind = JOB_GOAL_ENDED},
		.timeout_ms = timeout_ms,
		.cluster = "",
	};
	return cluster_job_wait(fc, &w, cancel, NULL, err);
}
