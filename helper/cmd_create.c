/*
 * cmd_create: `pyvenv create`, the options of `python -m venv` and more.
 */
#include "cache.h"
#include "cmd.h"
#include "fsutil.h"
#include "inputs.h"
#include "msg.h"
#include "probe.h"
#include "pyfind.h"
#include "strbuf.h"
#include "tcache.h"
#include "venv.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	"  --build-path DIR          put DIR on sys.path through a .pth file in\n"
	"                            site-packages (repeatable)\n"
	"  --cache-dir DIR           cache directory (default: $PYVENV_CACHE_DIR, else\n"
	"                            $XDG_CACHE_HOME/pyvenv, else ~/.cache/pyvenv)\n"
	"  --no-cache                neither read nor write the cache\n"
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
	"-r, --package and --upgrade-deps run the environment's pip, whose output passes\n"
	"through (with PIP_DISABLE_PIP_VERSION_CHECK=1); if it fails, the new\n"
	"environment is discarded.\n"
	"\n"
	"Exit status: 0 success, 1 failure (the message says what and why), 2 usage\n"
	"error.\n";

enum {
	OPT_SYSTEM_SITE = 256, OPT_SYMLINKS, OPT_COPIES, OPT_CLEAR, OPT_UPGRADE, OPT_WITHOUT_PIP,
	OPT_PROMPT, OPT_UPGRADE_DEPS, OPT_WITHOUT_SCM, OPT_PYTHON, OPT_PACKAGE, OPT_PIP_ARG,
	OPT_BUILD_PATH, OPT_CACHE_DIR, OPT_NO_CACHE, OPT_STAMP, OPT_TEMPLATE, OPT_LINK_MODE, OPT_DEPFILE,
	OPT_ALLOW_EXISTING,
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
	{ "stamp", required_argument, NULL, OPT_STAMP },
	{ "depfile", required_argument, NULL, OPT_DEPFILE },
	{ "template", required_argument, NULL, OPT_TEMPLATE },
	{ "link-mode", required_argument, NULL, OPT_LINK_MODE },
	{ "allow-existing", no_argument, NULL, OPT_ALLOW_EXISTING },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct create_args {
	struct venv_opts opts;
	const char *python;
	const char *cache_dir;
	const char *stamp;
	const char *depfile;
	int no_cache;
	char **copies;   /* requirement files read once into temporary files */
	size_t ncopies;
};

static void list_add(struct string_list *list, const char *s)
{
	list->v[list->n++] = s;
}

/* Parses argv; returns -1 when done, or an exit status to return. */
static int parse(int argc, char **argv, struct create_args *a)
{
	int c;

	a->opts.requirements.v = xcalloc((size_t)argc, sizeof(char *));
	a->opts.packages.v = xcalloc((size_t)argc, sizeof(char *));
	a->opts.pip_args.v = xcalloc((size_t)argc, sizeof(char *));
	a->opts.build_paths.v = xcalloc((size_t)argc, sizeof(char *));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":r:qvh", options, NULL)) != -1) {
		switch (c) {
		case OPT_SYSTEM_SITE: a->opts.system_site_packages = 1; break;
		case OPT_SYMLINKS: a->opts.symlinks = 1; break;
		case OPT_COPIES: a->opts.symlinks = 0; break;
		case OPT_CLEAR: a->opts.clear = 1; break;
		case OPT_UPGRADE: a->opts.upgrade = 1; break;
		case OPT_WITHOUT_PIP: a->opts.with_pip = 0; break;
		case OPT_PROMPT: a->opts.prompt = optarg; break;
		case OPT_UPGRADE_DEPS: a->opts.upgrade_deps = 1; break;
		case OPT_WITHOUT_SCM: a->opts.scm_ignore = 0; break;
		case OPT_PYTHON: a->python = optarg; break;
		case 'r': list_add(&a->opts.requirements, optarg); break;
		case OPT_PACKAGE: list_add(&a->opts.packages, optarg); break;
		case OPT_PIP_ARG: list_add(&a->opts.pip_args, optarg); break;
		case OPT_BUILD_PATH: list_add(&a->opts.build_paths, optarg); break;
		case OPT_CACHE_DIR: a->cache_dir = optarg; break;
		case OPT_NO_CACHE: a->no_cache = 1; break;
		case OPT_STAMP: a->stamp = optarg; break;
		case OPT_DEPFILE: a->depfile = optarg; break;
		case OPT_ALLOW_EXISTING: a->opts.allow_existing = 1; break;
		case OPT_TEMPLATE: a->opts.template_archive = optarg; break;
		case OPT_LINK_MODE: {
			const int mode = link_mode_parse(optarg);

			if (mode < 0)
				return cmd_usage_error("create", "--link-mode must be auto, clone, hardlink or copy, not '%s'", optarg);
			a->opts.link_mode = (enum link_mode)mode;
			break;
		}
		case 'q': msg_verbosity = MSG_QUIET; break;
		case 'v': msg_verbosity = MSG_VERBOSE; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':': return cmd_usage_error("create", "option '%s' needs a value", argv[optind - 1]);
		default: return cmd_bad_option("create", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("create", "no ENV_DIR given");
	if (a->opts.clear && a->opts.upgrade)
		return cmd_usage_error("create", "--clear and --upgrade cannot be used together");
	if (!a->opts.with_pip && !a->opts.system_site_packages &&
	    (a->opts.requirements.n || a->opts.packages.n))
		return cmd_usage_error("create", "-r and --package install with pip: drop --without-pip");
	if (a->stamp && argc - optind != 1)
		return cmd_usage_error("create", "--stamp takes exactly one ENV_DIR");
	if (a->stamp && a->opts.upgrade)
		return cmd_usage_error("create", "--stamp and --upgrade cannot be used together");
	if (a->stamp && a->opts.allow_existing)
		return cmd_usage_error("create", "--stamp and --allow-existing cannot be used together");
	if (a->stamp && !*a->stamp)
		return cmd_usage_error("create", "--stamp needs a non-empty value");
	if (a->depfile && (!a->stamp || !*a->depfile))
		return cmd_usage_error("create", "--depfile needs a non-empty value, and --stamp");
	if (a->opts.prompt && !*a->opts.prompt)
		return cmd_usage_error("create", "--prompt needs a non-empty value");
	return -1;
}

/*
 * A requirements file that is not a regular file (a pipe, as from bash's
 * <(...)) can be read only once, but it is read for the digest and then by
 * pip: its content goes to a temporary file, which both read instead.
 */
static int copy_requirements(struct create_args *a, size_t i)
{
	const char *f = a->opts.requirements.v[i];
	const char *tmpdir = getenv("TMPDIR");
	struct strbuf sb = STRBUF_INIT;
	char *tmp = xstrfmt("%s/pyvenv-requirements-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd, ret = 0;

	if (strbuf_read_file_max(&sb, f, INPUTS_MAX_REQUIREMENTS) < 0) {
		if (errno == EFBIG)
			ret = error("the requirements file '%s' is larger than %d MiB", f, INPUTS_MAX_REQUIREMENTS >> 20);
		else
			ret = error_errno("cannot read the requirements file '%s'", f);
	} else if ((fd = mkstemp(tmp)) < 0) {
		ret = error_errno("cannot create a temporary file for '%s'", f);
	} else {
		close(fd);
		if (fs_replace_file(tmp, sb.buf, sb.len, 0600)) {
			unlink(tmp);
			ret = -1;
		}
	}
	strbuf_release(&sb);
	if (ret) {
		free(tmp);
		return -1;
	}
	a->copies = xrealloc(a->copies, (a->ncopies + 1) * sizeof(*a->copies));
	a->copies[a->ncopies++] = tmp;
	a->opts.requirements.v[i] = tmp;
	return 0;
}

/* Checks inputs that would otherwise fail half-way: before anything is made. */
static int check_inputs(struct create_args *a)
{
	for (size_t i = 0; i < a->opts.requirements.n; i++) {
		const char *f = a->opts.requirements.v[i];
		struct stat st;

		if (access(f, R_OK) || stat(f, &st))
			return error_errno("cannot read the requirements file '%s'", f);
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return error_errno("cannot read the requirements file '%s'", f);
		}
		if (!S_ISREG(st.st_mode) && copy_requirements(a, i))
			return -1;
	}
	if (a->opts.template_archive && access(a->opts.template_archive, R_OK))
		return error_errno("cannot read the template '%s'", a->opts.template_archive);
	return 0;
}

/* Does the stamp record these inputs, and is the environment still there? */
static int stamp_current(const char *stamp, const char *env, const struct pyinfo *py, const char *hex)
{
	struct strbuf sb = STRBUF_INIT;
	char *cfg = fs_join(env, "pyvenv.cfg");
	char *python = xstrfmt("%s/%s/python", env, py->scripts_dir);
	struct stat st;
	int current = strbuf_read_file(&sb, stamp) >= 0 && sb.len == INPUTS_HEX_LEN &&
		      !memcmp(sb.buf, hex, INPUTS_HEX_LEN - 1) && sb.buf[INPUTS_HEX_LEN - 1] == '\n' &&
		      fs_exists(cfg) && !stat(python, &st);

	strbuf_release(&sb);
	free(cfg);
	free(python);
	return current;
}

/* Appends path as make and ninja read a depfile's word. */
static void depfile_word(struct strbuf *out, const char *path)
{
	for (const char *p = path; *p; p++) {
		if (*p == ' ' || *p == '#' || *p == '\\')
			strbuf_addch(out, '\\');
		else if (*p == '$')
			strbuf_addch(out, '$');
		strbuf_addch(out, *p);
	}
}

/* The depfile: the stamp depends on every file the digest read. Paths
 * with a line break cannot be written, and are left out. */
static int write_depfile(const char *file, const char *stamp, const struct inputs_report *r)
{
	struct strbuf text = STRBUF_INIT;
	char *target = fs_abspath(stamp), *dir = fs_dirname(file);
	int ret;

	depfile_word(&text, target ? target : stamp);
	strbuf_addch(&text, ':');
	for (size_t i = 0; i < r->ndeps; i++) {
		if (strpbrk(r->deps[i], "\n\r"))
			continue;
		strbuf_addstr(&text, " \\\n  ");
		depfile_word(&text, r->deps[i]);
	}
	strbuf_addch(&text, '\n');
	ret = fs_mkdir_p(dir, 0777) || fs_replace_file(file, text.buf, text.len, 0644) ? -1 : 0;
	strbuf_release(&text);
	free(target);
	free(dir);
	return ret;
}

/*
 * create --stamp: nothing to do when the stamp matches, else a fresh
 * environment (an existing one replaced whole) and a new stamp.
 */
static int create_stamped(const char *env, const struct pyinfo *py, struct create_args *a)
{
	struct inputs_report report = INPUTS_REPORT_INIT;
	char hex[INPUTS_HEX_LEN];
	char *line = NULL, *dir = NULL;
	int ret = -1;

	if (inputs_digest(env, py, &a->opts, 0, hex, &report))
		goto out;
	if (stamp_current(a->stamp, env, py, hex)) {
		if (utimensat(AT_FDCWD, a->stamp, NULL, 0)) {
			error_errno("cannot update the time of '%s'", a->stamp);
			goto out;
		}
		say("the environment '%s' is up to date", env);
	} else {
		verbose("the inputs of '%s' changed (or it has no stamp): building it anew", env);
		a->opts.replace_env = 1;
		if (venv_create(env, py, &a->opts))
			goto out;
		dir = fs_dirname(a->stamp);
		line = xstrfmt("%s\n", hex);
		if (fs_mkdir_p(dir, 0777) || fs_replace_file(a->stamp, line, strlen(line), 0666))
			goto out;
	}
	ret = a->depfile ? write_depfile(a->depfile, a->stamp, &report) : 0;
out:
	inputs_report_release(&report);
	free(line);
	free(dir);
	return ret;
}

static void release(struct create_args *a)
{
	for (size_t i = 0; i < a->ncopies; i++) {
		unlink(a->copies[i]);
		free(a->copies[i]);
	}
	free(a->copies);
	free(a->opts.requirements.v);
	free(a->opts.packages.v);
	free(a->opts.pip_args.v);
	free(a->opts.build_paths.v);
}

int cmd_create(int argc, char **argv)
{
	struct create_args a = { .opts = VENV_OPTS_INIT };
	struct pyinfo py;
	char *cache = NULL;
	int rc = parse(argc, argv, &a);

	if (rc >= 0)
		goto out;
	rc = EXIT_FAILURE_;
	if (check_inputs(&a))
		goto out;
	if (!a.python)
		a.python = probe_default_python();
	if (!a.no_cache)
		cache = cache_dir_resolve(a.cache_dir);
	a.opts.cache_dir = cache;
	if (pyfind_load(a.python, cache, &py))
		goto out;
	setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1", 1);
	rc = EXIT_OK;
	if (a.stamp) {
		if (create_stamped(argv[optind], &py, &a))
			rc = EXIT_FAILURE_;
		pyinfo_release(&py);
		goto out;
	}
	for (int i = optind; i < argc; i++) {
		if (venv_create(argv[i], &py, &a.opts)) {
			rc = EXIT_FAILURE_;
			break;
		}
	}
	pyinfo_release(&py);
out:
	free(cache);
	release(&a);
	return rc;
}
