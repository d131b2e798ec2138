/*
 * pep440_dump: what pep440.h and pep508.h answer, for
 * tests/pep440/diff_packaging.py to hold against pip's vendored packaging.
 *
 * Reads one JSON array a line on stdin and prints one JSON object a line:
 *   ["parse", V]                  {"str": str(Version(V)), "pre": bool} or {"error": why}
 *   ["cmp", A, B]                 {"r": -1|0|1} or {"error": why}
 *   ["contains", SPEC, V, PRE]    {"r": 0|1} or {"error": why}; PRE true, false or null
 *   ["env", {NAME: VALUE, ...}]   {} (the environment of the markers after it)
 *   ["marker", MARKER, EXTRA]     {"r": 0|1} or {"error": why}; EXTRA a string or null
 *   ["req", TEXT]                 {"extras": [...]} or {"error": why}
 * Exits 2 on a line it cannot read.
 */
#include "pep440.h"
#include "pep508.h"
#include "strbuf.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char env_values[11][4096];

static struct pep508_env env = {
	env_values[0], env_values[1], env_values[2], env_values[3], env_values[4], env_values[5],
	env_values[6], env_values[7], env_values[8], env_values[9], env_values[10],
};

static const char *const env_names[11] = {
	"os_name", "sys_platform", "platform_machine", "platform_python_implementation",
	"platform_release", "platform_system", "platform_version", "python_version",
	"python_full_version", "implementation_name", "implementation_version",
};

static json_t *answer(int r, struct strbuf *why)
{
	if (r < 0)
		return json_pack("{s:s}", "error", why->buf);
	return json_pack("{s:i}", "r", r);
}

static json_t *do_parse(const char *text)
{
	struct pep440_version v;
	struct strbuf sb = STRBUF_INIT;
	json_t *o;

	if (pep440_parse(text, &v))
		return json_pack("{s:s}", "error", "invalid version");
	pep440_format(&sb, &v);
	o = json_pack("{s:s, s:b}", "str", sb.buf, "pre", pep440_is_prerelease(&v));
	strbuf_release(&sb);
	return o;
}

static json_t *do_cmp(const char *a, const char *b)
{
	struct pep440_version va, vb;

	if (pep440_parse(a, &va) || pep440_parse(b, &vb))
		return json_pack("{s:s}", "error", "invalid version");
	return json_pack("{s:i}", "r", pep440_cmp(&va, &vb));
}

static json_t *do_env(json_t *obj)
{
	for (size_t k = 0; k < 11; k++) {
		const char *v = json_string_value(json_object_get(obj, env_names[k]));

		snprintf(env_values[k], sizeof(env_values[k]), "%s", v ? v : "");
	}
	return json_object();
}

static json_t *do_req(const char *text)
{
	struct pep508 r = PEP508_INIT;
	struct strbuf why = STRBUF_INIT;
	json_t *o, *a;

	if (pep508_parse(text, &r, &why)) {
		o = json_pack("{s:s}", "error", why.buf);
		strbuf_release(&why);
		return o;
	}
	a = json_array();
	for (size_t k = 0; k < r.nextras; k++)
		json_array_append_new(a, json_string(r.extras[k]));
	pep508_release(&r);
	return json_pack("{s:o}", "extras", a);
}

static json_t *run(json_t *cmd)
{
	const char *what = json_string_value(json_array_get(cmd, 0));
	const char *a = json_string_value(json_array_get(cmd, 1));
	const char *b = json_string_value(json_array_get(cmd, 2));
	struct strbuf why = STRBUF_INIT;
	json_t *o = NULL;

	if (!what)
		return NULL;
	if (!strcmp(what, "parse") && a) {
		o = do_parse(a);
	} else if (!strcmp(what, "cmp") && a && b) {
		o = do_cmp(a, b);
	} else if (!strcmp(what, "contains") && a && b) {
		json_t *pre = json_array_get(cmd, 3);

		o = answer(pep440_contains(a, b, json_is_null(pre) ? -1 : json_is_true(pre), &why),
			   &why);
	} else if (!strcmp(what, "env") && json_is_object(json_array_get(cmd, 1))) {
		o = do_env(json_array_get(cmd, 1));
	} else if (!strcmp(what, "marker") && a) {
		o = answer(pep508_marker_eval(a, &env, b, &why), &why);
	} else if (!strcmp(what, "req") && a) {
		o = do_req(a);
	}
	strbuf_release(&why);
	return o;
}

int main(void)
{
	char *line = NULL;
	size_t alloc = 0;
	ssize_t n;

	while ((n = getline(&line, &alloc, stdin)) > 0) {
		json_error_t err;
		json_t *cmd = json_loadb(line, (size_t)n, 0, &err), *o = cmd ? run(cmd) : NULL;
		char *s;

		if (!o) {
			fprintf(stderr, "pep440_dump: cannot read: %s", line);
			return 2;
		}
		s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
		puts(s);
		free(s);
		json_decref(o);
		json_decref(cmd);
	}
	free(line);
	return 0;
}
