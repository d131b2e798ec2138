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


def glibc_version():
    """(major, minor) of the C library's glibc, or None (musl, or unknown)."""
    try:
        text = os.confstr("CS_GNU_LIBC_VERSION")  # "glibc 2.36"
        name, version = text.split()
    except (AttributeError, OSError, ValueError):
        return None
    if name != "glibc":
        return None
    parts = version.split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return None


def musl_version():
    """(major, minor) of musl from the loader sys.executable names, or None."""
    import re
    import subprocess

    try:
        with open(sys.executable, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    m = re.search(br"/lib/ld-musl-[^\x00]+\.so\.1", head)
    if not m:
        return None
    try:
        out = subprocess.run([m.group(0).decode()], stderr=subprocess.PIPE,
                             stdout=subprocess.DEVNULL).stderr.decode(errors="replace")
    except OSError:
        return None
    v = re.search(r"Version (\d+)\.(\d+)", out)
    return (int(v.group(1)), int(v.group(2))) if v else None


# The last minor version of each glibc major: 2 only (packaging's table).
LAST_GLIBC_MINOR = {2: 50}
LEGACY_MANYLINUX = {(2, 17): "manylinux2014", (2, 12): "manylinux2010", (2, 5): "manylinux1"}


def linux_platforms(plat):
    """The platform tags an interpreter on plat ("linux_x86_64") supports,
    most preferred first: manylinux, musllinux, then the plain tag."""
    if sys.maxsize <= 2 ** 32:
        plat = {"linux_x86_64": "linux_i686", "linux_aarch64": "linux_armv8l"}.get(plat, plat)
    arch = plat.split("_", 1)[1]
    archs = {"armv8l": ["armv8l", "armv7l"]}.get(arch, [arch])
    tags = []
    glibc = glibc_version()
    if glibc and glibc[0] >= 2:
        oldest = (2, 4) if set(archs) & {"x86_64", "i686"} else (2, 16)
        maxima = [glibc] + [(major, LAST_GLIBC_MINOR.get(major, 0)) for major in range(glibc[0] - 1, 1, -1)]
        for a in archs:
            for top in maxima:
                low = oldest[1] if top[0] == oldest[0] else -1
                for minor in range(top[1], low, -1):
                    tags.append("manylinux_%d_%d_%s" % (top[0], minor, a))
                    if (top[0], minor) in LEGACY_MANYLINUX:
                        tags.append("%s_%s" % (LEGACY_MANYLINUX[(top[0], minor)], a))
    musl = musl_version()
    if musl:
        for a in archs:
            for minor in range(musl[1], -1, -1):
                tags.append("musllinux_%d_%d_%s" % (musl[0], minor, a))
    for a in archs:
        tags.append("linux_" + a)
    return tags


def platform_tags():
    import sysconfig

    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_").replace(" ", "_")
    if plat.startswith("linux_"):
        return linux_platforms(plat)
    return [plat]


def supported_tags():
    """The wheel tags the interpreter supports, most preferred first, as
    pip's packaging.tags.sys_tags() lists them for CPython (interpreters of
    other implementations: the generic and compatible tags only)."""
    import sysconfig

    major, minor = sys.version_info[:2]
    nodot = "%d%d" % (major, minor)
    platforms = platform_tags()
    tags = []
    cpython = sys.implementation.name == "cpython"
    if cpython:
        interp = "cp" + nodot
        debug = "d" if sysconfig.get_config_var("Py_DEBUG") else ""
        threading = "t" if minor >= 13 and sysconfig.get_config_var("Py_GIL_DISABLED") else ""
        abis = ["cp%s%s%s" % (nodot, threading, debug)]
        if debug:
            abis.append("cp%s%s" % (nodot, threading))
        for abi in abis:
            tags += ["%s-%s-%s" % (interp, abi, p) for p in platforms]
        use_abi3 = not threading
        if use_abi3:
            tags += ["%s-abi3-%s" % (interp, p) for p in platforms]
        tags += ["%s-none-%s" % (interp, p) for p in platforms]
        if use_abi3:
            for m in range(minor - 1, 1, -1):
                tags += ["cp%d%d-abi3-%s" % (major, m, p) for p in platforms]
    else:
        soabi = sysconfig.get_config_var("SOABI") or ""
        name = {"pypy": "pp"}.get(sys.implementation.name, sys.implementation.name)
        interp = name + nodot
        abi = soabi.split("-")[0].replace(".", "_").replace("-", "_") if soabi else "none"
        if abi != "none":
            tags += ["%s-%s-%s" % (interp, abi, p) for p in platforms]
        tags += ["%s-none-%s" % (interp, p) for p in platforms]
    pys = ["py" + nodot, "py%d" % major] + ["py%d%d" % (major, m) for m in range(minor - 1, -1, -1)]
    for py in pys:
        tags += ["%s-none-%s" % (py, p) for p in platforms]
    if cpython:
        tags.append("cp%s-none-any" % nodot)
    tags += ["%s-none-any" % py for py in pys]
    return tags


def marker_environment():
    """PEP 508's marker variables, as packaging's default_environment()."""
    import platform

    impl = sys.implementation
    v = impl.version
    iver = "%d.%d.%d" % (v.major, v.minor, v.micro)
    if v.releaselevel != "final":
        iver += v.releaselevel[0] + str(v.serial)
    return {
        "implementation_name": impl.name,
        "implementation_version": iver,
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }


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
        "tags": supported_tags(),
        "markers": marker_environment(),
        "ensurepip": True,
    })
    wheels = bundled_wheels()
    if wheels is None:
        info["ensurepip"] = False
        wheels = []
    info["wheels"] = wheels
    sys.stdout.write(json.dumps(info, sort_keys=True) + "\n")


main()
