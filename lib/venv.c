/*
 * venv: the steps of `python -m venv`, done natively, plus publishing.
 */
#include "venv.h"
#include "venv_int.h"

#include "activate.h"
#include "bytecode.h"
#include "cache.h"
#include "embed.h"
#include "fsutil.h"
#include "hash.h"
#include "inputs.h"
#include "interrupt.h"
#include "layout.h"
#include "lock.h"
#include "msg.h"
#include "native.h"
#include "proc.h"
#include "record.h"
#include "relocate.h"
#include "script.h"
#include "stage.h"
#include "strbuf.h"
#include "tcache.h"
#include "template.h"
#include "utf8.h"
#include "wheel.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* Points b at root, where the environment is being built. */
static void build_set_root(struct build *b, const char *root)
{
	free(b->bin);
	free(b->purelib);
	free(b->python);
	b->root = root;
	b->bin = fs_join(root, b->py->scripts_dir);
	b->purelib = fs_join(root, b->py->purelib);
	b->python = fs_join(b->bin, layout_exe_name(b->py));
}

static int make_dirs(const struct build *b)
{
	const struct pyinfo *py = b->py;
	char *inc = fs_join(b->root, py->include_dir);
	int ret = fs_mkdir_p(b->root, 0777) || fs_mkdir_p(inc, 0777) || fs_mkdir_p(b->bin, 0777) ||
		  fs_mkdir_p(b->purelib, 0777);

	free(inc);
	if (!ret && layout_has_lib64(py)) {
		char *lib64 = fs_join(b->root, "lib64");

		if (!fs_exists(lib64) && symlink("lib", lib64))
			ret = error_errno("cannot create symlink '%s'", lib64);
		free(lib64);
	}
	return ret ? -1 : 0;
}

static int write_config(const struct build *b)
{
	struct strbuf cfg = STRBUF_INIT;
	char *path = fs_join(b->root, "pyvenv.cfg");
	int ret;

	layout_config(&cfg, b->py, b->opts, b->final, b->prompt);
	ret = fs_replace_file(path, cfg.buf, cfg.len, 0644);
	free(path);
	strbuf_release(&cfg);
	return ret;
}

/* The interpreter itself, and the names venv gives it. */
static int setup_python(const struct build *b)
{
	const struct pyinfo *py = b->py;
	const char *exe = layout_exe_name(py);
	const char *names[LAYOUT_MAX_NAMES];
	const size_t n = layout_python_names(py, names);
	int ret = b->opts->symlinks ? fs_symlink(py->base_executable, b->python)
				    : fs_copy_file(py->base_executable, b->python);

	for (size_t i = 0; i < n && !ret; i++) {
		char *path;

		if (!strcmp(names[i], exe))
			continue;
		path = fs_join(b->bin, names[i]);
		ret = b->opts->symlinks ? fs_symlink(exe, path) : fs_copy_file(py->base_executable, path);
		free(path);
	}
	return ret;
}

static int write_gitignore(const struct build *b)
{
	const struct embedded_file *text = embed_find("gitignore");
	char *path;
	int ret;

	assert(text);
	if (!b->opts->scm_ignore || !layout_has_scm_ignore(b->py))
		return 0;
	path = fs_join(b->root, ".gitignore");
	ret = fs_replace_file(path, text->data, text->size, 0644);
	free(path);
	return ret;
}

/* 1 if site-packages already has pip (an update keeps the pip it has). */
static int has_pip(const struct build *b)
{
	DIR *d = opendir(b->purelib);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d)))
		found = !strncmp(e->d_name, "pip-", 4) && strstr(e->d_name, ".dist-info");
	closedir(d);
	return found;
}

/*
 * Runs the environment's python with args; its output passes through. It
 * runs as in the activated environment: without the caller's PYTHONHOME,
 * which would make it look for its standard library elsewhere; and pip
 * does not look for a newer version of itself.
 */
