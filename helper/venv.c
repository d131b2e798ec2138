/*
 * venv: the steps of `python -m venv`, done natively, plus publishing.
 */
#include "venv.h"

#include "activate.h"
#include "cache.h"
#include "embed.h"
#include "fsutil.h"
#include "hash.h"
#include "inputs.h"
#include "layout.h"
#include "lock.h"
#include "msg.h"
#include "proc.h"
#include "record.h"
#include "script.h"
#include "strbuf.h"
#include "tcache.h"
#include "template.h"
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

/* Everything one creation needs, computed once. */
struct build {
	const struct pyinfo *py;
	const struct venv_opts *opts;
	const char *final;  /* where the environment will live */
	const char *root;   /* where it is being built (final when updating) */
	char *prompt;       /* resolved --prompt, or NULL */
	char *bin;          /* root/bin */
	char *purelib;      /* root/lib/pythonX.Y/site-packages */
	char *python;       /* root/bin/<exe>: runs the environment being built */
	char *final_python; /* final/bin/<exe>: what scripts are written to run */
	int ran_python;     /* pip or ensurepip ran at root: scripts name root */
	/* Seeding from a template: an archive, or an unpacked one to link. */
	const char *seed_archive;
	const char *seed_tree;
	int seed_pip;       /* then install -r/--package on top */
	struct template_meta meta;
};

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

/* Runs the environment's python with args; its output passes through. */
static int run_python(struct build *b, const char *const *args, const char *what)
{
	size_t n = 0;
	const char **argv;
	int rc;

	while (args[n])
		n++;
	argv = xcalloc(n + 2, sizeof(*argv));
	argv[0] = b->python;
	memcpy(argv + 1, args, n * sizeof(*argv));
	b->ran_python = 1;
	rc = proc_run(argv, NULL);
	free(argv);
	if (rc < 0)
		return -1;
	if (rc)
		return error("%s failed (exit status %d)", what, rc);
	return 0;
}

static int install_pip(struct build *b)
{
	const struct pyinfo *py = b->py;
	char *inc = xstrfmt("%s/include/site/python%d.%d", b->root, py->major, py->minor);
	char *platlib = fs_join(b->root, py->platlib);
	struct wheel_dest dest = {
		.purelib = b->purelib, .platlib = platlib, .scripts = b->bin, .headers = inc,
		.data = b->root, .python = b->final_python, .py_major = py->major, .py_minor = py->minor,
	};
	int ret = 0;

	if (!py->nwheels && py->has_ensurepip) {
		static const char *const args[] = { "-m", "ensurepip", "--upgrade", "--default-pip", NULL };

		verbose("no bundled wheel found for '%s': running ensurepip", py->path);
		ret = run_python(b, args, "ensurepip");
	} else if (!py->nwheels) {
		ret = error("'%s' has no ensurepip module to take pip from", py->path);
		hint("install your distribution's venv package (e.g. apt install python3-venv), or use --without-pip");
	}
	for (size_t i = 0; i < py->nwheels && !ret; i++) {
		verbose("installing %s %s from '%s'", py->wheels[i].name, py->wheels[i].version, py->wheels[i].path);
		ret = wheel_install(py->wheels[i].path, &dest);
	}
	free(inc);
	free(platlib);
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

/* --upgrade-deps, then -r and --package, with the environment's pip. */
static int run_pip(struct build *b)
{
	const struct venv_opts *o = b->opts;
	const size_t max = 16 + 2 * (o->requirements.n + o->packages.n + o->pip_args.n);
	const char **argv = xcalloc(max, sizeof(*argv));
	size_t n = 0, base;
	int ret = 0;

	argv[n++] = "-m";
	argv[n++] = "pip";
	argv[n++] = "install";
	if (msg_verbosity < MSG_NORMAL)
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
	if (!ret && (o->requirements.n || o->packages.n)) {
		add_list(argv, &n, max, "-r", &o->requirements);
		add_list(argv, &n, max, NULL, &o->packages);
		argv[n] = NULL;
		say("installing requirements into '%s'", b->final);
		ret = run_python(b, argv, "pip install");
	}
	free(argv);
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
	/* Scripts pip wrote beside the destination must run the final python. */
	if (!ret && b->ran_python && strcmp(b->root, b->final))
		ret = venv_relocate_scripts(b->bin, b->purelib, b->root, b->final);
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

	if (b->seed_tree) {
		ret = tcache_link_tree(b->seed_tree, b->root, o->link_mode);
	} else {
		template_meta_release(&b->meta);
		ret = template_extract(b->seed_archive, b->root, &b->meta, NULL);
	}
	if (!ret)
		ret = template_check_python(&b->meta, b->py, what) || check_seed_options(b, what);
	if (!ret)
		ret = venv_relocate(b->root, b->py, b->meta.prefix, b->final, b->meta.files, b->meta.nfiles);
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
	if (!ret && b->ran_python && strcmp(b->root, b->final))
		ret = venv_relocate_scripts(b->bin, b->purelib, b->root, b->final);
	return ret ? -1 : 0;
}

enum state { ENV_NEW, ENV_UPDATE, ENV_REPLACE };

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
	else {
		error("'%s' exists and is not a virtual environment (it has no pyvenv.cfg)", env);
		hint("use --clear to replace its contents, or choose another directory");
		return -1;
	}
	return 0;
}

