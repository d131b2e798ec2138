/*
 * archive_lib: libarchive, loaded when it is first needed.
 *
 * Most runs of the helper (a bare create, check, info, an up-to-date
 * --stamp) never read or write an archive, and linking the shared
 * libarchive that distributions ship would load it, libxml2, ICU and
 * libstdc++ into every one of them: some 2 ms, about as long as a whole
 * bare create (bench/bench-compare.sh). So the helper does not link it: the
 * modules that read or write archives (template_*.c, wheel.c) include this
 * header instead of <archive.h>, call archive_lib_load() at their entry
 * points, and their archive_*() calls go through the functions it found
 * with dlsym(). Only libarchive's public API is used.
 */
#ifndef PYVENV_ARCHIVE_LIB_H
#define PYVENV_ARCHIVE_LIB_H

#include <archive.h>
#include <archive_entry.h>

/* Every libarchive function the helper calls. */
#define PV_ARCHIVE_FUNCTIONS(X) \
	X(archive_entry_copy_stat) \
	X(archive_entry_filetype) \
	X(archive_entry_free) \
	X(archive_entry_hardlink) \
	X(archive_entry_mode) \
	X(archive_entry_new) \
	X(archive_entry_pathname) \
	X(archive_entry_perm) \
	X(archive_entry_mtime) \
	X(archive_entry_mtime_nsec) \
	X(archive_entry_set_filetype) \
	X(archive_entry_set_gid) \
	X(archive_entry_set_mtime) \
	X(archive_entry_set_nlink) \
	X(archive_entry_set_pathname) \
	X(archive_entry_set_perm) \
	X(archive_entry_set_size) \
	X(archive_entry_set_symlink) \
	X(archive_entry_set_uid) \
	X(archive_entry_size) \
	X(archive_entry_symlink) \
	X(archive_errno) \
	X(archive_error_string) \
	X(archive_read_data) \
	X(archive_read_data_block) \
	X(archive_read_free) \
	X(archive_read_new) \
	X(archive_read_next_header) \
	X(archive_read_open) \
	X(archive_read_open_fd) \
	X(archive_read_open_filename) \
	X(archive_read_open_memory) \
	X(archive_read_support_filter_gzip) \
	X(archive_read_support_filter_xz) \
	X(archive_read_support_filter_zstd) \
	X(archive_read_support_format_tar) \
	X(archive_read_support_format_zip_seekable) \
	X(archive_set_error) \
	X(archive_write_add_filter_gzip) \
	X(archive_write_add_filter_xz) \
	X(archive_write_add_filter_zstd) \
	X(archive_write_close) \
	X(archive_write_data) \
	X(archive_write_data_block) \
	X(archive_write_disk_new) \
	X(archive_write_disk_set_options) \
	X(archive_write_finish_entry) \
	X(archive_write_free) \
	X(archive_write_header) \
	X(archive_write_new) \
	X(archive_write_open_fd) \
	X(archive_write_set_filter_option) \
	X(archive_write_set_format_pax_restricted)

struct pv_archive_api {
#define X(f) __typeof__(f) *f;
	PV_ARCHIVE_FUNCTIONS(X)
#undef X
};

/*
 * Loads libarchive (once, thread-safe). Returns 0, or -1 (reported: which
 * library could not be loaded, or which function it lacks).
 */
int archive_lib_load(void);

/* The functions; archive_lib_load() must have succeeded. */
const struct pv_archive_api *archive_lib(void);

