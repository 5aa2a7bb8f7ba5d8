/* Time for measuring and waiting: a monotonic clock (durations, deadlines;
 * immune to the wall clock being set), the wall clock (ages against
 * Flink's and the Engine's timestamps), and a sleep. */
#ifndef FC_UTIL_CLOCK_H
#define FC_UTIL_CLOCK_H

#include <stdint.h>

/* Monotonic seconds and milliseconds since an arbitrary start. */
double clock_now_s(void);
double clock_now_ms(void);
/* Wall-clock milliseconds since the epoch. */
int64_t clock_wall_ms(void);
/* Sleeps ms milliseconds (a signal may end it early). */
void clock_sleep_ms(long ms);

#endif
