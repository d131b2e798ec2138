/*
 * fuzz_meta: template metadata, the JSON first member of a template, as
 * template_parse_meta() reads it. Accepted metadata must be what the rest of
 * the helper relies on: this format (the JSON integer itself, as jansson
 * reads it), an absolute prefix, every string field there, and a
 * NULL-terminated list of safe relative file names (no empty, "." or ".."
 * component, not absolute, no trailing '/'), which seeding joins to the
 * destination. The same input also goes through template_parse_digests()
 * (the second member): accepted digests are an object of such names (no
 * trailing '/'), each to 64 lowercase hex digits.
 */
#include "fuzz.h"

#include "template.h"

#include <jansson.h>
#include <string.h>

static int safe_relative(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/')
		return 0;
	for (;;) {
		const size_t n = strcspn(p, "/");

		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!p[n])
			return 1;
		p += n + 1;
	}
}

static void check_accepted(const struct template_meta *m, const uint8_t *data, size_t size)
{
	json_t *root = json_loadb((const char *)data, size, 0, NULL);

	static char version[] = "3.12.1", real[] = "/usr/bin/python3.12";
	struct pyinfo py = { .version = version, .real_executable = real };
	struct venv_opts opts;

	FUZZ_CHECK(m->format == TEMPLATE_FORMAT);
	FUZZ_CHECK(json_integer_value(json_object_get(root, "format")) == TEMPLATE_FORMAT);
	json_decref(root);
	FUZZ_CHECK(m->prefix && m->prefix[0] == '/');
	FUZZ_CHECK(m->python && m->version && m->real_executable);
	FUZZ_CHECK(m->files && !m->files[m->nfiles]);
	for (size_t i = 0; i < m->nfiles; i++)
		FUZZ_CHECK(safe_relative(m->files[i]));
	/* What seeding does next with it. */
	template_opts(m, &opts);
	FUZZ_CHECK(opts.symlinks == m->symlinks && opts.with_pip == m->with_pip);
	FUZZ_CHECK(opts.system_site_packages == m->system_site_packages);
	FUZZ_CHECK(opts.scm_ignore == m->scm_ignore);
	FUZZ_CHECK((template_check_python(m, &py, "fuzz.tar.zst") == 0) ==
		   (!strcmp(m->version, version) && !strcmp(m->real_executable, real)));
}

static void check_digests(const struct template_meta *m)
{
	const char *name;
	json_t *v;

	FUZZ_CHECK(json_is_object(m->digests));
	json_object_foreach(m->digests, name, v) {
		const char *hex = json_string_value(v);

		FUZZ_CHECK(safe_relative(name) && name[strlen(name) - 1] != '/');
		FUZZ_CHECK(hex && strlen(hex) == 64 && strspn(hex, "0123456789abcdef") == 64);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct template_meta empty;
	struct template_meta m;

	fuzz_quiet();
	if (!template_parse_meta((const char *)data, size, &m, "fuzz.tar.zst"))
		check_accepted(&m, data, size);
	template_meta_release(&m);
	FUZZ_CHECK(!memcmp(&m, &empty, sizeof(m)));
	if (!template_parse_digests((const char *)data, size, &m, "fuzz.tar.zst"))
		check_digests(&m);
	template_meta_release(&m);
	FUZZ_CHECK(!memcmp(&m, &empty, sizeof(m)));
	return 0;
}