static int run_python_out(struct build *b, const char *const *args, const char *what, struct strbuf *out)
{
	struct proc_opts opts = { .out = out };
	size_t n = 0, nenv = 0;
	const char **argv;
	char **envp;
	int rc;

	while (args[n])
		n++;
	argv = xcalloc(n + 2, sizeof(*argv));
	argv[0] = b->python;
	memcpy(argv + 1, args, n * sizeof(*argv));
	for (char **e = environ; *e; e++)
		nenv++;
	envp = xcalloc(nenv + 2, sizeof(*envp));
	nenv = 0;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "PYTHONHOME=", 11) && strncmp(*e, "PIP_DISABLE_PIP_VERSION_CHECK=", 30))
			envp[nenv++] = *e;
	envp[nenv++] = (char *)"PIP_DISABLE_PIP_VERSION_CHECK=1";
	opts.envp = envp;
	b->ran_python = 1;
	rc = proc_run(argv, &opts);
	free(envp);
	free(argv);
	if (rc < 0)
		return -1;
	if (rc)
		return error("%s failed (exit status %d)", what, rc);
	return 0;
}

static int run_python(struct build *b, const char *const *args, const char *what)
{
	return run_python_out(b, args, what, NULL);
}

/* Where wheels go in the environment being built. */
struct dest_paths {
	char *headers, *platlib;
	struct wheel_dest dest;
};

static void dest_init(struct dest_paths *d, const struct build *b)
{
	const struct pyinfo *py = b->py;

	d->headers = xstrfmt("%s/include/site/python%d.%d", b->root, py->major, py->minor);
	d->platlib = fs_join(b->root, py->platlib);
	d->dest = (struct wheel_dest){
		.purelib = b->purelib, .platlib = d->platlib, .scripts = b->bin, .headers = d->headers,
		.data = b->root, .python = b->final_python, .py_major = py->major, .py_minor = py->minor,
	};
}

static void dest_release(struct dest_paths *d)
{
	free(d->headers);
	free(d->platlib);
}

static int install_pip(struct build *b)
{
	const struct pyinfo *py = b->py;
	struct dest_paths d;
	int ret = 0;

	if (!py->nwheels && py->has_ensurepip) {
		static const char *const args[] = { "-m", "ensurepip", "--upgrade", "--default-pip", NULL };

		verbose("no bundled wheel found for '%s': running ensurepip", py->path);
		ret = run_python(b, args, "ensurepip");
	} else if (!py->nwheels) {
		ret = error("'%s' has no ensurepip module to take pip from", py->path);
		hint("install your distribution's venv package (e.g. apt install python3-venv), or use --without-pip");
	}
	dest_init(&d, b);
	for (size_t i = 0; i < py->nwheels && !ret; i++) {
		verbose("installing %s %s from '%s'", py->wheels[i].name, py->wheels[i].version, py->wheels[i].path);
		ret = wheel_install(py->wheels[i].path, &d.dest, NULL);
	}
	dest_release(&d);
	return ret;
}

static void add_list(const char **argv, size_t *n, size_t max, const char *opt,
		     const struct string_list *list)
{
	for (size_t i = 0; i < list->n && *n + 2 < max; i++) {
		if (opt)
			argv[(*n)++] = opt;
		argv[(*n)++] = list->v[i];
	}
}

/* The environment's pip, for the native installer's resolving. */
static int pip_for_native(void *data, const char *const *args, struct strbuf *out)
{
	struct build *b = data;
	size_t n = 0;
	const char **argv;
	int ret;

	while (args[n])
		n++;
	argv = xcalloc(n + 4, sizeof(*argv));
	argv[0] = "-m";
	argv[1] = "pip";
	argv[2] = "install";
	memcpy(argv + 3, args, n * sizeof(*argv));
	ret = run_python_out(b, argv, "pip install --dry-run", out);
	free(argv);
	return ret;
}

/* -r and --package: natively when it can be (native.h), else by pip, which
 * then compiles no bytecode unless asked to (as native installs). argv
 * holds "-m pip install" and the --pip-arg values (n of max). */
