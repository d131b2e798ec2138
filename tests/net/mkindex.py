"""mkindex.py SRV: a static simple repository in SRV for the index tests,
from wheels built here (tests/parity/wheelgen.py):

  SRV/files/*.whl                        the files
  SRV/simple/<project>/index.html        PEP 503 (relative links, #sha256=,
                                         data-requires-python, data-yanked)
  SRV/simple/<project>/index.json        PEP 691, the same files

Projects: alpha 1.0 (needs beta, console script alpha), beta 2.0, gamma
1.0 and 1.1, where gamma 1.0 also has a yanked build (1) and one whose
Requires-Python excludes every interpreter (build 2), each of which pip
would otherwise prefer; delta 1.0, whose index digest is wrong.
"""
import hashlib
import html
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "parity"))
from wheelgen import make_wheel  # noqa: E402


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    srv = sys.argv[1]
    files = os.path.join(srv, "files")
    os.makedirs(files, exist_ok=True)
    mod = lambda n, v: {"%s/__init__.py" % n: "WHO = %r\ndef main():\n    print(WHO)\n" % ("%s %s" % (n, v))}
    made = {
        "alpha": [make_wheel(files, "alpha", "1.0", modules=mod("alpha", "1.0"),
                             console_scripts={"alpha": "alpha:main"}, requires=["beta"])],
        "beta": [make_wheel(files, "beta", "2.0", modules=mod("beta", "2.0"))],
        "gamma": [make_wheel(files, "gamma", "1.0", modules=mod("gamma", "1.0")),
                  make_wheel(files, "gamma", "1.1", modules=mod("gamma", "1.1"))],
        "delta": [make_wheel(files, "delta", "1.0", modules=mod("delta", "1.0"))],
    }
    entries = {name: [{"file": os.path.basename(p)} for p in paths] for name, paths in made.items()}
    plain = os.path.join(files, "gamma-1.0-py3-none-any.whl")
    for build, extra in (("1", {"yanked": "broken build"}), ("2", {"requires_python": ">=4"})):
        fn = "gamma-1.0-%s-py3-none-any.whl" % build
        shutil.copy(plain, os.path.join(files, fn))
        entries["gamma"].append(dict(file=fn, **extra))
    entries["delta"][0]["wrong_hash"] = True
    for name, items in entries.items():
        page = os.path.join(srv, "simple", name)
        os.makedirs(page, exist_ok=True)
        links, jfiles = [], []
        for it in items:
            fn = it["file"]
            digest = "0" * 64 if it.get("wrong_hash") else sha(os.path.join(files, fn))
            attrs = ""
            jf = {"filename": fn, "url": "../../files/" + fn, "hashes": {"sha256": digest}}
            if "requires_python" in it:
                attrs += ' data-requires-python="%s"' % html.escape(it["requires_python"])
                jf["requires-python"] = it["requires_python"]
            if "yanked" in it:
                attrs += ' data-yanked="%s"' % html.escape(it["yanked"])
                jf["yanked"] = it["yanked"]
            links.append('    <a href="../../files/%s#sha256=%s"%s>%s</a><br/>' % (fn, digest, attrs, fn))
            jfiles.append(jf)
        with open(os.path.join(page, "index.html"), "w") as f:
            f.write("<!DOCTYPE html>\n<html>\n  <head><title>Links for %s</title></head>\n  <body>\n"
                    "    <h1>Links for %s</h1>\n%s\n  </body>\n</html>\n" % (name, name, "\n".join(links)))
        with open(os.path.join(page, "index.json"), "w") as f:
            json.dump({"meta": {"api-version": "1.0"}, "name": name, "files": jfiles}, f, indent=1)


if __name__ == "__main__":
    main()
