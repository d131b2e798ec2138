/*
 * probe: run templates/probe.py, parse its JSON, cache the answer.
 */
#include "probe.h"

#include "pep508.h"

#include "cache.h"
#include "embed.h"
#include "fsutil.h"
#include "hash.h"
#include "msg.h"
#include "proc.h"
#include "strbuf.h"
#include "trust.h"

#include <assert.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIN_MAJOR 3
#define MIN_MINOR 8
/* A probe answer is a few kilobytes. */
#define PROBE_MAX (1 << 20)

static void hint_interpreter(void)
{
	hint("pass the path of a Python %d.%d or later interpreter with --python", MIN_MAJOR, MIN_MINOR);
}

/*
 * Why an interpreter cannot be used: reported (with the hint), or, when
 * quiet is not NULL, appended to it for the caller to say. Returns -1.
 */
__attribute__((format(printf, 3, 4)))
static int unusable(struct strbuf *quiet, int too_old, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (quiet) {
		strbuf_addstr(quiet, sb.buf);
	} else {
		error("%s", sb.buf);
		if (too_old)
			hint("pass a newer interpreter with --python");
		else
			hint_interpreter();
	}
	strbuf_release(&sb);
	return -1;
}

static char *get_str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? xstrdup(s) : NULL;
}

static int parse_wheels(json_t *root, struct pyinfo *info)
{
	json_t *wheels = json_object_get(root, "wheels");
	size_t i;
	json_t *w;

	if (!json_is_array(wheels))
		return 0;
	json_array_foreach(wheels, i, w) {
		struct pywheel *pw;

		if (info->nwheels == PYINFO_MAX_WHEELS)
			break;
		if (json_is_true(json_object_get(w, "missing")))
			continue;
		/* Counted first, so pyinfo_release() frees a partial entry. */
		pw = &info->wheels[info->nwheels++];
		pw->name = get_str(w, "name");
		pw->version = get_str(w, "version");
		pw->path = get_str(w, "path");
		if (!pw->name || !pw->version || !pw->path)
			return -1;
	}
	return 0;
}

int probe_parse(const char *text, struct pyinfo *info)
{
	json_t *root = json_loads(text, 0, NULL);
	json_t *vi, *paths;

	if (!root)
		goto fail;
	if (!json_is_object(root)) {
		json_decref(root);
		goto fail;
	}
	info->json = root;
	vi = json_object_get(root, "version_info");
	if (json_array_size(vi) < 2)
		goto fail;
	info->major = (int)json_integer_value(json_array_get(vi, 0));
	info->minor = (int)json_integer_value(json_array_get(vi, 1));
	info->version = get_str(root, "version");
	info->executable = get_str(root, "executable");
	info->implementation = get_str(root, "implementation");
	if (!info->version || !info->executable)
		goto fail;
	if (info->major < MIN_MAJOR || (info->major == MIN_MAJOR && info->minor < MIN_MINOR))
		return 0; /* the caller reports "too old" */
	info->base_executable = get_str(root, "base_executable");
	info->real_executable = get_str(root, "real_executable");
	paths = json_object_get(root, "paths");
	info->scripts_dir = get_str(paths, "scripts");
	info->include_dir = get_str(paths, "include");
	info->purelib = get_str(paths, "purelib");
	info->platlib = get_str(paths, "platlib");
	if (!info->base_executable || !info->real_executable || !info->scripts_dir ||
	    !info->include_dir || !info->purelib || !info->platlib)
		goto fail;
	info->is_64bit = json_is_true(json_object_get(root, "is_64bit"));
	info->is_posix = !strcmp(json_string_value(json_object_get(root, "os_name")) ?: "", "posix");
	info->is_darwin = !strcmp(json_string_value(json_object_get(root, "platform")) ?: "", "darwin");
	info->has_ensurepip = json_is_true(json_object_get(root, "ensurepip"));
	if (parse_wheels(root, info))
		goto fail;
	return 0;
fail:
	return -1;
}

/* No control characters (a line break would end a pyvenv.cfg line). */
static int printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static int check_absolute(const char *what, const char *path, struct strbuf *why)
{
	if (path[0] == '/' && printable(path))
		return 0;
	strbuf_addf(why, "%s is not an absolute path of printable characters", what);
	return -1;
}

