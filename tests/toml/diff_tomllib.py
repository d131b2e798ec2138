"""Holds toml.h against Python's tomllib.

    python3.11 diff_tomllib.py --dump path/to/toml_dump [--case NAME] [--keep DIR] [-v]

Needs Python 3.11 or newer (tomllib); exits 77 (skipped) with an older one.

Every case is a document (text, or bytes for the ones that are not UTF-8).
Each is written to a file of its own, all of them go to toml_dump in one
run, and for each the script compares:

- whether toml.h accepts it and whether tomllib.loads() does (a document
  that is not UTF-8 counts as refused by tomllib; so does any exception
  tomllib raises);
- when both accept, the values: tables key by key in document order,
  arrays item by item, strings, integers and booleans exactly, floats by
  value and sign (nan by being nan), date-times by their text put in one
  form on both sides (tomllib's objects written as text, toml.h's text
  with 'T' for 't' or the space, '+00:00' for 'Z', the fraction cut or
  padded to microseconds as tomllib keeps it).

Hand-written cases say what they expect: V (valid) or I (invalid), and
both readers must agree with that. D marks a deliberate difference: TOML
1.0 (and toml-test, its test suite) says one thing, tomllib does the other,
toml.h follows TOML 1.0; the case checks that tomllib still disagrees (so
the list stays true) and that toml.h does what TOML says. The generated
cases (a fixed seed) are documents built at random from TOML's grammar
(all valid) and hand-written valid cases with a few characters changed
(mostly invalid); there both readers must simply agree, but where the
change made one of the deliberate differences (deliberate_reason()).
"""

import argparse
import datetime
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_DEPTH = 64  # toml.h's TOML_MAX_DEPTH


def V(name, doc):
    return {"name": name, "doc": doc, "expect": True}


def I(name, doc):
    return {"name": name, "doc": doc, "expect": False}


def D(name, doc, ours, why):
    """A deliberate difference: toml.h accepts (ours=True) or refuses the
    document, tomllib does the opposite, for the reason why."""
    return {"name": name, "doc": doc, "expect": ours, "deliberate": why}


SPEC_EXAMPLE = """\
# This is a TOML document

title = "TOML Example"

[owner]
name = "Tom Preston-Werner"
dob = 1979-05-27T07:32:00-08:00

[database]
enabled = true
ports = [ 8000, 8001, 8002 ]
data = [ ["delta", "phi"], [3.14] ]
temp_targets = { cpu = 79.5, case = 72.0 }

[servers]

[servers.alpha]
ip = "10.0.0.1"
role = "frontend"

[servers.beta]
ip = "10.0.0.2"
role = "backend"
"""

FRUITS = """\
[[fruits]]
name = "apple"

[fruits.physical]  # subtable
color = "red"
shape = "round"

[[fruits.varieties]]  # nested array of tables
name = "red delicious"

[[fruits.varieties]]
name = "granny smith"


[[fruits]]
name = "banana"

[[fruits.varieties]]
name = "plantain"
"""

PYLOCK = """\
lock-version = '1.0'
environments = ["sys_platform == 'win32'", "sys_platform == 'linux'"]
requires-python = '== 3.12.*'
created-by = 'mousebender'

[[packages]]
name = 'attrs'
version = '25.1.0'
requires-python = '>= 3.8'

    [[packages.wheels]]
    name = 'attrs-25.1.0-py3-none-any.whl'
    upload-time = 2025-01-25T11:30:10.164985+00:00
    url = 'https://files.pythonhosted.org/packages/fc/30/attrs-25.1.0-py3-none-any.whl'
    size = 63152
    hashes = {sha256 = 'c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a'}

    [[packages.attestation-identities]]
    environment = 'release-pypi'
    kind = 'GitHub'
    repository = 'python-attrs/attrs'
    workflow = 'pypi-package.yml'

[[packages]]
name = 'cattrs'
version = '24.1.2'
dependencies = [
    {name = 'attrs'},
]
directory = { path = '.', editable = true }

[tool.mousebender]
command = ['.', 'lock', '--platform', 'cpython3.12-windows-x64', 'cattrs', 'numpy']
run-on = 2025-03-06T12:28:57.760769
"""

