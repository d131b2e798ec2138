/*
 * pyvenv.h: libpyvenv, the library under the `pyvenv` command.
 *
 * It makes Python virtual environments the way the interpreter's own
 * `python -m venv` would, without running Python for the writing, seeds them
 * from a cache of templates, packs and unpacks templates, checks
 * environments and tells what it knows of interpreters.
 *
 * Every call takes a context (pyvenv_ctx), made by the caller, which says
 * where messages go and holds the error of the last call that failed. A
 * context is used by one thread at a time; two threads, each with its own
 * context, may run any calls at once (two creates of two environments, say).
 * A create may write files on worker threads of its own (PYVENV_THREADS);
 * they end before it returns, and the message callback is only ever called
 * on the caller's thread.
 *
 * Calls return 0 on success and -1 on failure, unless they say otherwise.
 * On failure pyvenv_ctx_error() tells what went wrong, as data; every error
 * also goes to the message callback as it happens. No call prints anything
 * itself, exits, aborts on bad input, or changes process-wide state the
 * caller can see (working directory, umask, environment variables, signal
 * handlers): pip runs with an environment of its own.
 *
 * Strings are UTF-8 or the bytes of file names, NUL-terminated. Everything
 * a call returns through a pointer is the caller's, to be released with the
 * matching pyvenv_*_free().
 */
#ifndef PYVENV_H
#define PYVENV_H

#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(PYVENV_STATIC_BUILD)
#define PYVENV_API __attribute__((visibility("default")))
#else
#define PYVENV_API
#endif

/* The version of the library, "1.0.0"; the soname's number is the major. */
PYVENV_API const char *pyvenv_version(void);

/* --- contexts, messages and errors ------------------------------------- */

typedef struct pyvenv_ctx pyvenv_ctx;

enum pyvenv_level {
	PYVENV_LEVEL_ERROR,   /* a call fails: the error, as it happens */
	PYVENV_LEVEL_WARNING, /* something the user should know; the call goes on */
	PYVENV_LEVEL_HINT,    /* what the user can do about the error before it */
	PYVENV_LEVEL_INFO,    /* progress (not at PYVENV_QUIET) */
	PYVENV_LEVEL_DETAIL,  /* detail (only at PYVENV_VERBOSE) */
	PYVENV_LEVEL_PROGRESS, /* a progress line that replaces the one before; ""
				* ends it (only at PYVENV_NORMAL; a callback may
				* ignore it) */
};

enum pyvenv_verbosity { PYVENV_QUIET = 0, PYVENV_NORMAL = 1, PYVENV_VERBOSE = 2 };

/* What went wrong, as a kind. */
enum pyvenv_error_kind {
	PYVENV_ERROR_FAILED = 1,  /* the work failed (a file, an interpreter, pip...) */
	PYVENV_ERROR_INVALID = 2, /* the arguments or options are invalid: nothing was done */
};

struct pyvenv_message {
	enum pyvenv_level level;
	const char *text;  /* one line, no trailing newline, no "pyvenv: " prefix */
	const char *hint;  /* with an error: what the user can do, or NULL */
	int errnum;        /* with an error: the errno it comes from, or 0 */
	enum pyvenv_error_kind kind; /* with an error */
};

/* Called for each message; text and hint are valid only during the call. */
typedef void pyvenv_message_fn(void *data, const struct pyvenv_message *message);

/* The error of the last call that failed. */
struct pyvenv_error {
	enum pyvenv_error_kind kind;
	const char *message; /* the first error the call met: the cause */
	const char *subject; /* the path or name it is about (the first one the
	                        message quotes), or NULL */
	int errnum;          /* the errno it comes from, or 0 */
	const char *hint;    /* what the user can do, or NULL */
};

/* A new context: no message callback (messages are dropped), verbosity
 * PYVENV_NORMAL. NULL when out of memory. */