static int install_requirements(struct build *b, const char **argv, size_t n, size_t max)
{
	const struct venv_opts *o = b->opts;
	const struct native_pip pip = { b->opts->with_pip || has_pip(b) ? pip_for_native : NULL, b };
	struct strbuf why = STRBUF_INIT;
	struct dest_paths d;
	int ret;

	say("installing requirements into '%s'", b->final);
	dest_init(&d, b);
	ret = native_requirements(b->py, o, &d.dest, &pip, &why);
	dest_release(&d);
	if (ret == 0 && !pip.run) {
		ret = error("cannot install the requirements without pip: %s", why.buf);
		hint("drop --without-pip, or pin every requirement (and its dependencies) with ==");
	} else if (ret == 0) {
		verbose("installing with pip: %s", why.buf);
		if (!o->compile_bytecode)
			argv[n++] = "--no-compile";
		add_list(argv, &n, max, "-r", &o->requirements);
		add_list(argv, &n, max, NULL, &o->packages);
		argv[n] = NULL;
		ret = run_python(b, argv, "pip install");
	} else {
		ret = ret < 0 ? -1 : 0;
	}
	strbuf_release(&why);
	return ret;
}

/* --upgrade-deps, then -r and --package, with the environment's pip. */
static int run_pip(struct build *b)
{
	const struct venv_opts *o = b->opts;
	const size_t max = 17 + 2 * (o->requirements.n + o->packages.n + o->pip_args.n);
	const char **argv = xcalloc(max, sizeof(*argv));
	size_t n = 0, base;
	int ret = 0;

	argv[n++] = "-m";
	argv[n++] = "pip";
	argv[n++] = "install";
	if (msg_verbosity() < MSG_NORMAL)
		argv[n++] = "-q";
	add_list(argv, &n, max, NULL, &o->pip_args);
	base = n;
	if (o->upgrade_deps) {
		const char *deps[2];
		const size_t nd = layout_upgrade_deps(b->py, deps);

		argv[n++] = "--upgrade";
		for (size_t i = 0; i < nd; i++)
			argv[n++] = deps[i];
		argv[n] = NULL;
		say("upgrading %s in '%s'", nd > 1 ? "pip and setuptools" : "pip", b->final);
		ret = run_python(b, argv, "pip install --upgrade");
		n = base;
	}
	if (!ret && (o->requirements.n || o->packages.n))
		ret = install_requirements(b, argv, n, max);
	free(argv);
	return ret;
}

/* Whether site-packages holds anything to compile (a bare environment
 * starts no Python for --compile-bytecode). */
static int has_python_files(const struct build *b)
{
	return fs_dir_is_empty(b->purelib) == 0;
}

/* --compile-bytecode: site-packages compiled by the environment's python,
 * the sources named by their final paths; the compiled files recorded. */
static int compile_bytecode(struct build *b)
{
	const struct embedded_file *script = embed_find("compile.py");
	const char *tag = json_string_value(json_object_get(b->py->json, "cache_tag"));
	char *final_site = fs_join(b->final, b->py->purelib);
	const char *args[] = { "-c", script->data, b->purelib, final_site, NULL };
	int ret;

	verbose("compiling bytecode in '%s'", b->purelib);
	ret = run_python(b, args, "compiling bytecode");
	if (!ret && tag)
		ret = bytecode_record(b->purelib, tag);
	free(final_site);
	return ret;
}

static int write_build_paths(const struct build *b)
{
	const struct string_list *paths = &b->opts->build_paths;
	struct strbuf text = STRBUF_INIT;
	char *pth;
	int ret = 0;

	if (!paths->n)
		return 0;
	for (size_t i = 0; i < paths->n && !ret; i++) {
		char *abs = fs_abspath(paths->v[i]);

		if (!abs)
			ret = -1;
		else
			strbuf_addf(&text, "%s\n", abs);
		free(abs);
	}
	pth = fs_join(b->purelib, "_pyvenv_build_paths.pth");
	if (!ret)
		ret = fs_replace_file(pth, text.buf, text.len, 0644);
	free(pth);
	strbuf_release(&text);
	return ret;
}

/* Activation scripts for the final path, with the prompt asked for. */
static int write_activation(const struct build *b)
{
	/* Without --prompt, activation shows the directory's name, as venv
	 * does (pyvenv.cfg then has no prompt key). */
	char *name = fs_basename(b->final);
	int ret = activate_write_all(b->bin, b->final, b->prompt ? b->prompt : name, b->py->scripts_dir);

	free(name);
	return ret;
}

/*
 * After relocation no script in bin/ may still run an interpreter in the
 * staging directory, which is about to go: such an environment would look
 * finished and be broken.
 */
