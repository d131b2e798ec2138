/*
 * reqfile_dump FILE: what reqfile.h makes of the requirements file FILE,
 * one JSON object a line, for tests/reqfile/diff_pip.py to hold against
 * pip's own parser. ${VAR}s come from the environment; relative paths are
 * taken against the current directory, as pip takes them.
 *
 * Prints each line as {"lineno", "kind", "option", "longopt", "value",
 * "hashes", "config_settings", "global_options", "ref"}, where "ref" is
 * what reqfile_resolve() gives ({"kind", "path", "url", "name",
 * "specifier", "markers"}, null for a line that names nothing, or
 * {"error": true}), then {"vars": [...]}. Exits 1 after printing
 * {"error": "parse"} when reqfile_parse() refuses the file, 2 on misuse.
 */
#include "reqfile.h"
#include "strbuf.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const line_kinds[] = {
	"requirement", "editable", "requirements", "constraints", "find-links", "index", "option",
};

static const char *const ref_kinds[] = { "name", "local-file", "local-dir", "url" };

static const char *getvar(const char *name, void *data)
{
	(void)data;
	return getenv(name);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *strings(char **v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *ref_json(const struct reqfile_line *l, const char *file, const char *cwd)
{
	struct reqref r;
	json_t *o;
	const int rc = reqfile_resolve(l, file, cwd, &r);

	if (rc < 0)
		return json_pack("{s:b}", "error", 1);
	if (rc > 0)
		return json_null();
	o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "kind", ref_kinds[r.kind],
		      "path", str_or_null(r.path), "url", str_or_null(r.url),
		      "name", str_or_null(r.name), "specifier", str_or_null(r.specifier),
		      "markers", str_or_null(r.markers));
	reqref_release(&r);
	return o;
}

static void print(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);

	puts(s);
	free(s);
	json_decref(o);
}

int main(int argc, char **argv)
{
	struct strbuf text = STRBUF_INIT;
	struct reqfile rf = REQFILE_INIT;
	char *cwd = getcwd(NULL, 0);

	if (argc != 2 || !cwd || strbuf_read_file(&text, argv[1])) {
		fprintf(stderr, "usage: reqfile_dump FILE\n");
		return 2;
	}
	if (reqfile_parse(text.buf, text.len, argv[1], getvar, NULL, &rf)) {
		print(json_pack("{s:s}", "error", "parse"));
		return 1;
	}
	for (size_t i = 0; i < rf.n; i++) {
		const struct reqfile_line *l = &rf.v[i];

		print(json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
				"lineno", (json_int_t)l->lineno, "kind", line_kinds[l->kind],
				"option", str_or_null(l->option), "longopt", str_or_null(l->longopt),
				"value", str_or_null(l->value),
				"hashes", strings(l->hashes, l->nhashes),
				"config_settings", strings(l->config_settings, l->nconfig_settings),
				"global_options", strings(l->global_options, l->nglobal_options),
				"ref", ref_json(l, argv[1], cwd)));
	}
	print(json_pack("{s:o}", "vars", strings(rf.vars, rf.nvars)));
	reqfile_release(&rf);
	strbuf_release(&text);
	free(cwd);
	return 0;
}
