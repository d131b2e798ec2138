"""Holds reqfile.h against pip's own requirements-file parser.

    python diff_pip.py --dump path/to/reqfile_dump [--case NAME] [--keep]

Run with an interpreter whose pip is 23.2 (the version reqfile follows);
exits 77 (skipped) with another. For each case of CASES: writes its files in
a scratch directory, then compares, line by line, what pip makes of the
requirements file with what reqfile_dump prints:

- the lines pip's RequirementsFileParser._parse_file() yields (its
  preprocessing, break_args_options, shlex and optparse), reduced to what
  pip acts on (as _parse_and_recurse() and handle_line() do);
- for requirements and -e, what install_req_from_line() and
  install_req_from_editable() make of them (local file or directory, URL,
  name, version specifier, markers), or that both refuse them;
- for -r/-c, the file pip would open (get_file_content(), patched to tell);
- for -f, where handle_option_line() and build_source() look;
- whether the file is refused at all.

Cases are small dictionaries: "req" is the requirements file (req.txt, in
the scratch directory or in "subdir"; "{root}" becomes the scratch
directory), "files" other files to make (a name ending in "/" makes a
directory), "env" variables for ${VAR}. "pip_errors": True notes that pip
fails there with an exception other than its own errors (a crash counts as
refusing, and reqfile must refuse too). "refused": WHY marks a deliberate
difference: pip accepts the requirement (to fail later), reqfile refuses it
at once, and the test checks that it does.
"""

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

SHOW = False

PROJECT = {"pyproject.toml": "[project]\nname = 'x'\n"}


def case(name, req, files=None, env=None, subdir=None, pip_errors=False, refused=None):
    return {"name": name, "req": req, "files": files or {}, "env": env or {},
            "subdir": subdir, "pip_errors": pip_errors, "refused": refused}


