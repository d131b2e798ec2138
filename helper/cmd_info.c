/*
 * cmd_info: `pyvenv info`, what the helper knows of an interpreter.
 */
#include "cache.h"
#include "cmd.h"
#include "layout.h"
#include "msg.h"
#include "probe.h"
#include "pyfind.h"
#include "strbuf.h"

#include <getopt.h>
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

static void print_text(const struct pyinfo *py)
{
	const char *names[LAYOUT_MAX_NAMES];
	const size_t n = layout_python_names(py, names);

	printf("interpreter:     %s\n", py->path);
	printf("version:         %s (%s)\n", py->version, py->implementation);
	printf("sys.executable:  %s\n", py->executable);
	printf("base executable: %s\n", py->base_executable);
	printf("real executable: %s\n", py->real_executable);
	printf("bin/ names:      %s", layout_exe_name(py));
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], layout_exe_name(py)))
			printf(" %s", names[i]);
	printf("\nscripts:         %s\n", py->scripts_dir);
	printf("include:         %s\n", py->include_dir);
	printf("purelib:         %s\n", py->purelib);
	printf("platlib:         %s\n", py->platlib);
	printf("lib64 link:      %s\n", layout_has_lib64(py) ? "yes" : "no");
	printf("ensurepip:       %s\n", py->has_ensurepip ? "yes" : "no");
	for (size_t i = 0; i < py->nwheels; i++)
		printf("bundled wheel:   %s %s (%s)\n", py->wheels[i].name, py->wheels[i].version,
		       py->wheels[i].path);
	printf("probe cache:     %s (%s)\n", py->cache_file ? py->cache_file : "none",
	       py->from_cache ? "answered from the cache" : "probed now");
}

static void print_json(const struct pyinfo *py)
{
	json_t *copy = json_deep_copy(py->json);
	char *text;

	json_object_set_new(copy, "interpreter", json_string(py->path));
	json_object_set_new(copy, "cached", json_boolean(py->from_cache));
	json_object_set_new(copy, "cache_file", py->cache_file ? json_string(py->cache_file) : json_null());
	text = json_dumps(copy, JSON_INDENT(2) | JSON_SORT_KEYS);
	puts(text);
	free(text);
	json_decref(copy);
}

/* info --list: every interpreter found, by the rule of `--python`. */
static void print_list(const char *cache, int as_json)
{
	struct pyfound_list all;
	json_t *arr = json_array();

	pyfind_all(cache, &all);
	for (size_t i = 0; i < all.n; i++) {
		const struct pyfound *f = &all.v[i];
		const int ft = pyinfo_free_threaded(&f->info);

		if (as_json) {
			json_t *o = json_object();

			json_object_set_new(o, "path", json_string(f->path));
			json_object_set_new(o, "version", json_string(f->info.version));
			json_object_set_new(o, "implementation", json_string(f->info.implementation));
			json_object_set_new(o, "free_threaded", json_boolean(ft));
			json_object_set_new(o, "found_in", json_string(f->origin));
			json_object_set_new(o, "real_executable", json_string(f->info.real_executable));
			json_array_append_new(arr, o);
		} else {
			char version[64];

			snprintf(version, sizeof(version), "%s%s", f->info.version, ft ? "t" : "");
			printf("%-9s %-8s %-7s %s\n", version, f->info.implementation, f->origin, f->path);
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
	pyfound_list_release(&all);
}

int cmd_info(int argc, char **argv)
{
	const char *python = NULL, *cache_given = NULL;
	int as_json = 0, no_cache = 0, list = 0, c;
	char *cache = NULL;
	struct pyinfo py;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":vh", options, NULL)) != -1) {
		switch (c) {
		case 'p': python = optarg; break;
		case 'j': as_json = 1; break;
		case 'l': list = 1; break;
		case 'c': cache_given = optarg; break;
		case 'n': no_cache = 1; break;
		case 'v': msg_verbosity = MSG_VERBOSE; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':': return cmd_usage_error("info", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option("info", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("info", "unexpected argument '%s'", argv[optind]);
	if (list && python)
		return cmd_usage_error("info", "--list and --python cannot be used together");
	if (!python)
		python = probe_default_python();
	if (!no_cache)
		cache = cache_dir_resolve(cache_given);
	if (list) {
		print_list(cache, as_json);
		free(cache);
		return EXIT_OK;
	}
	if (pyfind_load(python, cache, &py)) {
		free(cache);
		return EXIT_FAILURE_;
	}
	if (as_json)
		print_json(&py);
	else
		print_text(&py);
	pyinfo_release(&py);
	free(cache);
	return EXIT_OK;
}
