/* cJSON helpers shared by the Engine and Flink clients. */
#include "util/json.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int json_parse(const char *buf, size_t len, const char *what, cJSON **out,
	       struct error *err)
{
	*out = NULL;
	if (!buf || len == 0)
		return error_set(err, ERR_FAIL, "%s is empty, not JSON", what);
	cJSON *root = cJSON_ParseWithLength(buf, len);
	if (!root)
		return error_set(err, ERR_FAIL, "%s is not valid JSON", what);
	*out = root;
	return 0;
}

const cJSON *json_get(const cJSON *obj, const char *key)
{
	if (!obj || !cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = json_get(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double json_num(const cJSON *obj, const char *key, double def)
{
	const cJSON *v = json_get(obj, key);
	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

int64_t json_i64(const cJSON *obj, const char *key, int64_t def)
{
	const cJSON *v = json_get(obj, key);
	if (!cJSON_IsNumber(v) || isnan(v->valuedouble))
		return def;
	double d = v->valuedouble;
	if (d >= 9.2e18)
		return INT64_MAX;
	if (d <= -9.2e18)
		return INT64_MIN;
	return (int64_t)d;
}

int json_int(const cJSON *obj, const char *key, int def)
{
	int64_t v = json_i64(obj, key, def);
	return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

bool json_bool(const cJSON *obj, const char *key, bool def)
{
	const cJSON *v = json_get(obj, key);
	if (cJSON_IsTrue(v))
		return true;
	if (cJSON_IsFalse(v))
		return false;
	return def;
}

void json_add_i64(cJSON *obj, const char *key, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	cJSON_AddRawToObject(obj, key, buf);
}

char *json_print(const cJSON *obj)
{
	char *p = cJSON_PrintUnformatted(obj);
	if (!p)
		return xstrdup("null");
	char *copy = xstrdup(p);
	cJSON_free(p);
	return copy;
}
