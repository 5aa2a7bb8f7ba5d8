/* Validation of `up` options: names, counts, sizes, durations, --conf. */
#include "cluster/spec.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

void cluster_spec_init(struct cluster_spec *s)
{
	memset(s, 0, sizeof(*s));
	kvlist_init(&s->conf);
	s->taskmanagers = 1;
	s->slots = 1;
	s->tm_memory = CLUSTER_DEFAULT_TM_MEMORY;
	s->jm_memory = CLUSTER_DEFAULT_JM_MEMORY;
	s->bind_ip = xstrdup("127.0.0.1");
	s->timeout_ms = 180000;
	s->wait = true;
}

void cluster_spec_release(struct cluster_spec *s)
{
	kvlist_release(&s->conf);
	free(s->name);
	free(s->image);
	free(s->bind_ip);
	free(s->scheduler);
	free(s->job_jar);
	free(s->job_class);
	for (int i = 0; i < s->n_job_args; i++)
		free(s->job_args[i]);
	free(s->job_args);
	s->name = s->image = s->bind_ip = s->scheduler = NULL;
	s->job_jar = s->job_class = NULL;
	s->job_args = NULL;
	s->n_job_args = 0;
}

void cluster_spec_add_job_arg(struct cluster_spec *s, const char *arg)
{
	s->job_args = xrealloc(s->job_args, sizeof(char *) * (size_t)(s->n_job_args + 1));
	s->job_args[s->n_job_args++] = xstrdup(arg);
}

bool cluster_labels_reactive(const struct kvlist *labels)
{
	const char *v = kvlist_get(labels, LABEL_SPEC_REACTIVE);
	return v && strcmp(v, "true") == 0;
}

#define LABEL_SPEC_SLOTS "io.flinkcmd.slots"
#define LABEL_SPEC_TM_MEMORY "io.flinkcmd.tm-memory"
#define LABEL_SPEC_JM_MEMORY "io.flinkcmd.jm-memory"
#define LABEL_SPEC_IMAGE "io.flinkcmd.image-ref"
#define LABEL_SPEC_CONF "io.flinkcmd.conf"
#define LABEL_SPEC_SCHEDULER "io.flinkcmd.scheduler"

void cluster_spec_to_labels(const struct cluster_spec *s, struct kvlist *labels)
{
	char num[32];
	snprintf(num, sizeof(num), "%d", s->slots);
	kvlist_set(labels, LABEL_SPEC_SLOTS, num);
	snprintf(num, sizeof(num), "%lld", (long long)s->tm_memory);
	kvlist_set(labels, LABEL_SPEC_TM_MEMORY, num);
	snprintf(num, sizeof(num), "%lld", (long long)s->jm_memory);
	kvlist_set(labels, LABEL_SPEC_JM_MEMORY, num);
	kvlist_set(labels, LABEL_SPEC_IMAGE, s->image);
	if (s->scheduler)
		kvlist_set(labels, LABEL_SPEC_SCHEDULER, s->scheduler);
	if (s->job_jar) {
		const char *base = strrchr(s->job_jar, '/');
		kvlist_set(labels, LABEL_SPEC_JOB, base ? base + 1 : s->job_jar);
		if (s->job_class)
			kvlist_set(labels, LABEL_SPEC_JOB_CLASS, s->job_class);
		if (s->reactive)
			kvlist_set(labels, LABEL_SPEC_REACTIVE, "true");
	}
	cJSON *conf = kvlist_to_json(&s->conf);
	char *text = cJSON_PrintUnformatted(conf);
	kvlist_set(labels, LABEL_SPEC_CONF, text ? text : "{}");
	cJSON_free(text);
	cJSON_Delete(conf);
}