CASES = [
    # --- lines, comments, continuations ---
    case("blank-and-comments", "\n\n# a comment\n   # indented\nfoo  # trailing\nbar#not-a-comment\n"),
    case("crlf", "foo==1.0\r\nbar\r\n\r\n-r other.txt\r\n", files={"other.txt": ""}),
    case("cr-only", "foo\rbar\r"),
    case("other-line-breaks", "foo\x0bbar\x0cbaz\x1cqux\x1dquux\x1ecorge\u0085grault\u2028garply\u2029waldo\n"),
    case("continuation", "foo\\\n==1.0\nbar \\\n  >=2 \\\n  ,<3\n"),
    case("continuation-at-eof", "foo\\"),
    case("continuation-into-comment", "foo \\\n# comment\nbar\n"),
    case("continuation-across-comment", "foo # c \\\nbar\nbaz\n"),
    case("comment-ending-in-backslash", "# comment \\\nfoo\n"),
    case("double-backslash", "foo\\\\\n==1\n"),
    case("leading-backslash", "\\foo\\\n\\bar\n"),
    case("unicode-space-comment", "foo\u3000# comment\nbar\u00a0\n\u2003baz\n"),
    case("bom", "\ufefffoo\nbar\n"),
    case("not-utf8", b"foo\nb\xe9r\n"),
    case("many-continuations", "foo \\\n\\\n \\\n==1.0\nbar\n"),
    case("lone-backslash", "\\\n"),
    case("hash-in-url", "https://example.com/x.whl#sha256=abc\n"),
    # --- options ---
    case("nested-forms", "-r a.txt\n-rb.txt\n--requirement=c.txt\n--requirement d.txt\n"
         "-c e.txt\n-ce.txt\n--constraint=e.txt\n--constr e.txt\n",
         files={"a.txt": "", "b.txt": "", "c.txt": "", "d.txt": "", "e.txt": ""}),
    case("abbreviations", "--requirem a.txt\n--no-i\n--ex https://x/simple\n--pref\n--tru host\n"
         "--cons a.txt\n--ha=x\n", files={"a.txt": ""}),
    case("abbreviation-hash", "foo --ha=sha256:abc --conf a=b --gl x\n"),
    case("ambiguous-requir", "--requir a.txt\n"),
    case("ambiguous-con", "--con a.txt\n"),
    case("ambiguous-re", "--re a.txt\n"),
    case("ambiguous-pr", "--pr\n"),
    case("ambiguous-no", "--no\n"),
    case("unknown-option", "--frobnicate\n"),
    case("unknown-short", "-x foo\n"),
    case("missing-value", "-r\n"),
    case("missing-value-long", "--index-url\n"),
    case("flag-with-value", "--pre=yes\n"),
    case("option-takes-next-dash", "-r --pre\n", files={"--pre": ""}),
    case("short-equals", "-r=x.txt\n", files={"=x.txt": ""}),
    case("short-attached", "-ihttps://a/simple\n-fwheels\n-c'q u.txt'\n", files={"wheels/": None}),
    case("empty-values", "--index-url=\n--trusted-host ''\n-r ''\n"),
    case("quoted-nested", "-r 'a b.txt'\n-r a\\ b.txt\n", files={"a b.txt": ""}),
    case("index-options", "-i https://a/simple --extra-index-url https://b/simple --extra-index-url=https://c/simple\n"
         "--pypi-url https://d/simple\n--no-index\n--index-url=https://e/simple -i https://f/simple\n"),
    case("extra-before-index", "--extra-index-url https://b/simple -i https://a/simple\n"),
    case("flags", "--pre\n--prefer-binary\n--require-hashes\n--pre --pre\n"),
    case("binary", "--only-binary :all:\n--no-binary foo,bar\n--only-binary=:none:\n"),
    case("binary-on-requirement-line", "foo --no-binary :all:\n-r x.txt --only-binary bar\n",
         files={"x.txt": ""}),
    case("binary-dash-value", "--no-binary -foo\n"),
    case("trusted-and-features", "--trusted-host a.example --trusted-host b.example:8080\n--use-feature fast-deps\n"),
    case("multi-nested-first-wins", "-r a.txt -r b.txt\n-r a.txt -c b.txt\n-c b.txt -r a.txt\n",
         files={"a.txt": "", "b.txt": ""}),
    case("nested-ignores-rest", "-r a.txt --pre --index-url https://x/simple\n", files={"a.txt": ""}),
    case("find-links-first-wins", "-f ./w1 -f ./w2\n", files={"w1/": None, "w2/": None}),
    case("editable-first-wins", "-e ./p1 -e ./p2\n",
         files={"p1/pyproject.toml": "", "p2/pyproject.toml": ""}),
    case("editable-ignores-nested", "-e ./p1 -r a.txt\n", files={"p1/pyproject.toml": "", "a.txt": ""}),
    case("double-dash-ends-options", "--pre -- -r a.txt\n"),
    case("positional-after-option-ignored", "--pre foo\n"),
    case("quoting", "--trusted-host 'a b' --trusted-host \"c\\\"d\" --trusted-host e\\ f --trusted-host ''\n"),
    case("quoting-unclosed", "--trusted-host 'abc\n"),
    case("quoting-escape-at-end", "--trusted-host abc\\\n"),
    case("quoting-dq-backslash", "--trusted-host \"a\\b\\\\c\"\n"),
    case("tab-is-not-a-separator", "foo==1.0\t--hash=sha256:abc\n"),
    case("double-space-before-option", "foo  --hash=sha256:abc\n"),
    # --- per-requirement options ---
    case("hashes", "foo==1.0 --hash=sha256:abc --hash=sha256:def \\\n    --hash sha512:0123\n"),
    case("hash-bad-algorithm", "foo==1.0 --hash=md5:abc\n"),
    case("hash-no-colon", "foo==1.0 --hash=sha256\n"),
    case("hash-empty-digest", "foo==1.0 --hash=sha256:\n"),
    case("hash-on-option-line", "--hash=sha256:abc\n"),
    case("hash-order", "foo --hash=sha512:a --hash=sha256:b --hash=sha512:c\n"),
    case("config-settings-repeated", "foo -C a=1 -C a=2 -C b=3\n"),
    case("options-on-editable-line", "-e ./p --hash=sha256:abc --global-option=x\n", files={"p/setup.py": ""}),
    case("config-settings", "foo -C a=b --config-settings c=d --config-settings=e=f=g --global-option=--x\n"),
    case("config-settings-no-equals", "foo -C ab\n"),
    case("options-ignored-on-requirement-line", "foo --pre -i https://x/simple -r nothere.txt\n"),
    case("bad-option-on-requirement-line", "foo --prefix=x\n"),
    # --- ${VAR} ---
    case("vars", "${NAME}==${VERSION}\n${UNSET}\n${EMPTY}x\n$NAME ${lower}\n",
         env={"NAME": "foo", "VERSION": "1.0", "EMPTY": ""}),
    case("var-makes-option", "${OPT} a.txt\n", env={"OPT": "-r"}, files={"a.txt": ""}),
    case("var-after-comment-strip", "foo ${HASH}\n", env={"HASH": "# not a comment"}),
    case("var-value-with-var", "${A} ${B}\n", env={"A": "${B}", "B": "bar"}),
    case("var-repeated", "${A}${A} ${A}\n", env={"A": "x"}),
    case("var-with-spaces", "${A}\n", env={"A": " foo "}),
    # --- requirements: names, markers, extras ---
    case("specifiers", "foo\nfoo==1.0\nfoo>=1,<2\nfoo (>=1)\nfoo[a,b]==1\nfoo[]\nFoo_Bar.baz~=1.4.2\n"
         "foo===anything\nfoo== 1.0\nfoo==\n"),
    case("tilde-alpha", "foo~=1.0alpha1\n"),
    case("tilde-a", "foo~=1.0a1.post2.dev3\n"),
    case("tilde-one-part", "foo~=1\n"),
    case("triple-comma", "foo===a,b\n"),
    case("triple-comma-valid", "foo===a,>=1\n"),
    case("extras-after-version", "foo>=1.0[x]\n"),
    case("markers", "foo; python_version < \"3.9\"\nbar ; os_name=='posix' and (sys_platform=='linux' or extra == \"x\")\n"
         "baz;platform.machine in 'x86_64'\n"),
    case("marker-not-in", "foo; 'a' not in extra\n"),
    case("marker-bad", "foo; python_version <\n"),
    case("marker-unknown-var", "foo; pyversion == '3'\n"),
    case("marker-empty", "foo;\n"),
    case("marker-no-space-needed", "foo;python_version=='3'and os_name=='x'\n"),
    case("invalid-name", "-foo\n"),
    case("invalid-requirement", "foo bar\n"),
    case("invalid-equals", "foo=1.0\n"),
    case("invalid-trailing-dash", "foo-\n"),
    case("invalid-extras", "foo[a b]\n"),
    case("parens-unbalanced", "foo (>=1\n"),
    case("non-ascii-name", "caf\u00e9\n"),
    case("marker-nested", "foo; " + "(" * 20 + "os_name == 'x'" + ")" * 20 + "\n"),
    case("marker-space-only", "foo ;   \n"),
    case("marker-not--in", "foo; 'a' not  in extra\n"),
    case("marker-unicode-space", "foo; os_name\u00a0== 'x'\n"),
    case("legacy-unicode-space", "foo ==\u00a01.0\n"),
    case("spec-paren-then-marker", "foo (>=1,<2) ; os_name=='x'\n"),
    # --- PEP 508 direct references ---
    case("direct-file", "foo @ file:///abs/foo-1.0-py3-none-any.whl\n"),
    case("direct-file-quoted", "foo @ file:///a%20b/x.tar.gz\n"),
    case("direct-file-localhost", "foo @ file://localhost/abs/x\n"),
    case("direct-file-one-slash", "foo @ file:/abs/x\n"),
    case("direct-file-relative", "foo @ file:../x\n"),
    case("direct-file-remote-host", "foo @ file://host/x\n", pip_errors=True),
    case("direct-https", "foo @ https://example.com/foo-1.0.tar.gz\n"),
    case("direct-https-marker", "foo @ https://example.com/foo.zip ; python_version >= '3'\n"),
    case("direct-https-semicolon", "foo @ https://example.com/a;b\n"),
    case("direct-vcs", "foo @ git+https://github.com/x/foo@v1\n"),
    case("direct-no-scheme", "foo @ example.com/foo\n"),
    case("direct-extras", "foo[bar] @ https://example.com/foo.whl\n"),
    case("direct-extras-marker", "foo[bar] @ https://example.com/foo.whl ; python_version > '3'\n"),
    case("direct-file-dir", "foo @ file://{root}/proj\n", files={"proj/setup.py": ""}),
    case("direct-file-empty", "foo @ file://\n", refused="names the empty path"),
    # --- URLs ---
    case("url-wheel", "https://example.com/pkgs/foo_bar-1.0-py3-none-any.whl\n"),
    case("url-sdist-egg", "https://example.com/foo.tar.gz#egg=foo\n"),
    case("url-no-name", "https://example.com/foo.tar.gz\n"),
    case("url-marker", "https://example.com/foo.tar.gz#egg=foo; python_version >= '3'\n"),
    case("url-marker-no-space", "https://example.com/foo.tar.gz;python_version>='3'\n"),
    case("url-bad-wheel", "https://example.com/notawheel.whl\n"),
    case("url-egg-empty", "https://example.com/foo.tar.gz#egg=\n"),
    case("url-egg-query", "https://example.com/foo?x=1&egg=bar\n"),
    case("vcs", "git+https://github.com/x/foo.git@main#egg=foo\nhg+ssh://hg@host/foo\nsvn+svn://host/foo#egg=foo&subdirectory=x\n"),
    case("ftp", "ftp://example.com/foo-1.0.tar.gz\n"),
    case("url-ipv6", "https://[::1]:8080/foo-1.0-py3-none-any.whl\n"),
    case("url-bad-ipv6", "https://[::1/foo.whl\n", pip_errors=True),
    case("url-bad-bracket-host", "https://[1.2.3.4]/foo.whl\n", pip_errors=True),
    case("url-scheme-case", "HTTPS://example.com/foo-1.0-py3-none-any.whl\n"),
    # --- file: URLs ---
    case("file-url-quoted", "file:///a%20b/x-1.0-py3-none-any.whl\n"),
    case("file-url-localhost", "file://localhost/abs/x-1.0.tar.gz\n"),
    case("file-url-one-slash", "file:/abs/x-1.0.zip\n"),
    case("file-url-relative", "file:../x-1.0.tar.gz\n", subdir="sub"),
    case("file-url-relative-plain", "file:x-1.0.tar.gz\n", files={"x-1.0.tar.gz": "x"}),
    case("file-url-dotdot-drops-fragment", "file:../x.tar.gz#egg=foo\n", subdir="sub"),
    case("file-url-dir", "file:./proj\n", files={"proj/setup.py": ""}),
    case("file-url-remote", "file://host/x.whl\n", pip_errors=True),
    case("file-url-upper", "FILE:///x-1.0.tar.gz\n", pip_errors=True),
    case("file-url-bad-utf8", "file:///x%FF%C3.tar.gz\n"),
    case("file-url-absolute-dotdot", "file:///tmp/../x-1.0.tar.gz#egg=x\n"),
    case("git-file", "git+file:///local/repo#egg=x\n"),
    # --- paths ---
    case("path-dir", "./proj\nproj/\n../here/proj\n", files={"proj/pyproject.toml": ""}, subdir="here"),
    case("path-dir-extras", "./proj[extra1,extra2]\n", files={"proj/setup.py": ""}),
    case("path-dir-bad-extras", "./proj[a b]\n", files={"proj/setup.py": ""}),
    case("path-dir-not-installable", "./empty\n", files={"empty/": None}),
    case("path-dir-not-path-like", "proj\n", files={"proj/setup.py": ""}),
    case("path-dir-dotted-name", ".proj\n", files={".proj/setup.py": ""}),
    case("path-missing", "./nothere\n"),
    case("path-missing-archive", "./nothere-1.0.tar.gz\nsub/foo-1.0-py3-none-any.whl\n"),
    case("path-file-not-archive", "./notes.txt\n", files={"notes.txt": "x"}),
    case("archive-exists", "foo-1.0.tar.gz\nfoo-1.0-py3-none-any.whl\nfoo.ZIP\nfoo.tar.bz2\nx.tbz\nx.tar.xz\nx.txz\nx.tlz\nx.tar.lz\nx.tar.lzma\nx.tgz\nx.tar\n",
         files={"foo-1.0.tar.gz": "x", "foo-1.0-py3-none-any.whl": "x", "foo.ZIP": "x",
                "foo.tar.bz2": "x", "x.tbz": "x", "x.tar.xz": "x", "x.txz": "x", "x.tlz": "x",
                "x.tar.lz": "x", "x.tar.lzma": "x", "x.tgz": "x", "x.tar": "x"}),
    case("archive-missing", "foo-1.0.tar.gz\n"),
    case("archive-missing-wheel", "foo-1.0-py3-none-any.whl\n"),
    case("archive-not-really", "x.tar.zip\n"),
    case("archive-named-directory", "foo-1.0.tar.gz\n", files={"foo-1.0.tar.gz/setup.py": ""}),
    case("dir-extras-trailing-slash", "legacy/[a,b]\n", files={"legacy/setup.py": ""}),
    case("wheel-uppercase-ext", "x-1.0-py3-none-any.WHL\n", files={"x-1.0-py3-none-any.WHL": "x"}),
    case("wheel-build-tag", "foo-1.0-1build-py3-none-any.whl\n"),
    case("wheel-bad-name", "./notawheel.whl\n"),
    case("wheel-bad-name-missing", "sub/x.whl\n"),
    case("wheel-underscores", "./foo_bar-1.0_1-py3-none-any.whl\n"),
    case("wheel-plus-name", "./foo+bar-1.0-py3-none-any.whl\n"),
    case("wheel-empty-version", "./foo--py3-none-any.whl\n"),
    case("wheel-too-many-dashes", "./a-b-1-c-d-e-f.whl\n"),
    case("wheel-quoted-name", "./foo%2Dbar-1.0-py3-none-any.whl\n"),
    case("path-empty-extras", "./proj[]\n", files={"proj/setup.py": ""}),
    case("path-tilde", "~/x-1.0.tar.gz\n"),
    case("path-egg-fragment", "./proj#egg=x\n", files={"proj/setup.py": ""}),
    case("path-dotdot-archive", "../x-1.0.tar.gz\nsub/../y.zip\n", subdir="sub"),
    case("at-archive-name", "foo @ ./x/foo-1.0.tar.gz\n"),
    case("at-path-like", "./x@y/foo-1.0.tar.gz\n"),
    case("path-absolute", "/nonexistent/foo-1.0.tar.gz\n"),
    case("path-marker", "./proj ; python_version >= '3'\n", files={"proj/setup.py": ""}),
    case("path-percent", "./a%20b-1.0.tar.gz\n"),
    # --- -e ---
    case("editable-dir", "-e ./proj\n--editable=proj[x]\n-e proj\n", files={"proj/setup.py": ""}),
    case("editable-not-installable", "-e ./empty\n", files={"empty/": None}),
    case("editable-vcs", "-e git+https://github.com/x/foo.git#egg=foo\n-e git://github.com/x/foo#egg=foo\n"
         "-e svn:host/x#egg=x\n"),
    case("editable-vcs-no-egg", "-e git+https://github.com/x/foo.git\n"),
    case("editable-not-vcs", "-e https://example.com/foo.tar.gz\n"),
    case("editable-hg-shorthand", "-e hg:host/x#egg=x\n"),
    case("editable-missing", "-e ./nothere\n"),
    case("editable-file-url", "-e file:./proj#egg=proj\n-e file:///abs/x\n", files={"proj/setup.py": ""}),
    case("editable-file-url-empty-egg", "-e file:./proj#egg=\n", files={"proj/setup.py": ""}),
    case("editable-empty", "-e ''\n"),
    case("editable-extras-file-url", "-e file:./proj[a,b]\n-e file:./proj[a b]\n", files={"proj/setup.py": ""}),
    case("editable-vcs-extras", "-e git+https://h/r#egg=foo&x=[a b]\n"),
    case("editable-vcs-bad-egg", "-e git+https://h/r#egg=foo bar\n"),
    # --- nested files and find-links, relative to the file ---
    case("nested-relative", "-r a.txt\n-r ../top.txt\n-c /abs/c.txt\n-r file:///abs/n.txt\n",
         files={"sub/a.txt": "", "top.txt": ""}, subdir="sub"),
    case("nested-url", "-r https://example.com/r.txt\n-r http://example.com/r.txt\n"),
    case("nested-file-url-remote", "-r file://host/r.txt\n", pip_errors=True),
    case("find-links", "-f ./wheels\n-f wheels\n--find-links=https://example.com/links\n-f file:///abs/w\n"
         "-f nothere\n-f ./index.html\n", files={"sub/wheels/": None, "sub/index.html": ""},
         subdir="sub"),
    case("find-links-cwd", "-f cwdonly\n", files={"cwdonly/": None}, subdir="sub"),
]


