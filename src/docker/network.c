/* Network and volume calls: create with labels, list by label, remove. */
#include "docker/network.h"

#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

void docker_named_list_free(struct docker_named *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].name);
		kvlist_release(&list[i].labels);
	}
	free(list);
}

static char *label_filter_path(const char *base, const char *const *labels)
{
	cJSON *filters = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(filters, "label");
	for (const char *const *p = labels; p && *p; p++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(*p));
	char *text = json_print(filters);
	cJSON_Delete(filters);
	char *esc = http_escape(text);
	char *path = xasprintf("%s?filters=%s", base, esc);
	free(text);
	free(esc);
	return path;
}

static int parse_named(const cJSON *arr, const char *id_key, struct docker_named **out,
		       int *n)
{
	int count = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
	struct docker_named *list = xcalloc((size_t)(count ? count : 1), sizeof(*list));
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach (it, arr) {
		const char *id = json_str(it, id_key);
		const char *name = json_str(it, "Name");
		list[i].id = xstrdup(id ? id : "");
		list[i].name = xstrdup(name ? name : "");
		kvlist_init(&list[i].labels);
		kvlist_from_json(&list[i].labels, json_get(it, "Labels"));
		i++;
	}
	*out = list;
	*n = count;
	return 0;
}

int docker_network_list_parse(const char *buf, size_t len, struct docker_named **out,
			      int *n, struct error *err)
{
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's network list", &root, err);
	if (rc < 0)
		return rc;
	if (!cJSON_IsArray(root)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL,
				 "the Engine's network list is not an array");
	}
	parse_named(root, "Id", out, n);
	cJSON_Delete(root);
	return 0;
}

int docker_volume_list_parse(const char *buf, size_t len, struct docker_named **out,
			     int *n, struct error *err)
{
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's volume list", &root, err);
	if (rc < 0)
		return rc;
	parse_named(json_get(root, "Volumes"), "Name", out, n);
	cJSON_Delete(root);
	return 0;
}

static int list_call(struct docker_client *c, const char *base, const char *const *labels,
		     int (*parse)(const char *, size_t, struct docker_named **, int *,
				  struct error *),
		     struct docker_named **out, int *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	char *path = label_filter_path(base, labels);
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_call(c, "GET", path, NULL, &resp, err);
	if (rc == 0)
		rc = parse(resp.body.buf, resp.body.len, out, n, err);
	http_response_release(&resp);
	free(path);
	return rc;
}

int docker_network_list(struct docker_client *c, const char *const *labels,
			struct docker_named **out, int *n, struct error *err)
{
	return list_call(c, "/networks", labels, docker_network_list_parse, out, n, err);
}

int docker_volume_list(struct docker_client *c, const char *const *labels,
		       struct docker_named **out, int *n, struct error *err)
{
	return list_call(c, "/volumes", labels, docker_volume_list_parse, out, n, err);
}

int docker_network_create(struct docker_client *c, const char *name,
			  const struct kvlist *labels, char **id, struct error *err)
{
	*id = NULL;
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "Name", name);
	cJSON_AddStringToObject(body, "Driver", "bridge");
	/* Engines before 25 allow duplicate names unless asked not to */
	cJSON_AddBoolToObject(body, "CheckDuplicate", true);
	if (labels)
		cJSON_AddItemToObject(body, "Labels", kvlist_to_json(labels));
	cJSON *reply = NULL;
	int rc = docker_call_json(c, "POST", "/networks/create", body, &reply, err);
	if (rc == 0) {
		const char *s = json_str(reply, "Id");
		if (s)
			*id = xstrdup(s);
		else
			rc = error_set(err, ERR_FAIL,
				       "the Engine created network '%s' but gave no Id",
				       name);
	}
	cJSON_Delete(reply);
	cJSON_Delete(body);
	return rc;
}

static int delete_ok_if_gone(struct docker_client *c, const char *path, struct error *err)
{
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_call(c, "DELETE", path, NULL, &resp, err);
	http_response_release(&resp);
	if (rc == ERR_NOTFOUND) {
		error_init(err);
		rc = 0;
	}
	return rc;
}

int docker_network_remove(struct docker_client *c, const char *id, struct error *err)
{
	char *path = xasprintf("/networks/%s", id);
	int rc = delete_ok_if_gone(c, path, err);
	free(path);
	return rc;
}

int docker_volume_create(struct docker_client *c, const char *name,
			 const struct kvlist *labels, struct error *err)
{
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "Name", name);
	cJSON_AddStringToObject(body, "Driver", "local");
	if (labels)
		cJSON_AddItemToObject(body, "Labels", kvlist_to_json(labels));
	int rc = docker_call_json(c, "POST", "/volumes/create", body, NULL, err);
	cJSON_Delete(body);
	return rc;
}

int docker_volume_remove(struct docker_client *c, const char *name, struct error *err)
{
	char *path = xasprintf("/volumes/%s", name);
	int rc = delete_ok_if_gone(c, path, err);
	free(path);
	return rc;
}
