/* `flink-cmd top`: the live dashboard, on a terminal through ncurses or, in
 * scripted mode, keys read from a file and the screen printed as text. */
#ifndef FC_TUI_TOP_H
#define FC_TUI_TOP_H

#include <stdbool.h>

#include "autoscale/autoscaler.h"
#include "cluster/engine.h"
#include "util/error.h"

struct top_opts {
	const char *cluster;
	int interval_ms;    /* refresh period */
	const char *script; /* scripted mode: keys from this file ("-" stdin) */
	int dump_after;     /* scripted mode: refreshes to wait after the keys */
	int rows, cols;     /* scripted mode: the screen's size */
	bool timing;        /* scripted mode: report key-to-frame times on stderr */
	struct autoscale_opts autoscale; /* what `a` switches on */
	bool autoscale_on;               /* on from the start */
};

/* Runs until q (or *interrupted). Restores the terminal on every path. */
int top_run(struct cluster_engine *e, const struct top_opts *o,
	    const struct cancel *interrupted, struct error *err);

#endif
