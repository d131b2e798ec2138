/*
 * reqfile: a pip requirements file, line by line, as pip 23.2's
 * req_file.py reads it: preprocess() (splitlines, join_lines,
 * ignore_comments, expand_env_variables), break_args_options(), shlex.split()
 * of the options and optparse with the options pip allows in a file.
 *
 * Invariant: text is only ever looked at between pointers or in strbufs, so
 * the input needs no NUL terminator; a NUL byte in it is refused up front.
 * Each logical line is parsed completely (every option checked as optparse
 * checks it) before anything of it is kept.
 *
 * Deliberate differences from pip: the text must be UTF-8 (pip decodes with
 * the locale's encoding or a "# -*- coding" line; a UTF-8 BOM is skipped
 * either way); --use-feature values are not checked against pip's list,
 * which changes from one pip release to the next.
 */
#include "reqfile.h"

#include "msg.h"
#include "pystr.h"
#include "strbuf.h"
#include "utf8.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum opt_id {
	O_INDEX_URL, O_EXTRA_INDEX_URL, O_NO_INDEX, O_CONSTRAINT, O_REQUIREMENT, O_EDITABLE,
	O_FIND_LINKS, O_NO_BINARY, O_ONLY_BINARY, O_PREFER_BINARY, O_REQUIRE_HASHES, O_PRE,
	O_TRUSTED_HOST, O_USE_FEATURE, O_GLOBAL_OPTION, O_HASH, O_CONFIG_SETTINGS,
};

struct optdef {
	const char *name;      /* a long name optparse knows */
	const char *longopt;   /* the option's first long name */
	char shortname;
	int takes_value;
	enum opt_id id;
	enum reqfile_kind kind;
};

/* req_file.py's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ, every long name. */
static const struct optdef optdefs[] = {
	{ "--index-url", "--index-url", 'i', 1, O_INDEX_URL, REQFILE_INDEX },
	{ "--pypi-url", "--index-url", 0, 1, O_INDEX_URL, REQFILE_INDEX },
	{ "--extra-index-url", "--extra-index-url", 0, 1, O_EXTRA_INDEX_URL, REQFILE_INDEX },
	{ "--no-index", "--no-index", 0, 0, O_NO_INDEX, REQFILE_INDEX },
	{ "--constraint", "--constraint", 'c', 1, O_CONSTRAINT, REQFILE_CONSTRAINTS },
	{ "--requirement", "--requirement", 'r', 1, O_REQUIREMENT, REQFILE_REQUIREMENTS },
	{ "--editable", "--editable", 'e', 1, O_EDITABLE, REQFILE_EDITABLE },
	{ "--find-links", "--find-links", 'f', 1, O_FIND_LINKS, REQFILE_FIND_LINKS },
	{ "--no-binary", "--no-binary", 0, 1, O_NO_BINARY, REQFILE_OPTION },
	{ "--only-binary", "--only-binary", 0, 1, O_ONLY_BINARY, REQFILE_OPTION },
	{ "--prefer-binary", "--prefer-binary", 0, 0, O_PREFER_BINARY, REQFILE_OPTION },
	{ "--require-hashes", "--require-hashes", 0, 0, O_REQUIRE_HASHES, REQFILE_OPTION },
	{ "--pre", "--pre", 0, 0, O_PRE, REQFILE_OPTION },
	{ "--trusted-host", "--trusted-host", 0, 1, O_TRUSTED_HOST, REQFILE_OPTION },
	{ "--use-feature", "--use-feature", 0, 1, O_USE_FEATURE, REQFILE_OPTION },
	{ "--global-option", "--global-option", 0, 1, O_GLOBAL_OPTION, REQFILE_REQUIREMENT },
	{ "--hash", "--hash", 0, 1, O_HASH, REQFILE_REQUIREMENT },
	{ "--config-settings", "--config-settings", 'C', 1, O_CONFIG_SETTINGS, REQFILE_REQUIREMENT },
};

#define NOPTDEFS (sizeof(optdefs) / sizeof(*optdefs))

/* One option of a line, as optparse took it. */
struct occ {
	const struct optdef *def;
	char *written;
	char *value;
};