static int check_moved(const struct build *b)
{
	DIR *d = opendir(b->bin);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error_errno("cannot read '%s'", b->bin);
	while (!ret && (e = readdir(d))) {
		struct strbuf python = STRBUF_INIT;
		char *path = fs_join(b->bin, e->d_name), head[4096];
		ssize_t n = 0;
		struct stat st;
		size_t len;
		int fd;

		if (!lstat(path, &st) && S_ISREG(st.st_mode) && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
			n = read(fd, head, sizeof(head));
			close(fd);
		}
		if (n > 0 && !script_parse_header(head, (size_t)n, &python, &len) &&
		    !strncmp(python.buf, b->root, strlen(b->root)) && python.buf[strlen(b->root)] == '/')
			ret = error("'%s' still runs '%s', in the directory the environment was built in",
				    path, python.buf);
		strbuf_release(&python);
		free(path);
	}
	closedir(d);
	if (ret)
		hint("this is a bug in pyvenv: please report it with the script's first lines");
	return ret;
}

/* The steps, in venv's order, into b->root. */
static int build_env(struct build *b, int updating)
{
	const struct venv_opts *o = b->opts;
	int ret = make_dirs(b) || write_config(b) || setup_python(b) || write_gitignore(b);

	if (!ret && !(updating && o->upgrade))
		ret = write_activation(b);
	if (!ret && o->with_pip && !(updating && has_pip(b)))
		ret = install_pip(b);
	if (!ret)
		ret = write_build_paths(b);
	if (!ret && (o->upgrade_deps || o->requirements.n || o->packages.n))
		ret = run_pip(b);
	if (!ret && o->compile_bytecode && has_python_files(b))
		ret = compile_bytecode(b);
	/* Scripts pip wrote beside the destination must run the final python. */
	if (!ret && b->ran_python && strcmp(b->root, b->final))
		ret = relocate_scripts(b->bin, b->purelib, b->root, b->final) || check_moved(b);
	return ret ? -1 : 0;
}

/* A template made with other options than those asked for. */
static int check_seed_options(const struct build *b, const char *what)
{
	const struct venv_opts *o = b->opts;

	if (o->symlinks != b->meta.symlinks) {
		error("%s was made %s, but %s were asked for", what,
		      b->meta.symlinks ? "with symlinks" : "with --copies", o->symlinks ? "symlinks" : "copies");
		return -1;
	}
	if (o->with_pip != b->meta.with_pip) {
		error("%s was made %s pip, but the environment is asked %s it", what,
		      b->meta.with_pip ? "with" : "without", o->with_pip ? "with" : "without");
		return -1;
	}
	return 0;
}

/*
 * The environment from a template into b->root: its files, moved from the
 * template's prefix to the final one; then what depends on this creation
 * (pyvenv.cfg, activation, .gitignore, build paths) written as build_env
 * writes it; then, for --template, the requirements on top.
 */
static int seed_env(struct build *b)
{
	const struct venv_opts *o = b->opts;
	const char *what = b->seed_archive ? b->seed_archive : "the cached template";
	int ret;

	if (b->seed_entry) {
		ret = tcache_link_tree(b->seed_entry, b->root, o->link_mode);
		b->tree_changed = ret == TCACHE_CHANGED;
	} else {
		/* The interpreter and options it was made for are checked
		 * before anything is extracted (and again after, on what was). */
		template_meta_release(&b->meta);
		ret = template_read_meta(b->seed_archive, &b->meta);
		if (!ret)
			ret = template_check_python(&b->meta, b->py, what) || check_seed_options(b, what);
		template_meta_release(&b->meta);
		if (!ret)
			ret = template_extract(b->seed_archive, b->root, &b->meta, NULL);
	}
	if (!ret)
		ret = template_check_python(&b->meta, b->py, what) || check_seed_options(b, what);
	if (!ret)
		ret = relocate_tree(b->root, b->py, b->meta.prefix, b->final, b->meta.files, b->meta.nfiles);
	if (!ret && b->meta.scm_ignore && !(o->scm_ignore && layout_has_scm_ignore(b->py))) {
		char *path = fs_join(b->root, ".gitignore");

		unlink(path);
		free(path);
	}
	if (!ret)
		ret = make_dirs(b) || write_config(b) || write_gitignore(b) || write_activation(b) ||
		      write_build_paths(b);
	if (!ret && b->seed_pip && (o->upgrade_deps || o->requirements.n || o->packages.n))
		ret = run_pip(b);
	if (!ret && b->seed_pip && o->compile_bytecode && has_python_files(b))
		ret = compile_bytecode(b);
	if (!ret && b->ran_python && strcmp(b->root, b->final))
		ret = relocate_scripts(b->bin, b->purelib, b->root, b->final) || check_moved(b);
	return ret ? -1 : 0;
}


