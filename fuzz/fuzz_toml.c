/*
 * fuzz_toml: documents as toml_parse() and toml_parse_opts() read them,
 * and as pylock_parse() reads them as lock files.
 *
 * Checks the contracts in toml.h: a refused document gives NULL and one
 * message "fuzz.toml:LINE: what" with LINE within the input's lines; an
 * accepted one gives an object that serialises to JSON, no deeper than
 * TOML_MAX_DEPTH, whose every table the table callback reported (once,
 * with a line within the input's). Messages hold no control characters. The typed reading gives the same
 * verdict and message. Two properties of TOML: a comment line added at the
 * end of an accepted document changes nothing; one added at the start
 * changes nothing but moves the error of a refused one down by a line.
 * And pylock.h's: a lock file refused as TOML has the same message as
 * toml_parse() (under its own name), one refused as a lock file is valid
 * TOML and its message is "pylock.toml: what"; one accepted is what the
 * header promises (names, hashes in lowercase hex, file names without
 * separators, a source that fits, lines of packages within the input's);
 * a refused one leaves its output empty.
 */
#include "fuzz.h"

#include "pylock.h"
#include "strbuf.h"
#include "toml.h"

#include <string.h>

#define NAME "fuzz.toml"

static size_t count_lines(const uint8_t *data, size_t size)
{
	size_t n = 1;

	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

/* The LINE of "name:LINE: what" (0 if the message is not of that form),
 * and where its what starts. */
static size_t message_line(const char *msg, const char *name, const char **what)
{
	const size_t n = strlen(name);
	size_t line = 0;
	const char *p;

	if (strncmp(msg, name, n) || msg[n] != ':')
		return 0;
	for (p = msg + n + 1; *p >= '0' && *p <= '9' && line < ((size_t)1 << 40); p++)
		line = line * 10 + (size_t)(*p - '0');
	if (p == msg + n + 1 || p[0] != ':' || p[1] != ' ' || !p[2])
		return 0;
	*what = p + 2;
	return line;
}

/* The tables the callback reported. */
struct seen {
	const json_t **v;
	size_t n, alloc;
	size_t max_line;
};

static void note(const json_t *table, size_t line, void *data)
{
	struct seen *seen = data;

	FUZZ_CHECK(json_is_object(table));
	FUZZ_CHECK(line >= 1 && line <= seen->max_line);
	ALLOC_GROW(seen->v, seen->n + 1, seen->alloc);
	seen->v[seen->n++] = table;
}

/* Every table below the root was reported once; the tree is no deeper
 * than the limit. Returns how many tables it has (the root not counted). */
static size_t walk(const json_t *v, const struct seen *seen, size_t depth)
{
	size_t tables = 0, hits = 0;

	FUZZ_CHECK(depth <= TOML_MAX_DEPTH);
	if (json_is_object(v)) {
		const char *key;
		json_t *item;

		if (depth) {
			for (size_t i = 0; i < seen->n; i++)
				hits += seen->v[i] == v;
			/* A date-time's marker is no table (unless a table looks like one). */
			if (!hits && toml_typed(v, NULL))
				return 0;
			FUZZ_CHECK(hits == 1);
			tables++;
		}
		json_object_foreach((json_t *)v, key, item)
			tables += walk(item, seen, depth + 1);
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++)
			tables += walk(json_array_get(v, i), seen, depth + 1);
	}
	return tables;
}

static void check_refused(const struct strbuf *why, size_t max_line)
{
	const char *what;
	const size_t line = message_line(why->buf, NAME, &what);

	FUZZ_CHECK(line >= 1 && line <= max_line);
	/* One line, with nothing of the input that could break it. */
	for (const char *p = what; *p; p++)
		FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
}

/* The document with a comment line before or after it. */
static void check_edited(const uint8_t *data, size_t size, const json_t *root, const struct strbuf *why,
			 int before)
{
	struct strbuf doc = STRBUF_INIT, why2 = STRBUF_INIT;
	json_t *again;

	if (before)
		strbuf_addstr(&doc, "# added\n");
	strbuf_add(&doc, data, size);
	if (!before)
		strbuf_addstr(&doc, "\n# added\n");
	again = toml_parse(doc.buf, doc.len, NAME, &why2);
	if (root) {
		FUZZ_CHECK(again && json_equal((json_t *)root, again));
	} else if (before) {
		const char *what, *what2;
		const size_t line = message_line(why->buf, NAME, &what);

		FUZZ_CHECK(!again);
		FUZZ_CHECK(message_line(why2.buf, NAME, &what2) == line + 1);
		FUZZ_CHECK(!strcmp(what, what2));
	}
	json_decref(again);
	strbuf_release(&why2);
	strbuf_release(&doc);
}