/* What one call of reqfile_parse() works with. */
struct parse {
	const char *name;
	const char *(*getvar)(const char *, void *);
	void *data;
	struct reqfile *out;
	size_t lineno;               /* of the logical line at hand */
	char **tok;                  /* its options, split as shlex splits them */
	size_t ntok, tok_alloc;
	struct occ *occ;             /* and parsed */
	size_t nocc, occ_alloc;
};

#define GROW(v, n, alloc)                                                       \
	do {                                                                    \
		if ((n) == (alloc)) {                                           \
			(alloc) = (alloc) ? 2 * (alloc) : 8;                    \
			(v) = xrealloc((v), (alloc) * sizeof(*(v)));            \
		}                                                               \
	} while (0)

static void push_str(char ***v, size_t *n, size_t *alloc, char *s)
{
	GROW(*v, *n, *alloc);
	(*v)[(*n)++] = s;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void clear_line_state(struct parse *p)
{
	free_strs(p->tok, p->ntok);
	for (size_t i = 0; i < p->nocc; i++) {
		free(p->occ[i].written);
		free(p->occ[i].value);
	}
	free(p->occ);
	p->tok = NULL;
	p->ntok = p->tok_alloc = 0;
	p->occ = NULL;
	p->nocc = p->occ_alloc = 0;
}

/* --- shlex.split() ----------------------------------------------------- */

enum shlex_state { SH_SPACE, SH_WORD, SH_SQUOTE, SH_DQUOTE, SH_ESCAPE };

static void shlex_emit(struct parse *p, struct strbuf *tok, int *quoted)
{
	if (tok->len || *quoted)
		push_str(&p->tok, &p->ntok, &p->tok_alloc, strbuf_detach(tok));
	*quoted = 0;
}

/* One step of shlex's POSIX state machine on c (0 at the end): 0, or a
 * static message. */
static const char *shlex_step(struct parse *p, enum shlex_state *st, enum shlex_state *esc,
			      struct strbuf *tok, int *quoted, char c)
{
	const int space = c == ' ' || c == '\t' || c == '\r' || c == '\n';

	switch (*st) {
	case SH_SPACE:
	case SH_WORD:
		if (!c || space) {
			shlex_emit(p, tok, quoted);
			*st = SH_SPACE;
		} else if (c == '\\') {
			*esc = SH_WORD;
			*st = SH_ESCAPE;
		} else if (c == '\'' || c == '"') {
			*st = c == '\'' ? SH_SQUOTE : SH_DQUOTE;
		} else {
			strbuf_addch(tok, c);
			*st = SH_WORD;
		}
		return NULL;
	case SH_SQUOTE:
	case SH_DQUOTE:
		*quoted = 1;
		if (!c)
			return "no closing quotation";
		if (c == (*st == SH_SQUOTE ? '\'' : '"'))
			*st = SH_WORD;
		else if (c == '\\' && *st == SH_DQUOTE)
			*esc = SH_DQUOTE, *st = SH_ESCAPE;
		else
			strbuf_addch(tok, c);
		return NULL;
	case SH_ESCAPE:
		if (!c)
			return "no escaped character";
		/* Inside double quotes only the quote and the backslash are escaped. */
		if (*esc == SH_DQUOTE && c != '\\' && c != '"')
			strbuf_addch(tok, '\\');
		strbuf_addch(tok, c);
		*st = *esc;
		return NULL;
	}
	return NULL;
}

static int shlex_split(struct parse *p, const char *b, const char *e)
{
	enum shlex_state st = SH_SPACE, esc = SH_WORD;
	struct strbuf tok = STRBUF_INIT;
	int quoted = 0;

	for (const char *s = b;; s++) {
		const char *why = shlex_step(p, &st, &esc, &tok, &quoted, s < e ? *s : 0);

		if (why) {
			strbuf_release(&tok);
			return error("%s:%zu: cannot split the options '%.*s': %s", p->name, p->lineno,
				     (int)(e - b), b, why);
		}
		if (s == e)
			break;
	}
	strbuf_release(&tok);
	return 0;
}

/* --- optparse ------------------------------------------------------------ */

/* optparse's _match_abbrev(): the exact long name, or the one it starts. */
static const struct optdef *match_long(struct parse *p, const char *opt)
{
	const struct optdef *found = NULL;
	struct strbuf all = STRBUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < NOPTDEFS; i++)
		if (!strcmp(optdefs[i].name, opt))
			return &optdefs[i];
	for (size_t i = 0; i < NOPTDEFS; i++) {
		if (strncmp(optdefs[i].name, opt, strlen(opt)))
			continue;
		found = &optdefs[i];
		strbuf_addf(&all, "%s%s", n++ ? ", " : "", optdefs[i].name);
	}
	if (n == 1) {
		strbuf_release(&all);
		return found;
	}
	if (n)
		error("%s:%zu: ambiguous option '%s' (%s?)", p->name, p->lineno, opt, all.buf);
	else
		error("%s:%zu: no such option '%s'", p->name, p->lineno, opt);
	strbuf_release(&all);
	return NULL;
}