/* Removes what a killed run left beside env (we hold the lock: none is live). */
static void remove_leftovers(const char *parent, const char *name)
{
	DIR *d = opendir(parent);
	struct dirent *e;
	char *prefix = xstrfmt(".%s.pyvenv-tmp-", name);

	if (!d) {
		free(prefix);
		return;
	}
	while ((e = readdir(d))) {
		if (!strncmp(e->d_name, prefix, strlen(prefix))) {
			char *path = fs_join(parent, e->d_name);

			verbose("removing '%s', left by an interrupted run", path);
			fs_remove_tree(path);
			free(path);
		}
	}
	closedir(d);
	free(prefix);
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
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3
			 : (*p & 0xf8) == 0xf0 ? 4 : 0;

		if (!n || (n == 2 && *p < 0xc2))
			return 0;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
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

/* Builds into a fresh temporary directory and swaps it into place. */
static int build_beside(struct build *b, const char *parent, const char *name, enum state state)
{
	char *tmp = xstrfmt("%s/.%s.pyvenv-tmp-XXXXXX", parent, name);
	mode_t mask = umask(0);
	int ret = -1;

	umask(mask);
	if (!mkdtemp(tmp)) {
		error_errno("cannot create a directory in '%s'", parent);
		free(tmp);
		return -1;
	}
	chmod(tmp, 0777 & ~mask);
	build_set_root(b, tmp);
	if ((b->seed_archive || b->seed_tree) ? seed_env(b) : build_env(b, 0))
		goto out;
	if (state == ENV_NEW) {
		if (rename(tmp, b->final)) {
			if (errno == ENOTEMPTY || errno == EEXIST)
				error("'%s' appeared while the environment was being built", b->final);
			else
				error_errno("cannot rename '%s' to '%s'", tmp, b->final);
			goto out;
		}
	} else {
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, b->final, RENAME_EXCHANGE)) {
			error_errno("cannot replace '%s'", b->final);
			goto out;
		}
		/* tmp now holds the old environment. */
	}
	ret = 0;
out:
	if (fs_remove_tree(tmp))
		warning("could not remove '%s'", tmp);
	free(tmp);
	return ret;
}

/*
 * A new environment: from --template, or from the template cache (a hit
 * seeds it; a miss builds it and stores its template, under a lock per key
 * so that concurrent misses build once), or built from scratch.
 */
