/*
 * reqfile: pip requirement files read as pip 23.2 reads them, and what
 * their requirements refer to, as pip decides it.
 *
 * reqfile_parse() turns the text of one file into its logical lines, each
 * with the meaning pip gives it: the line joining ("\" at the end), comment
 * stripping, ${VAR} expansion, the split into a requirement and options, the
 * options parsed as optparse parses them (abbreviations, "-rfile",
 * "--opt=value", shell quoting), and only what pip acts on kept: the first
 * -r of a line, the requirement of a line that has one, and so on (see
 * reqfile_parse()). It reads no file; nested files are the caller's to read,
 * found with reqfile_resolve().
 *
 * reqref_classify() and reqref_classify_editable() say what a requirement
 * names: a project by name, a local file or directory, or a URL, stat()ing
 * what pip stats.
 *
 * Every failure is reported with error() (messages start with "file:line: "
 * or the `where` given) and returns -1; outputs are then left empty, ready
 * for their _release(). Text is UTF-8; NUL bytes are refused.
 */
#ifndef PYVENV_REQFILE_H
#define PYVENV_REQFILE_H

#include <stddef.h>

enum reqfile_kind {
	REQFILE_REQUIREMENT,  /* a requirement: specifier, path, URL, or name @ URL */
	REQFILE_EDITABLE,     /* -e / --editable VALUE */
	REQFILE_REQUIREMENTS, /* -r / --requirement FILE (nested) */
	REQFILE_CONSTRAINTS,  /* -c / --constraint FILE */
	REQFILE_FIND_LINKS,   /* -f / --find-links VALUE */
	REQFILE_INDEX,        /* -i/--index-url, --extra-index-url, --no-index (value NULL) */
	REQFILE_OPTION,       /* --pre, --prefer-binary, --only-binary, --no-binary,
			       * --trusted-host, --use-feature, --require-hashes */
};

struct reqfile_line {
	enum reqfile_kind kind;
	size_t lineno;          /* its first physical line, 1-based */
	char *option;           /* as written ("-r", "--find-links", "--requirem"), NULL for
				 * a requirement */
	const char *longopt;    /* its full name ("--requirement"; "--index-url" for
				 * "--pypi-url"), static; NULL for a requirement */
	char *value;            /* the option's value (NULL for a flag), or the
				 * requirement text as pip hands it on (markers included) */
	/* A requirement's own options, in order: */
	char **hashes;          /* --hash values, "sha256:HEX" */
	size_t nhashes;
	char **config_settings; /* -C/--config-settings values, "KEY=VALUE" */
	size_t nconfig_settings;
	char **global_options;  /* --global-option values */
	size_t nglobal_options;
};

struct reqfile {
	struct reqfile_line *v;
	size_t n, alloc;
	char **vars;            /* the ${VAR} names the file uses, set or not, once each */
	size_t nvars, vars_alloc;
};

#define REQFILE_INIT { NULL, 0, 0, NULL, 0, 0 }

/*
 * Parses the requirements file text (len bytes, not NUL-terminated) named
 * name (for messages) into out (REQFILE_INIT or released), in file order.
 * getvar(NAME, data) gives the value of ${NAME}; NULL or "" leaves it as
 * written, as pip does for an unset or empty variable; getvar may be NULL.
 *
 * Per logical line, as pip acts on it:
 *  - a line with a requirement gives one REQFILE_REQUIREMENT, with its
 *    --hash, --config-settings and --global-option values; pip ignores its
 *    other options (they must still parse);
 *  - else the first -e gives one REQFILE_EDITABLE (pip takes no options of
 *    an editable line);
 *  - else the first -r gives one REQFILE_REQUIREMENTS, else the first -c one
 *    REQFILE_CONSTRAINTS (pip ignores the rest of such a line);
 *  - else the options, in the order pip applies them: --require-hashes,
 *    each --use-feature, --no-index, the last --index-url, each
 *    --extra-index-url, the first --find-links, --pre, --prefer-binary,
 *    each --trusted-host (each flag once);
 *  - and on any line, each --no-binary / --only-binary, first: pip applies
 *    them while parsing, whatever else the line holds.
 *
 * Returns 0, or -1 (reported as "name:line: ...") when pip would refuse the
 * file: a NUL byte, text that is not UTF-8, unbalanced quotes in the
 * options, an unknown or ambiguous option, a missing value or a value given
 * to a flag, a --hash that is not "sha256|sha384|sha512:...", a
 * --config-settings without "=", a --no-binary/--only-binary value that
 * starts with "-".
 */