static const struct optdef *match_short(struct parse *p, const char *arg)
{
	for (size_t i = 0; i < NOPTDEFS; i++)
		if (optdefs[i].shortname && optdefs[i].shortname == arg[1])
			return &optdefs[i];
	error("%s:%zu: no such option '-%.*s'", p->name, p->lineno,
	      (int)pystr_char_len(arg + 1, arg + strlen(arg)), arg + 1);
	return NULL;
}

/* What optparse's callbacks and pip's FormatControl check of a value. */
static int check_value(struct parse *p, const struct optdef *d, const char *v)
{
	const char *colon = strchr(v, ':');

	switch (d->id) {
	case O_HASH:
		if (!colon)
			return error("%s:%zu: --hash needs a hash name and a value, like "
				     "--hash=sha256:abcde...", p->name, p->lineno);
		if (!(colon - v == 6 && (!strncmp(v, "sha256", 6) || !strncmp(v, "sha384", 6) ||
					 !strncmp(v, "sha512", 6))))
			return error("%s:%zu: unsupported hash '%.*s' (allowed: sha256, sha384, sha512)",
				     p->name, p->lineno, (int)(colon - v), v);
		return 0;
	case O_CONFIG_SETTINGS:
		if (!strchr(v, '='))
			return error("%s:%zu: %s needs KEY=VALUE, not '%s'", p->name, p->lineno,
				     d->longopt, v);
		return 0;
	case O_NO_BINARY:
	case O_ONLY_BINARY:
		if (v[0] == '-')
			return error("%s:%zu: %s needs a value, not '%s'", p->name, p->lineno,
				     d->longopt, v);
		return 0;
	default:
		return 0;
	}
}

static int add_occ(struct parse *p, const struct optdef *d, char *written, const char *value)
{
	if (value && check_value(p, d, value)) {
		free(written);
		return -1;
	}
	GROW(p->occ, p->nocc, p->occ_alloc);
	p->occ[p->nocc].def = d;
	p->occ[p->nocc].written = written;
	p->occ[p->nocc++].value = value ? xstrdup(value) : NULL;
	return 0;
}

/* "--name", "--name=value" or "--name value"; *i moves past what it took. */
static int long_opt(struct parse *p, size_t *i)
{
	const char *arg = p->tok[*i], *eq = strchr(arg, '=');
	char *written = eq ? xstrndup(arg, (size_t)(eq - arg)) : xstrdup(arg);
	const struct optdef *d = match_long(p, written);
	const char *value = eq ? eq + 1 : NULL;

	(*i)++;
	if (!d)
		goto fail;
	if (d->takes_value && !value) {
		if (*i == p->ntok) {
			error("%s:%zu: option '%s' needs a value", p->name, p->lineno, d->name);
			goto fail;
		}
		value = p->tok[(*i)++];
	} else if (!d->takes_value && value) {
		error("%s:%zu: option '%s' takes no value", p->name, p->lineno, d->name);
		goto fail;
	}
	return add_occ(p, d, written, value);
fail:
	free(written);
	return -1;
}

