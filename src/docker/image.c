/* Image inspect, list and reference checks. The streamed build and import
 * are in build.c. */
#include "docker/image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

void docker_image_info_release(struct docker_image_info *info)
{
	if (!info)
		return;
	free(info->id);
	for (int i = 0; i < info->n_tags; i++)
		free(info->tags[i]);
	free(info->tags);
	free(info->user);
	free(info->label_flink_version);
	free(info->label_context_hash);
	memset(info, 0, sizeof(*info));
}

static char *dup_str(const cJSON *obj, const char *key)
{
	const char *s = json_str(obj, key);
	return s ? xstrdup(s) : NULL;
}

/* Reads exactly n digits at *p, after the separator sep unless it is 0;
 * -1 when they are not there. Never moves past a NUL. */
static int digits(const char **p, char sep, int n)
{
	if (sep) {
		if (**p != sep)
			return -1;
		(*p)++;
	}
	int v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

/* Unix seconds of an RFC 3339 time ("2026-11-24T10:33:17.065458321Z", as
 * image inspect gives "Created"), or 0 when it is not one or lies before
 * 1970 (Go's zero time, "0001-01-01T00:00:00Z", means unknown). */
static int64_t rfc3339_seconds(const char *s)
{
	int y, mo = -1, d = -1, h = -1, mi = -1, sec = -1;
	if ((y = digits(&s, 0, 4)) < 0 || (mo = digits(&s, '-', 2)) < 0 ||
	    (d = digits(&s, '-', 2)) < 0 || (h = digits(&s, 'T', 2)) < 0 ||
	    (mi = digits(&s, ':', 2)) < 0 || (sec = digits(&s, ':', 2)) < 0)
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return 0;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	int64_t offset = 0;
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1;
		int oh = digits(&s, *s, 2), om = oh < 0 ? -1 : digits(&s, ':', 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return 0;
		offset = sign * (oh * 3600 + om * 60);
	}
	if (*s != '\0')
		return 0;
	/* days since 1970-01-01 of a proleptic Gregorian date (after H. Hinnant) */
	int64_t yy = mo <= 2 ? y - 1 : y;
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	int64_t t = days * 86400 + h * 3600 + mi * 60 + sec - offset;
	return t > 0 ? t : 0;
}

static void fill_info(const cJSON *img, const cJSON *labels,
		      struct docker_image_info *out)
{
	out->id = dup_str(img, "Id");
	if (!out->id)
		out->id = xstrdup("");
	out->size = json_i64(img, "Size", 0);
	/* the list gives unix seconds, inspect an RFC 3339 string */
	const cJSON *created = json_get(img, "Created");
	out->created = cJSON_IsString(created) ? rfc3339_seconds(created->valuestring)
					       : json_i64(img, "Created", 0);
	/* an object would iterate like an array but count 0: arrays only */
	const cJSON *tags = cJSON_IsArray(json_get(img, "RepoTags"))
				    ? json_get(img, "RepoTags")
				    : NULL;
	int n = tags ? cJSON_GetArraySize(tags) : 0;
	out->tags = xcalloc((size_t)(n ? n : 1), sizeof(char *));
	const cJSON *t;
	cJSON_ArrayForEach (t, tags) {
		if (cJSON_IsString(t) && strcmp(t->valuestring, "<none>:<none>") != 0)
			out->tags[out->n_tags++] = xstrdup(t->valuestring);
	}
	if (labels) {
		out->label_flink_version = dup_str(labels, "io.flinkcmd.flink-version");
		out->label_context_hash = dup_str(labels, "io.flinkcmd.context-hash");
	}
}

int docker_image_info_parse(const char *buf, size_t len, struct docker_image_info *out,
			    struct error *err)
{
	memset(out, 0, sizeof(*out));
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's image description", &root, err);
	if (rc < 0)
		return rc;
	const cJSON *config = json_get(root, "Config");
	fill_info(root, json_get(config, "Labels"), out);
	const char *user = json_str(config, "User");
	out->user = xstrdup(user ? user : ""); /* never NULL, as the header says */
	cJSON_Delete(root);
	if (!out->id[0]) {
		docker_image_info_release(out);
		return error_set(err, ERR_FAIL,
				 "the Engine's image description has no 'Id'");
	}
	return 0;
}

int docker_image_inspect(struct docker_client *c, const char *ref,
			 struct docker_image_info *out, struct error *err)
{
	/* '/' and ':' are legal in the path and the Engine expects them raw;
	 * anything else that would need escaping is no image name */
	if (strpbrk(ref, "?#% \t\n"))
		return error_set(err, ERR_USAGE, "'%s' is not a valid image name", ref);
	char *path = xasprintf("/images/%s/json", ref);
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_call(c, "GET", path, NULL, &resp, err);
	if (rc == 0)
		rc = docker_image_info_parse(resp.body.buf, resp.body.len, out, err);
	http_response_release(&resp);
	free(path);
	return rc;
}

void docker_image_list_free(struct docker_image_info *list, int n)
{
	for (int i = 0; i < n; i++)
		docker_image_info_release(&list[i]);
	free(list);
}

int docker_image_list(struct docker_client *c, const char *reference, const char *label,
		      struct docker_image_info **out, int *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	cJSON *filters = cJSON_CreateObject();
	if (reference)
		cJSON_AddItemToArray(cJSON_AddArrayToObject(filters, "reference"),
				     cJSON_CreateString(reference));
	if (label)
		cJSON_AddItemToArray(cJSON_AddArrayToObject(filters, "label"),
				     cJSON_CreateString(label));
	char *ftext = json_print(filters);
	cJSON_Delete(filters);
	char *fesc = http_escape(ftext);
	char *path = xasprintf("/images/json?filters=%s", fesc);
	free(ftext);
	free(fesc);
	cJSON *root = NULL;
	int rc = docker_call_json(c, "GET", path, NULL, &root, err);
	free(path);
	if (rc < 0)
		return rc;
	if (!cJSON_IsArray(root)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL,
				 "the Engine's image list is not a JSON array");
	}
	int count = cJSON_GetArraySize(root);
	struct docker_image_info *list =
		xcalloc((size_t)(count ? count : 1), sizeof(*list));
	const cJSON *img;
	int i = 0;
	cJSON_ArrayForEach (img, root) {
		fill_info(img, json_get(img, "Labels"), &list[i]);
		list[i].user = xstrdup("");
		i++;
	}
	cJSON_Delete(root);
	*out = list;
	*n = count;
	return 0;
}

