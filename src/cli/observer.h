/* The CLI's cluster observer: notes and the readiness line on stderr,
 * redrawn in place on a terminal, one line per change elsewhere. */
#ifndef FC_CLI_OBSERVER_H
#define FC_CLI_OBSERVER_H

#include <stdbool.h>

#include "cluster/observer.h"

struct cli_observer {
	struct cluster_observer obs;
	bool tty;
	bool quiet;
	bool line_open; /* a \r line is on screen */
};

void cli_observer_init(struct cli_observer *o, bool tty, bool quiet);
/* Ends an open progress line. */
void cli_observer_finish(struct cli_observer *o);

#endif
