/* The observer's one helper: a formatted note. */
#include "cluster/observer.h"

#include <stdarg.h>
#include <stdio.h>

void cluster_note(const struct cluster_observer *obs, const char *fmt, ...)
{
	if (!obs || !obs->note)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	obs->note(obs->arg, msg);
}
