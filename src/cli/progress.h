/* One self-redrawing status line on stderr for long transfers: redrawn at
 * most ten times a second on a terminal, silent elsewhere (logs stay clean). */
#ifndef FC_CLI_PROGRESS_H
#define FC_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool tty;
	bool utf8;
	bool drawn;
	double last;
	const char *label; /* borrowed */
};

void progress_init(struct progress *p, const char *label, bool tty);
/* Redraws "label [bar] done/total" (or "label done" when total is 0). */
void progress_update(struct progress *p, uint64_t done, uint64_t total,
		     const char *extra);
/* Erases the line if one was drawn. */
void progress_clear(struct progress *p);

#endif