/* "-r value" or "-rvalue" (every short option pip allows takes a value). */
static int short_opt(struct parse *p, size_t *i)
{
	const char *arg = p->tok[(*i)++];
	const struct optdef *d = match_short(p, arg);

	if (!d)
		return -1;
	assert(d->takes_value);
	if (arg[2])
		return add_occ(p, d, xstrndup(arg, 2), arg + 2);
	if (*i == p->ntok)
		return error("%s:%zu: option '%s' needs a value", p->name, p->lineno, arg);
	return add_occ(p, d, xstrdup(arg), p->tok[(*i)++]);
}

/* optparse's _process_args(); positional arguments are dropped, as pip does. */
static int parse_options(struct parse *p)
{
	for (size_t i = 0; i < p->ntok;) {
		const char *arg = p->tok[i];

		if (!strcmp(arg, "--"))
			break;
		if (!strncmp(arg, "--", 2)) {
			if (long_opt(p, &i))
				return -1;
		} else if (arg[0] == '-' && arg[1]) {
			if (short_opt(p, &i))
				return -1;
		} else {
			i++;
		}
	}
	return 0;
}

/* --- what a line gives --------------------------------------------------- */

static struct reqfile_line *add_line(struct parse *p, enum reqfile_kind kind, const struct occ *o)
{
	struct reqfile *out = p->out;
	struct reqfile_line *l;