static int create_new(struct build *b, const char *parent, const char *name, enum state state)
{
	const struct venv_opts *o = b->opts;
	struct tcache_entry e = { .lock = -1 };
	char key[INPUTS_HEX_LEN];
	int ret;

	if (o->template_archive) {
		b->seed_archive = o->template_archive;
		b->seed_pip = 1;
		return build_beside(b, parent, name, state);
	}
	/* Without anything installed, writing the environment is quicker than
	 * seeding it. */
	if (!o->cache_dir || !(o->with_pip || o->requirements.n || o->packages.n || o->upgrade_deps))
		return build_beside(b, parent, name, state);
	if (inputs_digest(b->final, b->py, o, INPUTS_CACHE_KEY, key))
		return -1;
	msg_mute();
	ret = tcache_open(o->cache_dir, key, &e);
	msg_unmute();
	if (ret) {
		cache_warn_unwritable(o->cache_dir, errno);
		tcache_close(&e);
		return build_beside(b, parent, name, state);
	}
	if (e.present) {
		int seeded = -1;

		verbose("seeding from the cached template '%s'", e.archive);
		/* A damaged entry is no error of this run: -v says what it was. */
		if (msg_verbosity < MSG_VERBOSE)
			msg_mute();
		ret = tcache_ensure_tree(&e) || template_read_meta(e.archive, &b->meta) ? -1 : 0;
		if (msg_verbosity < MSG_VERBOSE)
			msg_unmute();
		if (!ret) {
			b->seed_tree = e.tree;
			seeded = build_beside(b, parent, name, state);
			/* A link mode asked for that cannot work here is this
			 * run's error, not the entry's. */
			if (seeded && o->link_mode != LINK_AUTO) {
				tcache_close(&e);
				return -1;
			}
		}
		if (!seeded) {
			tcache_touch(&e);
			tcache_close(&e);
			return 0;
		}
		if (!ret) {
			/* The archive was verified: what failed was the tree, or
			 * the destination (full, say). The tree can be made again
			 * from the archive, so only it goes. */
			warning("could not seed from the cached template '%s': building anew", e.archive);
			msg_mute();
			fs_remove_tree(e.tree);
			msg_unmute();
		} else {
			warning("the cached template '%s' could not be used: discarding it and building anew",
				e.archive);
			tcache_discard(&e);
		}
		b->seed_tree = NULL;
		template_meta_release(&b->meta);
	}
	ret = build_beside(b, parent, name, state);
	if (!ret && !e.present) {
		msg_mute();
		if (tcache_store(&e, b->final, b->py)) {
			msg_unmute();
			warning("the environment could not be stored in the cache (it is complete)");
			hint("`pyvenv pack` on it says why");
		} else {
			msg_unmute();
			verbose("stored its template in '%s'", e.archive);
		}
	}
	tcache_close(&e);
	return ret;
}

int venv_create(const char *env_arg, const struct pyinfo *py, const struct venv_opts *opts)
{
	struct build b = { .py = py, .opts = opts };
	char *env = fs_abspath(env_arg), *parent = NULL, *name = NULL, *lockfile = NULL;
	enum state state = ENV_NEW;
	int lock = -1, ret = -1;

	assert(env_arg && py && opts);
	if (!env || check_path(env))
		goto out;
	if (opts->prompt && !(b.prompt = resolve_prompt(opts->prompt, py)))
		goto out;
	parent = fs_dirname(env);
	name = fs_basename(env);
	if (!strcmp(env, "/")) {
		error("refusing to create an environment at '/'");
		goto out;
	}
	if (fs_mkdir_p(parent, 0777))
		goto out;
	lockfile = xstrfmt("%s/.%s.pyvenv-lock", parent, name);
	lock = lock_acquire(lockfile, env);
	if (lock < 0)
		goto out;
	remove_leftovers(parent, name);
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
		ret = create_new(&b, parent, name, state);
	}