CASES = [
    # --- documents, comments, whitespace, newlines ---
    V("empty", ""),
    V("only-newlines", "\n\n\r\n\n"),
    V("only-comments", "# one\n   # two\n\t# three"),
    V("comment-at-eof-no-newline", "a = 1 # c"),
    V("crlf-everywhere", "a = 1\r\n[t]\r\nb = 'x' # c\r\n\r\n"),
    I("lone-cr", "a = 1\rb = 2\n"),
    I("lone-cr-after-value", "a = 1\r"),
    V("indented", "  \ta = 1\n\t[t]\n    b = 2\n"),
    V("tab-in-comment", "# a\tb\na = 1\n"),
    V("non-ascii-in-comment", "# héllo wörld ✓ 😀\na = 1\n"),
    I("control-in-comment", "# a\x01b\na = 1\n"),
    I("del-in-comment", "# a\x7fb\na = 1\n"),
    I("nul-in-comment", "# a\x00b\na = 1\n"),
    I("cr-in-comment", "# a\rb\na = 1\n"),
    V("crlf-ends-comment", "# a\r\na = 1\r\n"),
    I("two-values-on-a-line", "a = 1 b = 2\n"),
    I("value-then-garbage", "a = 1x\n"),
    I("nul-byte", "a = 1\n\x00"),
    D("bom", "\ufeffa = 1\n", True, "one leading UTF-8 BOM is valid (toml-test); tomllib keeps it as a character"),
    D("bom-then-comment", "\ufeff# c\na = 1", True, "one leading UTF-8 BOM is valid (toml-test)"),
    I("bom-not-at-start", "a = \ufeff1\n"),
    I("two-boms", "\ufeff\ufeffa = 1\n"),
    I("invalid-utf8-ff", b"a = '\xff'\n"),
    I("invalid-utf8-overlong", b"a = '\xc0\x80'\n"),
    I("invalid-utf8-surrogate", b"a = '\xed\xa0\x80'\n"),
    I("invalid-utf8-truncated", b"a = '\xe2\x82'\n"),
    I("invalid-utf8-in-comment", b"# \xfe\na = 1\n"),
    I("invalid-utf8-above-max", b"a = '\xf4\x90\x80\x80'\n"),
    V("utf8-four-bytes", "a = '\U0010ffff \U0001F600'\n"),
    # --- keys ---
    V("bare-keys", "key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4\n-_- = 5\n"),
    V("quoted-keys", '"127.0.0.1" = 1\n"character encoding" = 2\n"ʎǝʞ" = 3\n\'key2\' = 4\n\'quoted "value"\' = 5\n'),
    V("empty-quoted-keys", '"" = 1\n'),
    V("empty-literal-key", "'' = 1\n"),
    I("empty-bare-key", "= 1\n"),
    I("empty-key-twice", "\"\" = 1\n'' = 2\n"),
    V("dotted-keys", 'name = "Orange"\nphysical.color = "orange"\nphysical.shape = "round"\nsite."google.com" = true\n'),
    V("dotted-with-whitespace", "fruit . color = 1\nfruit\t.\tshape = 2\n"),
    V("dotted-numbers", "3.14159 = 'pi'\n"),
    V("keys-like-values", "true = 1\nfalse = 2\ninf = 3\nnan = 4\n1979-05-27 = 5\n"),
    V("key-escapes", '"a\\tb" = 1\n"\\u00e9" = 2\n"\\"" = 3\n'),
    V("key-with-nul", '"\\u0000" = 1\n"a\\u0000b" = 2\n'),
    V("key-unicode-escape-equals-raw", '"\\u00e9x" = 1\n'),
    I("key-unicode-escape-dup", '"\\u00e9" = 1\n"é" = 2\n'),
    I("duplicate-key", "a = 1\na = 2\n"),
    I("duplicate-key-quoted", 'a = 1\n"a" = 2\n'),
    I("duplicate-key-literal", "'a' = 1\n\"a\" = 2\n"),
    I("bare-unicode-key", "é = 1\n"),
    I("key-without-value", "a =\n"),
    I("key-without-value-eof", "a = "),
    I("key-without-equals", "a 1\n"),
    I("key-only", "a\n"),
    I("key-trailing-dot", "a. = 1\n"),
    I("key-leading-dot", ".a = 1\n"),
    I("key-double-dot", "a..b = 1\n"),
    I("two-keys", '"a" "b" = 1\n'),
    I("multiline-key", '"""a""" = 1\n'),
    I("multiline-literal-key", "'''a''' = 1\n"),
    I("newline-in-key", '"a\nb" = 1\n'),
    I("key-newline-before-equals", "a\n= 1\n"),
    V("dotted-extends-dotted", "a.b.c = 1\na.b.d = 2\na.e = 3\n"),
    I("dotted-over-value", "a = 1\na.b = 2\n"),
    I("dotted-over-deeper-value", "a.b = 1\na.b.c = 2\n"),
    I("dotted-after-dotted-value", "a.b.c = 1\na.b = 2\n"),
    I("value-over-dotted", "a.b = 1\na = 2\n"),
    # --- basic strings ---
    V("basic-escapes", 'a = "\\b\\t\\n\\f\\r\\"\\\\"\n'),
    V("unicode-escapes", 'a = "\\u00e9\\u20AC\\U0001F600\\U0010FFFF\\u0000"\n'),
    I("surrogate-escape", 'a = "\\uD800"\n'),
    I("surrogate-escape-low", 'a = "\\uDFFF"\n'),
    I("big-escape-surrogate", 'a = "\\U0000D800"\n'),
    I("escape-above-max", 'a = "\\U00110000"\n'),
    I("short-u-escape", 'a = "\\u12"\n'),
    I("short-U-escape", 'a = "\\U0001F60"\n'),
    I("u-escape-not-hex", 'a = "\\u12G4"\n'),
    I("x-escape", 'a = "\\x41"\n'),
    I("e-escape", 'a = "\\e"\n'),
    I("unknown-escape", 'a = "\\q"\n'),
    I("escape-space", 'a = "\\ "\n'),
    I("backslash-at-eof", 'a = "\\'),
    V("raw-tab", 'a = "a\tb"\n'),
    I("raw-control", 'a = "a\x01b"\n'),
    I("raw-del", 'a = "a\x7fb"\n'),
    I("raw-nul", 'a = "a\x00b"\n'),
    I("raw-newline", 'a = "a\nb"\n'),
    I("raw-cr", 'a = "a\rb"\n'),
    I("unterminated-basic", 'a = "abc\n'),
    I("unterminated-basic-eof", 'a = "abc'),
    V("empty-basic", 'a = ""\n'),
    V("non-ascii-basic", 'a = "héllo ✓ 😀"\n'),
    V("hash-in-string", 'a = "# not a comment" # a comment\n'),
    # --- literal strings ---
    V("literal", "winpath = 'C:\\Users\\nodejs\\templates'\nregex = '<\\i\\c*\\s*>'\n"),
    V("empty-literal", "a = ''\n"),
    V("literal-tab", "a = 'a\tb'\n"),
    I("literal-control", "a = 'a\x01b'\n"),
    I("literal-del", "a = 'a\x7fb'\n"),
    I("literal-newline", "a = 'a\nb'\n"),
    I("unterminated-literal", "a = 'abc\n"),
    I("literal-with-apostrophe", "a = 'it's'\n"),
    # --- multi-line basic strings ---
    V("ml-basic", 'a = """\nRoses are red\nViolets are blue"""\n'),
    V("ml-basic-crlf", 'a = """\r\nRoses\r\nViolets\r\n"""\r\n'),
    V("ml-basic-no-first-newline", 'a = """Roses\n"""\n'),
    V("ml-basic-only-first-newline-trimmed", 'a = """\n\nx"""\n'),
    V("ml-basic-line-ending-backslash", 'a = """\nThe quick brown \\\n\n\n  fox jumps \\\n    over the lazy dog."""\n'),
    V("ml-basic-backslash-trailing-ws", 'a = """\\   \n   x"""\n'),
    V("ml-basic-backslash-tab-crlf", 'a = """a\\\t\r\n\t b"""\n'),
    V("ml-basic-backslash-before-close", 'a = """a\\\n"""\n'),
    I("ml-basic-backslash-then-text", 'a = """a\\  b"""\n'),
    I("ml-basic-backslash-at-eof", 'a = """a\\   '),
    V("ml-basic-quotes-inside", 'a = """Here are two quotation marks: "". Simple enough."""\n'),
    V("ml-basic-four-quotes", 'a = """a""""\n'),
    V("ml-basic-five-quotes", 'a = """a"""""\n'),
    I("ml-basic-six-quotes", 'a = """a""""""\n'),
    V("ml-basic-escaped-quotes", 'a = """Here are three quotation marks: ""\\"."""\n'),
    V("ml-basic-all-quotes", 'a = """\\"""\\""""""\n'),
    V("ml-basic-empty", 'a = """"""\n'),
    V("ml-basic-just-quotes", 'a = """"""""\n'),
    V("ml-basic-seven-quotes", 'a = """""""\n'),
    I("ml-basic-nine-quotes", 'a = """""""""\n'),
    V("ml-basic-escapes", 'a = """\\t\\u00e9\\U0001F600\\\\"""\n'),
    V("ml-basic-tab", 'a = """a\tb"""\n'),
    I("ml-basic-control", 'a = """a\x01b"""\n'),
    I("ml-basic-del", 'a = """a\x7fb"""\n'),
    I("ml-basic-lone-cr", 'a = """a\rb"""\n'),
    I("ml-basic-unterminated", 'a = """abc\n\n'),
    I("ml-basic-bad-escape", 'a = """\\q"""\n'),
    V("ml-basic-in-array", 'a = ["""\nx\n""", """y"""]\n'),
    # --- multi-line literal strings ---
    V("ml-literal", "regex2 = '''I [dw]on't need \\d{2} apples'''\nlines = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\n"),
    V("ml-literal-quotes", "a = '''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''\n"),
    V("ml-literal-apostrophes", "a = '''Here are two apostrophes: '' '''\n"),
    V("ml-literal-four", "a = ''''That,' she said, 'is still pointless.''''\n"),
    V("ml-literal-five", "a = '''a'''''\n"),
    I("ml-literal-six", "a = '''a''''''\n"),
    V("ml-literal-empty", "a = ''''''\n"),
    V("ml-literal-crlf", "a = '''\r\na\r\nb'''\n"),
    V("ml-literal-backslash", "a = '''a\\\nb'''\n"),
    I("ml-literal-control", "a = '''a\x01b'''\n"),
    I("ml-literal-lone-cr", "a = '''a\rb'''\n"),
    I("ml-literal-unterminated", "a = '''abc\n"),
    # --- integers ---
    V("integers", "a = 99\nb = 42\nc = 0\nd = -17\ne = +99\nf = 1_000\ng = 5_349_221\nh = 53_49_221\ni = 1_2_3_4_5\n"),
    V("zero-signs", "a = +0\nb = -0\nc = 0\n"),
    V("hex-oct-bin", "a = 0xDEADBEEF\nb = 0xdeadbeef\nc = 0xdead_beef\nd = 0o01234567\ne = 0o755\nf = 0b11010110\ng = 0x00000001\n"),
    V("int64-limits", "a = 9223372036854775807\nb = -9223372036854775808\nc = 0x7fffffffffffffff\nd = 0o777777777777777777777\ne = 0b111111111111111111111111111111111111111111111111111111111111111\n"),
    D("int64-max-plus-one", "a = 9223372036854775808\n", False, "TOML: an integer that cannot be held losslessly in 64 bits is an error; tomllib's are unbounded"),
    D("int64-min-minus-one", "a = -9223372036854775809\n", False, "TOML: integers are 64-bit; tomllib's are unbounded"),
    D("hex-above-int64", "a = 0x8000000000000000\n", False, "TOML: integers are 64-bit; tomllib's are unbounded"),
    D("huge-integer", "a = 123456789012345678901234567890\n", False, "TOML: integers are 64-bit; tomllib's are unbounded"),
    D("bin-65-bits", "a = 0b" + "1" * 65 + "\n", False, "TOML: integers are 64-bit; tomllib's are unbounded"),
    I("leading-zero", "a = 01\n"),
    I("leading-zero-negative", "a = -01\n"),
    I("leading-zero-plus", "a = +012\n"),
    I("leading-zeros", "a = 00\n"),
    I("zero-underscore", "a = 0_1\n"),
    I("double-underscore", "a = 1__000\n"),
    I("trailing-underscore", "a = 1_\n"),
    I("leading-underscore", "a = _1\n"),
    I("underscore-after-sign", "a = +_1\n"),
    I("hex-leading-underscore", "a = 0x_1\n"),
    I("hex-trailing-underscore", "a = 0x1_\n"),
    I("hex-upper-prefix", "a = 0X1\n"),
    I("hex-signed", "a = +0x1\n"),
    I("hex-negative", "a = -0x1\n"),
    I("hex-empty", "a = 0x\n"),
    I("hex-bad-digit", "a = 0xG\n"),
    I("oct-bad-digit", "a = 0o8\n"),
    I("oct-upper-prefix", "a = 0O7\n"),
    I("bin-bad-digit", "a = 0b2\n"),
    I("sign-only", "a = +\n"),
    I("double-sign", "a = --1\n"),
    I("int-with-space", "a = 1 000\n"),
    # --- floats ---
    V("floats", "a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.626e-34\nh = 224_617.445_991_228\ni = 1e1_0\n"),
    V("float-zeros", "a = 0.0\nb = +0.0\nc = -0.0\nd = 0e0\ne = -0e0\nf = 0.0e-0\n"),
    V("float-precision", "a = 0.1\nb = 1.7976931348623157e308\nc = 2.2250738585072014e-308\nd = 4.9e-324\ne = 0.30000000000000004\n"),
    V("float-overflow-is-inf", "a = 1e400\nb = -1e400\n"),
    V("float-underflow-is-zero", "a = 1e-400\nb = -1e-400\n"),
    V("inf-nan", "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\n"),
    V("exponent-leading-zeros", "a = 1e007\nb = 1E-007\n"),
    I("float-no-int-part", "a = .5\n"),
    I("float-no-frac-digits", "a = 1.\n"),
    I("float-dot-exp", "a = 1.e5\n"),
    I("float-no-exp-digits", "a = 1e\n"),
    I("float-exp-sign-only", "a = 1e+\n"),
    I("float-underscore-after-dot", "a = 1._0\n"),
    I("float-underscore-before-dot", "a = 1_.0\n"),
    I("float-trailing-underscore", "a = 1.0_\n"),
    I("float-underscore-before-e", "a = 1_e1\n"),
    I("float-underscore-after-e", "a = 1e_1\n"),
    I("float-leading-zero", "a = 01.5\n"),
    I("float-leading-zero-exp", "a = 00e1\n"),
    I("float-two-dots", "a = 1.2.3\n"),
    I("float-capital-inf", "a = Inf\n"),
    I("float-capital-nan", "a = NaN\n"),
    I("float-infinity", "a = infinity\n"),
    I("float-nan-payload", "a = nan(1)\n"),
    # --- booleans ---
    V("booleans", "a = true\nb = false\n"),
    I("boolean-capital", "a = True\n"),
    I("boolean-upper", "a = FALSE\n"),
    I("boolean-prefix", "a = truee\n"),
    I("boolean-short", "a = tru\n"),
    # --- dates and times ---
    V("offset-datetimes", "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27T00:32:00.999999-07:00\nd = 1979-05-27T07:32:00+05:30\n"),
    V("datetime-lowercase", "a = 1979-05-27t07:32:00z\n"),
    V("datetime-space", "a = 1979-05-27 07:32:00Z\nb = 1979-05-27 07:32:00\n"),
    V("datetime-long-fraction", "a = 1979-05-27T07:32:00.123456789Z\nb = 07:32:00.1234567\n"),
    V("datetime-short-fraction", "a = 1979-05-27T07:32:00.5+01:00\n"),
    V("local-datetime", "a = 1979-05-27T07:32:00\nb = 1979-05-27T00:32:00.999999\n"),
    V("local-date", "a = 1979-05-27\n"),
    V("local-time", "a = 07:32:00\nb = 00:32:00.999999\nc = 23:59:59\n"),
    V("date-then-comment", "a = 1979-05-27 # a comment\nb = 1979-05-27\t# c\n"),
    V("datetimes-in-array", "a = [1979-05-27, 07:32:00, 1979-05-27 07:32:00, 1979-05-27T07:32:00Z]\n"),
    V("leap-days", "a = 2000-02-29\nb = 2024-02-29\nc = 1600-02-29\n"),
    V("month-ends", "a = 2023-01-31\nb = 2023-04-30\nc = 2023-02-28\nd = 2023-12-31\n"),
    V("offset-extremes", "a = 2000-01-01T00:00:00+23:59\nb = 2000-01-01T00:00:00-23:59\nc = 2000-01-01T00:00:00-00:00\n"),
    I("datetime-no-seconds", "a = 1979-05-27T07:32Z\n"),
    I("local-time-no-seconds", "a = 07:32\n"),
    I("date-then-hour", "a = 1979-05-27 07\n"),
    I("date-then-T", "a = 1979-05-27T\n"),
    I("date-with-Z", "a = 1979-05-27Z\n"),
    I("month-13", "a = 1979-13-01\n"),
    I("month-00", "a = 1979-00-01\n"),
    I("day-00", "a = 1979-01-00\n"),
    I("day-32", "a = 1979-01-32\n"),
    I("not-leap-1900", "a = 1900-02-29\n"),
    I("not-leap-2023", "a = 2023-02-29\n"),
    I("april-31", "a = 2023-04-31\n"),
    I("hour-24", "a = 24:00:00\n"),
    I("minute-60", "a = 00:60:00\n"),
    I("second-61", "a = 00:00:61\n"),
    D("second-60", "a = 1998-12-31T23:59:60Z\n", True, "TOML (RFC 3339) allows second 60 for leap seconds; Python's datetime does not"),
    D("local-time-second-60", "a = 23:59:60\n", True, "TOML allows second 60; Python's time does not"),
    D("year-zero", "a = 0000-01-01\n", True, "TOML (RFC 3339) years are 0000-9999; Python's date starts at year 1"),
    I("offset-hour-24", "a = 2000-01-01T00:00:00+24:00\n"),
    I("offset-minute-60", "a = 2000-01-01T00:00:00+05:60\n"),
    I("offset-no-colon", "a = 2000-01-01T00:00:00+0530\n"),
    I("offset-short", "a = 2000-01-01T00:00:00+05\n"),
    I("local-time-with-offset", "a = 07:32:00Z\n"),
    I("local-time-with-num-offset", "a = 07:32:00+01:00\n"),
    I("fraction-no-digits", "a = 07:32:00.\n"),
    I("datetime-fraction-no-digits", "a = 1979-05-27T07:32:00.Z\n"),
    I("short-month", "a = 1979-5-27\n"),
    I("short-year", "a = 79-05-27\n"),
    I("short-hour", "a = 7:32:00\n"),
    I("date-two-spaces", "a = 1979-05-27  07:32:00\n"),
    I("date-with-slashes", "a = 1979/05/27\n"),
    # --- arrays ---
    V("arrays", 'integers = [ 1, 2, 3 ]\ncolors = [ "red", "yellow", "green" ]\nnested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]\nnested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]\nstring_array = [ "all", \'strings\', """are the same""", \'\'\'type\'\'\' ]\n'),
    V("mixed-types", "numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]\ncontributors = [\n  \"Foo Bar <foo@example.com>\",\n  { name = \"Baz Qux\", email = \"bazqux@example.com\", url = \"https://example.com/bazqux\" }\n]\n"),
    V("empty-arrays", "a = []\nb = [ ]\nc = [\n]\nd = [[]]\n"),
    V("trailing-comma", "a = [1, 2,]\nb = [\n  1,\n  2, # two\n]\n"),
    V("array-comments-newlines", "a = [ # start\n  1, # one\n\n  # alone\n  2 # two\n  , 3\n] # end\n"),
    V("array-crlf", "a = [\r\n  1,\r\n  2\r\n]\r\n"),
    V("array-strings-with-brackets", "a = [']', ',', \"[\", '#']\n"),
    V("array-of-inline-tables", "points = [ { x = 1, y = 2, z = 3 },\n           { x = 7, y = 8, z = 9 },\n           { x = 2, y = 4, z = 8 } ]\n"),
    V("array-deep-ok", "a = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"),
    D("array-too-deep", "a = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", False,
      "toml.h nests at most TOML_MAX_DEPTH (64) levels; tomllib goes on to its recursion limit"),
    I("array-only-comma", "a = [,]\n"),
    I("array-double-comma", "a = [1,,2]\n"),
    I("array-leading-comma", "a = [,1]\n"),
    I("array-missing-comma", "a = [1 2]\n"),
    I("array-unterminated", "a = [1, 2\n"),
    I("array-unterminated-eof", "a = [1,"),
    I("array-comment-eats-bracket", "a = [1 # c ]\n"),
    I("array-bad-value", "a = [1, x]\n"),
    I("array-control-char", "a = [1,\x01 2]\n"),
    # --- inline tables ---
    V("inline-tables", 'name = { first = "Tom", last = "Preston-Werner" }\npoint = { x = 1, y = 2 }\nanimal = { type.name = "pug" }\n'),
    V("inline-empty", "a = {}\nb = { }\nc = {\t}\n"),
    V("inline-nested", "a = { b = { c = { d = 1 } }, e = [ { f = 2 } ] }\n"),
    V("inline-dotted", "a = { b.c = 1, b.d = 2, e.f.g = 3 }\n"),
    V("inline-multiline-value", 'a = { b = [\n 1,\n 2\n], c = """\nx\n""" }\n'),
    V("inline-quoted-keys", "a = { \"x y\" = 1, 'z' = 2, \"\" = 3 }\n"),
    I("inline-trailing-comma", "a = { b = 1, }\n"),
    I("inline-only-comma", "a = { , }\n"),
    I("inline-double-comma", "a = { b = 1,, c = 2 }\n"),
    I("inline-newline", "a = { b = 1,\n c = 2 }\n"),
    I("inline-newline-before-close", "a = { b = 1\n}\n"),
    I("inline-newline-after-open", "a = {\n b = 1 }\n"),
    I("inline-comment", "a = { b = 1 # c\n}\n"),
    I("inline-missing-comma", "a = { b = 1 c = 2 }\n"),
    I("inline-unterminated", "a = { b = 1\n"),
    I("inline-unterminated-eof", "a = { b = 1"),
    I("inline-duplicate", "a = { b = 1, b = 2 }\n"),
    I("inline-dotted-over-inline", "a = { b = { c = 1 }, b.d = 2 }\n"),
    I("inline-dotted-over-value", "a = { b = 1, b.c = 2 }\n"),
    I("inline-value-over-dotted", "a = { b.c = 1, b = 2 }\n"),
    I("inline-extended-by-dotted", "a = { b = 1 }\na.c = 2\n"),
    I("inline-extended-by-header", "a = { b = 1 }\n[a]\nc = 2\n"),
    I("inline-subtable-by-header", "a = { b = { c = 1 } }\n[a.b]\nd = 2\n"),
    I("inline-new-subtable-by-header", "a = { b = 1 }\n[a.c]\n"),
    I("inline-appended-by-aot", "a = { b = 1 }\n[[a.c]]\n"),
    I("inline-dotted-table-by-header", "a = { b.c = 1 }\n[a.b.d]\n"),
    I("inline-dotted-reopened-by-dotted", "a = { b.c = 1 }\na.b.d = 2\n"),
    I("inline-in-array-extended", "a = [{ b = 1 }]\n[a.c]\n"),
    # --- [table] headers ---
    V("tables", '[table-1]\nkey1 = "some string"\nkey2 = 123\n\n[table-2]\nkey1 = "another string"\nkey2 = 456\n'),
    V("table-names", '[dog."tater.man"]\ntype.name = "pug"\n[a.b.c]\n[ d.e.f ]\n[ g .  h  . i ]\n[ j . "ʞ" . \'l\' ]\n'),
    V("empty-tables", "[a]\n[b]\n[c.d]\n"),
    V("super-table-after", "[x.y.z.w]\n[x]\n"),
    V("super-table-after-with-keys", "[a.b]\nc = 1\n[a]\nd = 2\n"),
    V("table-after-subtables", "[fruit.apple]\n[fruit.orange]\n[animal]\n[fruit]\n"),
    V("header-with-comment", "[a] # comment\nb = 1\n[ c ]\t# c\n"),
    V("header-crlf", "[a]\r\nb = 1\r\n"),
    V("table-dotted-keys-inside", "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n"),
    V("header-under-dotted", "a.b.c = 1\n[a.d]\ne = 2\n"),
    V("header-deep-under-dotted", "a.b.c = 1\n[a.b.x]\ne = 2\n"),
    V("dotted-into-implicit", "[a.b.c]\nz = 9\n[a]\nb.d = 1\n"),
    I("dotted-into-implicit-then-header", "[a.b.c]\n[a]\nb.d = 1\n[a.b]\n"),
    I("table-twice", "[a]\nb = 1\n[a]\nc = 2\n"),
    I("table-twice-empty", "[a]\n[a]\n"),
    I("table-twice-quoted", '[a]\n["a"]\n'),
    I("subtable-twice", "[a.b]\n[a]\n[a.b]\n"),
    I("super-table-twice", "[a.b]\n[a]\n[a]\n"),
    I("dependencies-twice", '[dependencies.foo]\nversion = "0.16"\n[dependencies]\nlibc = "0.2"\n[dependencies]\nrand = "0.3.14"\n'),
    I("table-over-value", "[a]\nb = 1\n[a.b]\n"),
    I("table-over-value-root", "a = 1\n[a]\n"),
    I("table-over-array", "a = [1]\n[a]\n"),
    I("table-through-value", "a = 1\n[a.b]\n"),
    I("header-over-dotted", "a.b = 1\n[a]\n"),
    I("header-over-dotted-deep", "[fruit]\napple.color = \"red\"\n[fruit.apple]\n"),
    I("header-over-dotted-deeper", "[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]\n"),
    I("value-over-subtable", "[a.b]\n[a]\nb = 1\n"),
    I("dotted-into-defined", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n"),
    I("dotted-into-defined-deeper", "[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1\n"),
    I("dotted-into-defined-2", "[a.b.c]\nz = 9\n[[other]]\nx = 1\n[a]\nb.c.t = 1\n"),
    I("empty-header", "[]\n"),
    I("header-trailing-dot", "[a.]\n"),
    I("header-leading-dot", "[.a]\n"),
    I("header-double-dot", "[a..b]\n"),
    I("header-unclosed", "[a\nb = 1\n"),
    I("header-unclosed-eof", "[a"),
    I("header-newline", "[a\n]\n"),
    I("header-then-value", "[a] b = 1\n"),
    I("header-extra-bracket", "[a]]\n"),
    I("header-nested-brackets", "[a[b]]\n"),
    I("header-equals", "[a=b]\n"),
    I("header-bad-char", "[a!b]\n"),
    I("header-space-in-bare", "[a b]\n"),
    I("header-multiline-key", '["""a"""]\n'),
    V("header-deep-ok", "[" + ".".join(["a"] * MAX_DEPTH) + "]\n"),
    D("header-too-deep", "[" + ".".join(["a"] * (MAX_DEPTH + 1)) + "]\n", False,
      "toml.h nests tables at most TOML_MAX_DEPTH (64) deep; tomllib has no limit"),
    D("dotted-key-too-deep", ".".join(["a"] * (MAX_DEPTH + 1)) + " = 1\n", False,
      "toml.h nests tables at most TOML_MAX_DEPTH (64) deep; tomllib has no limit"),
    V("dotted-key-deep-ok", ".".join(["a"] * MAX_DEPTH) + " = 1\n"),
    # --- [[array of tables]] ---
    V("aot", '[[products]]\nname = "Hammer"\nsku = 738594937\n\n[[products]]  # empty table within the array\n\n[[products]]\nname = "Nail"\nsku = 284758393\ncolor = "gray"\n'),
    V("aot-fruits", FRUITS),
    V("aot-spaces", "[[ a ]]\n[[ a . b ]]\n"),
    V("aot-subtables-per-element", "[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n"),
    V("aot-dotted-per-element", "top.key = 1\n[[arr]]\na.b.c = 1\na.b.d = 2\n[[arr]]\na.b.c = 3\na.b.d = 4\n"),
    V("aot-header-under-dotted", "[[a]]\nb.c = 1\n[a.b.d]\ne = 2\n"),
    V("aot-implicit-then-super", "[[a.b]]\nx = 1\n[a]\ny = 2\n"),
    V("aot-nested-implicit", "[[a.b.c]]\n[[a.b.c]]\n[a.b]\nd = 1\n"),
    V("aot-in-defined", "[a]\n[[a.b]]\n[[a.b]]\n"),
    I("aot-then-table", "[[a]]\n[a]\n"),
    I("table-then-aot", "[a]\n[[a]]\n"),
    I("implicit-table-then-aot", "[a.b]\n[[a]]\n"),
    I("static-array-then-aot", "a = []\n[[a]]\n"),
    I("static-array-of-tables-then-aot", "a = [{ b = 1 }]\n[[a]]\n"),
    I("static-array-then-aot-below", "a = []\n[[a.b]]\n"),
    I("value-then-aot", "a = 1\n[[a]]\n"),
    I("aot-then-value", "[[t.a]]\n[t]\na = 1\n"),
    I("aot-dotted-into", "[[a.b]]\n[a]\nb.y = 2\n"),
    I("aot-element-table-twice", "[[a]]\n[a.b]\n[a.b]\n"),
    I("aot-unclosed", "[[a]\n"),
    I("aot-space-between-brackets", "[[a] ]\n"),
    I("aot-space-at-open", "[ [a]]\n"),
    I("aot-extra-bracket", "[[a]]]\n"),
    I("aot-empty", "[[]]\n"),
    # --- whole documents ---
    V("spec-example", SPEC_EXAMPLE),
    V("pylock-example", PYLOCK),
    V("everything", 'a = 1\nb.c = [1.5, "x", 1979-05-27, {d = true}]\n[t]\ne = """\nx\\\n  y"""\n[[t.f]]\ng = 0x10\n[[t.f]]\n[t.f.h]\ni = -inf\n'),
]


# --- the generated cases ---------------------------------------------------

QUOTED_KEYS = [('"a b"', "a b"), ('"é"', "é"), ('"x.y"', "x.y"), ('""', ""), ('"\\u00e9"', "é"),
               ('"\\t"', "\t"), ('"q\\"q"', 'q"q'), ("'a b'", "a b"), ("'ü'", "ü"), ("'x.y'", "x.y"),
               ("''", ""), ("'\\'", "\\")]


def gen_key(rng):
    """A simple key: (as written, its value)."""
    if rng.random() < 0.65:
        k = "".join(rng.choice("abcdefgh_-0123") for _ in range(rng.randint(1, 5)))
        return k, k
    return rng.choice(QUOTED_KEYS)


def gen_string(rng):
    kind = rng.randrange(4)
    body = "".join(rng.choice(["a", " ", "é", "😀", "\t", "#", "[", "'", '"', "\\", "\n"])
                   for _ in range(rng.randint(0, 8)))
    if kind == 0:
        body = body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + body + rng.choice(["", "\\u00e9", "\\U0001F600", "\\b\\f\\r"]) + '"'
    if kind == 1:
        return "'" + body.replace("'", "").replace("\n", "") + "'"
    if kind == 2:
        body = body.replace("\\", "\\\\").replace('"', "")
        return '"""' + rng.choice(["", "\n"]) + body + rng.choice(["", "\\\n  ", '"', '""', ' "" x']) + '"""'
    return "'''" + rng.choice(["", "\n"]) + body.replace("'", "") + rng.choice(["", "'", "''", "'' x"]) + "'''"


def gen_digits(rng, alphabet, n):
    out = rng.choice(alphabet)
    for _ in range(n):
        out += ("_" if rng.random() < 0.2 else "") + rng.choice(alphabet)
    return out


def gen_number(rng):
    r = rng.randrange(7)
    sign = rng.choice(["", "+", "-"])
    if r == 0:
        return sign + rng.choice(["0", gen_digits(rng, "123456789", 0) + gen_digits(rng, "0123456789", rng.randint(0, 6))[1:]])
    if r == 1:
        return rng.choice(["0x", "0o", "0b"]) + gen_digits(rng, "01", rng.randint(0, 10))
    if r == 2:
        return "0x" + gen_digits(rng, "0123456789abcdefABCDEF", rng.randint(0, 8))
    if r == 3:
        return sign + str(rng.randint(0, 999)) + "." + gen_digits(rng, "0123456789", rng.randint(0, 5))
    if r == 4:
        return sign + str(rng.randint(1, 99)) + rng.choice(["e", "E"]) + rng.choice(["", "+", "-"]) + gen_digits(rng, "0123456789", 1)
    if r == 5:
        return sign + rng.choice(["inf", "nan"])
    return str(rng.randint(INT64_MIN, INT64_MAX))


def gen_datetime(rng):
    y, m = rng.randint(1, 9999), rng.randint(1, 12)
    d = rng.randint(1, 28)
    date = f"{y:04d}-{m:02d}-{d:02d}"
    time = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    if rng.random() < 0.3:
        time += "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 9)))
    off = rng.choice(["Z", "z", "+00:00", "-07:30", f"+{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"])
    return rng.choice([date, time, date + rng.choice("Tt ") + time, date + rng.choice("Tt ") + time + off])


def gen_value(rng, depth):
    r = rng.random()
    if depth < 3 and r < 0.12:
        items = [gen_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        sep = rng.choice([", ", ",", ",\n  ", " , # c\n"])
        return "[" + rng.choice(["", "\n", " "]) + sep.join(items) + rng.choice(["", "," if items else "", "\n"]) + "]"
    if depth < 3 and r < 0.2:
        keys = set()
        pairs = []
        for _ in range(rng.randint(0, 3)):
            k, value = gen_key(rng)
            if value in keys:
                continue
            keys.add(value)
            pairs.append(k + " = " + gen_value(rng, depth + 1))
        return "{" + rng.choice(["", " "]) + ", ".join(pairs) + rng.choice(["", " "]) + "}"
    if r < 0.45:
        return gen_string(rng)
    if r < 0.75:
        return gen_number(rng)
    if r < 0.85:
        return rng.choice(["true", "false"])
    return gen_datetime(rng)


def gen_document(rng):
    """A random document: valid TOML by construction (each header's path
    starts with a part of its own, keys are unique by value)."""
    lines = []
    for section in range(rng.randint(1, 4)):
        if section:
            name = ".".join([f"s{section}"] + [gen_key(rng)[0] for _ in range(rng.randint(0, 2))])
            lines.append(f"[[{name}]]" if rng.random() < 0.4 else f"[{name}]")
            lines[-1] += rng.choice(["", "", " # header"])
        used = set()
        for _ in range(rng.randint(0, 6)):
            k, value = gen_key(rng)
            if rng.random() < 0.25:
                # A dotted key under a table of its own.
                inner, inner_value = gen_key(rng)
                k, value = f"d{len(used)}{rng.choice(['.', ' . '])}{inner}", ("d", len(used), inner_value)
            if value in used:
                continue
            used.add(value)
            lines.append(rng.choice(["", "  ", "\t"]) + k + rng.choice([" = ", "=", " =\t"]) + gen_value(rng, 0)
                         + rng.choice(["", "", " # comment"]))
    return rng.choice(["\n", "\r\n"]).join(lines) + rng.choice(["", "\n"])


MUTATION_ALPHABET = list("[]{}=,.\"'\\#\n\r\t _-+0123456789abefinoxtzTZ:") + ["\x00", "\x7f", "é", "\ufeff", '"""', "'''", "[[", "]]"]


def mutate(rng, doc):
    chars = list(doc)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(3)
        i = rng.randrange(len(chars) + 1)
        if op == 0 or not chars:
            chars.insert(i, rng.choice(MUTATION_ALPHABET))
        elif op == 1:
            del chars[min(i, len(chars) - 1)]
        else:
            chars[min(i, len(chars) - 1)] = rng.choice(MUTATION_ALPHABET)
    return "".join(chars)


def generated_cases(seed=751, documents=400, mutants=1600):
    rng = random.Random(seed)
    out = []
    for i in range(documents):
        out.append({"name": f"gen-{i}", "doc": gen_document(rng), "expect": None})
    sources = [c["doc"] for c in CASES if c["expect"] is True and isinstance(c["doc"], str)
               and 0 < len(c["doc"]) < 2000 and "deliberate" not in c] + [c["doc"] for c in out]
    for i in range(mutants):
        out.append({"name": f"mutant-{i}", "doc": mutate(rng, rng.choice(sources)), "expect": None})
    return out


# --- the comparison ----------------------------------------------------------

def typed(kind, text):
    return ("typed", kind, text)


def canon_fraction(frac):
    return "." + (frac or "")[:6].ljust(6, "0")


DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?$")
TIME_RE = re.compile(r"^(\d{2}:\d{2}:\d{2})(?:\.(\d+))?$")


def canon_text(kind, text):
    """toml.h's text of a date-time, in the one form both sides get."""
    if kind == "date-local":
        return text
    if kind == "time-local":
        m = TIME_RE.match(text)
        return m.group(1) + canon_fraction(m.group(2)) if m else "?" + text
    m = DATETIME_RE.match(text)
    if not m:
        return "?" + text
    s = m.group(1) + "T" + m.group(2) + canon_fraction(m.group(3))
    if kind == "datetime":
        off = m.group(4)
        s += "+00:00" if off in ("Z", "z", "-00:00") else off
    return s


def canon_float(x):
    if math.isnan(x):
        return typed("float", "nan")
    if math.isinf(x):
        return typed("float", "inf" if x > 0 else "-inf")
    return ("float", x, math.copysign(1.0, x))


def canon_c(v):
    """What toml_dump printed (json.loads with pairs kept), canonical."""
    if isinstance(v, list) and v and v[0] == "__table__":
        pairs = v[1]
        if [k for k, _ in pairs] == ["$toml", "value"] and all(isinstance(x, str) for _, x in pairs):
            kind, text = pairs[0][1], pairs[1][1]
            if kind == "float":
                return typed("float", text)
            return typed(kind, canon_text(kind, text))
        return ("table", tuple((k, canon_c(x)) for k, x in pairs))
    if isinstance(v, list):
        return ("array", tuple(canon_c(x) for x in v))
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, float):
        return canon_float(v)
    return ("str", v)


def py_time(t):
    return f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}"


