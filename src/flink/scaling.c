/* The autoscaler's REST calls. Vertex loads come from the aggregated
 * subtask metrics endpoint (the one the Kubernetes operator's autoscaler
 * reads): busy and backpressured time as the worst subtask, rates summed. A
 * source's task-level records-in is always 0, so its rate is what its
 * operator emits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flink/scaling.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define TASK_METRICS                                                                     \
	"busyTimeMsPerSecond,backPressuredTimeMsPerSecond,numRecordsInPerSecond,"        \
	"numRecordsOutPerSecond,accumulateBusyTimeMs,accumulateBackPressuredTimeMs,"     \
	"numRecordsIn,numRecordsOut"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int flink_vertex_metric_query(const char *buf, size_t len, bool source, char **get,
			      struct error *err)
{
	*get = NULL;
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's metric list", &root, err);
	if (rc < 0)
		return rc;
	if (!cJSON_IsArray(root)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL, "Flink's metric list is not a list");
	}
	struct strbuf q;
	strbuf_init(&q, 4096);
	strbuf_add(&q, TASK_METRICS, strlen(TASK_METRICS));
	const cJSON *m;
	cJSON_ArrayForEach (m, root) {
		const char *id = json_str(m, "id");
		/* operator metrics of a source, "Source__<name>.<metric>" */
		if (!source || !id || strncmp(id, "Source__", 8) != 0)
			continue;
		if (ends_with(id, ".numRecordsOutPerSecond") ||
		    ends_with(id, ".numRecordsOut") || ends_with(id, ".pendingRecords")) {
			strbuf_add(&q, ",", 1);
			strbuf_add(&q, id, strlen(id));
		}
	}
	cJSON_Delete(root);
	*get = strbuf_detach(&q, NULL);
	return 0;
}

/* A metric value; NAN when absent or not a number (Flink writes "NaN"). */
static double agg_value(const cJSON *m, const char *agg)
{
	const cJSON *v = json_get(m, agg);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Sums operator metrics of several sources chained in one vertex. */
static double add_value(double sum, double v)
{
	return isnan(sum) ? v : sum + v;
}

int flink_vertex_load_parse(const char *buf, size_t len, bool source,
			    struct flink_vertex_load *out, struct error *err)
{
	*out = (struct flink_vertex_load)FLINK_VERTEX_LOAD_NONE;
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's vertex metrics", &root, err);
	if (rc < 0)
		return rc;
	if (!cJSON_IsArray(root)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL, "Flink's vertex metrics are not a list");
	}
	double op_rate = NAN, op_count = NAN;
	const cJSON *m;
	cJSON_ArrayForEach (m, root) {
		const char *id = json_str(m, "id");
		if (!id)
			continue;
		if (strcmp(id, "busyTimeMsPerSecond") == 0)
			out->busy_ms = agg_value(m, "max");
		else if (strcmp(id, "backPressuredTimeMsPerSecond") == 0)
			out->backpressured_ms = agg_value(m, "max");
		else if (strcmp(id, "numRecordsInPerSecond") == 0)
			out->rate_in = agg_value(m, "sum");
		else if (strcmp(id, "numRecordsOutPerSecond") == 0)
			out->rate_out = agg_value(m, "sum");
		else if (strcmp(id, "accumulateBusyTimeMs") == 0)
			out->busy_total_ms = agg_value(m, "sum");
		else if (strcmp(id, "accumulateBackPressuredTimeMs") == 0)
			out->backpressured_total_ms = agg_value(m, "sum");
		else if (strcmp(id, "numRecordsIn") == 0)
			out->records_in = agg_value(m, "sum");
		else if (strcmp(id, "numRecordsOut") == 0)
			out->records_out = agg_value(m, "sum");
		else if (ends_with(id, ".numRecordsOutPerSecond"))
			op_rate = add_value(op_rate, agg_value(m, "sum"));
		else if (ends_with(id, ".numRecordsOut"))
			op_count = add_value(op_count, agg_value(m, "sum"));
		else if (ends_with(id, ".pendingRecords"))
			out->pending = add_value(out->pending, agg_value(m, "sum"));
	}
	cJSON_Delete(root);
	if (source) {
		out->rate_in = !isnan(op_rate) ? op_rate : out->rate_out;
		out->records_in = !isnan(op_count) ? op_count : out->records_out;
	}
	return 0;
}

int flink_vertex_load_get(struct flink_client *c, const struct flink_id *job,
			  const struct flink_vertex *v, struct flink_vertex_load *out,
			  struct error *err)
{
	*out = (struct flink_vertex_load)FLINK_VERTEX_LOAD_NONE;
	char *path =
		xasprintf("/jobs/%s/vertices/%s/subtasks/metrics", job->hex, v->id.hex);
	struct http_response resp;
	http_response_init(&resp);
	char *get = NULL;
	int rc = 0;
	if (v->source) {
		rc = flink_get(c, path, &resp, err);
		if (rc == 0)
			rc = flink_vertex_metric_query(resp.body.buf, resp.body.len, true,
						       &get, err);
	} else {
		get = xstrdup(TASK_METRICS);
	}
	if (rc == 0) {
		char *query = xasprintf("%s?get=%s&agg=max,sum", path, get);
		http_response_release(&resp);
		http_response_init(&resp);
		rc = flink_get(c, query, &resp, err);
		if (rc == 0)
			rc = flink_vertex_load_parse(resp.body.buf, resp.body.len,
						     v->source, out, err);
		free(query);
	}
	http_response_release(&resp);
	free(get);
	free(path);
	return rc;
}

char *flink_resource_requirements_json(const struct flink_job *job, int parallelism)
{
	cJSON *root = cJSON_CreateObject();
	for (int i = 0; i < job->n_vertices; i++) {
		const struct flink_vertex *v = &job->v[i];
		int upper = parallelism;
		if (v->max_parallelism > 0 && upper > v->max_parallelism)
			upper = v->max_parallelism;
		cJSON *bounds = cJSON_CreateObject();
		cJSON_AddNumberToObject(bounds, "lowerBound", 1);
		cJSON_AddNumberToObject(bounds, "upperBound", upper);
		cJSON *vertex = cJSON_AddObjectToObject(root, v->id.hex);
		cJSON_AddItemToObject(vertex, "parallelism", bounds);
	}
	char *text = json_print(root);
	cJSON_Delete(root);
	return text;
}

int flink_resource_requirements_put(struct flink_client *c, const struct flink_job *job,
				    int parallelism, struct error *err)
{
	char *text = flink_resource_requirements_json(job, parallelism);
	cJSON *body = cJSON_Parse(text);
	char *path = xasprintf("/jobs/%s/resource-requirements", job->id.hex);
	int rc = flink_call(c, "PUT", path, body, NULL, err);
	/* Flink answers 500 when the job's scheduler cannot rescale in place */
	if (rc == ERR_FAIL && strstr(err->msg, "does not support"))
		rc = error_set(
			err, ERR_USAGE,
			"job %s cannot be rescaled in place: it does not run under "
			"the adaptive scheduler (make the cluster with 'up --scheduler "
			"adaptive')",
			job->id.hex);
	free(path);
	cJSON_Delete(body);
	free(text);
	return rc;
}
