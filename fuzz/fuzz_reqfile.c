/*
 * fuzz_reqfile: requirements files as reqfile_parse() reads them, and each
 * line as reqfile_resolve() makes it out (which runs reqref_classify() and
 * reqref_classify_editable() on requirements and -e values), in a directory
 * that does not exist, for a file named by a path and by a URL.
 *
 * Checks the contracts in reqfile.h: a refused file leaves the output
 * empty; an accepted one gives lines in order of their first physical line
 * (within the input's line count), each with what its kind promises (an
 * option as written and its full name but for requirements, a value but for
 * flags, per-requirement options only on requirements), ${VAR} names of
 * [A-Z0-9_] once each; a reference has a valid kind, an absolute path for
 * local ones and a URL for URLs. And two properties of pip's reading: a
 * comment line added at the end changes nothing, one added at the start
 * moves every line down by one.
 */
#include "fuzz.h"

#include "reqfile.h"
#include "strbuf.h"

#include <string.h>

#define CWD "/nonexistent-fuzz-reqfile"

/* Fixed values for a few ${VAR}s, none of which names itself. */
static const char *getvar(const char *name, void *data)
{
	static const char *const vars[][2] = {
		{ "A", "x" }, { "OPT", "-r" }, { "B", "${A}" }, { "SP", " a b " }, { "HASH", "# c" },
	};

	(void)data;
	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++)
		if (!strcmp(name, vars[i][0]))
			return vars[i][1];
	return NULL;
}

static size_t physical_lines(const uint8_t *data, size_t size)
{
	size_t n = 1;

	/* At least as many as str.splitlines() finds: every byte could end one. */
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n' || data[i] == '\r' || data[i] == '\v' || data[i] == '\f' ||
		     (data[i] >= 0x1c && data[i] <= 0x1e) || data[i] == 0x85 || data[i] == 0xa8 ||
		     data[i] == 0xa9;
	return n;
}

static void check_ref(const struct reqref *r)
{
	FUZZ_CHECK(r->kind >= REQREF_NAME && r->kind <= REQREF_URL);
	if (r->kind == REQREF_LOCAL_FILE || r->kind == REQREF_LOCAL_DIR)
		FUZZ_CHECK(r->path && r->path[0] == '/');
	if (r->kind == REQREF_URL)
		FUZZ_CHECK(r->url && !r->path);
	FUZZ_CHECK(!r->name || r->name[0]);
	FUZZ_CHECK(!r->specifier || r->specifier[0]);
}

static void check_resolve(const struct reqfile_line *l, const char *file)
{
	struct reqref r;
	const int rc = reqfile_resolve(l, file, CWD, &r);

	FUZZ_CHECK(rc >= -1 && rc <= 1);
	FUZZ_CHECK(rc == 1 ? (l->kind == REQFILE_INDEX || l->kind == REQFILE_OPTION)
			   : (l->kind != REQFILE_INDEX && l->kind != REQFILE_OPTION));
	if (rc)
		FUZZ_CHECK(!r.path && !r.url && !r.name && !r.specifier && !r.markers);
	else
		check_ref(&r);
	reqref_release(&r);
}

static void check_line(const struct reqfile_line *l, size_t max_line)
{
	const int requirement = l->kind == REQFILE_REQUIREMENT;

	FUZZ_CHECK(l->kind >= REQFILE_REQUIREMENT && l->kind <= REQFILE_OPTION);
	FUZZ_CHECK(l->lineno >= 1 && l->lineno <= max_line);
	FUZZ_CHECK(!requirement == !!l->option && !requirement == !!l->longopt);
	FUZZ_CHECK(!l->option || (l->option[0] == '-' && l->longopt[0] == '-' && l->longopt[1] == '-'));
	if (requirement || l->kind == REQFILE_EDITABLE || l->kind == REQFILE_REQUIREMENTS ||
	    l->kind == REQFILE_CONSTRAINTS || l->kind == REQFILE_FIND_LINKS)
		FUZZ_CHECK(l->value);
	if (requirement)
		FUZZ_CHECK(l->value[0]);
	else
		FUZZ_CHECK(!l->nhashes && !l->nconfig_settings && !l->nglobal_options);
	for (size_t i = 0; i < l->nhashes; i++)
		FUZZ_CHECK(!strncmp(l->hashes[i], "sha", 3) && l->hashes[i][6] == ':');
	for (size_t i = 0; i < l->nconfig_settings; i++)
		FUZZ_CHECK(strchr(l->config_settings[i], '='));
	check_resolve(l, "sub/req.txt");
	check_resolve(l, "https://example.com/a/req.txt");
}

static void check_vars(const struct reqfile *rf)
{
	for (size_t i = 0; i < rf->nvars; i++) {
		FUZZ_CHECK(rf->vars[i][0] && strspn(rf->vars[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
						      strlen(rf->vars[i]));
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(rf->vars[i], rf->vars[j]));
	}
}

static int same_line(const struct reqfile_line *a, const struct reqfile_line *b, size_t shift)
{
	return a->kind == b->kind && a->lineno + shift == b->lineno && !a->option == !b->option &&
	       (!a->option || !strcmp(a->option, b->option)) && !a->value == !b->value &&
	       (!a->value || !strcmp(a->value, b->value)) && a->nhashes == b->nhashes;
}

/* The parse of text with extra text before or after, against rf. */
static void check_edited(const uint8_t *data, size_t size, const struct reqfile *rf, int rc,
			 int before)
{
	struct strbuf sb = STRBUF_INIT;
	struct reqfile again = REQFILE_INIT;
	int rc2;

	if (before)
		strbuf_addstr(&sb, "# added\n");
	strbuf_add(&sb, data, size);
	if (!before)
		strbuf_addstr(&sb, "\n# added\n");
	rc2 = reqfile_parse(sb.buf, sb.len, "req.txt", getvar, NULL, &again);
	FUZZ_CHECK(rc2 == rc);
	FUZZ_CHECK(again.n == rf->n);
	for (size_t i = 0; i < rf->n; i++)
		FUZZ_CHECK(same_line(&rf->v[i], &again.v[i], (size_t)before));
	reqfile_release(&again);
	strbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reqfile rf = REQFILE_INIT;
	const size_t max_line = physical_lines(data, size);
	const int rc = reqfile_parse((const char *)data, size, "req.txt", getvar, NULL, &rf);

	fuzz_quiet();
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc)
		FUZZ_CHECK(!rf.n && !rf.v && !rf.nvars && !rf.vars);
	for (size_t i = 0; i < rf.n; i++) {
		check_line(&rf.v[i], max_line);
		FUZZ_CHECK(!i || rf.v[i - 1].lineno <= rf.v[i].lineno);
	}
	check_vars(&rf);
	check_edited(data, size, &rf, rc, 0);
	/* A BOM only counts at the very start. */
	if (size < 3 || memcmp(data, "\xef\xbb\xbf", 3))
		check_edited(data, size, &rf, rc, 1);
	reqfile_release(&rf);
	return 0;
}
