/*
 * cmd_create: `pyvenv create`, the options of `python -m venv` and more.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: pyvenv create [OPTIONS] ENV_DIR...\n"
	"\n"
	"Create a Python virtual environment in each ENV_DIR: the environment the\n"
	"interpreter's own `python -m venv` would make (same files, links, pyvenv.cfg,\n"
	"sys.path), written directly, with pip installed from the interpreter's bundled\n"
	"wheel without running pip. An existing environment is updated in place; a new\n"
	"one is built beside its destination and renamed into place, so an interrupted\n"
	"run leaves no half-made environment behind.\n"
	"\n"
	"Options of python -m venv (same meaning):\n"
	"  --system-site-packages    give the environment access to the base\n"
	"                            interpreter's site-packages\n"
	"  --symlinks                link to the interpreter (the default)\n"
	"  --copies                  copy the interpreter instead of linking to it\n"
	"  --clear                   delete the contents of ENV_DIR first (even when it\n"
	"                            is not an environment); the old contents are removed\n"
	"                            only once the new environment is complete\n"
	"  --upgrade                 re-link an existing environment to an interpreter\n"
	"                            upgraded in place (keeps the activation scripts)\n"
	"  --without-pip             do not install pip\n"
	"  --prompt PROMPT           prompt shown while activated (default: the name of\n"
	"                            ENV_DIR; '.' means the current directory's name)\n"
	"  --upgrade-deps            upgrade pip (and, before Python 3.12, setuptools)\n"
	"                            from the package index with the environment's pip\n"
	"  --without-scm-ignore-files\n"
	"                            do not write .gitignore (written from Python 3.13)\n"
	"\n"
	"More:\n"
	"  --allow-existing          write the environment into ENV_DIR even when it holds\n"
	"                            other files and is no environment (as python -m venv\n"
	"                            does; refused by default): each file the environment\n"
	"                            has replaces the one there, everything else stays\n"
	"  --python PYTHON           base interpreter, Python 3.8 or later: a path, a\n"
	"                            name on PATH, or a request: 3.12, 3.12.1, 3.13t\n"
	"                            (free-threaded), >=3.10, >=3.9,<3.12, python3.12,\n"
	"                            cpython3.12; a request is looked for on PATH, in\n"
	"                            pyenv's and uv's interpreters, /usr/local/bin and\n"
	"                            /usr/bin: the first on PATH that satisfies it, else\n"
	"                            the newest (pyvenv info --list shows them all);\n"
	"                            default: $PYVENV_PYTHON, else python3 on PATH\n"
	"  -r, --requirement FILE    install from this requirements file (repeatable)\n"
	"  --package SPEC            install this requirement specifier (repeatable)\n"
	"  --pip-arg ARG             pass ARG to every pip install, e.g. --no-index or\n"
	"                            --find-links=DIR (repeatable)\n"
	"  --installer WHO           who installs -r and --package: auto (the default:\n"
	"                            pyvenv itself when it can, else pip), native (pyvenv,\n"
	"                            or an error saying which requirement it cannot\n"
	"                            install and why), or pip\n"
	"  --compile-bytecode        compile the installed .py files to .pyc (not done by\n"
	"                            default, by either installer)\n"
	"  --build-path DIR          put DIR on sys.path through a .pth file in\n"
	"                            site-packages (repeatable)\n"
	"  --cache-dir DIR           cache directory (default: $PYVENV_CACHE_DIR, else\n"
	"                            $XDG_CACHE_HOME/pyvenv, else ~/.cache/pyvenv)\n"
	"  --no-cache                neither read nor write the cache (local or remote)\n"
	"  --remote-cache URL        look templates up on this HTTP cache server after\n"
	"                            the local cache (default: $PYVENV_REMOTE_CACHE);\n"
	"                            see \"The remote cache\" below\n"
	"  --no-remote-cache         do not use a remote cache, whatever\n"
	"                            $PYVENV_REMOTE_CACHE says\n"
	"  --remote-cache-write      also store there the templates this run builds\n"
	"                            (default: only with PYVENV_REMOTE_CACHE_WRITE=1)\n"
	"  --template ARCHIVE        seed the environment from this template (made by\n"
	"                            `pyvenv pack` for the same interpreter), then\n"
	"                            install -r/--package on top\n"
	"  --link-mode MODE          how files come from the template cache: auto (the\n"
	"                            default: clone, else hardlink, else copy), clone,\n"
	"                            hardlink or copy\n"
	"  --stamp FILE              for build systems: if FILE records the digest of\n"
	"                            this run's inputs (interpreter, options, the\n"
	"                            contents of -r files, --find-links listings, PIP_*\n"
	"                            variables, this helper) and ENV_DIR is intact, only\n"
	"                            touch FILE; otherwise build ENV_DIR anew (replacing\n"
	"                            an existing environment, never other content) and\n"
	"                            write FILE; one ENV_DIR only\n"
	"  --depfile FILE            with --stamp: write FILE, a Makefile-style list\n"
	"                            of the files the digest read (requirement files,\n"
	"                            local wheels, sdists and directories they name,\n"
	"                            --find-links directories), for the build system\n"
	"  -q, --quiet               print only errors and warnings\n"
	"  -v, --verbose             print more detail\n"
	"  -h, --help                show this help\n"
	"\n"
	"Without --no-cache, a new environment whose inputs (interpreter, options,\n"
	"the contents of -r files, --find-links listings, PIP_* variables) were seen\n"
	"before is seeded from the cached template of the first one and moved to its\n"
	"own path; otherwise it is built, and its template stored in the cache.\n"
	"With hardlink (or auto falling back to it), files are shared with the cache:\n"
	"edit files in the environment by replacing them, not in place.\n"
	"\n"
	"The remote cache: an HTTP object store (GET and PUT only: nginx with WebDAV\n"
	"PUT, bazel-remote, ccache's or Gradle's HTTP cache servers, an object store\n"
	"behind HTTP). A template found there is downloaded, checked against its\n"
	"record's size and SHA-256 and as a local template is, put into the local\n"
	"cache, and used; pip does not run. It changes neither the cache key nor the\n"
	"stamp. URL takes attributes after '|', as ccache's remote storage does:\n"
	"  URL|layout=bazel|connect-timeout=10|stall-timeout=30|timeout=600|retries=2\n"
	"layout flat (the default) stores URL/<key>.record and URL/<sha256>.tar.zst;\n"
	"bazel stores URL/ac/<key> and URL/cas/<sha256>. Timeouts are in seconds\n"
	"(the defaults above); connection errors and 5xx answers are retried.\n"
	"Credentials come from the URL's user info, ~/.netrc ($NETRC), or\n"
	"PYVENV_REMOTE_CACHE_TOKEN (sent as a bearer token); no message shows them.\n"
	"PYVENV_REMOTE_CACHE_SIGNING_KEY=FILE signs what is stored (a key from\n"
	"`pyvenv cache keygen`); PYVENV_REMOTE_CACHE_TRUSTED_KEYS=FILE (public keys,\n"
	"one a line) uses only entries one of them signed. A fault (server down,\n"
	"refused, slow, a damaged or foreign entry) is one warning, and the\n"
	"environment is built locally as without a remote cache.\n"
	"\n"
	"Wheels (below) and --link-mode copy are written by two threads, or one on a\n"
	"one-processor machine; PYVENV_THREADS=N (1 to 16) makes it N.\n"
	"\n"
	"Requirements (-r, --package) are installed by pyvenv itself, from wheels in\n"
	"--find-links directories (-f lines, --pip-arg, PIP_FIND_LINKS) or named by\n"
	"path, exactly as pip would install them, when the set is locked: every\n"
	"requirement pinned with == (or ===) and every dependency of every wheel pinned\n"
	"too; then pip does not run at all. Otherwise, with --no-index, pip only\n"
	"resolves (a dry run) and pyvenv installs the wheels it chose. pip installs the\n"
	"whole set when something needs it: an sdist, a directory, a VCS or editable\n"
	"requirement, a download from an index or URL, an unlocked set while an index\n"
	"is in effect, constraints files, --no-binary, or a --pip-arg pyvenv does not\n"
	"know. PEP 751 lock files (-r pylock.toml) are always installed by pyvenv.\n"
	"-v says which installer ran and why. --upgrade-deps always runs pip. The\n"
	"environment's pip runs with PIP_DISABLE_PIP_VERSION_CHECK=1 and its output\n"
	"passes through; if it fails, the new environment is discarded.\n"
	"\n"
	"Exit status: 0 success, 1 failure (the message says what and why), 2 usage\n"
	"error.\n";

enum {
	OPT_SYSTEM_SITE = 256, OPT_SYMLINKS, OPT_COPIES, OPT_CLEAR, OPT_UPGRADE, OPT_WITHOUT_PIP,
	OPT_PROMPT, OPT_UPGRADE_DEPS, OPT_WITHOUT_SCM, OPT_PYTHON, OPT_PACKAGE, OPT_PIP_ARG,
	OPT_BUILD_PATH, OPT_CACHE_DIR, OPT_NO_CACHE, OPT_STAMP, OPT_TEMPLATE, OPT_LINK_MODE, OPT_DEPFILE,
	OPT_ALLOW_EXISTING, OPT_INSTALLER, OPT_COMPILE_BYTECODE, OPT_REMOTE_CACHE, OPT_NO_REMOTE_CACHE,
	OPT_REMOTE_CACHE_WRITE,
};

static const struct option options[] = {
	{ "system-site-packages", no_argument, NULL, OPT_SYSTEM_SITE },
	{ "symlinks", no_argument, NULL, OPT_SYMLINKS },
	{ "copies", no_argument, NULL, OPT_COPIES },
	{ "clear", no_argument, NULL, OPT_CLEAR },
	{ "upgrade", no_argument, NULL, OPT_UPGRADE },
	{ "without-pip", no_argument, NULL, OPT_WITHOUT_PIP },
	{ "prompt", required_argument, NULL, OPT_PROMPT },
	{ "upgrade-deps", no_argument, NULL, OPT_UPGRADE_DEPS },
	{ "without-scm-ignore-files", no_argument, NULL, OPT_WITHOUT_SCM },
	{ "python", required_argument, NULL, OPT_PYTHON },
	{ "requirement", required_argument, NULL, 'r' },
	{ "package", required_argument, NULL, OPT_PACKAGE },
	{ "pip-arg", required_argument, NULL, OPT_PIP_ARG },
	{ "build-path", required_argument, NULL, OPT_BUILD_PATH },
	{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "remote-cache", required_argument, NULL, OPT_REMOTE_CACHE },
	{ "no-remote-cache", no_argument, NULL, OPT_NO_REMOTE_CACHE },
	{ "remote-cache-write", no_argument, NULL, OPT_REMOTE_CACHE_WRITE },
	{ "stamp", required_argument, NULL, OPT_STAMP },
	{ "depfile", required_argument, NULL, OPT_DEPFILE },
	{ "template", required_argument, NULL, OPT_TEMPLATE },
	{ "link-mode", required_argument, NULL, OPT_LINK_MODE },
	{ "allow-existing", no_argument, NULL, OPT_ALLOW_EXISTING },
	{ "installer", required_argument, NULL, OPT_INSTALLER },
	{ "compile-bytecode", no_argument, NULL, OPT_COMPILE_BYTECODE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct create_args {
	struct pyvenv_create_options opts;
	enum pyvenv_verbosity verbosity;
	const char **lists[4]; /* requirements, packages, pip_args, build_paths */
};

