/*
 * wheel: installs a wheel (PEP 427) without pip, as pip would: files into
 * the scheme's directories, console scripts for its entry points, and
 * INSTALLER, REQUESTED and a RECORD listing every file with its hash.
 *
 * Used for the interpreter's bundled pip (and setuptools) and by native
 * installs (native.h) of any wheel, hostile ones included: every file is
 * checked against the wheel's RECORD; names that would leave their
 * directory, links, members twice, .data directories that are no scheme,
 * entry points that are not plain file names are refused (wheel.c lists
 * all; tests/stress/hostile_wheels.py is the corpus).
 */
#ifndef PYVENV_WHEEL_H
#define PYVENV_WHEEL_H

struct strbuf;

struct wheel_dest {
	const char *purelib; /* directories as they are now (absolute) */
	const char *platlib;
	const char *scripts;
	const char *headers; /* include/site/pythonX.Y/<dist> */
	const char *data;    /* the environment's root */
	const char *python;  /* the final path of the environment's python */
	int py_major, py_minor;
};

/* How one install differs from pip's default for a wheel. */
struct wheel_opts {
	int not_requested;      /* no REQUESTED: a dependency, not what the user named */
	const char *direct_url; /* the text of direct_url.json (a wheel named by path or URL), or NULL */
	const char *installer;  /* INSTALLER's first line; NULL: "pyvenv" */
	/* Called with the wheel's file, opened once, before anything is read
	 * from it: non-zero (reported) refuses it. The install reads that file
	 * only, so what verify checked (a hash) is what is installed. */
	int (*verify)(void *arg, int fd);
	void *verify_arg;
};

/*
 * Installs the wheel at path; returns 0 or -1 (reported, naming the wheel
 * and the member). The file name must be a wheel's, and the wheel's one
 * .dist-info must be that project's and version's. Everything but the
 * files' contents is checked before anything is written; contents are
 * checked as they are written, so on failure files already written stay
 * (below dest only): the caller builds in a temporary directory. opts may
 * be NULL (a requested wheel). Names are read in a UTF-8 locale of the
 * calling thread, restored before returning.
 */
int wheel_install(const char *path, const struct wheel_dest *dest, const struct wheel_opts *opts);

/* The console script names for an entry-point name, applying pip's rule for
 * its own and easy_install's versioned names ("pip" gives pip, pipX, pipX.Y;
 * "pip3.9" gives nothing). Fills names (caller frees each), returns count. */
/* METADATA larger than this is refused (it is read into memory). */
#define WHEEL_METADATA_MAX (16u << 20)

/* Appends the wheel's .dist-info/METADATA to out: 0, or -1 (reported). */
int wheel_read_metadata(const char *path, struct strbuf *out);

int wheel_script_names(const char *name, int major, int minor, char *names[3]);

#endif
