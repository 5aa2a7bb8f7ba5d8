/* How cluster operations report progress without printing: a note per step
 * worth a line, and the readiness count while Flink registers TaskManagers.
 * The CLI prints them; the dashboard ignores them. */
#ifndef FC_CLUSTER_OBSERVER_H
#define FC_CLUSTER_OBSERVER_H

struct cluster_observer {
	/* a step worth a line: "created network 'x'" */
	void (*note)(void *arg, const char *msg);
	/* readiness: registered TaskManagers and slots against the goal */
	void (*waiting)(void *arg, int tms, int want_tms, int slots, int want_slots);
	void *arg;
};

/* obs->note with a formatted message; nothing when obs or its note is NULL. */
void cluster_note(const struct cluster_observer *obs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