static void list_add(struct create_args *a, int which, struct pyvenv_strings *list, const char *s)
{
	a->lists[which][list->n++] = s;
	list->v = a->lists[which];
}

static const char *const link_modes[] = { "auto", "clone", "hardlink", "copy" };

/* Parses argv; returns -1 when done, or an exit status to return. */
static int parse(int argc, char **argv, struct create_args *a)
{
	struct pyvenv_create_options *o = &a->opts;
	int c;

	for (int i = 0; i < 4; i++)
		a->lists[i] = calloc((size_t)argc, sizeof(char *));
	if (!a->lists[0] || !a->lists[1] || !a->lists[2] || !a->lists[3])
		return cmd_error("out of memory");
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":r:qvh", options, NULL)) != -1) {
		switch (c) {
		case OPT_SYSTEM_SITE: o->system_site_packages = 1; break;
		case OPT_SYMLINKS: o->symlinks = 1; break;
		case OPT_COPIES: o->symlinks = 0; break;
		case OPT_CLEAR: o->clear = 1; break;
		case OPT_UPGRADE: o->upgrade = 1; break;
		case OPT_WITHOUT_PIP: o->with_pip = 0; break;
		case OPT_PROMPT: o->prompt = optarg; break;
		case OPT_UPGRADE_DEPS: o->upgrade_deps = 1; break;
		case OPT_WITHOUT_SCM: o->scm_ignore = 0; break;
		case OPT_PYTHON: o->python = optarg; break;
		case 'r': list_add(a, 0, &o->requirements, optarg); break;
		case OPT_PACKAGE: list_add(a, 1, &o->packages, optarg); break;
		case OPT_PIP_ARG: list_add(a, 2, &o->pip_args, optarg); break;
		case OPT_BUILD_PATH: list_add(a, 3, &o->build_paths, optarg); break;
		case OPT_CACHE_DIR: o->cache_dir = optarg; break;
		case OPT_NO_CACHE: o->no_cache = 1; break;
		case OPT_REMOTE_CACHE:
			if (!*optarg)
				return cmd_usage_error("create", "--remote-cache needs a URL");
			o->remote_cache = optarg;
			break;
		case OPT_NO_REMOTE_CACHE: o->remote_cache = ""; break;
		case OPT_REMOTE_CACHE_WRITE: o->remote_cache_write = 1; break;
		case OPT_STAMP: o->stamp = optarg; break;
		case OPT_DEPFILE: o->depfile = optarg; break;
		case OPT_ALLOW_EXISTING: o->allow_existing = 1; break;
		case OPT_COMPILE_BYTECODE: o->compile_bytecode = 1; break;
		case OPT_INSTALLER:
			if (!strcmp(optarg, "auto"))
				o->installer = PYVENV_INSTALLER_AUTO;
			else if (!strcmp(optarg, "native"))
				o->installer = PYVENV_INSTALLER_NATIVE;
			else if (!strcmp(optarg, "pip"))
				o->installer = PYVENV_INSTALLER_PIP;
			else
				return cmd_usage_error("create", "--installer must be auto, native or pip, not '%s'", optarg);
			break;
		case OPT_TEMPLATE: o->template_archive = optarg; break;
		case OPT_LINK_MODE: {
			size_t m = 0;

			while (m < 4 && strcmp(optarg, link_modes[m]))
				m++;
			if (m == 4)
				return cmd_usage_error("create", "--link-mode must be auto, clone, hardlink or copy, not '%s'", optarg);
			o->link_mode = (enum pyvenv_link_mode)m;
			break;
		}
		case 'q': a->verbosity = PYVENV_QUIET; break;
		case 'v': a->verbosity = PYVENV_VERBOSE; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':': return cmd_usage_error("create", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option("create", argv[optind - 1]);
		}
	}
	return -1; /* the library checks the rest, as usage errors */
}

int cmd_create(int argc, char **argv)
{
	struct create_args a = { .verbosity = PYVENV_NORMAL };
	pyvenv_ctx *ctx;
	int rc;

	pyvenv_create_options_init(&a.opts);
	rc = parse(argc, argv, &a);
	if (rc < 0) {
		ctx = cmd_context("create", a.verbosity);
		rc = pyvenv_create_all(ctx, (const char *const *)argv + optind, (size_t)(argc - optind), &a.opts)
			     ? cmd_failed(ctx) : EXIT_OK;
		pyvenv_ctx_free(ctx);
	}
	for (int i = 0; i < 4; i++)
		free(a.lists[i]);
	return rc;
}