int docker_ref_split(const char *ref, char **repo, char **tag, struct error *err)
{
	*repo = NULL;
	*tag = NULL;
	if (!ref || !*ref)
		return error_set(err, ERR_USAGE, "an image name is empty (use NAME:TAG)");
	for (const char *p = ref; *p; p++) {
		char ch = *p;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			  ch == '.' || ch == '_' || ch == '-' || ch == '/' || ch == ':' ||
			  ch == '@' || (ch >= 'A' && ch <= 'Z');
		if (!ok)
			return error_set(err, ERR_USAGE,
					 "'%s' is not a valid image name (use lower-case "
					 "NAME:TAG)",
					 ref);
	}
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(ref, ':');
	if (colon && (!slash || colon > slash)) {
		if (colon == ref || colon[1] == '\0')
			return error_set(err, ERR_USAGE,
					 "'%s' is not a valid image name (use NAME:TAG)",
					 ref);
		*repo = xstrndup(ref, (size_t)(colon - ref));
		*tag = xstrdup(colon + 1);
	} else {
		*repo = xstrdup(ref);
		*tag = xstrdup("latest");
	}
	for (const char *p = *repo; *p; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			free(*repo);
			free(*tag);
			*repo = *tag = NULL;
			return error_set(
				err, ERR_USAGE,
				"'%s' is not a valid image name: repository names are "
				"lower case",
				ref);
		}
	}
	return 0;
}