/* A path inside the environment: relative, without ".." or empty parts. */
static int check_inside(const char *what, const char *path, struct strbuf *why)
{
	int ok = *path && *path != '/' && printable(path);

	for (const char *p = path; ok && *p;) {
		const size_t n = strcspn(p, "/");

		ok = n && !(n == 2 && p[0] == '.' && p[1] == '.');
		p += n + (p[n] == '/');
		ok = ok && !(p[-1] == '/' && !*p);
	}
	if (ok)
		return 0;
	strbuf_addf(why, "its %s path '%s' does not stay inside the environment", what, path);
	return -1;
}

static int is_word(const char *s, const char *extra)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr(extra, *s)))
			return 0;
	return 1;
}

int probe_check(const struct pyinfo *info, struct strbuf *why)
{
	char version[64];

	snprintf(version, sizeof(version), "%d.%d.", info->major, info->minor);
	if (strncmp(info->version, version, strlen(version)) || !is_word(info->version + strlen(version), "") ||
	    strspn(info->version + strlen(version), "0123456789") != strlen(info->version + strlen(version))) {
		strbuf_addf(why, "its version '%s' is not %d.%d.N", info->version, info->major, info->minor);
		return -1;
	}
	if (info->implementation && !is_word(info->implementation, "_")) {
		strbuf_addstr(why, "its implementation name is not a word");
		return -1;
	}
	if (check_absolute("sys.executable", info->executable, why) ||
	    check_absolute("the base executable", info->base_executable, why) ||
	    check_absolute("the real executable", info->real_executable, why) ||
	    check_inside("scripts", info->scripts_dir, why) || check_inside("include", info->include_dir, why) ||
	    check_inside("purelib", info->purelib, why) || check_inside("platlib", info->platlib, why))
		return -1;
	for (size_t i = 0; i < info->nwheels; i++) {
		const struct pywheel *w = &info->wheels[i];

		if (!is_word(w->name, "._-") || !is_word(w->version, "._+-") ||
		    check_absolute("a bundled wheel", w->path, why)) {
			if (!why->len)
				strbuf_addf(why, "its bundled wheel '%s' %s has an odd name or version", w->name, w->version);
			return -1;
		}
	}
	return 0;
}

size_t pyinfo_tags(const struct pyinfo *info, const char ***tags)
{
	const json_t *list = json_object_get(info->json, "tags");
	const size_t n = json_array_size(list);
	size_t k = 0;

	*tags = xcalloc(n + 1, sizeof(**tags));
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_array_get(list, i));

		if (t)
			(*tags)[k++] = t;
	}
	return k;
}

static const char *marker_value(const json_t *markers, const char *key)
{
	const char *v = json_string_value(json_object_get(markers, key));

	return v ? v : "";
}

void pyinfo_marker_env(const struct pyinfo *info, struct pep508_env *env)
{
	const json_t *m = json_object_get(info->json, "markers");

	env->os_name = marker_value(m, "os_name");
	env->sys_platform = marker_value(m, "sys_platform");
	env->platform_machine = marker_value(m, "platform_machine");
	env->platform_python_implementation = marker_value(m, "platform_python_implementation");
	env->platform_release = marker_value(m, "platform_release");
	env->platform_system = marker_value(m, "platform_system");
	env->platform_version = marker_value(m, "platform_version");
	env->python_version = marker_value(m, "python_version");
	env->python_full_version = marker_value(m, "python_full_version");
	env->implementation_name = marker_value(m, "implementation_name");
	env->implementation_version = marker_value(m, "implementation_version");
}

void pyinfo_release(struct pyinfo *info)
{
	free(info->path);
	free(info->executable);
	free(info->base_executable);
	free(info->real_executable);
	free(info->version);
	free(info->implementation);
	free(info->scripts_dir);
	free(info->include_dir);
	free(info->purelib);
	free(info->platlib);
	for (size_t i = 0; i < info->nwheels; i++) {
		free(info->wheels[i].name);
		free(info->wheels[i].version);
		free(info->wheels[i].path);
	}
	free(info->cache_file);
	if (info->json)
		json_decref(info->json);
	memset(info, 0, sizeof(*info));
}

/* The cache file for this interpreter: a hash of the probe script, the path
 * and the identity of the file it resolves to. */
