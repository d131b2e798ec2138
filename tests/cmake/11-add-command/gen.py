# Writes a C file with genconf's VALUE and what the process saw: it must
# run as if the environment were activated.
import os
import shutil
import sys

import genconf

out, arg = sys.argv[1], sys.argv[2]
seen = {
    "prefix": sys.prefix,
    "virtual_env": os.environ.get("VIRTUAL_ENV", ""),
    "which_python": shutil.which("python") or "",
    "pythonhome": os.environ.get("PYTHONHOME", "<unset>"),
    "note": os.environ.get("GEN_NOTE", ""),
    "arg": arg,
}
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out + ".tmp", "w") as f:
    f.write("int gen_value(void) { return %d; }\n" % genconf.VALUE)
    f.write("const char *const gen_seen[] = {\n")
    for k, v in seen.items():
        f.write('    "%s=%s",\n' % (k, v.replace("\\", "\\\\").replace('"', '\\"')))
    f.write("    0,\n};\n")
os.replace(out + ".tmp", out)