def write_files(root, c):
    for name, content in c["files"].items():
        path = os.path.join(root, name)
        if name.endswith("/"):
            os.makedirs(path, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
    where = os.path.join(root, c["subdir"]) if c["subdir"] else root
    os.makedirs(where, exist_ok=True)
    path = os.path.join(where, "req.txt")
    req = c["req"]
    if isinstance(req, str):
        req = req.replace("{root}", root).encode("utf-8")
    with open(path, "wb") as f:
        f.write(req)
    return os.path.relpath(path, root)


# --- pip's view -------------------------------------------------------------

def pip_modules():
    from pip._internal.req import req_file
    from pip._internal.req import constructors
    from pip._internal.network.session import PipSession
    from pip._internal.index.collector import LinkCollector
    from pip._internal.index.package_finder import PackageFinder
    from pip._internal.index import sources
    from pip._internal.models.search_scope import SearchScope
    from pip._internal.models.selection_prefs import SelectionPreferences
    from pip._internal.utils.urls import url_to_path
    from pip._vendor.packaging.markers import Marker
    return locals()


def norm(path):
    return os.path.normpath(os.path.join(os.getcwd(), path)) if path is not None else None


def ref_of_install_req(ir):
    name = ir.req.name if ir.req else None
    spec = sorted(str(s) for s in ir.req.specifier) if ir.req else []
    markers = str(ir.markers) if ir.markers else None
    link = ir.link
    if link is None:
        return {"kind": "name", "name": name, "specifier": spec, "markers": markers}
    if link.is_file:
        path = ir.source_dir if ir.editable else link.file_path
        kind = "local-dir" if os.path.isdir(path) else "local-file"
        return {"kind": kind, "path": norm(path), "name": name, "specifier": spec, "markers": markers}
    return {"kind": "url", "url": link.url, "name": name, "specifier": spec, "markers": markers}


def pip_ref(m, pl):
    """What pip makes of a requirement line, or "error"."""
    try:
        if pl.is_requirement and pl.is_editable:
            ir = m["constructors"].install_req_from_editable(pl.requirement)
        else:
            ir = m["constructors"].install_req_from_line(pl.requirement, line_source="x")
        return ref_of_install_req(ir)
    except Exception:
        return "error"


def pip_nested(m, filename, pl):
    """The file pip would open for a -r/-c line, by its own recursion step."""
    opened = []

    class One(m["req_file"].RequirementsFileParser):
        def _parse_file(self, fn, constraint):
            opened.append(fn)
            if len(opened) == 1:
                yield pl

    list(One(None, None)._parse_and_recurse(filename, False))
    target = opened[1]
    scheme = target.split(":", 1)[0].lower() if ":" in target else None
    if scheme not in ("http", "https", "file"):
        return {"kind": "local-file", "path": norm(target)}
    # get_file_content() hands URLs to the session: is there an adapter?
    try:
        m["PipSession"]().get_adapter(url=target)
        if scheme == "file":
            return {"kind": "local-file", "path": norm(m["url_to_path"](target))}
    except Exception:
        return "error"
    return {"kind": "url", "url": target}


def pip_find_links(m, filename, pl):
    session = m["PipSession"]()
    scope = m["SearchScope"].create(find_links=[], index_urls=[], no_index=False)
    finder = m["PackageFinder"].create(
        link_collector=m["LinkCollector"](session=session, search_scope=scope),
        selection_prefs=m["SelectionPreferences"](allow_yanked=True))
    m["req_file"].handle_option_line(pl.opts, filename, pl.lineno, finder=finder)
    location = finder.find_links[-1]
    try:
        url, source = m["sources"].build_source(
            location, candidates_from_page=lambda link: [], page_validator=lambda link: True,
            expand_dir=True, cache_link_parsing=False)
    except Exception:
        return "error"
    if url is None:  # ignored; reqfile names the place beside the file
        beside = os.path.join(os.path.dirname(os.path.abspath(filename)), pl.opts.find_links[0])
        return {"kind": "local-dir", "path": norm(beside)}
    if url.startswith("file:"):
        path = m["url_to_path"](url)
        return {"kind": "local-dir" if os.path.isdir(path) else "local-file", "path": norm(path)}
    return {"kind": "url", "url": url}


def hashes_of(opts):
    return [f"{alg}:{d}" for alg, ds in (getattr(opts, "hashes", None) or {}).items() for d in ds]


def config_of(opts):
    out = []
    for k, v in (getattr(opts, "config_settings", None) or {}).items():
        for one in (v if isinstance(v, list) else [v]):
            out.append(f"{k}={one}")
    return sorted(out)


NO_EFFECT = {"no_binary": [], "only_binary": [], "kind": "options", "require_hashes": False,
             "features": [], "no_index": False, "index_url": None, "extra_index_urls": [],
             "find_links": None, "pre": False, "prefer_binary": False, "trusted_hosts": []}


def pip_view(m, filename):
    """[per line: dict], or "error" when pip refuses the file."""
    parser = m["req_file"].RequirementsFileParser(m["PipSession"](), m["req_file"].get_line_parser(None))
    # optparse appends to the default list of --use-feature, which every
    # parser shares: start afresh (pip only ever adds features it lacks).
    m["req_file"].cmdoptions.use_new_feature.keywords["default"].clear()
    lines = parser._parse_file(filename, False)
    seen = []

    def unseen(features):
        new = [f for f in features if f not in seen]
        seen.extend(new)
        return new

    out = []
    while True:
        # Each line as pip handles it: before the next is parsed.
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                pl = next(lines)
        except StopIteration:
            break
        except Exception:
            return "error"
        o = pl.opts
        fc = o.format_control
        entry = {"lineno": pl.lineno,
                 "no_binary": sorted(fc.no_binary), "only_binary": sorted(fc.only_binary)}
        if pl.is_requirement and not pl.is_editable:
            entry.update(kind="requirement", value=pl.requirement, hashes=hashes_of(o),
                         config_settings=config_of(o), global_options=o.global_options or [],
                         ref=pip_ref(m, pl))
        elif pl.is_requirement:
            entry.update(kind="editable", value=pl.requirement, ref=pip_ref(m, pl))
        elif o.requirements or o.constraints:
            kind = "requirements" if o.requirements else "constraints"
            value = (o.requirements or o.constraints)[0]
            entry.update(kind=kind, value=value, ref=pip_nested(m, filename, pl))
        else:
            entry.update(kind="options", require_hashes=o.require_hashes,
                         features=unseen(o.features_enabled), no_index=o.no_index, index_url=o.index_url,
                         extra_index_urls=o.extra_index_urls,
                         find_links=o.find_links[0] if o.find_links else None,
                         pre=o.pre, prefer_binary=o.prefer_binary, trusted_hosts=o.trusted_hosts)
            if o.find_links:
                entry["find_links_ref"] = pip_find_links(m, filename, pl)
        if entry != dict(NO_EFFECT, lineno=pl.lineno):
            out.append(entry)
    return out


# --- reqfile's view, put the same way ----------------------------------------

def handle_binary(value, target, other):
    """pip's FormatControl.handle_mutual_excludes(), on names as written."""
    from pip._vendor.packaging.utils import canonicalize_name
    new = value.split(",")
    while ":all:" in new:
        other.clear()
        target.clear()
        target.add(":all:")
        del new[: new.index(":all:") + 1]
        if ":none:" not in new:
            return
    for name in new:
        if name == ":none:":
            target.clear()
            continue
        name = canonicalize_name(name)
        other.discard(name)
        target.add(name)


def group_hashes(hashes):
    """As pip keeps them: a list per algorithm, algorithms in order of first use."""
    by_alg = {}
    for h in hashes:
        alg, digest = h.split(":", 1)
        by_alg.setdefault(alg, []).append(digest)
    return [f"{alg}:{d}" for alg, ds in by_alg.items() for d in ds]


def spec_list(raw):
    if not raw:
        return []
    from pip._vendor.packaging.specifiers import SpecifierSet
    return sorted(str(s) for s in SpecifierSet(raw))


def c_ref(m, ref):
    if ref is None:
        return None
    if ref.get("error"):
        return "error"
    out = {"kind": ref["kind"]}
    if ref["kind"] in ("local-file", "local-dir"):
        out["path"] = norm(ref["path"])
    elif ref["kind"] == "url":
        out["url"] = ref["url"]
    return out


def c_ref_full(m, ref):
    out = c_ref(m, ref)
    if out in (None, "error"):
        return out
    out["name"] = ref["name"]
    out["specifier"] = spec_list(ref["specifier"])
    out["markers"] = str(m["Marker"](ref["markers"])) if ref["markers"] else None
    return out


def c_view(m, dump, filename):
    proc = subprocess.run([dump, filename], capture_output=True, text=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    if proc.returncode:
        return "error", proc.stderr
    rows = rows[:-1]  # the vars
    seen = []

    def unseen(features):
        new = [f for f in features if f not in seen]
        seen.extend(new)
        return new

    out = []
    by_line = {}
    for r in rows:
        by_line.setdefault(r["lineno"], []).append(r)
    for lineno, group in by_line.items():
        nb, ob = set(), set()
        entry = {"lineno": lineno}
        rest = []
        for r in group:
            if r["longopt"] == "--no-binary":
                handle_binary(r["value"], nb, ob)
            elif r["longopt"] == "--only-binary":
                handle_binary(r["value"], ob, nb)
            else:
                rest.append(r)
        entry.update(no_binary=sorted(nb), only_binary=sorted(ob))
        if rest and rest[0]["kind"] == "requirement":
            r = rest[0]
            entry.update(kind="requirement", value=r["value"], hashes=group_hashes(r["hashes"]),
                         config_settings=sorted(r["config_settings"]),
                         global_options=r["global_options"], ref=c_ref_full(m, r["ref"]))
        elif rest and rest[0]["kind"] == "editable":
            entry.update(kind="editable", value=rest[0]["value"], ref=c_ref_full(m, rest[0]["ref"]))
        elif rest and rest[0]["kind"] in ("requirements", "constraints"):
            entry.update(kind=rest[0]["kind"], value=rest[0]["value"], ref=c_ref(m, rest[0]["ref"]))
        else:
            opts = {r["longopt"]: r for r in rest}
            each = lambda name: [r["value"] for r in rest if r["longopt"] == name]
            entry.update(kind="options", require_hashes="--require-hashes" in opts,
                         features=unseen(each("--use-feature")), no_index="--no-index" in opts,
                         index_url=opts["--index-url"]["value"] if "--index-url" in opts else None,
                         extra_index_urls=each("--extra-index-url"),
                         find_links=opts["--find-links"]["value"] if "--find-links" in opts else None,
                         pre="--pre" in opts, prefer_binary="--prefer-binary" in opts,
                         trusted_hosts=each("--trusted-host"))
            if "--find-links" in opts:
                entry["find_links_ref"] = c_ref(m, opts["--find-links"]["ref"])
        if entry != dict(NO_EFFECT, lineno=lineno):
            out.append(entry)
    return out, proc.stderr


def compare(m, c, dump, root):
    filename = write_files(root, c)
    saved_env = {k: os.environ.get(k) for k in c["env"]}
    os.environ.update(c["env"])
    try:
        want = pip_view(m, filename)
        got, stderr = c_view(m, dump, filename)
    finally:
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if SHOW:
        print(f"case {c['name']}: {json.dumps(want)}")
    if c["refused"] and want != "error" and got != "error":
        # Same lines, but reqfile refuses what pip would take for now.
        want = [dict(e, ref="error") if e.get("ref") not in (None, "error") else e for e in want]
    if want != got:
        return (f"case {c['name']}: {c['req']!r}\n  pip:     {json.dumps(want)}\n"
                f"  reqfile: {json.dumps(got)}\n  reqfile said: {stderr.strip()}")
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--case")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--show", action="store_true", help="print what pip made of each case")
    ap.add_argument("--any-pip", action="store_true", help="compare with another pip all the same")
    args = ap.parse_args()
    global SHOW
    SHOW = args.show
    try:
        import pip
    except ImportError:
        print("SKIP: no pip in", sys.executable)
        return 77
    if not pip.__version__.startswith("23.2") and not args.any_pip:
        print(f"SKIP: reqfile follows pip 23.2, {sys.executable} has pip {pip.__version__}")
        return 77
    import logging
    logging.disable(logging.CRITICAL)
    import warnings
    warnings.simplefilter("ignore")
    m = pip_modules()
    dump = os.path.abspath(args.dump)
    failures = 0
    ran = 0
    for c in CASES:
        if args.case and c["name"] != args.case:
            continue
        root = tempfile.mkdtemp(prefix="reqfile-diff-")
        cwd = os.getcwd()
        os.chdir(root)
        try:
            why = compare(m, c, dump, root)
        finally:
            os.chdir(cwd)
            if not args.keep:
                shutil.rmtree(root)
        ran += 1
        if why:
            failures += 1
            print("FAIL", why)
    print(f"{ran - failures}/{ran} cases agree with pip {pip.__version__}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