out:
	lock_release(lock);
	free(lockfile);
	free(b.prompt);
	free(b.bin);
	free(b.purelib);
	free(b.python);
	free(b.final_python);
	template_meta_release(&b.meta);
	free(parent);
	free(name);
	free(env);
	return ret;
}

static int starts_with_shebang(const char *path)
{
	char magic[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int yes = fd >= 0 && read(fd, magic, 2) == 2 && magic[0] == '#' && magic[1] == '!';

	if (fd >= 0)
		close(fd);
	return yes;
}

/* One script: returns 1 if rewritten (digest/size set), 0 if left, -1 on error. */
static int relocate_one(const char *path, const char *old_prefix, const char *new_prefix,
			unsigned char digest[HASH_LEN], size_t *size)
{
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	if (lstat(path, &st) || !S_ISREG(st.st_mode) || !starts_with_shebang(path))
		return 0;
	if (strbuf_read_file(&data, path)) {
		strbuf_release(&data);
		return error_errno("cannot read '%s'", path);
	}
	if (script_relocate(&out, data.buf, data.len, old_prefix, new_prefix)) {
		ret = fs_replace_file(path, out.buf, out.len, st.st_mode & 07777) ? -1 : 1;
		if (ret == 1) {
			hash_buffer(out.buf, out.len, digest);
			*size = out.len;
		}
	}
	strbuf_release(&data);
	strbuf_release(&out);
	return ret;
}

/* Updates the rows of one RECORD file that name a moved file. */
static int update_record(const char *record, const struct record_update *moved, size_t n)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	int ret = 0;

	if (strbuf_read_file(&in, record)) {
		strbuf_release(&in);
		return error_errno("cannot read '%s'", record);
	}
	if (record_rewrite(&out, in.buf, in.len, moved, n))
		ret = fs_replace_file(record, out.buf, out.len, 0644);
	strbuf_release(&in);
	strbuf_release(&out);
	return ret;
}

/* Updates the rows naming moved files in every RECORD under site_packages. */
static int update_records(const char *site_packages, const struct record_update *moved, size_t n)
{
	DIR *d = opendir(site_packages);
	struct dirent *e;
	int ret = 0;

	while (n && !ret && d && (e = readdir(d))) {
		const size_t len = strlen(e->d_name);

		if (len > 10 && !strcmp(e->d_name + len - 10, ".dist-info")) {
			char *record = xstrfmt("%s/%s/RECORD", site_packages, e->d_name);

			if (fs_exists(record))
				ret = update_record(record, moved, n);
			free(record);
		}
	}
	if (d)
		closedir(d);
	return ret;
}

size_t venv_replace_prefix(struct strbuf *out, const char *data, size_t len, const char *old_prefix,
			   const char *new_prefix)
{
	const size_t olen = strlen(old_prefix);
	const char *p, *hit;
	size_t n = 0;

	assert(olen);
	for (p = data; (hit = memmem(p, len - (size_t)(p - data), old_prefix, olen)); p = hit + olen, n++) {
		strbuf_add(out, p, (size_t)(hit - p));
		strbuf_addstr(out, new_prefix);
	}
	strbuf_add(out, p, len - (size_t)(p - data));
	return n;
}

/* Replaces every old_prefix in one file: 1 if changed, 0 if not, -1 on error. */
static int replace_prefix(const char *path, const char *old_prefix, const char *new_prefix,
			  unsigned char digest[HASH_LEN], size_t *size)
{
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	if (lstat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	if (strbuf_read_file(&data, path) < 0) {
		strbuf_release(&data);
		return error_errno("cannot read '%s'", path);
	}
	if (venv_replace_prefix(&out, data.buf, data.len, old_prefix, new_prefix)) {
		const struct timespec times[2] = { st.st_atim, st.st_mtim };

		ret = fs_replace_file(path, out.buf, out.len, st.st_mode & 07777) ? -1 : 1;
		/* The time it had, so compiled files of it stay valid. */
		if (ret == 1 && utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW))
			ret = error_errno("cannot set the time of '%s'", path);
		if (ret == 1) {
			hash_buffer(out.buf, out.len, digest);
			*size = out.len;
		}
	}
	strbuf_release(&data);
	strbuf_release(&out);
	return ret;
}

