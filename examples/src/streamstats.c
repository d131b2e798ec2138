/*
 * streamstats: Welford's running mean and variance, Chan et al.'s merge.
 * See include/streamstats.h for the contract.
 */
#include "streamstats.h"

#include <assert.h>
#include <math.h>

void streamstats_init(struct streamstats *s)
{
	const struct streamstats empty = STREAMSTATS_INIT;

	assert(s);
	*s = empty;
}

static void add_finite(struct streamstats *s, double x)
{
	const double delta = x - s->mean;

	if (s->count == 0) {
		s->min = x;
		s->max = x;
	} else if (x < s->min) {
		s->min = x;
	} else if (x > s->max) {
		s->max = x;
	}
	s->count++;
	s->mean += delta / (double)s->count;
	s->m2 += delta * (x - s->mean);
}

int streamstats_add(struct streamstats *s, double x)
{
	assert(s);
	if (!isfinite(x))
		return -1;
	add_finite(s, x);
	return 0;
}

int streamstats_add_array(struct streamstats *s, const double *xs, size_t n)
{
	size_t i;

	assert(s);
	assert(xs || n == 0);
	for (i = 0; i < n; i++)
		if (!isfinite(xs[i]))
			return -1;
	for (i = 0; i < n; i++)
		add_finite(s, xs[i]);
	return 0;
}

void streamstats_merge(struct streamstats *s, const struct streamstats *other)
{
	const struct streamstats b = *other; /* other may be s */
	double n, delta;

	assert(s && other);
	if (b.count == 0)
		return;
	if (s->count == 0) {
		*s = b;
		return;
	}
	n = (double)s->count + (double)b.count;
	delta = b.mean - s->mean;
	s->mean += delta * ((double)b.count / n);
	s->m2 += b.m2 + delta * delta * ((double)s->count * (double)b.count / n);
	if (b.min < s->min)
		s->min = b.min;
	if (b.max > s->max)
		s->max = b.max;
	s->count += b.count;
}

double streamstats_mean(const struct streamstats *s)
{
	assert(s);
	return s->count ? s->mean : NAN;
}

double streamstats_variance(const struct streamstats *s, uint64_t ddof)
{
	assert(s);
	if (s->count <= ddof)
		return NAN;
	return s->m2 / (double)(s->count - ddof);
}

double streamstats_min(const struct streamstats *s)
{
	assert(s);
	return s->count ? s->min : NAN;
}

double streamstats_max(const struct streamstats *s)
{
	assert(s);
	return s->count ? s->max : NAN;
}
