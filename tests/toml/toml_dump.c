/*
 * toml_dump FILE...: what toml.h makes of each TOML file, one line each,
 * for tests/toml/diff_tomllib.py to hold against Python's tomllib.
 *
 * A file toml_parse_opts() accepts prints as its tree in compact JSON
 * (keys in document order, ASCII only, reals with 17 digits), read with
 * opts.typed so that date-times and non-finite floats come out as
 * {"$toml": TYPE, "value": TEXT} and can be told from strings. A file it
 * refuses prints as "ERROR " and the message. Exits 0 when every file was
 * accepted, 1 when one was refused, 2 when one could not be read.
 */
#include "strbuf.h"
#include "toml.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int dump(const char *path)
{
	const struct toml_options opts = { .typed = 1 };
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	json_t *root;
	char *json;
	int rc = 0;

	if (strbuf_read_file(&text, path)) {
		fprintf(stderr, "toml_dump: cannot read '%s': %s\n", path, strerror(errno));
		strbuf_release(&text);
		return 2;
	}
	root = toml_parse_opts(text.buf, text.len, path, &opts, &why);
	if (!root) {
		/* One line: the message holds no newline but from the input. */
		for (size_t i = 0; i < why.len; i++)
			if (why.buf[i] == '\n' || why.buf[i] == '\r')
				why.buf[i] = ' ';
		printf("ERROR %s\n", why.buf);
		rc = 1;
	} else {
		json = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(17));
		if (!json) {
			fprintf(stderr, "toml_dump: cannot write '%s' as JSON\n", path);
			rc = 2;
		} else {
			printf("%s\n", json);
			free(json);
		}
		json_decref(root);
	}
	strbuf_release(&why);
	strbuf_release(&text);
	return rc;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: toml_dump FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		const int rc = dump(argv[i]);

		if (rc > status)
			status = rc;
	}
	return fflush(stdout) ? 2 : status;
}