static char *cache_file_for(const char *cache_dir, const char *path, const struct stat *st)
{
	const struct embedded_file *probe = embed_find("probe.py");
	unsigned char digest[HASH_LEN];
	struct strbuf name = STRBUF_INIT;
	struct hash_ctx *ctx = hash_new();
	char *dir, *file;

	hash_update(ctx, probe->data, probe->size);
	hash_update_str(ctx, path);
	strbuf_addf(&name, "%ju:%ju:%jd:%jd.%09ld", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino,
		    (intmax_t)st->st_size, (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	hash_update_str(ctx, name.buf);
	hash_final(ctx, digest);
	strbuf_reset(&name);
	hash_hex(&name, digest, 16);
	strbuf_addstr(&name, ".json");
	dir = fs_join(cache_dir, "interpreters");
	file = fs_join(dir, name.buf);
	free(dir);
	strbuf_release(&name);
	return file;
}

/* A cached answer is stale when a wheel it names has changed since. */
static int wheels_unchanged(json_t *root)
{
	json_t *w;
	size_t i;

	json_array_foreach(json_object_get(root, "wheels"), i, w) {
		const char *path = json_string_value(json_object_get(w, "path"));
		struct stat st;

		if (json_is_true(json_object_get(w, "missing")))
			continue;
		if (!path || stat(path, &st) ||
		    (json_int_t)st.st_size != json_integer_value(json_object_get(w, "size")) ||
		    (json_int_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec !=
			    json_integer_value(json_object_get(w, "mtime_ns")))
			return 0;
	}
	return 1;
}

/* Reads a cached answer that this user wrote (the file and its directory
 * trusted, trust.h): 0, or -1 when there is none to use (warned if one is
 * there that cannot be trusted). */
static int read_cached(const char *file, struct strbuf *text)
{
	struct strbuf why = STRBUF_INIT;
	struct stat st;
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), ret = -1;

	if (fd < 0 && errno != ENOENT && errno != ENOTDIR)
		trust_warn("the cached probe", file, errno == ELOOP ? "it is a symbolic link" : strerror(errno));
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || trust_entry(file, &st, S_IFREG, &why))
		trust_warn("the cached probe", file, why.len ? why.buf : strerror(errno));
	else if (st.st_size > PROBE_MAX || strbuf_read_fd(text, fd))
		trust_warn("the cached probe", file, "it cannot be read");
	else
		ret = 0;
	close(fd);
	strbuf_release(&why);
	return ret;
}

/* The directory of the probe cache, made if needed: 0 when it can be
 * used, else -1 (warned once). */
static int probe_dir_usable(const char *file, int create)
{
	char *dir = fs_dirname(file);
	struct strbuf why = STRBUF_INIT;
	int ret = 0;

	if (create) {
		msg_mute();
		ret = fs_mkdir_p(dir, 0755);
		msg_unmute();
		if (ret)
			cache_warn_unwritable(dir, errno);
	}
	if (!ret && trust_dir(dir, &why)) {
		if (create || errno != ENOENT)
			trust_warn("the cache", dir, why.buf);
		ret = -1;
	}
	strbuf_release(&why);
	free(dir);
	return ret;
}

static int load_cached(const char *file, struct pyinfo *info)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	int ret = -1;

	if (probe_dir_usable(file, 0) || read_cached(file, &text))
		goto out;
	if (probe_parse(text.buf, info) || !info->base_executable) {
		verbose("ignoring unreadable cached probe '%s'", file);
		goto out;
	}
	if (probe_check(info, &why)) {
		trust_warn("the cached probe", file, why.buf);
		goto out;
	}
	if (!wheels_unchanged(info->json)) {
		verbose("the bundled wheels changed since '%s' was written", file);
		goto out;
	}
	ret = 0;
out:
	if (ret)
		pyinfo_release(info);
	strbuf_release(&text);
	strbuf_release(&why);
	return ret;
}

