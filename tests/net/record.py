"""record.py KEY ARCHIVE [PRIVATE_KEY]: prints a remote cache record, as
pyvenv writes one, for KEY naming ARCHIVE; signed with PRIVATE_KEY (a file
from `pyvenv cache keygen`) through nettle's ed25519 (libhogweed, by
ctypes), as a writer holding that key would sign it. For the tests that
plant entries on the server."""
import ctypes
import ctypes.util
import hashlib
import os
import sys


def main():
    key, archive = sys.argv[1], sys.argv[2]
    with open(archive, "rb") as f:
        data = f.read()
    text = "pyvenv-remote-cache 1\nkey %s\narchive %s %d\nmade-by pyvenv test\npython cpython 0\n" % (
        key, hashlib.sha256(data).hexdigest(), len(data))
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            tag, hexkey = f.read().split()[:2]
        assert tag == "pyvenv-ed25519-private"
        lib = ctypes.CDLL(ctypes.util.find_library("hogweed") or "libhogweed.so.6")
        secret = bytes.fromhex(hexkey)
        pub = ctypes.create_string_buffer(32)
        lib.nettle_ed25519_sha512_public_key(pub, secret)
        text += "signed-by %s\n" % pub.raw.hex()
        msg = text.encode()
        sig = ctypes.create_string_buffer(64)
        lib.nettle_ed25519_sha512_sign(pub, secret, ctypes.c_size_t(len(msg)), msg, sig)
        text += "signature %s\n" % sig.raw.hex()
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
