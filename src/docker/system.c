/* GET /version: what doctor reports about the Engine. */
#include "docker/system.h"

#include <stdio.h>
#include <string.h>

#include "util/json.h"

static void copy_str(char *dst, size_t n, const cJSON *obj, const char *key)
{
	const char *v = json_str(obj, key);
	snprintf(dst, n, "%s", v ? v : "");
}

int docker_version_parse(const char *buf, size_t len, struct docker_version *out,
			 struct error *err)
{
	memset(out, 0, sizeof(*out));
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's answer to /version", &root, err);
	if (rc < 0)
		return rc;
	copy_str(out->version, sizeof(out->version), root, "Version");
	copy_str(out->api_version, sizeof(out->api_version), root, "ApiVersion");
	copy_str(out->min_api_version, sizeof(out->min_api_version), root,
		 "MinAPIVersion");
	copy_str(out->os, sizeof(out->os), root, "Os");
	copy_str(out->arch, sizeof(out->arch), root, "Arch");
	copy_str(out->kernel, sizeof(out->kernel), root, "KernelVersion");
	cJSON_Delete(root);
	if (!out->version[0])
		return error_set(err, ERR_FAIL,
				 "the Engine's answer to /version has no 'Version'");
	return 0;
}

int docker_system_version(struct docker_client *c, struct docker_version *out,
			  struct error *err)
{
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_call(c, "GET", "/version", NULL, &resp, err);
	if (rc == 0)
		rc = docker_version_parse(resp.body.buf, resp.body.len, out, err);
	http_response_release(&resp);
	return rc;
}

int docker_info_parse(const char *buf, size_t len, struct docker_info *out,
		      struct error *err)
{
	memset(out, 0, sizeof(*out));
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's /info", &root, err);
	if (rc < 0)
		return rc;
	out->mem_total = json_i64(root, "MemTotal", 0);
	out->ncpu = json_int(root, "NCPU", 0);
	cJSON_Delete(root);
	if (out->mem_total <= 0)
		return error_set(err, ERR_FAIL, "the Engine's /info has no MemTotal");
	return 0;
}

int docker_system_info(struct docker_client *c, struct docker_info *out,
		       struct error *err)
{
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_call(c, "GET", "/info", NULL, &resp, err);
	if (rc == 0)
		rc = docker_info_parse(resp.body.buf, resp.body.len, out, err);
	http_response_release(&resp);
	return rc;
}
