/* struct error: one-line messages carried up to the CLI, never printed here. */
#include "util/error.h"

#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void error_init(struct error *err)
{
	if (!err)
		return;
	err->code = ERR_OK;
	err->msg[0] = '\0';
}

static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

static void trim_end(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

int error_set(struct error *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	one_line(err->msg);
	trim_end(err->msg);
	err->code = code;
	return code;
}

int error_prefix(struct error *err, const char *fmt, ...)
{
	if (!err)
		return ERR_FAIL;
	char prefix[ERROR_MSG_MAX];
	char old[ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* the tail of a long message is cut, which beats no message */
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb, "%s: %s", prefix, old);
	size_t n = sb.len < sizeof(err->msg) - 1 ? sb.len : sizeof(err->msg) - 1;
	memcpy(err->msg, sb.buf, n);
	err->msg[n] = '\0';
	strbuf_release(&sb);
	one_line(err->msg);
	return err->code;
}

int error_exit_status(int code)
{
	switch (code) {
	case ERR_OK:
		return 0;
	case ERR_USAGE:
		return 2;
	case ERR_ENGINE:
		return 3;
	case ERR_TIMEOUT:
		return 4;
	case ERR_INTERRUPTED:
		return 130;
	default:
		return 1;
	}
}