def canon_py(v):
    """What tomllib made, canonical."""
    if isinstance(v, dict):
        if list(v) == ["$toml", "value"] and all(isinstance(x, str) for x in v.values()):
            return canon_c(["__table__", list(v.items())])
        return ("table", tuple((k, canon_py(x)) for k, x in v.items()))
    if isinstance(v, list):
        return ("array", tuple(canon_py(x) for x in v))
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, float):
        return canon_float(v)
    if isinstance(v, datetime.datetime):
        s = f"{v.year:04d}-{v.month:02d}-{v.day:02d}T" + py_time(v)
        if v.tzinfo is None:
            return typed("datetime-local", s)
        minutes = int(v.utcoffset().total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        return typed("datetime", s + f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")
    if isinstance(v, datetime.date):
        return typed("date-local", f"{v.year:04d}-{v.month:02d}-{v.day:02d}")
    if isinstance(v, datetime.time):
        return typed("time-local", py_time(v))
    return ("str", v)


def walk(tree):
    yield tree
    if tree[0] in ("table", "array"):
        for item in tree[1]:
            yield from walk(item[1] if tree[0] == "table" else item)


def deliberate_reason(doc, ours, theirs, c_error):
    """Why a generated document may get different verdicts: one of the
    deliberate differences, or None."""
    if ours is not None and theirs is None:
        for node in walk(ours):
            if node[0] == "typed" and node[1] != "float":
                if node[1] != "time-local" and node[2].startswith("0000-"):
                    return "year 0000"
                seconds = node[2][6:8] if node[1] == "time-local" else node[2][17:19]
                if seconds == "60":
                    return "second 60"
        if isinstance(doc, str) and doc.startswith("\ufeff"):
            return "BOM"
    if ours is None and theirs is not None:
        if "out of range (64 bits)" in c_error and any(
                n[0] == "int" and not INT64_MIN <= n[1] <= INT64_MAX for n in walk(theirs)):
            return "integer beyond 64 bits"
        if "nested more than" in c_error or "key of more than" in c_error:
            return "nesting deeper than 64"
    return None


def tomllib_verdict(doc):
    import tomllib
    try:
        text = doc.decode("utf-8") if isinstance(doc, bytes) else doc
        return canon_py(tomllib.loads(text)), None
    except Exception as e:  # noqa: BLE001 - any refusal counts
        return None, f"{type(e).__name__}: {e}"


def run_dump(dump, cases, workdir):
    paths = []
    for i, c in enumerate(cases):
        path = os.path.join(workdir, f"{i:05d}.toml")
        doc = c["doc"]
        with open(path, "wb") as f:
            f.write(doc if isinstance(doc, bytes) else doc.encode("utf-8", "surrogatepass"))
        paths.append(path)
    lines = []
    for start in range(0, len(paths), 500):
        proc = subprocess.run([dump] + paths[start:start + 500], stdout=subprocess.PIPE, check=False)
        if proc.returncode not in (0, 1):
            sys.exit(f"toml_dump failed with status {proc.returncode}")
        lines += proc.stdout.decode("utf-8").split("\n")[:-1]
    if len(lines) != len(cases):
        sys.exit(f"toml_dump printed {len(lines)} lines for {len(cases)} files")
    out = []
    for line in lines:
        if line.startswith("ERROR "):
            out.append((None, line[6:]))
        else:
            out.append((canon_c(json.loads(line, object_pairs_hook=lambda p: ["__table__", p])), ""))
    return out


def show(doc):
    return repr(doc if len(doc) < 300 else doc[:300] + "...")


def check(case, ours, c_error, theirs, py_error):
    """Returns (problem or None, deliberate reason or None)."""
    name, expect = case["name"], case["expect"]
    accepted, py_accepted = ours is not None, theirs is not None
    why = case.get("deliberate")
    if why:
        if accepted != expect:
            return f"toml.h {'accepts' if accepted else 'refuses'} it, TOML 1.0 says otherwise ({why}): {c_error}", None
        if py_accepted == expect:
            return f"tomllib now agrees with TOML here: drop the deliberate difference ({why})", None
        return None, why
    if expect is not None and py_accepted != expect:
        return f"the case is wrong: tomllib {'accepts' if py_accepted else 'refuses'} it ({py_error})", None
    if accepted != py_accepted:
        reason = deliberate_reason(case["doc"], ours, theirs, c_error) if expect is None else None
        if reason:
            return None, reason
        if accepted:
            return f"toml.h accepts what tomllib refuses ({py_error})", None
        return f"toml.h refuses what tomllib accepts: {c_error}", None
    if accepted and ours != theirs:
        return f"values differ:\n    toml.h:  {ours}\n    tomllib: {theirs}", None
    if not accepted and not re.match(r"^[^:]*:\d+: \S", c_error):
        return f"the message is not 'name:LINE: what': {c_error!r}", None
    return None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--case", help="only the cases whose name contains this")
    ap.add_argument("--keep", help="write the documents in this directory and keep them")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if sys.version_info < (3, 11):
        print(f"SKIP: tomllib needs Python 3.11, this is {sys.version.split()[0]}")
        return 77

    names = [c["name"] for c in CASES]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        sys.exit(f"duplicate case names: {sorted(dups)}")
    generated = generated_cases()
    cases = [c for c in CASES + generated if not args.case or args.case in c["name"]]
    workdir = args.keep or tempfile.mkdtemp(prefix="toml-diff-")
    os.makedirs(workdir, exist_ok=True)
    try:
        results = run_dump(args.dump, cases, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    failures, deliberate, accepted = 0, {}, 0
    for case, (ours, c_error) in zip(cases, results):
        theirs, py_error = tomllib_verdict(case["doc"])
        problem, reason = check(case, ours, c_error, theirs, py_error)
        accepted += ours is not None
        if reason:
            deliberate.setdefault(reason, []).append(case["name"])
        if problem:
            failures += 1
            print(f"FAIL {case['name']}: {problem}\n    document: {show(case['doc'])}")
        elif args.verbose:
            print(f"ok   {case['name']}: {'accepted' if ours is not None else 'refused: ' + c_error}")
    hand = sum(1 for c in cases if not c["name"].startswith(("gen-", "mutant-")))
    print(f"{len(cases)} cases ({hand} hand-written, {len(cases) - hand} generated from a fixed seed), "
          f"{accepted} accepted by toml.h, {failures} failures")
    for reason, which in sorted(deliberate.items()):
        print(f"deliberate difference ({len(which)}): {reason}: {', '.join(which[:8])}"
              + (" ..." if len(which) > 8 else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
