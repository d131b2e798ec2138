/*
 * cmd_template: `pyvenv pack` and `pyvenv unpack`, templates by hand.
 */
#include "cmd.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char pack_usage[] =
	"usage: pyvenv pack [OPTIONS] ENV_DIR ARCHIVE\n"
	"\n"
	"Pack the virtual environment ENV_DIR into ARCHIVE, a relocatable template:\n"
	"a tar compressed as its name says (.tar.zst, the default choice, .tar.gz or\n"
	".tar.xz), holding the environment with its modes and times, and metadata:\n"
	"the prefix it had, the interpreter and options it was made with, and which\n"
	"files hold the prefix. ARCHIVE is replaced only once it is complete.\n"
	"\n"
	"Refused: environments that depend on files outside themselves (editable\n"
	"installs, .pth files naming other directories). The build paths of\n"
	"`create --build-path` are left out (give them again when seeding).\n"
	"\n"
	"Options:\n"
	"  --python PYTHON   the environment's base interpreter (default: the one\n"
	"                    its bin/python links to, or pyvenv.cfg's executable)\n"
	"  --cache-dir DIR   where interpreter probes are cached; --no-cache: nowhere\n"
	"  -q, --quiet       print only errors\n"
	"  -v, --verbose     print more detail\n"
	"  -h, --help        show this help\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 usage error.\n";

static const char unpack_usage[] =
	"usage: pyvenv unpack [OPTIONS] ARCHIVE ENV_DIR\n"
	"\n"
	"Make the virtual environment ENV_DIR from ARCHIVE, a template made by\n"
	"`pyvenv pack`, moved to its new path: script interpreters (a /bin/sh\n"
	"trampoline where the new path is too long or has blanks), activation\n"
	"scripts, pyvenv.cfg, .pth files, direct_url.json and the RECORD rows of\n"
	"what changed. Modification times are kept, so compiled files stay valid.\n"
	"The environment is built beside ENV_DIR and renamed into place. A template\n"
	"made for another interpreter (path or version) is refused.\n"
	"\n"
	"Options:\n"
	"  --python PYTHON   the interpreter, found as create finds it (default:\n"
	"                    $PYVENV_PYTHON, else python3 on PATH); it must be the\n"
	"                    one the template was made for, which is never run\n"
	"                    just because the template names it\n"
	"  --prompt PROMPT   prompt shown while activated (default: ENV_DIR's name)\n"
	"  --clear           replace ENV_DIR if it is an environment already\n"
	"  --build-path DIR  put DIR on sys.path through a .pth file (repeatable)\n"
	"  --cache-dir DIR   where interpreter probes are cached; --no-cache: nowhere\n"
	"  -q, --quiet       print only errors\n"
	"  -v, --verbose     print more detail\n"
	"  -h, --help        show this help\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 usage error.\n";

enum { OPT_PYTHON = 256, OPT_PROMPT, OPT_CLEAR, OPT_BUILD_PATH, OPT_CACHE_DIR, OPT_NO_CACHE };

static const struct option options[] = {
	{ "python", required_argument, NULL, OPT_PYTHON },
	{ "prompt", required_argument, NULL, OPT_PROMPT },
	{ "clear", no_argument, NULL, OPT_CLEAR },
	{ "build-path", required_argument, NULL, OPT_BUILD_PATH },
	{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	const char *python, *prompt, *cache_dir;
	int clear, no_cache;
	enum pyvenv_verbosity verbosity;
	const char **build_paths;
	size_t nbuild_paths;
};

/* Parses argv for verb; -1 when done, else an exit status. */
static int parse(const char *verb, const char *usage, int argc, char **argv, struct args *a)
{
	const int unpack = !strcmp(verb, "unpack");
	int c;

	a->build_paths = calloc((size_t)argc, sizeof(char *));
	if (!a->build_paths)
		return cmd_error("out of memory");
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":qvh", options, NULL)) != -1) {
		if (!unpack && (c == OPT_PROMPT || c == OPT_CLEAR || c == OPT_BUILD_PATH))
			return cmd_bad_option(verb, argv[optind - 1]);
		switch (c) {
		case OPT_PYTHON: a->python = optarg; break;
		case OPT_PROMPT: a->prompt = optarg; break;
		case OPT_CLEAR: a->clear = 1; break;
		case OPT_BUILD_PATH: a->build_paths[a->nbuild_paths++] = optarg; break;
		case OPT_CACHE_DIR: a->cache_dir = optarg; break;
		case OPT_NO_CACHE: a->no_cache = 1; break;
		case 'q': a->verbosity = PYVENV_QUIET; break;
		case 'v': a->verbosity = PYVENV_VERBOSE; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		case ':': return cmd_usage_error(verb, "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option(verb, argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cmd_usage_error(verb, unpack ? "expected ARCHIVE and ENV_DIR" : "expected ENV_DIR and ARCHIVE");
	return -1;
}

int cmd_pack(int argc, char **argv)
{
	struct args a = { .verbosity = PYVENV_NORMAL };
	char *cache = NULL;
	pyvenv_ctx *ctx;
	int rc = parse("pack", pack_usage, argc, argv, &a);

	if (rc < 0) {
		if (!a.no_cache)
			cache = pyvenv_cache_dir(a.cache_dir);
		ctx = cmd_context("pack", a.verbosity);
		rc = pyvenv_pack(ctx, argv[optind], argv[optind + 1], a.python, cache) ? cmd_failed(ctx) : EXIT_OK;
		pyvenv_ctx_free(ctx);
	}
	free(cache);
	free(a.build_paths);
	return rc;
}

int cmd_unpack(int argc, char **argv)
{
	struct args a = { .verbosity = PYVENV_NORMAL };
	struct pyvenv_unpack_options o;
	char *cache = NULL;
	pyvenv_ctx *ctx;
	int rc = parse("unpack", unpack_usage, argc, argv, &a);

	if (rc < 0) {
		pyvenv_unpack_options_init(&o);
		if (!a.no_cache)
			cache = pyvenv_cache_dir(a.cache_dir);
		o.python = a.python;
		o.prompt = a.prompt;
		o.clear = a.clear;
		o.build_paths.v = a.build_paths;
		o.build_paths.n = a.nbuild_paths;
		o.cache_dir = cache;
		ctx = cmd_context("unpack", a.verbosity);
		rc = pyvenv_unpack(ctx, argv[optind], argv[optind + 1], &o) ? cmd_failed(ctx) : EXIT_OK;
		pyvenv_ctx_free(ctx);
	}
	free(cache);
	free(a.build_paths);
	return rc;
}
