/* Networks on the Engine: created with labels (a bridge), found by label,
 * removed. */
#include "docker/network.h"

#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

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
	docker_named_parse_array(root, "Id", out, n);
	cJSON_Delete(root);
	return 0;
}

int docker_network_list(struct docker_client *c, const char *const *labels,
			struct docker_named **out, int *n, struct error *err)
{
	return docker_named_list_call(c, "/networks", labels, docker_network_list_parse,
				      out, n, err);
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

int docker_network_remove(struct docker_client *c, const char *id, struct error *err)
{
	char *path = xasprintf("/networks/%s", id);
	int rc = docker_delete_ok_if_gone(c, path, err);
	free(path);
	return rc;
}
