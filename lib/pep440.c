/* pep440: stub, being written. */
#include "pep440.h"

int pep440_parse(const char *text, struct pep440_version *v)
{
	(void)text;
	(void)v;
	return -1;
}

int pep440_cmp(const struct pep440_version *a, const struct pep440_version *b)
{
	(void)a;
	(void)b;
	return 0;
}

int pep440_is_prerelease(const struct pep440_version *v)
{
	(void)v;
	return 0;
}

void pep440_format(struct strbuf *out, const struct pep440_version *v)
{
	(void)out;
	(void)v;
}

int pep440_contains(const char *specifier, const char *version, int prereleases, struct strbuf *why)
{
	(void)specifier;
	(void)version;
	(void)prereleases;
	strbuf_addstr(why, "not implemented");
	return -1;
}
