/*
 * cmd_template: `pyvenv pack` and `pyvenv unpack`, templates by hand.
 */
#include "cache.h"
#include "cfg.h"
#include "cmd.h"
#include "fsutil.h"
#include "msg.h"
#include "probe.h"
#include "pyfind.h"
#include "strbuf.h"
#include "template.h"
#include "venv.h"

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
	"  --python PYTHON   the interpreter (default: the one the template names)\n"
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
	struct string_list build_paths;
};

/* Parses argv for verb; -1 when done, else an exit status. */
static int parse(const char *verb, const char *usage, int argc, char **argv, struct args *a)
{
	const int unpack = !strcmp(verb, "unpack");
	int c;

	a->build_paths.v = xcalloc((size_t)argc, sizeof(char *));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":qvh", options, NULL)) != -1) {
		if (!unpack && (c == OPT_PROMPT || c == OPT_CLEAR || c == OPT_BUILD_PATH))
			return cmd_bad_option(verb, argv[optind - 1]);
		switch (c) {
		case OPT_PYTHON: a->python = optarg; break;
		case OPT_PROMPT: a->prompt = optarg; break;
		case OPT_CLEAR: a->clear = 1; break;
		case OPT_BUILD_PATH: a->build_paths.v[a->build_paths.n++] = optarg; break;
		case OPT_CACHE_DIR: a->cache_dir = optarg; break;
		case OPT_NO_CACHE: a->no_cache = 1; break;
		case 'q': msg_verbosity = MSG_QUIET; break;
		case 'v': msg_verbosity = MSG_VERBOSE; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		case ':': return cmd_usage_error(verb, "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option(verb, argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cmd_usage_error(verb, unpack ? "expected ARCHIVE and ENV_DIR" : "expected ENV_DIR and ARCHIVE");
	if (a->prompt && !*a->prompt)
		return cmd_usage_error(verb, "--prompt needs a non-empty value");
	return -1;
}

int cmd_pack(int argc, char **argv)
{
	struct args a = { 0 };
	struct pyinfo py;
	char *python = NULL, *cache = NULL, *cfg = NULL;
	const char *env, *archive;
	int rc = parse("pack", pack_usage, argc, argv, &a);

	if (rc >= 0)
		goto out;
	rc = EXIT_FAILURE_;
	env = argv[optind];
	archive = argv[optind + 1];
	cfg = fs_join(env, "pyvenv.cfg");
	if (!fs_exists(cfg)) {
		error("'%s' is not a virtual environment (it has no pyvenv.cfg)", env);
		goto out;
	}
	python = a.python ? xstrdup(a.python) : cfg_base_python(env);
	if (!python) {
		error("cannot tell which interpreter '%s' was made from", env);
		hint("name it with --python");
		goto out;
	}
	if (!a.no_cache)
		cache = cache_dir_resolve(a.cache_dir);
	if (pyfind_load(python, cache, &py))
		goto out;
	if (!template_pack(env, archive, &py)) {
		say("packed '%s' into '%s'", env, archive);
		rc = EXIT_OK;
	}
	pyinfo_release(&py);
out:
	free(python);
	free(cache);
	free(cfg);
	free(a.build_paths.v);
	return rc;
}

int cmd_unpack(int argc, char **argv)
{
	struct args a = { 0 };
	struct template_meta meta = { 0 };
	struct venv_opts opts;
	struct pyinfo py;
	char *cache = NULL;
	const char *archive, *env;
	int rc = parse("unpack", unpack_usage, argc, argv, &a), have_meta = 0;

	if (rc >= 0)
		goto out;
	rc = EXIT_FAILURE_;
	archive = argv[optind];
	env = argv[optind + 1];
	if (template_read_meta(archive, &meta))
		goto out;
	have_meta = 1;
	if (!a.no_cache)
		cache = cache_dir_resolve(a.cache_dir);
	if (pyfind_load(a.python ? a.python : meta.python, cache, &py))
		goto out;
	if (template_check_python(&meta, &py, archive)) {
		pyinfo_release(&py);
		goto out;
	}
	template_opts(&meta, &opts);
	opts.prompt = a.prompt;
	opts.clear = a.clear;
	opts.build_paths = a.build_paths;
	opts.template_archive = archive;
	setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1", 1);
	if (!venv_create(env, &py, &opts))
		rc = EXIT_OK;
	pyinfo_release(&py);
out:
	if (have_meta)
		template_meta_release(&meta);
	free(cache);
	free(a.build_paths.v);
	return rc;
}
