''''exit 64 # '''
# probe.py: what pyvenv needs to know about a Python interpreter, as JSON.
#
# The line above is a string to Python and `exit 64` to a shell: pyvenv
# gives this file to whatever --python names, and a shell (--python
# /bin/sh) must stop there, having run nothing of it.
#
# pyvenv runs this once per interpreter as `PYTHON -E -s -c <this file>` and
# caches the answer, so later environments need no Python start-up at all.
# It must parse on any Python (2.7 included) far enough to report the version,
# so pyvenv can say "too old" instead of showing a syntax error: no f-strings,
# no walrus, nothing newer than 2.7 syntax.
#
# The paths it reports are those the interpreter's own venv module uses for a
# new environment, relative to the environment's directory.
import sys

# -c puts the current directory first on sys.path; never import from it.
sys.path[:] = [p for p in sys.path if p not in ("", ".")]

import json
import os

MIN_VERSION = (3, 8)


def venv_paths():
    """Scripts, include and site-packages directories of a new environment."""
    import sysconfig

    if "venv" in sysconfig.get_scheme_names():
        # 3.11 and later: venv lays environments out by this scheme, which
        # knows about platlibdir and the free-threaded "t" suffix.
        marker = "/@PYVENV_PREFIX@"
        base = {"base": marker, "platbase": marker,
                "installed_base": marker, "installed_platbase": marker}
        paths = sysconfig.get_paths(scheme="venv", vars=base)
        rel = {}
        for key in ("scripts", "include", "purelib", "platlib"):
            rel[key] = os.path.relpath(paths[key], marker)
        return rel
    # 3.8 to 3.10: venv used fixed names.
    site = "lib/python%d.%d/site-packages" % sys.version_info[:2]
    return {"scripts": "bin", "include": "include",
            "purelib": site, "platlib": site}


def wheel_entry(name, version, path):
    entry = {"name": name, "version": version, "path": os.path.abspath(path)}
    try:
        st = os.stat(path)
        entry["size"] = st.st_size
        entry["mtime_ns"] = st.st_mtime_ns
    except OSError:
        entry["missing"] = True
    return entry


def bundled_wheels():
    """The wheels `python -m ensurepip` would install, in its own order."""
    try:
        import ensurepip
    except ImportError:
        return None
    here = os.path.join(os.path.dirname(ensurepip.__file__), "_bundled")
    wheels = []
    if hasattr(ensurepip, "_get_packages"):
        # 3.10 to 3.12, and distributions that patch in a wheel directory.
        for name, pkg in sorted(ensurepip._get_packages().items()):
            path = pkg.wheel_path or os.path.join(here, pkg.wheel_name)
            wheels.append(wheel_entry(name, pkg.version, path))
    elif hasattr(ensurepip, "_get_pip_whl_path_ctx"):
        # 3.13 and later: pip only.
        with ensurepip._get_pip_whl_path_ctx() as path:
            path = str(path)
            version = os.path.basename(path).split("-")[1]
            wheels.append(wheel_entry("pip", version, path))
    elif hasattr(ensurepip, "_PROJECTS"):
        # 3.8 and 3.9.
        for name, version, tag in ensurepip._PROJECTS:
            path = os.path.join(here, "%s-%s-%s-none-any.whl" % (name, version, tag))
            wheels.append(wheel_entry(name, version, path))
    return wheels


def main():
    info = {
        "probe": 1,
        "version": "%d.%d.%d" % tuple(sys.version_info[:3]),
        "version_info": list(sys.version_info[:3]),
        "implementation": getattr(getattr(sys, "implementation", None), "name", "cpython"),
        "executable": sys.executable,
    }
    if tuple(sys.version_info[:2]) < MIN_VERSION:
        sys.stdout.write(json.dumps(info) + "\n")
        return
    import sysconfig

    base = getattr(sys, "_base_executable", None) or sys.executable
    info.update({
        "base_executable": os.path.abspath(base),
        "real_executable": os.path.realpath(base),
        "real_sys_executable": os.path.realpath(sys.executable),
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "platform": sys.platform,
        "os_name": os.name,
        "is_64bit": sys.maxsize > 2 ** 32,
        "cache_tag": sys.implementation.cache_tag,
        "abiflags": getattr(sys, "abiflags", ""),
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "paths": venv_paths(),
        "ensurepip": True,
    })
    wheels = bundled_wheels()
    if wheels is None:
        info["ensurepip"] = False
        wheels = []
    info["wheels"] = wheels
    sys.stdout.write(json.dumps(info, sort_keys=True) + "\n")


main()