	GROW(out->v, out->n, out->alloc);
	l = &out->v[out->n++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->lineno = p->lineno;
	if (o) {
		l->option = xstrdup(o->written);
		l->longopt = o->def->longopt;
		l->value = o->value ? xstrdup(o->value) : NULL;
	}
	return l;
}

static const struct occ *first_occ(const struct parse *p, enum opt_id id)
{
	for (size_t i = 0; i < p->nocc; i++)
		if (p->occ[i].def->id == id)
			return &p->occ[i];
	return NULL;
}

static const struct occ *last_occ(const struct parse *p, enum opt_id id)
{
	for (size_t i = p->nocc; i--;)
		if (p->occ[i].def->id == id)
			return &p->occ[i];
	return NULL;
}

static void add_first(struct parse *p, enum opt_id id)
{
	const struct occ *o = first_occ(p, id);

	if (o)
		add_line(p, o->def->kind, o);
}

static void add_each(struct parse *p, enum opt_id id)
{
	for (size_t i = 0; i < p->nocc; i++)
		if (p->occ[i].def->id == id)
			add_line(p, p->occ[i].def->kind, &p->occ[i]);
}

static void add_requirement(struct parse *p, const char *args, size_t len)
{
	struct reqfile_line *l = add_line(p, REQFILE_REQUIREMENT, NULL);
	size_t a1 = 0, a2 = 0, a3 = 0;

	l->value = xstrndup(args, len);
	for (size_t i = 0; i < p->nocc; i++) {
		char *v = p->occ[i].value;

		if (p->occ[i].def->id == O_HASH)
			push_str(&l->hashes, &l->nhashes, &a1, xstrdup(v));
		else if (p->occ[i].def->id == O_CONFIG_SETTINGS)
			push_str(&l->config_settings, &l->nconfig_settings, &a2, xstrdup(v));
		else if (p->occ[i].def->id == O_GLOBAL_OPTION)
			push_str(&l->global_options, &l->nglobal_options, &a3, xstrdup(v));
	}
}

/* handle_option_line()'s order. */
static void add_options(struct parse *p)
{
	const struct occ *index = last_occ(p, O_INDEX_URL);

	add_first(p, O_REQUIRE_HASHES);
	add_each(p, O_USE_FEATURE);
	add_first(p, O_NO_INDEX);
	if (index)
		add_line(p, REQFILE_INDEX, index);
	add_each(p, O_EXTRA_INDEX_URL);
	add_first(p, O_FIND_LINKS);
	add_first(p, O_PRE);
	add_first(p, O_PREFER_BINARY);
	add_each(p, O_TRUSTED_HOST);
}

static void add_parsed(struct parse *p, const char *args, size_t len)
{
	for (size_t i = 0; i < p->nocc; i++)
		if (p->occ[i].def->id == O_NO_BINARY || p->occ[i].def->id == O_ONLY_BINARY)
			add_line(p, REQFILE_OPTION, &p->occ[i]);
	if (len)
		add_requirement(p, args, len);
	else if (first_occ(p, O_EDITABLE))
		add_first(p, O_EDITABLE);
	else if (first_occ(p, O_REQUIREMENT))
		add_first(p, O_REQUIREMENT);
	else if (first_occ(p, O_CONSTRAINT))
		add_first(p, O_CONSTRAINT);
	else
		add_options(p);
}

/*
 * break_args_options(): the words (split at single spaces) before the first
 * that starts with '-' are the requirement, the rest are options.
 */
static int parse_line(struct parse *p, const char *line, size_t len)
{
	const char *end = line + len, *opts = end, *args_end = end;
	int ret;

	for (const char *w = line; w < end;) {
		const char *sp = memchr(w, ' ', (size_t)(end - w));

		if (*w == '-') {
			opts = w;
			args_end = w == line ? line : w - 1;
			break;
		}
		if (!sp)
			break;
		w = sp + 1;
	}
	ret = shlex_split(p, opts, end) || parse_options(p) ? -1 : 0;
	if (!ret)
		add_parsed(p, line, (size_t)(args_end - line));
	clear_line_state(p);
	return ret;
}

/* --- preprocess() -------------------------------------------------------- */

static int is_var_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The length of a ${NAME} at s (NAME of [A-Z0-9_]), or 0. */
static size_t var_at(const char *s, const char *e)
{
	size_t n = 2;

	if (e - s < 4 || s[0] != '$' || s[1] != '{')
		return 0;
	while (s + n < e && is_var_char(s[n]))
		n++;
	return n > 2 && s + n < e && s[n] == '}' ? n + 1 : 0;
}

static void note_var(struct reqfile *out, const char *name, size_t len)
{
	for (size_t i = 0; i < out->nvars; i++)
		if (strlen(out->vars[i]) == len && !memcmp(out->vars[i], name, len))
			return;
	push_str(&out->vars, &out->nvars, &out->vars_alloc, xstrndup(name, len));
}

/* str.replace(old, new) on sb. */
static void replace_all(struct strbuf *sb, const char *old, const char *new)
{
	struct strbuf res = STRBUF_INIT;
	const size_t n = strlen(old);
	const char *s = sb->buf, *hit;

	while ((hit = strstr(s, old))) {
		strbuf_add(&res, s, (size_t)(hit - s));
		strbuf_addstr(&res, new);
		s = hit + n;
	}
	strbuf_addstr(&res, s);
	strbuf_release(sb);
	*sb = res;
}

/*
 * expand_env_variables(): every ${NAME} found in the line as it was, in
 * turn, replaced everywhere in the line as it is by then, when set.
 */
static void expand_vars(struct parse *p, struct strbuf *line)
{
	char **found = NULL;
	size_t n = 0, alloc = 0;

	for (const char *s = line->buf, *e = line->buf + line->len; s < e;) {
		const size_t len = var_at(s, e);

		if (!len) {
			s++;
			continue;
		}
		note_var(p->out, s + 2, len - 3);
		push_str(&found, &n, &alloc, xstrndup(s, len));
		s += len;
	}
	for (size_t i = 0; i < n; i++) {
		char *var = xstrndup(found[i] + 2, strlen(found[i]) - 3);
		const char *value = p->getvar ? p->getvar(var, p->data) : NULL;

		if (value && *value)
			replace_all(line, found[i], value);
		free(var);
	}
	free_strs(found, n);
}

/* Where COMMENT_RE's (^|\s+)#.*$ starts in [b, e), or e. */
static const char *comment_start(const char *b, const char *e)
{
	for (const char *s = b; s < e; s++)
		if (*s == '#' && (s == b || pystr_space_before(b, s)))
			return s;
	return e;
}

/* ignore_comments() and expand_env_variables(), then the line itself. */
static int logical_line(struct parse *p, size_t lineno, const char *b, const char *e)
{
	struct strbuf line = STRBUF_INIT;
	int ret;

	e = comment_start(b, e);
	pystr_strip(&b, &e);
	if (b == e)
		return 0;
	strbuf_add(&line, b, (size_t)(e - b));
	expand_vars(p, &line);
	p->lineno = lineno;
	ret = parse_line(p, line.buf, line.len);
	strbuf_release(&line);
	return ret;
}

/* COMMENT_RE.match(): a '#' after nothing but whitespace. */
static int comment_line(const char *b, const char *e)
{
	pystr_strip(&b, &e);
	return b < e && *b == '#';
}

/* join_lines()' state: the lines joined so far, and where they started. */
struct joiner {
	struct strbuf sb;
	size_t first;
	int open;
};

/* join_lines() for one physical line. */
static int join_line(struct parse *p, struct joiner *j, size_t lineno, const char *b, const char *e)
{
	const int comment = comment_line(b, e);
	int ret;

	if (b < e && e[-1] == '\\' && !comment) {
		if (!j->open)
			j->first = lineno, j->open = 1;
		/* line.strip("\\") */
		while (b < e && *b == '\\')
			b++;
		while (e > b && e[-1] == '\\')
			e--;
		strbuf_add(&j->sb, b, (size_t)(e - b));
		return 0;
	}
	if (!j->open)
		return logical_line(p, lineno, b, e);
	/* A comment ends a continuation; " " keeps it a comment. */
	if (comment)
		strbuf_addch(&j->sb, ' ');
	strbuf_add(&j->sb, b, (size_t)(e - b));
	j->open = 0;
	ret = logical_line(p, j->first, j->sb.buf, j->sb.buf + j->sb.len);
	strbuf_reset(&j->sb);
	return ret;
}

/* The 1-based line of offset at in text, for messages. */
static size_t line_of(const char *text, size_t at)
{
	size_t line = 1;

	for (const char *s = text, *e = text + at; s < e;) {
		const size_t n = pystr_break_at(s, e);

		line += n > 0;
		s += n ? n : 1;
	}
	return line;
}

static int check_text(const char *text, size_t len, const char *name)
{
	const char *nul = memchr(text, '\0', len);
	size_t bad;

	if (nul)
		return error("%s:%zu: NUL byte in a requirements file", name,
			     line_of(text, (size_t)(nul - text)));
	if (utf8_check(text, len, &bad))
		return error("%s:%zu: requirements file is not valid UTF-8", name,
			     line_of(text, bad));
	return 0;
}

static int split_lines(struct parse *p, const char *text, size_t len)
{
	struct joiner j = { STRBUF_INIT, 0, 0 };
	const char *s = text, *e = text + len;
	size_t lineno = 0;
	int ret = 0;

	while (s < e && !ret) {
		const char *eol = s;
		size_t brk;

		while (eol < e && !(brk = pystr_break_at(eol, e)))
			eol++;
		ret = join_line(p, &j, ++lineno, s, eol);
		s = eol < e ? eol + brk : e;
	}
	if (!ret && j.open)
		ret = logical_line(p, j.first, j.sb.buf, j.sb.buf + j.sb.len);
	strbuf_release(&j.sb);
	return ret;
}

int reqfile_parse(const char *text, size_t len, const char *name,
		  const char *(*getvar)(const char *, void *), void *data, struct reqfile *out)
{
	struct parse p = { name, getvar, data, out, 0, NULL, 0, 0, NULL, 0, 0 };

	assert(text || !len);
	assert(name && out);
	*out = (struct reqfile)REQFILE_INIT;
	if (!text)
		text = "";
	if (check_text(text, len, name))
		return -1;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		text += 3, len -= 3;
	if (split_lines(&p, text, len)) {
		reqfile_release(out);
		return -1;
	}
	return 0;
}

void reqfile_release(struct reqfile *rf)
{
	for (size_t i = 0; i < rf->n; i++) {
		struct reqfile_line *l = &rf->v[i];

		free(l->option);
		free(l->value);
		free_strs(l->hashes, l->nhashes);
		free_strs(l->config_settings, l->nconfig_settings);
		free_strs(l->global_options, l->nglobal_options);
	}
	free(rf->v);
	free_strs(rf->vars, rf->nvars);
	*rf = (struct reqfile)REQFILE_INIT;
}