PYVENV_API pyvenv_ctx *pyvenv_ctx_new(void);
PYVENV_API void pyvenv_ctx_free(pyvenv_ctx *ctx);
/* Where messages go; fn NULL drops them. */
PYVENV_API void pyvenv_ctx_set_message_fn(pyvenv_ctx *ctx, pyvenv_message_fn *fn, void *data);
PYVENV_API void pyvenv_ctx_set_verbosity(pyvenv_ctx *ctx, enum pyvenv_verbosity verbosity);
/* The error of the last call made with ctx that failed, until the next
 * call; NULL if the last call succeeded. Valid until the next call. */
PYVENV_API const struct pyvenv_error *pyvenv_ctx_error(const pyvenv_ctx *ctx);

/* A ready-made callback that writes each message to standard error as the
 * pyvenv command does ("pyvenv: error: ...", "hint: ..."), each in one
 * write(2) so that the lines of processes sharing stderr do not interleave.
 * data is ignored. */
PYVENV_API void pyvenv_message_print(void *data, const struct pyvenv_message *message);

/*
 * For a caller's signal handler (async-signal-safe): every call in progress,
 * in any thread, fails at its next check with what it made removed, as on
 * any failure. With tell_children, each child a call waits for (pip) is
 * sent SIGINT, so that it ends after its own clean-up (leave it 0 for a
 * signal from the terminal, which reached the children already). Stays set.
 */
PYVENV_API void pyvenv_cancel(int sig, int tell_children);
/* The signal given to pyvenv_cancel(), or 0. */
PYVENV_API int pyvenv_cancelled(void);

/* --- interpreters ------------------------------------------------------ */

struct pyvenv_python {
	char *path;            /* the interpreter, as found (absolute) */
	char *executable;      /* its sys.executable */
	char *base_executable; /* what an environment links to */
	char *real_executable; /* its real path: pyvenv.cfg's executable */
	char *version;         /* "3.12.1" */
	int major, minor;
	int free_threaded;
	char *implementation;  /* "cpython" */
	char *scripts_dir;     /* relative to an environment: "bin" */
	char *include_dir;     /* "include" or "include/python3.12" */
	char *purelib;         /* "lib/python3.12/site-packages" */
	char *platlib;
	int lib64_link;        /* an environment has lib64 -> lib */
	size_t n_names;
	char **names;          /* in an environment's bin/: python, python3... */
	int has_ensurepip;
	size_t n_wheels;
	struct pyvenv_wheel {
		char *name, *version, *path;
	} *wheels;             /* the wheels bundled with ensurepip */
	int from_cache;        /* answered from the probe cache, no Python run */
	char *cache_file;      /* where the answer is cached, or NULL */
	char *json;            /* everything known, as one JSON object */
	char *found_in;        /* by pyvenv_python_list: "PATH", "pyenv", "uv", "system" */
};

/*
 * Finds the interpreter a request names and tells what it is. request: a
 * path, a name on PATH, or a version request as `pyvenv create --python`
 * takes (3.12, 3.13t, >=3.10, python3.12, cpython3.12); NULL for the
 * default ($PYVENV_PYTHON, else python3 on PATH). cache_dir: the probe
 * cache, or NULL for none (pyvenv_cache_dir() gives the default one).
 */
PYVENV_API int pyvenv_python_find(pyvenv_ctx *ctx, const char *request, const char *cache_dir,
				  struct pyvenv_python **out);
PYVENV_API void pyvenv_python_free(struct pyvenv_python *python);

/* Every interpreter a request could find, in the order of the search
 * (PATH, pyenv, uv, the system's directories). */
PYVENV_API int pyvenv_python_list(pyvenv_ctx *ctx, const char *cache_dir,
				  struct pyvenv_python ***out, size_t *n);
PYVENV_API void pyvenv_python_list_free(struct pyvenv_python **list, size_t n);

/* --- create ------------------------------------------------------------ */

enum pyvenv_link_mode {
	PYVENV_LINK_AUTO,     /* clone, else hard link, else copy */
	PYVENV_LINK_CLONE,
	PYVENV_LINK_HARDLINK,
	PYVENV_LINK_COPY,
};

/* Who installs requirements (pyvenv create --installer). */
enum pyvenv_installer {
	PYVENV_INSTALLER_AUTO,   /* pyvenv when it can, else pip */
	PYVENV_INSTALLER_NATIVE, /* pyvenv, or an error */
	PYVENV_INSTALLER_PIP,
};