/*
 * A rewritten module keeps its time, and may keep its size: its compiled
 * files would still look valid and run the old text. They go.
 */
static void remove_compiled(const char *path)
{
	const size_t len = strlen(path);
	char *dir, *base, *cache;
	DIR *d;
	struct dirent *e;

	if (len < 3 || strcmp(path + len - 3, ".py"))
		return;
	dir = fs_dirname(path);
	base = fs_basename(path);
	base[strlen(base) - 2] = '\0'; /* "mod." */
	cache = fs_join(dir, "__pycache__");
	if ((d = opendir(cache))) {
		while ((e = readdir(d))) {
			const size_t n = strlen(e->d_name);

			if (!strncmp(e->d_name, base, strlen(base)) && n > 4 && !strcmp(e->d_name + n - 4, ".pyc")) {
				char *pyc = fs_join(cache, e->d_name);

				unlink(pyc);
				free(pyc);
			}
		}
		closedir(d);
	}
	free(cache);
	free(base);
	free(dir);
}

int venv_relocate(const char *root, const struct pyinfo *py, const char *old_prefix,
		  const char *new_prefix, char *const *files, size_t nfiles)
{
	char *bin = fs_join(root, py->scripts_dir), *purelib = fs_join(root, py->purelib);
	char *bin_prefix = xstrfmt("%s/", py->scripts_dir);
	struct record_update *moved = xcalloc(nfiles + 1, sizeof(*moved));
	size_t n = 0;
	int ret = 0;

	for (size_t i = 0; i < nfiles && !ret; i++) {
		char *path = fs_join(root, files[i]);
		int r;

		/* Scripts are moved below, interpreter line and all. */
		if (!strncmp(files[i], bin_prefix, strlen(bin_prefix)) && starts_with_shebang(path)) {
			free(path);
			continue;
		}
		r = replace_prefix(path, old_prefix, new_prefix, moved[n].digest, &moved[n].size);
		if (r < 0)
			ret = -1;
		else if (r > 0) {
			moved[n++].path = fs_relpath(path, purelib);
			remove_compiled(path);
		}
		free(path);
	}
	if (!ret)
		ret = update_records(purelib, moved, n);
	if (!ret)
		ret = venv_relocate_scripts(bin, purelib, old_prefix, new_prefix);
	for (size_t i = 0; i < n; i++)
		free(moved[i].path);
	free(moved);
	free(bin_prefix);
	free(bin);
	free(purelib);
	return ret;
}

int venv_relocate_scripts(const char *bin_dir, const char *site_packages, const char *old_prefix,
			  const char *new_prefix)
{
	struct record_update *moved = NULL;
	size_t n = 0, alloc = 0;
	char *rel_bin = fs_relpath(bin_dir, site_packages);
	DIR *d = opendir(bin_dir);
	struct dirent *e;
	int ret = 0;

	if (!d) {
		free(rel_bin);
		return error_errno("cannot read '%s'", bin_dir);
	}
	while (!ret && (e = readdir(d))) {
		char *path;
		int r;

		if (e->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			moved = xrealloc(moved, alloc * sizeof(*moved));
		}
		path = fs_join(bin_dir, e->d_name);
		r = relocate_one(path, old_prefix, new_prefix, moved[n].digest, &moved[n].size);
		free(path);
		if (r < 0)
			ret = -1;
		else if (r > 0)
			moved[n++].path = xstrfmt("%s/%s", rel_bin, e->d_name);
	}
	closedir(d);
	if (!ret)
		ret = update_records(site_packages, moved, n);
	for (size_t i = 0; i < n; i++)
		free(moved[i].path);
	free(moved);
	free(rel_bin);
	return ret;
}
