/*
 * template: the metadata of templates, and what the template modules
 * share.
 */
#include "template.h"

#include "member.h"
#include "template_int.h"

#include "fsutil.h"
#include "msg.h"
#include "strbuf.h"

#include "archive_lib.h"
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void template_meta_release(struct template_meta *m)
{
	free(m->prefix);
	free(m->python);
	free(m->version);
	free(m->real_executable);
	free(m->created_by);
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->files);
	json_decref(m->digests);
	memset(m, 0, sizeof(*m));
}

/* A name from an archive that stays inside the directory it is put in. */
static char *get_string(json_t *obj, const char *key, int required, int *bad)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (required || v)
		*bad = 1;
	return NULL;
}

int template_parse_digests(const char *text, size_t len, struct template_meta *m, const char *archive)
{
	json_error_t jerr;
	json_t *obj = json_loadb(text, len, 0, &jerr);
	const char *name;
	json_t *v;
	int bad = !json_is_object(obj);

	if (!bad) {
		json_object_foreach(obj, name, v) {
			const char *hex = json_string_value(v);

			if (!member_name_safe(name, 0) || name[strlen(name) - 1] == '/' || !hex ||
			    strlen(hex) != 2 * HASH_LEN || strspn(hex, "0123456789abcdef") != 2 * HASH_LEN) {
				bad = 1;
				break;
			}
		}
	}
	if (bad) {
		json_decref(obj);
		return error("'%s' has broken file digests (%s)", archive, TEMPLATE_DIGESTS_NAME);
	}
	json_decref(m->digests);
	m->digests = obj;
	return 0;
}

int template_parse_meta(const char *text, size_t len, struct template_meta *m, const char *archive)
{
	json_error_t jerr;
	json_t *root, *files, *f;
	int bad;
	size_t i;

	assert(text && m && archive);
	root = json_loadb(text, len, 0, &jerr);
	bad = !json_is_object(root);
	memset(m, 0, sizeof(*m));
	if (!bad) {
		const json_int_t format = json_integer_value(json_object_get(root, "format"));

		m->format = format >= INT_MIN && format <= INT_MAX ? (int)format : -1;
		m->prefix = get_string(root, "prefix", 1, &bad);
		m->python = get_string(root, "python", 1, &bad);
		m->version = get_string(root, "version", 1, &bad);
		m->real_executable = get_string(root, "real_executable", 1, &bad);
		m->created_by = get_string(root, "created_by", 0, &bad);
		m->symlinks = json_is_true(json_object_get(root, "symlinks"));
		m->system_site_packages = json_is_true(json_object_get(root, "system_site_packages"));
		m->with_pip = json_is_true(json_object_get(root, "with_pip"));
		m->scm_ignore = json_is_true(json_object_get(root, "scm_ignore"));
		files = json_object_get(root, "prefix_files");
		bad |= !json_is_array(files);
		m->files = xcalloc(json_array_size(files) + 1, sizeof(*m->files));
		json_array_foreach(files, i, f) {
			const char *name = json_string_value(f);

			/* Files: a name ending with '/' could only be a directory. */
			if (!name || !member_name_safe(name, 0) || name[strlen(name) - 1] == '/') {
				bad = 1;
				break;
			}
			m->files[m->nfiles++] = xstrdup(name);
		}
	}
	json_decref(root);
	if (!bad && m->format != TEMPLATE_FORMAT) {
		error("'%s' is a template of format %d; this pyvenv reads format %d", archive,
		      m->format, TEMPLATE_FORMAT);
		hint("pack it again with this pyvenv");
		return -1;
	}
	if (bad || m->prefix[0] != '/') {
		error("'%s' has broken template metadata", archive);
		return -1;
	}
	return 0;
}

/*
 * Reports what failed in a: "<what>: <libarchive's message>", and the
 * system's reason with its hint when libarchive has one its message does
 * not say ("Write failed: No space left on device"). Returns -1.
 */
int template_archive_failed(struct archive *a, const char *fmt, ...)
{
	const char *msg = archive_error_string(a);
	const int err = archive_errno(a);
	struct strbuf what = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&what, fmt, ap);
	va_end(ap);
	if (!msg)
		msg = "unknown error";
	if (err > 0 && !strstr(msg, strerror(err))) {
		errno = err;
		error_errno("%s: %s", what.buf, msg);
	} else {
		error("%s: %s", what.buf, msg);
	}
	strbuf_release(&what);
	return -1;
}

int template_check_python(const struct template_meta *m, const struct pyinfo *py, const char *archive)
{
	if (strcmp(m->version, py->version) || strcmp(m->real_executable, py->real_executable)) {
		error("'%s' was made for Python %s (%s), not for Python %s (%s)", archive, m->version,
		      m->real_executable, py->version, py->real_executable);
		hint("create the environment with that interpreter (--python), or without the template");
		return -1;
	}
	return 0;
}

void template_opts(const struct template_meta *m, struct venv_opts *o)
{
	struct venv_opts init = VENV_OPTS_INIT;

	*o = init;
	o->symlinks = m->symlinks;
	o->system_site_packages = m->system_site_packages;
	o->with_pip = m->with_pip;
	o->scm_ignore = m->scm_ignore;
}