static int classify(const char *env, const struct venv_opts *o, enum state *state)
{
	struct stat st;
	char *cfg;
	int is_env, empty;

	if (lstat(env, &st)) {
		if (errno != ENOENT)
			return error_errno("cannot examine '%s'", env);
		*state = ENV_NEW;
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		/* Publishing renames over the destination: it would replace the
		 * link, not fill the directory it points to. */
		error("'%s' is a symbolic link", env);
		hint("pass the directory it points to, or remove the link");
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return error("'%s' exists and is not a directory", env);
	cfg = fs_join(env, "pyvenv.cfg");
	is_env = fs_exists(cfg);
	free(cfg);
	empty = is_env ? 0 : fs_dir_is_empty(env);
	if (empty < 0)
		return -1;
	if ((o->clear && !empty) || (o->replace_env && is_env))
		*state = ENV_REPLACE;
	else if (is_env)
		*state = ENV_UPDATE;
	else if (empty)
		*state = ENV_NEW;
	else if (o->allow_existing)
		*state = ENV_FILL;
	else {
		error("'%s' exists and is not a virtual environment (it has no pyvenv.cfg)", env);
		hint("use --allow-existing to write the environment among its files, --clear to "
		     "replace its contents, or choose another directory");
		return -1;
	}
	return 0;
}

static char *resolve_prompt(const char *given, const struct pyinfo *py)
{
	char *cwd, *name;

	if (!given)
		return NULL;
	if (strcmp(given, ".") || !layout_resolves_dot_prompt(py))
		return xstrdup(given);
	cwd = getcwd(NULL, 0);
	if (!cwd) {
		error_errno("cannot determine the current directory for --prompt .");
		return NULL;
	}
	name = fs_basename(cwd);
	free(cwd);
	return name;
}

static int utf8_valid(const char *s)
{
	return utf8_check(s, strlen(s), NULL) == 0;
}

/*
 * A prompt goes into pyvenv.cfg and the activation scripts: a control
 * character would start a new line or a terminal escape there.
 */
static int check_prompt(const char *prompt)
{
	for (const unsigned char *p = (const unsigned char *)prompt; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			error("refusing the prompt '%s': it contains a control character (0x%02x)", prompt, *p);
			hint("choose a prompt of printable characters");
			return -1;
		}
	}
	if (!utf8_valid(prompt)) {
		error("refusing a prompt that is not valid UTF-8");
		return -1;
	}
	return 0;
}

static int check_path(const char *env)
{
	if (strchr(env, ':')) {
		error("refusing to create an environment at '%s': its path contains ':', the PATH separator", env);
		hint("choose a directory whose path has no ':'");
		return -1;
	}
	if (strpbrk(env, "\n\r"))
		return error("refusing to create an environment whose path contains a line break");
	if (!utf8_valid(env)) {
		error("refusing to create an environment whose path is not valid UTF-8: '%s'", env);
		hint("Python reads scripts as UTF-8 source: choose a UTF-8 directory name");
		return -1;
	}
	return 0;
}

int build_staged(struct build *b, enum state state)
{
	struct stage *s = b->stage;
	int ret;

	if (stage_begin(s, b->final, b->inside))
		return -1;
	build_set_root(b, s->root);
	ret = (b->seed_archive || b->seed_entry) ? seed_env(b) : build_env(b, 0);
	if (!ret)
		ret = stage_publish(s, state == ENV_REPLACE, state == ENV_FILL);
	stage_cleanup(s);
	b->root = NULL;
	return ret;
}