int cluster_spec_from_labels(struct cluster_spec *s, const struct kvlist *labels,
			     struct error *err)
{
	cluster_spec_init(s);
	const char *name = kvlist_get(labels, "io.flinkcmd.cluster");
	const char *slots = kvlist_get(labels, LABEL_SPEC_SLOTS);
	const char *tmm = kvlist_get(labels, LABEL_SPEC_TM_MEMORY);
	const char *jmm = kvlist_get(labels, LABEL_SPEC_JM_MEMORY);
	const char *image = kvlist_get(labels, LABEL_SPEC_IMAGE);
	const char *conf = kvlist_get(labels, LABEL_SPEC_CONF);
	const char *sched = kvlist_get(labels, LABEL_SPEC_SCHEDULER);
	if (!name || !slots || !tmm || !jmm || !image)
		return error_set(
			err, ERR_FAIL,
			"the JobManager's labels do not describe the cluster "
			"(was it made by another flink-cmd version? recreate it with "
			"'flink-cmd down' and 'flink-cmd up')");
	s->name = xstrdup(name);
	free(s->image);
	s->image = xstrdup(image);
	s->slots = (int)strtol(slots, NULL, 10);
	s->tm_memory = strtoll(tmm, NULL, 10);
	s->jm_memory = strtoll(jmm, NULL, 10);
	if (sched)
		s->scheduler = xstrdup(sched);
	const char *job = kvlist_get(labels, LABEL_SPEC_JOB);
	const char *job_class = kvlist_get(labels, LABEL_SPEC_JOB_CLASS);
	if (job) {
		s->job_jar = xstrdup(job);
		if (job_class)
			s->job_class = xstrdup(job_class);
		s->reactive = cluster_labels_reactive(labels);
	}
	cJSON *c = conf ? cJSON_Parse(conf) : NULL;
	kvlist_from_json(&s->conf, c);
	cJSON_Delete(c);
	return 0;
}

int cluster_name_check(const char *name, struct error *err)
{
	size_t n = name ? strlen(name) : 0;
	bool ok = n > 0 && n <= CLUSTER_NAME_MAX && name[0] != '-' && name[n - 1] != '-';
	for (size_t i = 0; ok && i < n; i++) {
		char c = name[i];
		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
	}
	if (!ok)
		return error_set(
			err, ERR_USAGE,
			"cluster name '%s' is invalid: use 1-%d lower-case letters, "
			"digits and '-', not starting or ending with '-'",
			name ? name : "", CLUSTER_NAME_MAX);
	return 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static bool key_ok(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!(isalnum((unsigned char)*k) || *k == '.' || *k == '-' || *k == '_'))
			return false;
	return true;
}

int cluster_spec_add_conf(struct cluster_spec *s, const char *kv, struct error *err)
{
	const char *eq = strchr(kv, '=');
	const char *colon = strchr(kv, ':');
	const char *sep = eq && (!colon || eq < colon) ? eq : colon;
	if (!sep)
		return error_set(err, ERR_USAGE,
				 "--conf '%s' is not of the form key=value "
				 "(e.g. --conf taskmanager.memory.managed.fraction=0.2)",
				 kv);
	char *key = xstrndup(kv, (size_t)(sep - kv));
	char *value = xstrdup(sep + 1);
	char *k = trim(key), *v = trim(value);
	int rc = 0;
	if (!key_ok(k))
		rc = error_set(
			err, ERR_USAGE,
			"--conf '%s' has an invalid key (Flink keys are dotted words, "
			"e.g. parallelism.default=2)",
			kv);
	else if (strchr(v, '\n'))
		rc = error_set(err, ERR_USAGE, "--conf '%s': a value cannot span lines",
			       kv);
	else
		kvlist_set(&s->conf, k, v);
	free(key);
	free(value);
	return rc;
}

int cluster_spec_add_conf_file(struct cluster_spec *s, const char *path,
			       struct error *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return error_set(err, ERR_USAGE, "cannot read --conf-file '%s': %s", path,
				 strerror(errno));
	/* prefixes of nested maps, by indentation depth */
	char *prefix[16] = {0};
	int indent_of[16];
	int depth = 0;
	char line[8192];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		lineno++;
		char *hash = strstr(line, " #");
		if (line[0] == '#')
			continue;
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\n")] = '\0';
		int ind = 0;
		while (line[ind] == ' ')
			ind++;
		char *body = trim(line);
		if (!*body || strcmp(body, "---") == 0)
			continue;
		if (body[0] == '-') {
			rc = error_set(
				err, ERR_USAGE,
				"--conf-file '%s' line %d: lists are not supported; "
				"write the value as a string 'a;b'",
				path, lineno);
			break;
		}
		char *colon = strchr(body, ':');
		if (!colon || (colon[1] != '\0' && colon[1] != ' ')) {
			rc = error_set(err, ERR_USAGE,
				       "--conf-file '%s' line %d is not 'key: value'",
				       path, lineno);
			break;
		}
		*colon = '\0';
		char *key = trim(body);
		char *value = trim(colon + 1);
		while (depth > 0 && indent_of[depth - 1] >= ind) {
			free(prefix[--depth]);
			prefix[depth] = NULL;
		}
		struct strbuf full;
		strbuf_init(&full, 0);
		for (int i = 0; i < depth; i++)
			strbuf_addf(&full, "%s.", prefix[i]);
		strbuf_adds(&full, key);
		if (*value == '\0') {
			if (depth == 16) {
				rc = error_set(err, ERR_USAGE,
					       "--conf-file '%s' nests too deep", path);
			} else {
				indent_of[depth] = ind;
				prefix[depth++] = xstrdup(key);
			}
		} else {
			size_t vl = strlen(value);
			/* quoted scalars lose their quotes, as YAML reads them */
			if (vl >= 2 && ((value[0] == '\'' && value[vl - 1] == '\'') ||
					(value[0] == '"' && value[vl - 1] == '"'))) {
				value[vl - 1] = '\0';
				value++;
			}
			kvlist_set(&s->conf, full.buf, value);
		}
		strbuf_release(&full);
	}
	for (int i = 0; i < depth; i++)
		free(prefix[i]);
	fclose(f);
	return rc;
}