static void check_file(const struct pylock_wheel *f, int named)
{
	FUZZ_CHECK(f->path || f->url);
	FUZZ_CHECK(f->nhashes >= 1 && f->size >= -1);
	FUZZ_CHECK(!named == !f->name);
	FUZZ_CHECK(!f->name || (f->name[0] && !strpbrk(f->name, "/\\") && strcmp(f->name, "..")));
	for (size_t i = 0; i < f->nhashes; i++) {
		const char *const hex = f->hashes[i].hex;

		FUZZ_CHECK(f->hashes[i].algorithm[0]);
		FUZZ_CHECK(hex[0] && strspn(hex, "0123456789abcdef") == strlen(hex));
	}
}

static void check_package(const struct pylock_package *p, size_t max_line)
{
	FUZZ_CHECK(p->name);
	FUZZ_CHECK(p->line >= 1 && p->line <= max_line);
	switch (p->source) {
	case PYLOCK_WHEELS:
		FUZZ_CHECK(p->nwheels > 0);
		break;
	case PYLOCK_SDIST:
		FUZZ_CHECK(p->has_sdist && !p->nwheels);
		break;
	case PYLOCK_VCS:
		FUZZ_CHECK(p->vcs.type && p->vcs.commit_id && (p->vcs.url || p->vcs.path));
		break;
	case PYLOCK_DIRECTORY:
		FUZZ_CHECK(p->directory);
		break;
	case PYLOCK_ARCHIVE:
		check_file(&p->archive, 0);
		break;
	default:
		FUZZ_CHECK(!"a source");
	}
	if (p->source == PYLOCK_VCS || p->source == PYLOCK_DIRECTORY || p->source == PYLOCK_ARCHIVE)
		FUZZ_CHECK(!p->has_sdist && !p->nwheels);
	if (p->has_sdist)
		check_file(&p->sdist, 1);
	for (size_t i = 0; i < p->nwheels; i++) {
		const size_t len = strlen(p->wheels[i].name);

		check_file(&p->wheels[i], 1);
		FUZZ_CHECK(len > 4 && !strcmp(p->wheels[i].name + len - 4, ".whl"));
	}
}

static void check_pylock(const uint8_t *data, size_t size, const json_t *root, const struct strbuf *why,
			 size_t max_line)
{
	struct pylock lock = PYLOCK_INIT;
	const struct pylock empty = PYLOCK_INIT;
	struct strbuf why2 = STRBUF_INIT;
	const int rc = pylock_parse((const char *)data, size, "pylock.toml", &lock, &why2);
	const char *what, *what2;

	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc) {
		FUZZ_CHECK(!memcmp(&lock, &empty, sizeof(lock)));
		if (!root) {
			FUZZ_CHECK(message_line(why2.buf, "pylock.toml", &what2) ==
				   message_line(why->buf, NAME, &what));
			FUZZ_CHECK(!strcmp(what, what2));
		} else {
			FUZZ_CHECK(!strncmp(why2.buf, "pylock.toml: ", 13) && why2.buf[13]);
		}
	} else {
		FUZZ_CHECK(root && !why2.len);
		FUZZ_CHECK(lock.lock_version && lock.lock_version[0] == '1' && lock.created_by);
		for (size_t i = 0; i < lock.npackages; i++)
			check_package(&lock.packages[i], max_line);
	}
	pylock_release(&lock);
	FUZZ_CHECK(!memcmp(&lock, &empty, sizeof(lock)));
	strbuf_release(&why2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t max_line = count_lines(data, size);
	struct seen seen = { NULL, 0, 0, max_line };
	const struct toml_options opts = { .typed = 1, .table = note, .data = &seen };
	struct strbuf why = STRBUF_INIT, why_typed = STRBUF_INIT;
	json_t *const root = toml_parse((const char *)data, size, NAME, &why);
	json_t *const typed = toml_parse_opts((const char *)data, size, NAME, &opts, &why_typed);

	fuzz_quiet();
	FUZZ_CHECK(!root == !typed);
	FUZZ_CHECK(!strcmp(why.buf, why_typed.buf));
	if (root) {
		char *json = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY);

		FUZZ_CHECK(json_is_object(root) && json_is_object(typed) && !why.len);
		FUZZ_CHECK(json);
		free(json);
		json = json_dumps(typed, JSON_COMPACT);
		FUZZ_CHECK(json);
		free(json);
		FUZZ_CHECK(walk(typed, &seen, 0) == seen.n);
	} else {
		check_refused(&why, max_line);
	}
	check_edited(data, size, root, &why, 0);
	if (size < 3 || memcmp(data, "\xef\xbb\xbf", 3))
		check_edited(data, size, root, &why, 1);
	check_pylock(data, size, root, &why, max_line);
	json_decref(root);
	json_decref(typed);
	free(seen.v);
	strbuf_release(&why);
	strbuf_release(&why_typed);
	return 0;
}
