/*
 * wheel_meta: what installing a wheel adds to its files, as pip adds it:
 * console and GUI scripts from entry_points.txt (pip's rule for its own
 * and easy_install's versioned names; a name that is not a plain file name,
 * or an entry that is not module:function, refuses the wheel before
 * anything is written), and INSTALLER, REQUESTED, direct_url.json and the
 * RECORD of everything written.
 */
#include "wheel_int.h"

#include "fsutil.h"
#include "msg.h"
#include "record.h"
#include "script.h"
#include "utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int wheel_script_names(const char *name, int major, int minor, char *names[3])
{
	static const char *const special[] = { "pip", "easy_install" };

	for (size_t i = 0; i < 2; i++) {
		const size_t len = strlen(special[i]);
		const char *tail = name + len;

		if (strncmp(name, special[i], len))
			continue;
		if (!*tail) {
			names[0] = xstrdup(name);
			if (i == 0) {
				names[1] = xstrfmt("pip%d", major);
				names[2] = xstrfmt("pip%d.%d", major, minor);
				return 3;
			}
			names[1] = xstrfmt("easy_install-%d.%d", major, minor);
			return 2;
		}
		/* Versioned names in the wheel are those of the machine that
		 * built it: dropped, as pip does. */
		if (i == 0 ? (isdigit((unsigned char)*tail) && strspn(tail, "0123456789.") == strlen(tail))
			   : (*tail == '-' && strspn(tail + 1, "0123456789.") == strlen(tail + 1)))
			return 0;
	}
	names[0] = xstrdup(name);
	return 1;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* A script's name is one plain file name: no '/', not "." or "..", no
 * control character (entry_points.txt is UTF-8 text). */
static int script_name_ok(const char *name)
{
	return *name && strcmp(name, ".") && strcmp(name, "..") && !strchr(name, '/') && !wheel_has_control(name);
}

static int skip_digits(const char **p)
{
	const char *start = *p;

	while (isdigit((unsigned char)**p))
		(*p)++;
	return *p > start;
}

/* Whether name is a versioned name of pip's (which 0: pip(\d+(\.\d+)?),
 * as "pip3", "pip3.9") or easy_install's (1: easy_install-\d+\.\d+), by
 * pip's own patterns. */
static int versioned_name(const char *name, int which)
{
	const char *p;

	if (which == 1) {
		p = name + 13;
		return !strncmp(name, "easy_install-", 13) && skip_digits(&p) && *p++ == '.' && skip_digits(&p) &&
		       !*p;
	}
	p = name + 3;
	if (strncmp(name, "pip", 3) || !skip_digits(&p))
		return 0;
	if (*p == '.' && (++p, !skip_digits(&p)))
		return 0;
	return !*p;
}

/* The console script name = entry of entry_points.txt, checked. As pip
 * does: a console script "pip" or "easy_install" gives the versioned names
 * too, and only then are the versioned ones the wheel lists dropped;
 * gui_scripts are taken as they are. special: bit 0, the console scripts
 * have "pip"; bit 1, "easy_install"; bit 2, name is a gui script. */
static int add_script(struct wheel *w, const struct wheel_dest *d, const char *name, const char *entry,
		      int special)
{
	struct strbuf ignored = STRBUF_INIT;
	char *names[3];
	int n, rc;

	if (!script_name_ok(name))
		return error("wheel '%s' has an entry point '%s' in '%s/entry_points.txt' that is not a plain file "
			     "name", w->path, wheel_show(w, 0, name), w->dist_info);
	msg_mute();
	rc = script_console(&ignored, d->python, entry);
	msg_unmute();
	strbuf_release(&ignored);
	if (rc)
		return error("wheel '%s' has an entry point '%s = %s' in '%s/entry_points.txt' that is not of the "
			     "form 'module:function'", w->path, wheel_show(w, 0, name), wheel_show(w, 1, entry),
			     w->dist_info);
	if (!(special & 4) && (!strcmp(name, "pip") || !strcmp(name, "easy_install")))
		n = wheel_script_names(name, d->py_major, d->py_minor, names);
	else if (!(special & 4) && (((special & 1) && versioned_name(name, 0)) ||
				    ((special & 2) && versioned_name(name, 1))))
		n = 0;
	else
		names[0] = xstrdup(name), n = 1;
	for (int i = 0; i < n; i++) {
		w->scripts = wheel_grow(w->scripts, w->nscripts, &w->scripts_alloc, sizeof(*w->scripts));
		w->scripts[w->nscripts].name = names[i];
		w->scripts[w->nscripts++].entry = xstrdup(entry);
	}
	return 0;
}

/* The console and GUI scripts of entry_points.txt, before anything is
 * written. */
int wheel_read_entry_points(struct wheel *w, const struct wheel_dest *d)
{
	char *text, *line, *save = NULL;
	int in_scripts = 0, ret = 0;

	if (memchr(w->entry_points.buf, '\0', w->entry_points.len) ||
	    utf8_check(w->entry_points.buf, w->entry_points.len, NULL))
		return error("wheel '%s' has a '%s/entry_points.txt' that is not UTF-8 text", w->path, w->dist_info);
	/* twice: first whether the console scripts have "pip", "easy_install" */
	for (int pass = 0, special = 0; pass < 2 && !ret; pass++) {
		text = xstrdup(w->entry_points.buf);
		save = NULL;
		for (line = strtok_r(text, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save)) {
			char *l = trim(line), *eq, *name;

			if (*l == '[') {
				in_scripts = !strcmp(l, "[console_scripts]") ? 1 : !strcmp(l, "[gui_scripts]") ? 2 : 0;
				continue;
			}
			eq = strchr(l, '=');
			if (!in_scripts || !eq || *l == '#' || *l == ';')
				continue;
			*eq = '\0';
			name = trim(l);
			if (pass == 0 && in_scripts == 1 && !strcmp(name, "pip"))
				special |= 1;
			else if (pass == 0 && in_scripts == 1 && !strcmp(name, "easy_install"))
				special |= 2;
			else if (pass == 1)
				ret = add_script(w, d, name, trim(eq + 1), (special & 3) | (in_scripts == 2) << 2);
		}
		free(text);
		in_scripts = 0;
	}
	return ret;
}

int wheel_write_console_scripts(struct wheel *w, const struct wheel_dest *d)
{
	const char *root = w->root_is_purelib ? d->purelib : d->platlib;
	struct strbuf script = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < w->nscripts && !ret; i++) {
		char *path = fs_join(d->scripts, w->scripts[i].name);

		strbuf_reset(&script);
		ret = script_console(&script, d->python, w->scripts[i].entry) ||
		      wheel_write_recorded(w, root, path, script.buf, script.len, 1);
		free(path);
	}
	strbuf_release(&script);
	return ret ? -1 : 0;
}

