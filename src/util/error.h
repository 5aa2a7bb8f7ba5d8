/* Errors as values: every library call returns 0 or a negative ERR_* code and
 * fills a struct error with one human line. Only src/cli and tui/ print them
 * and map codes to exit statuses. */
#ifndef FC_UTIL_ERROR_H
#define FC_UTIL_ERROR_H

#include <stddef.h>

enum err_code {
	ERR_OK = 0,
	ERR_FAIL = -1,        /* the operation failed (exit 1) */
	ERR_USAGE = -2,       /* bad usage or bad input (exit 2) */
	ERR_ENGINE = -3,      /* the Docker Engine cannot be reached (exit 3) */
	ERR_TIMEOUT = -4,     /* timed out waiting (exit 4) */
	ERR_NOTFOUND = -5,    /* the thing asked for does not exist (exit 1) */
	ERR_CONFLICT = -6,    /* it exists already or is in use (exit 1) */
	ERR_INTERRUPTED = -7, /* stopped by a signal (exit 130) */
};

#define ERROR_MSG_MAX 1024

struct error {
	int code;                /* one of enum err_code */
	char msg[ERROR_MSG_MAX]; /* one line, no trailing newline */
};

/* Resets err to "no error". err may be NULL. */
void error_init(struct error *err);

/* Sets code and message (printf-style); returns code so callers can write
 * `return error_set(err, ERR_USAGE, "...")`. err may be NULL. Newlines in the
 * formatted text are turned into spaces: a message is always one line. */
int error_set(struct error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Puts "context: " in front of the existing message, keeping its code. */
int error_prefix(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The exit status the CLI uses for a code (0, 1, 2, 3, 4 or 130). */
int error_exit_status(int code);

#endif
