/*
 * template: relocatable archives of finished environments.
 *
 * A template is a tar (zstd, gzip or xz, chosen by the archive's name) whose
 * first member, TEMPLATE_META_NAME, is JSON: the format version, the prefix
 * the environment had when packed, the interpreter it was made for, the
 * options it was made with (not the prompt, which seeding applies), the files
 * that hold the prefix (found at pack time, so seeding need not scan
 * everything). The second member, TEMPLATE_DIGESTS_NAME, holds the SHA-256
 * of every regular file, so that a damaged
 * archive (a bit flipped in a shipped or downloaded template: zstd frames
 * carry no checksum here, and gzip's CRC is not checked) is caught while
 * it is extracted. The rest is the
 * environment, in sorted order, with modes and modification times.
 *
 * Extraction is secure: only directories, regular files and symbolic links,
 * relative names without "..", each once, nothing written through a
 * symbolic link, permission bits only (set-uid, set-gid and sticky bits are
 * refused), and symbolic
 * links that lead outside the environment only to what is not a directory
 * (bin/python to the interpreter), so that nothing written below it later,
 * when relocating, can land outside either.
 */
#ifndef PYVENV_TEMPLATE_H
#define PYVENV_TEMPLATE_H

#include "hash.h"
#include "probe.h"
#include "options.h"

#define TEMPLATE_META_NAME ".pyvenv-template.json"
/* The second member: each regular file's SHA-256 by name (a JSON object),
 * read only when extracting, so that reading the metadata stays cheap. */
#define TEMPLATE_DIGESTS_NAME ".pyvenv-template-digests.json"
#define TEMPLATE_FORMAT 1
/* The metadata's largest size: it lists every file with its digest, some
 * 100 bytes a file, so 64 MiB is some 600,000 files. */
#define TEMPLATE_META_MAX (64 << 20)

struct template_meta {
	int format;
	char *prefix;          /* where the environment was when packed */
	char *python;          /* the interpreter it was made from */
	char *version;         /* its version, "3.12.1" */
	char *real_executable; /* its real path */
	char *created_by;      /* "pyvenv 1.0.0" */
	int symlinks;          /* bin/python is a link (not --copies) */
	int system_site_packages;
	int with_pip;
	int scm_ignore;        /* has .gitignore */
	size_t nfiles;         /* files that hold the prefix, relative */
	char **files;
	json_t *digests;       /* each regular file's SHA-256 (hex) by name, from
	                          TEMPLATE_DIGESTS_NAME, once extracting; NULL
	                          before, and for templates from before it */
};

void template_meta_release(struct template_meta *m);

/*
 * Parses the metadata JSON text/len (the first member of archive, which
 * messages name) into m. Returns 0, or -1 (reported) when it is not valid
 * metadata of this format: a relative prefix, a missing field, a listed file
 * whose name is not a safe relative name. Either way the caller releases m.
 */
int template_parse_meta(const char *text, size_t len, struct template_meta *m, const char *archive);

/*
 * Packs the environment env_dir, made from py, into archive (replaced
 * atomically). Refuses environments that depend on files outside
 * themselves: editable installs, .pth lines naming directories outside.
 * Returns 0 or -1 (reported); on failure archive is untouched.
 */
int template_pack(const char *env_dir, const char *archive, const struct pyinfo *py);

/*
 * Extracts archive into the existing empty directory dest and fills meta.
 * When expect is not NULL, the archive's SHA-256 must equal it. Returns 0,
 * or -1 (reported) leaving whatever was extracted for the caller to remove.
 */
int template_extract(const char *archive, const char *dest, struct template_meta *meta,
		     const unsigned char *expect);

/*
 * As template_extract() (without a digest) for the archive held in memory,
 * data/len; name is what messages call it.
 */
int template_extract_memory(const void *data, size_t len, const char *name, const char *dest,
			    struct template_meta *meta);

/* Parses the digests member (text/len) into m->digests: an object of safe
 * file names to 64 lowercase hex digits. 0, or -1 (reported). */
int template_parse_digests(const char *text, size_t len, struct template_meta *m, const char *archive);

/* Reads only the metadata. Returns 0 or -1 (reported). */
int template_read_meta(const char *archive, struct template_meta *meta);

/* 0 when meta was made for py; else -1 with a message saying what differs. */
int template_check_python(const struct template_meta *meta, const struct pyinfo *py, const char *archive);

/* The options meta records, as create would take them (lists empty). */
void template_opts(const struct template_meta *meta, struct venv_opts *opts);

#endif