static int run_probe(const char *path, struct strbuf *out, struct strbuf *quiet)
{
	const struct embedded_file *probe = embed_find("probe.py");
	const char *argv[] = { path, "-E", "-s", "-c", probe->data, NULL };
	struct strbuf err = STRBUF_INIT;
	struct proc_opts opts = { .out = out, .err = &err };
	int rc = proc_run(argv, &opts);

	if (rc != 0 || !out->len) {
		char *nl = strchr(err.buf, '\n');

		if (nl)
			*nl = '\0';
		if (rc >= 0)
			unusable(quiet, 0, "'%s' does not look like a Python interpreter (running the probe %s%s%s)",
				 path, rc ? "failed" : "printed nothing", err.len ? ": " : "", err.buf);
		else if (quiet)
			strbuf_addf(quiet, "'%s' could not be started", path);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	return 0;
}

static void store_cached(const struct pyinfo *info, const char *text)
{
	int ok;

	/* A cache that cannot be written only costs time: one warning. */
	if (probe_dir_usable(info->cache_file, 1))
		return;
	msg_mute();
	ok = fs_replace_file(info->cache_file, text, strlen(text), 0644) == 0;
	msg_unmute();
	if (ok)
		verbose("cached the probe of '%s' in '%s'", info->path, info->cache_file);
	else
		cache_warn_unwritable(info->cache_file, errno);
}

/* Resolves `python` to an absolute path of an existing file. */
static char *find_interpreter(const char *python, struct strbuf *quiet)
{
	char *found = proc_which(python);
	char *abs;

	if (!found) {
		unusable(quiet, 0, "cannot find the interpreter '%s' on PATH", python);
		return NULL;
	}
	abs = fs_abspath(found);
	free(found);
	if (abs && access(abs, X_OK)) {
		if (errno == ENOENT)
			unusable(quiet, 0, "the interpreter '%s' does not exist", abs);
		else
			unusable(quiet, 0, "cannot run the interpreter '%s': %s", abs, strerror(errno));
		free(abs);
		return NULL;
	}
	return abs;
}

static int check_version(const struct pyinfo *info, struct strbuf *quiet)
{
	if (info->major > MIN_MAJOR || (info->major == MIN_MAJOR && info->minor >= MIN_MINOR))
		return 0;
	return unusable(quiet, 1, "'%s' is Python %s, which is too old: pyvenv supports Python %d.%d and later",
			info->path, info->version, MIN_MAJOR, MIN_MINOR);
}

const char *probe_default_python(void)
{
	const char *env = getenv("PYVENV_PYTHON");

	return env && *env ? env : "python3";
}

int probe_load(const char *python, const char *cache_dir, struct pyinfo *info)
{
	return probe_load_quiet(python, cache_dir, info, NULL);
}

int probe_load_quiet(const char *python, const char *cache_dir, struct pyinfo *info, struct strbuf *quiet)
{
	struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
	struct stat st;
	char *path, *real = NULL;
	const char *real_sys;

	assert(python && info);
	memset(info, 0, sizeof(*info));
	path = find_interpreter(python, quiet);
	if (!path)
		return -1;
	if (stat(path, &st)) {
		unusable(quiet, 0, "cannot stat the interpreter '%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (cache_dir) {
		char *file = cache_file_for(cache_dir, path, &st);

		if (load_cached(file, info) == 0) {
			info->path = path;
			info->cache_file = file;
			info->from_cache = 1;
			verbose("using the cached probe of '%s' (%s)", path, file);
			return 0;
		}
		info->cache_file = file;
	}
	verbose("probing '%s'", path);
	if (run_probe(path, &out, quiet))
		goto fail;
	if (probe_parse(out.buf, info)) {
		unusable(quiet, 0, "'%s' does not look like a Python interpreter (unexpected probe output)", path);
		goto fail;
	}
	info->path = path;
	path = NULL;
	if (check_version(info, quiet))
		goto fail;
	if (probe_check(info, &why)) {
		unusable(quiet, 0, "'%s' gave an answer pyvenv cannot use: %s", info->path, why.buf);
		goto fail;
	}
	/* Cache only a real interpreter, not a wrapper that chooses one. */
	real = realpath(info->path, NULL);
	real_sys = json_string_value(json_object_get(info->json, "real_sys_executable"));
	if (info->cache_file && real && real_sys && !strcmp(real, real_sys))
		store_cached(info, out.buf);
	else if (info->cache_file)
		verbose("not caching the probe: '%s' runs '%s'", info->path, real_sys ? real_sys : "?");
	free(real);
	strbuf_release(&out);
	strbuf_release(&why);
	return 0;
fail:
	free(path);
	strbuf_release(&out);
	strbuf_release(&why);
	pyinfo_release(info);
	return -1;
}
