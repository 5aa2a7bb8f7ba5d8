/* Small cJSON helpers: case-sensitive look-ups (cJSON_GetObjectItem is not),
 * numbers read as double (valueint clamps at INT_MAX), parse errors as
 * struct error. Returned pointers are borrowed from the tree. */
#ifndef FC_UTIL_JSON_H
#define FC_UTIL_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Parses len bytes (no NUL needed). On failure fills err naming `what`
 * ("the Engine's answer to /version") and returns ERR_FAIL. The caller
 * deletes *out with cJSON_Delete. */
int json_parse(const char *buf, size_t len, const char *what, cJSON **out,
	       struct error *err);

/* The member `key` (exact case), or NULL. obj may be NULL. */
const cJSON *json_get(const cJSON *obj, const char *key);
/* The string at `key`, or NULL when missing or not a string. */
const char *json_str(const cJSON *obj, const char *key);
/* The number at `key`, or def when missing or not a number. */
double json_num(const cJSON *obj, const char *key, double def);
/* The number at `key` as int64 (clamped), or def. */
int64_t json_i64(const cJSON *obj, const char *key, int64_t def);
/* The number at `key` as int (clamped, so a huge number cannot overflow),
 * or def. */
int json_int(const cJSON *obj, const char *key, int def);
/* true/false at `key`, or def. */
bool json_bool(const cJSON *obj, const char *key, bool def);

/* Adds an int64 exactly (cJSON would print 1e+15 for large values, which Go
 * rejects for int64 fields). */
void json_add_i64(cJSON *obj, const char *key, int64_t v);

/* Prints obj compactly into a new heap string; the caller frees it. */
char *json_print(const cJSON *obj);

#endif