int cluster_check_jar(const char *path, struct error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, ERR_USAGE, "cannot read the jar '%s': %s", path,
				 strerror(errno));
	struct stat st;
	unsigned char magic[4] = {0};
	ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, magic, 4) : -1;
	close(fd);
	if (n != 4 || memcmp(magic, "PK\x03\x04", 4) != 0)
		return error_set(err, ERR_USAGE,
				 "'%s' is not a jar (a jar is a zip archive; build one "
				 "with 'jar cf')",
				 path);
	return 0;
}

int cluster_spec_validate(const struct cluster_spec *s, struct error *err)
{
	int rc = cluster_name_check(s->name, err);
	if (rc < 0)
		return rc;
	if (s->taskmanagers < 1 || s->taskmanagers > CLUSTER_MAX_TASKMANAGERS)
		return error_set(
			err, ERR_USAGE,
			"-n %d is out of range: a cluster has 1 to %d TaskManagers",
			s->taskmanagers, CLUSTER_MAX_TASKMANAGERS);
	if (s->slots < 1 || s->slots > CLUSTER_MAX_SLOTS)
		return error_set(
			err, ERR_USAGE,
			"--slots %d is out of range: a TaskManager has 1 to %d slots",
			s->slots, CLUSTER_MAX_SLOTS);
	if (s->tm_memory < CLUSTER_MIN_TM_MEMORY)
		return error_set(
			err, ERR_USAGE,
			"--tm-memory %lldm is below the %lldm a TaskManager needs "
			"(Flink's metaspace, overhead and heaps)",
			(long long)(s->tm_memory >> 20),
			(long long)(CLUSTER_MIN_TM_MEMORY >> 20));
	if (s->jm_memory < CLUSTER_MIN_JM_MEMORY)
		return error_set(
			err, ERR_USAGE,
			"--jm-memory %lldm is below the %lldm a JobManager needs",
			(long long)(s->jm_memory >> 20),
			(long long)(CLUSTER_MIN_JM_MEMORY >> 20));
	if (s->port < 0 || s->port > 65535)
		return error_set(err, ERR_USAGE, "--port %d is not a TCP port (1-65535)",
				 s->port);
	if (s->scheduler && strcmp(s->scheduler, "default") != 0 &&
	    strcmp(s->scheduler, "adaptive") != 0)
		return error_set(err, ERR_USAGE,
				 "--scheduler '%s' is unknown (use default or adaptive)",
				 s->scheduler);
	if (s->reactive && !s->job_jar)
		return error_set(err, ERR_USAGE,
				 "--reactive needs --job JAR: Flink runs reactive mode "
				 "only in application mode");
	if (s->reactive && s->scheduler && strcmp(s->scheduler, "adaptive") != 0)
		return error_set(err, ERR_USAGE,
				 "--reactive runs the adaptive scheduler; drop "
				 "--scheduler %s",
				 s->scheduler);
	if (s->checkpoint_s < 0 || s->checkpoint_s > 86400)
		return error_set(err, ERR_USAGE,
				 "--checkpoint-period-seconds %d is out of range (1 to "
				 "86400)",
				 s->checkpoint_s);
	if (s->checkpoint_s > 0 && !s->job_jar)
		return error_set(err, ERR_USAGE,
				 "--checkpoint-period-seconds needs --job JAR (on a "
				 "session cluster give it to 'flink-cmd run')");
	if (s->job_jar)
		return cluster_check_jar(s->job_jar, err);
	return 0;
}
