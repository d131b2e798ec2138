/*
 * inputs: the digest of what decides an environment.
 *
 * Every part is added with its label and a terminating NUL (hash_update_str),
 * so no two different sets of inputs can produce the same byte stream.
 */
#include "inputs.h"

#include "fsutil.h"
#include "msg.h"
#include "strbuf.h"
#include "version.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void add(struct hash_ctx *h, const char *label, const char *value)
{
	hash_update_str(h, label);
	hash_update_str(h, value ? value : "(none)");
}

static void add_stat(struct hash_ctx *h, const char *label, const char *path)
{
	struct stat st;
	char buf[96];

	if (stat(path, &st))
		snprintf(buf, sizeof(buf), "missing");
	else
		snprintf(buf, sizeof(buf), "%lld %lld.%09ld", (long long)st.st_size,
			 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	add(h, label, path);
	hash_update_str(h, buf);
}

static void add_list(struct hash_ctx *h, const char *label, const struct string_list *l)
{
	char n[32];

	snprintf(n, sizeof(n), "%zu", l->n);
	add(h, label, n);
	for (size_t i = 0; i < l->n; i++)
		hash_update_str(h, l->v[i]);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A local --find-links value as a directory path, or NULL for a URL. */
static const char *local_dir(const char *value)
{
	if (!strncmp(value, "file://", 7))
		return value + 7;
	if (strstr(value, "://"))
		return NULL;
	return value;
}

void inputs_find_links(const struct string_list *pip_args, void (*fn)(const char *dir, void *data),
		       void *data)
{
	const char *env = getenv("PIP_FIND_LINKS");

	for (size_t i = 0; i < pip_args->n; i++) {
		const char *a = pip_args->v[i], *v = NULL;

		if (!strncmp(a, "--find-links=", 13))
			v = a + 13;
		else if ((!strcmp(a, "--find-links") || !strcmp(a, "-f")) && i + 1 < pip_args->n)
			v = pip_args->v[++i];
		else if (!strncmp(a, "-f", 2) && a[2] && a[1] != '-')
			v = a + 2;
		if (v && local_dir(v))
			fn(local_dir(v), data);
	}
	if (env) {
		char *copy = xstrdup(env), *save = NULL;

		for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
			if (local_dir(t))
				fn(local_dir(t), data);
		free(copy);
	}
}

/* The entries of a find-links directory, sorted, with sizes and times. */
static void add_listing(const char *dir, void *data)
{
	struct hash_ctx *h = data;
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, *abs = fs_abspath(dir);
	size_t n = 0, alloc = 0;

	add(h, "find-links", abs);
	free(abs);
	if (!d) {
		hash_update_str(h, "unreadable");
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			names = xrealloc(names, alloc * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *path = fs_join(dir, names[i]);

		add_stat(h, "entry", path);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* pip reads its options from PIP_* variables too; they change the result. */
static void add_pip_environment(struct hash_ctx *h)
{
	size_t n = 0;
	const char **vars;

	for (char **e = environ; *e; e++)
		n++;
	vars = xcalloc(n + 1, sizeof(*vars));
	n = 0;
	for (char **e = environ; *e; e++)
		if (!strncmp(*e, "PIP_", 4) && strncmp(*e, "PIP_DISABLE_PIP_VERSION_CHECK=", 30))
			vars[n++] = *e;
	if (n)
		qsort(vars, n, sizeof(*vars), cmp_str);
	for (size_t i = 0; i < n; i++)
		add(h, "env", vars[i]);
	free(vars);
}

#define MAX_NESTING 16

static int add_requirement_file(struct hash_ctx *h, const char *path, int flags, int depth);

/*
 * The files a requirements file names with -r/--requirement and
 * -c/--constraint (relative to its directory, as pip takes them), added in
 * turn, so that a change in a nested file changes the digest too. URLs are
 * left to pip, and so are nested files that cannot be read (pip says why).
 */
static void add_nested(struct hash_ctx *h, const char *path, const char *text, int flags, int depth)
{
	char *dir = fs_dirname(path);

	for (const char *line = text; *line;) {
		const char *end = strchrnul(line, '\n'), *p = line + strspn(line, " \t");
		static const char *const opts[] = { "--requirement", "--constraint", "-r", "-c" };
		struct strbuf name = STRBUF_INIT;

		for (size_t i = 0; i < 4; i++) {
			const size_t n = strlen(opts[i]);

			if (strncmp(p, opts[i], n))
				continue;
			p += n;
			if (*p == '=' && i < 2)
				p++;
			else if (*p != ' ' && *p != '\t' && i < 2)
				break;
			p += strspn(p, " \t");
			/* Up to a comment (" #") or the end of the line. */
			while (p < end && *p != '\r' && !((*p == ' ' || *p == '\t') && p[1] == '#'))
				strbuf_addch(&name, *p++);
			while (name.len && (name.buf[name.len - 1] == ' ' || name.buf[name.len - 1] == '\t'))
				strbuf_setlen(&name, name.len - 1);
			break;
		}
		if (name.len && !strstr(name.buf, "://")) {
			char *nested = name.buf[0] == '/' ? xstrdup(name.buf) : fs_join(dir, name.buf);

			add(h, "nested", opts[0]);
			msg_mute();
			if (depth >= MAX_NESTING || add_requirement_file(h, nested, flags, depth + 1))
				add(h, "unreadable", nested);
			msg_unmute();
			free(nested);
		}
		strbuf_release(&name);
		line = *end ? end + 1 : end;
	}
	free(dir);
}

static int add_requirement_file(struct hash_ctx *h, const char *path, int flags, int depth)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char digest[HASH_LEN];

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return error_errno("cannot read the requirements file '%s'", path);
	}
	hash_buffer(sb.buf, sb.len, digest);
	add(h, "requirement", flags & INPUTS_CACHE_KEY ? "" : path);
	hash_update(h, digest, HASH_LEN);
	add_nested(h, path, sb.buf, flags, depth);
	strbuf_release(&sb);
	return 0;
}

static int add_requirements(struct hash_ctx *h, const struct string_list *files, int flags)
{
	for (size_t i = 0; i < files->n; i++)
		if (add_requirement_file(h, files->v[i], flags, 0))
			return -1;
	return 0;
}

int inputs_digest(const char *env_dir, const struct pyinfo *py, const struct venv_opts *o,
		  int flags, char hex[INPUTS_HEX_LEN])
{
	struct hash_ctx *h = hash_new();
	struct strbuf out = STRBUF_INIT;
	unsigned char digest[HASH_LEN];
	const int key = flags & INPUTS_CACHE_KEY;
	char flag_text[128];

	add(h, "format", key ? "pyvenv-template-key 1" : "pyvenv-inputs 1");
	add(h, "pyvenv", PYVENV_VERSION);
	if (!key) {
		char *cwd = getcwd(NULL, 0), *env = fs_abspath(env_dir);

		add_stat(h, "helper", "/proc/self/exe");
		add(h, "cwd", cwd);
		add(h, "env", env);
		add(h, "prompt", o->prompt);
		add_list(h, "build-paths", &o->build_paths);
		free(cwd);
		free(env);
	}
	add(h, "python", py->path);
	add(h, "version", py->version);
	add_stat(h, "executable", py->real_executable);
	for (size_t i = 0; i < py->nwheels; i++)
		add_stat(h, "wheel", py->wheels[i].path);
	snprintf(flag_text, sizeof(flag_text), "site=%d symlinks=%d pip=%d upgrade-deps=%d scm-ignore=%d",
		 o->system_site_packages, o->symlinks, o->with_pip, o->upgrade_deps, o->scm_ignore);
	add(h, "flags", flag_text);
	add_list(h, "packages", &o->packages);
	add_list(h, "pip-args", &o->pip_args);
	add(h, "template", o->template_archive);
	if (o->template_archive)
		add_stat(h, "template-file", o->template_archive);
	add(h, "requirements", NULL);
	if (add_requirements(h, &o->requirements, flags)) {
		hash_final(h, digest);
		return -1;
	}
	inputs_find_links(&o->pip_args, add_listing, h);
	add_pip_environment(h);
	hash_final(h, digest);
	hash_hex(&out, digest, HASH_LEN);
	memcpy(hex, out.buf, INPUTS_HEX_LEN);
	strbuf_release(&out);
	return 0;
}
