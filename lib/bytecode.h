/*
 * bytecode: the .pyc files of --compile-bytecode, recorded as pip records
 * the bytecode it compiles.
 */
#ifndef PYVENV_BYTECODE_H
#define PYVENV_BYTECODE_H

/*
 * Adds to the RECORD of every distribution under site that pyvenv
 * installed (INSTALLER "pyvenv") a row for each compiled file of a .py it
 * lists (__pycache__/<stem>.<cache_tag>.pyc, when it exists), without
 * hash or size as pip writes them, the rows kept sorted. Returns 0 or -1 (reported).
 */
int bytecode_record(const char *site, const char *cache_tag);

#endif