int wheel_write_metadata(struct wheel *w, const struct wheel_dest *d)
{
	const char *root = w->root_is_purelib ? d->purelib : d->platlib;
	char *dir = fs_join(root, w->dist_info);
	char *installer = fs_join(dir, "INSTALLER");
	char *requested = fs_join(dir, "REQUESTED");
	char *direct_url = fs_join(dir, "direct_url.json");
	char *record = fs_join(dir, "RECORD");
	const struct wheel_opts *o = w->opts;
	char *by = xstrfmt("%s\n", o && o->installer ? o->installer : "pyvenv");
	struct strbuf text = STRBUF_INIT;
	int ret = -1;

	if (wheel_write_recorded(w, root, installer, by, strlen(by), 0) ||
	    (!(o && o->not_requested) && wheel_write_recorded(w, root, requested, "", 0, 0)) ||
	    (o && o->direct_url && wheel_write_recorded(w, root, direct_url, o->direct_url, strlen(o->direct_url), 0)))
		goto out;
	wheel_rows_add(&w->written, fs_relpath(record, root), xstrdup(""), xstrdup(""));
	qsort(w->written.v, w->written.n, sizeof(*w->written.v), wheel_row_cmp);
	for (size_t i = 0; i < w->written.n; i++)
		record_add_row(&text, w->written.v[i].path, w->written.v[i].hash, w->written.v[i].size);
	ret = wheel_write_out(w, record, text.buf, text.len, 0644);
out:
	strbuf_release(&text);
	free(by);
	free(record);
	free(direct_url);
	free(requested);
	free(installer);
	free(dir);
	return ret;
}
