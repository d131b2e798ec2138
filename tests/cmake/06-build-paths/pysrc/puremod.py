"""A pure-Python module on the environment's path through BUILD_PATHS."""
import _hello


def greet():
    return "pure and " + _hello.greet()