struct pyvenv_strings {
	const char *const *v;
	size_t n;
};

/*
 * What `pyvenv create` takes. Start from pyvenv_create_options_init(),
 * which sets the defaults; later versions add fields at the end only, and
 * struct_size tells the library which ones the caller knows.
 */
struct pyvenv_create_options {
	size_t struct_size;
	const char *python;          /* as pyvenv_python_find() takes; NULL: the default */
	int system_site_packages;
	int symlinks;                /* default 1; 0 copies the interpreter */
	int clear;
	int upgrade;
	int with_pip;                /* default 1 */
	int upgrade_deps;
	int scm_ignore;              /* default 1: .gitignore (Python 3.13+) */
	int allow_existing;          /* write into a directory holding other files */
	const char *prompt;          /* NULL: the directory's name; "." the cwd's */
	struct pyvenv_strings requirements; /* requirements files (-r) */
	struct pyvenv_strings packages;     /* requirement specifiers */
	struct pyvenv_strings pip_args;     /* passed to every pip install */
	struct pyvenv_strings build_paths;  /* directories put on sys.path */
	const char *template_archive;       /* seed from this template first */
	const char *cache_dir;       /* NULL: the default (pyvenv_cache_dir()) */
	int no_cache;                /* neither read nor write the cache */
	enum pyvenv_link_mode link_mode;
	const char *stamp;           /* build-system stamp (pyvenv create --stamp) */
	const char *depfile;         /* with stamp: the files the digest read */
	enum pyvenv_installer installer;
	int compile_bytecode;        /* compile what is installed to bytecode */
	/* The remote template cache (pyvenv create --remote-cache): a URL with
	 * its attributes; NULL: $PYVENV_REMOTE_CACHE; "": none. */
	const char *remote_cache;
	int remote_cache_write;      /* store there: 1, 0, or -1 (the default):
	                                $PYVENV_REMOTE_CACHE_WRITE */
	/* Key files; NULL: $PYVENV_REMOTE_CACHE_SIGNING_KEY and
	 * $PYVENV_REMOTE_CACHE_TRUSTED_KEYS; "": none. */
	const char *remote_signing_key;
	const char *remote_trusted_keys;
};

PYVENV_API void pyvenv_create_options_init(struct pyvenv_create_options *options);

/* Creates (or updates) the environment at env_dir. On failure the
 * destination is as it was. */
PYVENV_API int pyvenv_create(pyvenv_ctx *ctx, const char *env_dir,
			     const struct pyvenv_create_options *options);
/* As pyvenv_create() for each of n environments, one after another, with
 * the options checked, the interpreter found and the requirements files
 * read (a pipe can be read once) only once; stops at the first failure. */
PYVENV_API int pyvenv_create_all(pyvenv_ctx *ctx, const char *const *env_dirs, size_t n,
				 const struct pyvenv_create_options *options);

/* --- templates ----------------------------------------------------------- */

/* Packs the environment at env_dir into a relocatable template archive.
 * python: its base interpreter (NULL: the one its pyvenv.cfg names);
 * cache_dir: the probe cache, or NULL for none. */
PYVENV_API int pyvenv_pack(pyvenv_ctx *ctx, const char *env_dir, const char *archive,
			   const char *python, const char *cache_dir);

struct pyvenv_unpack_options {
	size_t struct_size;
	const char *python;     /* NULL: the default, as for create */
	const char *prompt;
	int clear;
	struct pyvenv_strings build_paths;
	const char *cache_dir;  /* the probe cache, or NULL for none */
};

PYVENV_API void pyvenv_unpack_options_init(struct pyvenv_unpack_options *options);
/* Makes the environment env_dir from a template; fails, before anything is
 * written, when the template was made for another interpreter. */
PYVENV_API int pyvenv_unpack(pyvenv_ctx *ctx, const char *archive, const char *env_dir,
			     const struct pyvenv_unpack_options *options);

/* --- check ----------------------------------------------------------------- */