/*
 * Locks the destination against other runs: the directory itself when it
 * exists, else the lock file beside it, under which it stays absent (a run
 * that makes it holds the new directory locked until it is done). Sets
 * *dir_lock or *file_lock.
 */
static int lock_destination(const char *env, int *dir_lock, int *file_lock, const char *lockfile)
{
	char *what = xstrfmt("'%s'", env);
	int ret = 1; /* 1: try again (it changed meanwhile) */

	for (int tries = 0; tries < 100 && ret > 0; tries++) {
		struct stat st, now;

		if (lstat(env, &st)) {
			if (errno != ENOENT)
				ret = error_errno("cannot examine '%s'", env);
			else if ((*file_lock = lock_file(lockfile, what)) < 0)
				ret = -1;
			else if (lstat(env, &now) && errno == ENOENT)
				ret = 0;
			else
				lock_file_release(*file_lock, lockfile), *file_lock = -1;
		} else if (S_ISLNK(st.st_mode)) {
			error("'%s' is a symbolic link", env);
			ret = -1;
			hint("pass the directory it points to, or remove the link");
		} else if (!S_ISDIR(st.st_mode)) {
			ret = error("'%s' exists and is not a directory", env);
		} else if ((*dir_lock = lock_dir(env, what)) < 0) {
			ret = -1;
		} else if (!fstat(*dir_lock, &now) && !lstat(env, &st) && now.st_dev == st.st_dev &&
			   now.st_ino == st.st_ino) {
			ret = 0;
		} else {
			lock_release(*dir_lock), *dir_lock = -1;
		}
	}
	if (ret > 0)
		ret = error("'%s' keeps being replaced while pyvenv waits for it", env);
	free(what);
	return ret;
}

int venv_create(const char *env_arg, const struct pyinfo *py, const struct venv_opts *opts)
{
	struct stage stage = STAGE_INIT;
	struct build b = { .py = py, .opts = opts, .stage = &stage };
	char *env = fs_abspath(env_arg), *parent = NULL, *lockfile = NULL;
	enum state state = ENV_NEW;
	int dir_lock = -1, file_lock = -1, ret = -1;

	assert(env_arg && py && opts);
	if (!env || check_path(env))
		goto out;
	if (opts->prompt && !(b.prompt = resolve_prompt(opts->prompt, py)))
		goto out;
	if (b.prompt && check_prompt(b.prompt))
		goto out;
	if (!strcmp(env, "/")) {
		error("refusing to create an environment at '/'");
		goto out;
	}
	parent = fs_dirname(env);
	if (fs_mkdir_p(parent, 0777))
		goto out;
	lockfile = stage_lock_path(env);
	if (lock_destination(env, &dir_lock, &file_lock, lockfile))
		goto out;
	b.inside = dir_lock >= 0;
	stage_remove_beside(env, b.inside ? lockfile : NULL);
	if (b.inside && stage_recover(env))
		goto out;
	if (opts->hooks && opts->hooks->current && opts->hooks->current(opts->hooks->data, env)) {
		ret = VENV_CURRENT;
		goto out;
	}
	if (classify(env, opts, &state))
		goto out;
	b.final = env;
	b.final_python = xstrfmt("%s/%s/%s", env, py->scripts_dir, layout_exe_name(py));
	if (state == ENV_UPDATE && opts->template_archive) {
		error("'%s' is an environment already: a template makes a new one", env);
		hint("add --clear to replace it");
		goto out;
	}
	if (state == ENV_UPDATE) {
		say("updating the environment '%s'", env);
		build_set_root(&b, env);
		ret = build_env(&b, 1);
	} else {
		say("creating the environment '%s' (Python %s)", env, py->version);
		ret = venv_create_new(&b, state);
	}
	if (!ret && opts->hooks && opts->hooks->built && opts->hooks->built(opts->hooks->data, env))
		ret = -1;
out:
	stage_release(&stage);
	lock_release(dir_lock);
	lock_file_release(file_lock, lockfile);
	free(lockfile);
	free(b.prompt);
	free(b.bin);
	free(b.purelib);
	free(b.python);
	free(b.final_python);
	template_meta_release(&b.meta);
	free(parent);
	free(env);
	return ret;
}
