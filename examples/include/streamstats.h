/*
 * streamstats: count, mean, variance, minimum and maximum of a stream of
 * numbers in constant memory, one pass, numerically stable (Welford's
 * update; Chan et al.'s formula to merge two accumulators, so partial
 * results from threads or files combine exactly as if seen in one stream).
 *
 * Invariants: only finite values are ever added; with count == 0 the other
 * fields are meaningless; m2 >= 0 and min <= mean <= max otherwise.
 */
#ifndef STREAMSTATS_H
#define STREAMSTATS_H

#include <stddef.h>
#include <stdint.h>

struct streamstats {
	uint64_t count;
	double mean;
	double m2;              /* sum of squared deviations from the mean */
	double min;
	double max;
};

#define STREAMSTATS_INIT { 0, 0.0, 0.0, 0.0, 0.0 }

/* Empties s. */
void streamstats_init(struct streamstats *s);

/* Adds x; returns 0, or -1 and leaves s unchanged if x is NaN or infinite. */
int streamstats_add(struct streamstats *s, double x);

/*
 * Adds the n values at xs (xs may be NULL when n is 0); all or nothing:
 * returns 0, or -1 and leaves s unchanged if one of them is not finite.
 */
int streamstats_add_array(struct streamstats *s, const double *xs, size_t n);

/* Adds everything other has seen to s; other may be s. */
void streamstats_merge(struct streamstats *s, const struct streamstats *other);

/*
 * The results; NaN when undefined: mean, min and max of no values, and the
 * variance of count <= ddof values (ddof 0: population, 1: sample).
 */
double streamstats_mean(const struct streamstats *s);
double streamstats_variance(const struct streamstats *s, uint64_t ddof);
double streamstats_min(const struct streamstats *s);
double streamstats_max(const struct streamstats *s);

#endif
