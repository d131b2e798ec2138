/*
 * wheel: installs a wheel (PEP 427) without pip, as pip would: files into
 * the scheme's directories, console scripts for its entry points, and
 * INSTALLER, REQUESTED and a RECORD listing every file with its hash.
 *
 * Used for the interpreter's bundled pip (and setuptools); everything else is
 * installed by the environment's own pip. Every file is checked against the
 * wheel's RECORD; paths that would leave their directory are refused.
 */
#ifndef PYVENV_WHEEL_H
#define PYVENV_WHEEL_H

struct wheel_dest {
	const char *purelib; /* directories as they are now (absolute) */
	const char *platlib;
	const char *scripts;
	const char *headers; /* include/site/pythonX.Y/<dist> */
	const char *data;    /* the environment's root */
	const char *python;  /* the final path of the environment's python */
	int py_major, py_minor;
};

/* Installs the wheel at path; returns 0 or -1 (reported). On failure files
 * already written stay: the caller builds in a temporary directory. */
int wheel_install(const char *path, const struct wheel_dest *dest);

/* The console script names for an entry-point name, applying pip's rule for
 * its own and easy_install's versioned names ("pip" gives pip, pipX, pipX.Y;
 * "pip3.9" gives nothing). Fills names (caller frees each), returns count. */
int wheel_script_names(const char *name, int major, int minor, char *names[3]);

#endif
