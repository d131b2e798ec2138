/*
 * pyrepr: Python's repr() of a str, as venv writes `prompt = ...` into
 * pyvenv.cfg.
 */
#ifndef PYVENV_PYREPR_H
#define PYVENV_PYREPR_H

#include "strbuf.h"

/*
 * Appends repr(s) for a UTF-8 string s: single quotes unless s has a single
 * quote and no double quote; backslash escapes for the quote, backslash,
 * \t \n \r and other non-printable characters. Non-printable code points
 * outside ASCII are recognised for the common blocks (C1 controls, no-break
 * and other special spaces, format characters, line/paragraph separators);
 * a byte that is not valid UTF-8 is written as Python holds it, the lone
 * surrogate \udcNN.
 */
void pyrepr_str(struct strbuf *out, const char *s);

#endif