int reqfile_parse(const char *text, size_t len, const char *name,
		  const char *(*getvar)(const char *name, void *data), void *data, struct reqfile *out);
void reqfile_release(struct reqfile *rf);

enum reqref_kind {
	REQREF_NAME,       /* a specifier: name, extras, version, markers */
	REQREF_LOCAL_FILE, /* may not exist: pip names archives it will not find too */
	REQREF_LOCAL_DIR,
	REQREF_URL,        /* a URL that is not file: (http, ftp, VCS, ...) */
};

struct reqref {
	enum reqref_kind kind;
	char *path;      /* LOCAL_*: absolute; percent-decoded from a file: URL */
	char *url;       /* the URL when the text gives one (file: included), else NULL */
	char *name;      /* the project name when the text gives one ("name @ url",
			  * "name==1.0", a wheel's file name, #egg=), else NULL */
	char *specifier; /* the version specifier ("==1.0,>=0.9"; "==1.0" for a
			  * wheel file), else NULL */
	char *markers;   /* the environment marker, else NULL */
};

#define REQREF_INIT { REQREF_NAME, NULL, NULL, NULL, NULL, NULL }

/*
 * What the requirement text (a REQFILE_REQUIREMENT value, or a requirement
 * given on pip's command line) refers to for pip running in the absolute
 * directory cwd, as pip's parse_req_from_line() decides: URLs by scheme;
 * else a path that looks like one (has a '/' or starts with '.') and is a
 * directory with a pyproject.toml or setup.py; else a name with an archive
 * extension (.whl, .tar.gz, .zip, ...) that is a file, or that pip takes for
 * one although it is missing; else a PEP 508 requirement. Stats the file
 * system as pip does. where ("file:line", "--package") starts messages.
 * Returns 0 with out filled (caller releases), or -1 (reported) where pip
 * refuses the requirement.
 */
int reqref_classify(const char *requirement, const char *cwd, const char *where,
		    struct reqref *out);

/*
 * The same for the value of -e (pip's parse_editable()): a directory (with
 * [extras] taken off), a file: URL, or a VCS URL with #egg=NAME; REQREF_URL
 * for VCS, REQREF_LOCAL_DIR for a directory, and for a file: URL
 * REQREF_LOCAL_DIR or REQREF_LOCAL_FILE by what is there.
 */
int reqref_classify_editable(const char *value, const char *cwd, const char *where,
			     struct reqref *out);
void reqref_release(struct reqref *r);

/*
 * What line (of the requirements file known to pip as file: a path,
 * relative to cwd or absolute, or the URL it was read from) refers to:
 *  - a requirement or -e: reqref_classify() / reqref_classify_editable();
 *  - -r / -c: the nested file, relative to the directory of file (joined
 *    with urljoin() when file is a URL), REQREF_LOCAL_FILE or REQREF_URL;
 *  - -f: relative to the directory of file when that path exists there,
 *    else as written: an existing path is REQREF_LOCAL_DIR or _FILE, a
 *    file: URL too, another URL is REQREF_URL, and a missing path (which
 *    pip skips) is REQREF_LOCAL_DIR at its place beside file.
 * Returns 0 with out filled, 1 for a line that names nothing (index and
 * other options; out left empty), or -1 (reported).
 */
int reqfile_resolve(const struct reqfile_line *line, const char *file, const char *cwd,
		    struct reqref *out);

#endif
