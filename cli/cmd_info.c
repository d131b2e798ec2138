/*
 * cmd_info: `pyvenv info`, what the helper knows of an interpreter.
 */
#include "cmd.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: pyvenv info [--python PYTHON] [--json] [--cache-dir DIR | --no-cache] [-v]\n"
	"       pyvenv info --list [--json] [--cache-dir DIR | --no-cache] [-v]\n"
	"\n"
	"Show what pyvenv knows of an interpreter: its version, the paths an\n"
	"environment made from it gets, and the pip (and setuptools) wheels its\n"
	"ensurepip would install. The answer comes from the probe cache when the\n"
	"interpreter has not changed since it was probed (no Python is started).\n"
	"With --list, list every interpreter pyvenv finds instead: version,\n"
	"implementation, free-threaded or not, path, and where it was found.\n"
	"The text form also says which remote template cache a create would use\n"
	"($PYVENV_REMOTE_CACHE, its URL redacted) and whether it would write there.\n"
	"\n"
	"  --python PYTHON    interpreter: a path, a name on PATH, or a request such\n"
	"                     as 3.12, 3.13t, >=3.10 or cpython3.12 (see pyvenv\n"
	"                     create --help); default: $PYVENV_PYTHON, else python3\n"
	"  --list             list the interpreters found (PATH, pyenv, uv,\n"
	"                     /usr/local/bin, /usr/bin)\n"
	"  --json             print the probe's answer as JSON, with \"cached\" and\n"
	"                     \"cache_file\" added\n"
	"  --cache-dir DIR    cache directory (see pyvenv create --help)\n"
	"  --no-cache         neither read nor write the cache\n"
	"  -v, --verbose      say where the answer came from\n"
	"  -h, --help         show this help\n";

static const struct option options[] = {
	{ "python", required_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "list", no_argument, NULL, 'l' },
	{ "cache-dir", required_argument, NULL, 'c' },
	{ "no-cache", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void print_text(const struct pyvenv_python *py, const char *remote)
{
	printf("interpreter:     %s\n", py->path);
	printf("version:         %s (%s)\n", py->version, py->implementation);
	printf("sys.executable:  %s\n", py->executable);
	printf("base executable: %s\n", py->base_executable);
	printf("real executable: %s\n", py->real_executable);
	printf("bin/ names:     ");
	for (size_t i = 0; i < py->n_names; i++)
		printf(" %s", py->names[i]);
	printf("\nscripts:         %s\n", py->scripts_dir);
	printf("include:         %s\n", py->include_dir);
	printf("purelib:         %s\n", py->purelib);
	printf("platlib:         %s\n", py->platlib);
	printf("lib64 link:      %s\n", py->lib64_link ? "yes" : "no");
	printf("ensurepip:       %s\n", py->has_ensurepip ? "yes" : "no");
	for (size_t i = 0; i < py->n_wheels; i++)
		printf("bundled wheel:   %s %s (%s)\n", py->wheels[i].name, py->wheels[i].version,
		       py->wheels[i].path);
	printf("probe cache:     %s (%s)\n", py->cache_file ? py->cache_file : "none",
	       py->from_cache ? "answered from the cache" : "probed now");
	printf("remote cache:    %s\n", remote ? remote : "none");
}

/* info --list: every interpreter found, by the rule of `--python`. */
static int print_list(pyvenv_ctx *ctx, const char *cache, int as_json)
{
	struct pyvenv_python **all;
	json_t *arr = json_array();
	size_t n;

	if (pyvenv_python_list(ctx, cache, &all, &n))
		return cmd_failed(ctx);
	for (size_t i = 0; i < n; i++) {
		const struct pyvenv_python *f = all[i];

		if (as_json) {
			json_t *o = json_object();

			json_object_set_new(o, "path", json_string(f->path));
			json_object_set_new(o, "version", json_string(f->version));
			json_object_set_new(o, "implementation", json_string(f->implementation));
			json_object_set_new(o, "free_threaded", json_boolean(f->free_threaded));
			json_object_set_new(o, "found_in", json_string(f->found_in));
			json_object_set_new(o, "real_executable", json_string(f->real_executable));
			json_array_append_new(arr, o);
		} else {
			char version[64];

			snprintf(version, sizeof(version), "%s%s", f->version, f->free_threaded ? "t" : "");
			printf("%-9s %-8s %-7s %s\n", version, f->implementation, f->found_in, f->path);
		}
	}
	if (as_json) {
		json_t *doc = json_pack("{s:o}", "interpreters", arr);
		char *text = json_dumps(doc, JSON_INDENT(2));

		puts(text);
		free(text);
		json_decref(doc);
	} else {
		json_decref(arr);
	}
	pyvenv_python_list_free(all, n);
	return EXIT_OK;
}

int cmd_info(int argc, char **argv)
{
	const char *python = NULL, *cache_given = NULL;
	int as_json = 0, no_cache = 0, list = 0, c, rc;
	enum pyvenv_verbosity verbosity = PYVENV_NORMAL;
	struct pyvenv_python *py;
	char *cache = NULL;
	pyvenv_ctx *ctx;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":vh", options, NULL)) != -1) {
		switch (c) {
		case 'p': python = optarg; break;
		case 'j': as_json = 1; break;
		case 'l': list = 1; break;
		case 'c': cache_given = optarg; break;
		case 'n': no_cache = 1; break;
		case 'v': verbosity = PYVENV_VERBOSE; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':': return cmd_usage_error("info", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option("info", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("info", "unexpected argument '%s'", argv[optind]);
	if (list && python)
		return cmd_usage_error("info", "--list and --python cannot be used together");
	if (!no_cache)
		cache = pyvenv_cache_dir(cache_given);
	ctx = cmd_context("info", verbosity);
	if (list) {
		rc = print_list(ctx, cache, as_json);
	} else if (pyvenv_python_find(ctx, python, cache, &py)) {
		rc = cmd_failed(ctx);
	} else {
		char *remote = NULL;

		rc = EXIT_OK;
		if (as_json)
			puts(py->json);
		else if (!no_cache && pyvenv_remote_cache_describe(ctx, NULL, &remote))
			rc = cmd_failed(ctx);
		else
			print_text(py, remote);
		free(remote);
		pyvenv_python_free(py);
	}
	pyvenv_ctx_free(ctx);
	free(cache);
	return rc;
}