struct pyvenv_check_finding {
	enum pyvenv_level level; /* PYVENV_LEVEL_ERROR: a problem; _WARNING: not one */
	char *text;              /* a problem: what is wrong ("bin/python is
	                            missing"); a warning: a whole sentence */
};

struct pyvenv_check_report {
	int healthy;            /* no problem (warnings allowed) */
	char *env_dir;          /* absolute */
	char *version;          /* the base interpreter's, or NULL */
	size_t n_packages;      /* installed distributions seen */
	size_t n_problems;
	size_t n_findings;      /* problems and warnings, in the order found */
	struct pyvenv_check_finding *findings;
};

/*
 * Checks that env_dir is a healthy environment (pyvenv check --help says
 * what is checked). Returns 0 with *out filled, healthy or not, or -1 when
 * it cannot tell (env_dir is not an environment, cannot be read). What is
 * found goes to *out, not to the message callback.
 */
PYVENV_API int pyvenv_check(pyvenv_ctx *ctx, const char *env_dir, const char *cache_dir,
			    struct pyvenv_check_report **out);
PYVENV_API void pyvenv_check_report_free(struct pyvenv_check_report *report);

/* --- the cache --------------------------------------------------------------- */

/* The default cache directory: $PYVENV_CACHE_DIR, else
 * $XDG_CACHE_HOME/pyvenv, else ~/.cache/pyvenv (given, if not NULL, wins).
 * Absolute; NULL when none can be told. Release with free(). */
PYVENV_API char *pyvenv_cache_dir(const char *given);

struct pyvenv_cache_entry {
	char *key;              /* hex */
	long long size;         /* bytes on disk: archive, tree and digest */
	time_t last_used;
	char *version;          /* the template's interpreter version, or NULL
	                           when its metadata cannot be read */
	char *python;           /* and its interpreter */
	char *origin;           /* the remote cache it was downloaded from
	                           (its URL, redacted), or NULL: built here */
};

/* The templates in cache_dir, least recently used first. */
PYVENV_API int pyvenv_cache_list(pyvenv_ctx *ctx, const char *cache_dir,
				 struct pyvenv_cache_entry **out, size_t *n);
PYVENV_API void pyvenv_cache_list_free(struct pyvenv_cache_entry *entries, size_t n);

/* The download cache (wheels downloaded from package indexes, under
 * downloads/): how many files, and the bytes they take on disk. */
PYVENV_API int pyvenv_cache_downloads(pyvenv_ctx *ctx, const char *cache_dir, size_t *files,
				      long long *bytes);

/* Removes templates and downloaded files not used for max_age seconds (< 0:
 * no limit), then the least recently used of either until the rest take at
 * most max_bytes (< 0: no limit); an entry in use by another run is left
 * alone. *removed (if not NULL) counts the templates removed. */
PYVENV_API int pyvenv_cache_prune(pyvenv_ctx *ctx, const char *cache_dir, long long max_age,
				  long long max_bytes, size_t *removed);
/* Removes every template, interpreter probe and downloaded file. */
PYVENV_API int pyvenv_cache_clear(pyvenv_ctx *ctx, const char *cache_dir);

/* --- the remote cache -------------------------------------------------------- */

/*
 * The remote template cache a create would use: spec (as
 * pyvenv_create_options.remote_cache takes it; NULL: $PYVENV_REMOTE_CACHE),
 * described as "URL (layout flat, read only)" with the URL redacted (no
 * user info, no query). Returns 0 with *out set (NULL: none in use; else
 * release with free()), or -1 when the spec is invalid.
 */
PYVENV_API int pyvenv_remote_cache_describe(pyvenv_ctx *ctx, const char *spec, char **out);

/* Writes a new ed25519 key pair for signing remote cache entries: path
 * (the private key, mode 0600) and path.pub (the public one, for
 * $PYVENV_REMOTE_CACHE_TRUSTED_KEYS). Neither may exist. */
PYVENV_API int pyvenv_cache_keygen(pyvenv_ctx *ctx, const char *path);

#ifdef __cplusplus
}
#endif

#endif