/* The calls, through the table (not where the table is filled). */
#ifndef PYVENV_ARCHIVE_LIB_IMPL
#define PV_ARCHIVE(f) (archive_lib()->f)
#define archive_entry_copy_stat PV_ARCHIVE(archive_entry_copy_stat)
#define archive_entry_filetype PV_ARCHIVE(archive_entry_filetype)
#define archive_entry_free PV_ARCHIVE(archive_entry_free)
#define archive_entry_hardlink PV_ARCHIVE(archive_entry_hardlink)
#define archive_entry_mode PV_ARCHIVE(archive_entry_mode)
#define archive_entry_new PV_ARCHIVE(archive_entry_new)
#define archive_entry_pathname PV_ARCHIVE(archive_entry_pathname)
#define archive_entry_perm PV_ARCHIVE(archive_entry_perm)
#define archive_entry_mtime PV_ARCHIVE(archive_entry_mtime)
#define archive_entry_mtime_nsec PV_ARCHIVE(archive_entry_mtime_nsec)
#define archive_entry_set_filetype PV_ARCHIVE(archive_entry_set_filetype)
#define archive_entry_set_gid PV_ARCHIVE(archive_entry_set_gid)
#define archive_entry_set_mtime PV_ARCHIVE(archive_entry_set_mtime)
#define archive_entry_set_nlink PV_ARCHIVE(archive_entry_set_nlink)
#define archive_entry_set_pathname PV_ARCHIVE(archive_entry_set_pathname)
#define archive_entry_set_perm PV_ARCHIVE(archive_entry_set_perm)
#define archive_entry_set_size PV_ARCHIVE(archive_entry_set_size)
#define archive_entry_set_symlink PV_ARCHIVE(archive_entry_set_symlink)
#define archive_entry_set_uid PV_ARCHIVE(archive_entry_set_uid)
#define archive_entry_size PV_ARCHIVE(archive_entry_size)
#define archive_entry_symlink PV_ARCHIVE(archive_entry_symlink)
#define archive_errno PV_ARCHIVE(archive_errno)
#define archive_error_string PV_ARCHIVE(archive_error_string)
#define archive_read_data PV_ARCHIVE(archive_read_data)
#define archive_read_data_block PV_ARCHIVE(archive_read_data_block)
#define archive_read_free PV_ARCHIVE(archive_read_free)
#define archive_read_new PV_ARCHIVE(archive_read_new)
#define archive_read_next_header PV_ARCHIVE(archive_read_next_header)
#define archive_read_open PV_ARCHIVE(archive_read_open)
#define archive_read_open_fd PV_ARCHIVE(archive_read_open_fd)
#define archive_read_open_filename PV_ARCHIVE(archive_read_open_filename)
#define archive_read_open_memory PV_ARCHIVE(archive_read_open_memory)
#define archive_read_support_filter_gzip PV_ARCHIVE(archive_read_support_filter_gzip)
#define archive_read_support_filter_xz PV_ARCHIVE(archive_read_support_filter_xz)
#define archive_read_support_filter_zstd PV_ARCHIVE(archive_read_support_filter_zstd)
#define archive_read_support_format_tar PV_ARCHIVE(archive_read_support_format_tar)
#define archive_read_support_format_zip_seekable PV_ARCHIVE(archive_read_support_format_zip_seekable)
#define archive_set_error PV_ARCHIVE(archive_set_error)
#define archive_write_add_filter_gzip PV_ARCHIVE(archive_write_add_filter_gzip)
#define archive_write_add_filter_xz PV_ARCHIVE(archive_write_add_filter_xz)
#define archive_write_add_filter_zstd PV_ARCHIVE(archive_write_add_filter_zstd)
#define archive_write_close PV_ARCHIVE(archive_write_close)
#define archive_write_data PV_ARCHIVE(archive_write_data)
#define archive_write_data_block PV_ARCHIVE(archive_write_data_block)
#define archive_write_disk_new PV_ARCHIVE(archive_write_disk_new)
#define archive_write_disk_set_options PV_ARCHIVE(archive_write_disk_set_options)
#define archive_write_finish_entry PV_ARCHIVE(archive_write_finish_entry)
#define archive_write_free PV_ARCHIVE(archive_write_free)
#define archive_write_header PV_ARCHIVE(archive_write_header)
#define archive_write_new PV_ARCHIVE(archive_write_new)
#define archive_write_open_fd PV_ARCHIVE(archive_write_open_fd)
#define archive_write_set_filter_option PV_ARCHIVE(archive_write_set_filter_option)
#define archive_write_set_format_pax_restricted PV_ARCHIVE(archive_write_set_format_pax_restricted)
#endif

#endif
