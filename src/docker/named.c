/* What networks and volumes share: the list type for Engine objects known by
 * name and labels, listing them by label, and deleting one that may be gone. */
#include "docker/named.h"

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

int docker_named_parse_array(const cJSON *arr, const char *id_key,
			     struct docker_named **out, int *n)
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

int docker_named_list_call(struct docker_client *c, const char *base,
			   const char *const *labels,
			   int (*parse)(const char *, size_t, struct docker_named **,
					int *, struct error *),
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

int docker_delete_ok_if_gone(struct docker_client *c, const char *path, struct error *err)
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
