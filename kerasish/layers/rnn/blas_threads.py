"""Runs the per-timestep matrix products of a recurrence on one BLAS thread.

A recurrent step multiplies a small `(batch, units)` state by the recurrent
kernel, a few hundred times per batch. OpenBLAS splits even such small
products across all its threads, and on a busy machine each of those calls
then waits for threads that other processes hold: a 64x64 by 64x256 product
measured 2-13 ms threaded against 0.03-0.2 ms on one thread on the shared
2-core machine. The sequence primitives therefore run their time loop with
OpenBLAS limited to one thread (the large input and weight-gradient GEMMs
before and after the loop keep every thread).

OpenBLAS is reached through ctypes, as threadpoolctl does, by finding the
library NumPy loaded; where it cannot be found (another BLAS, another OS)
this is a no-op.
"""

import ctypes
import sys

_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_", "openblas_set_num_threads")
_GETTERS = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
            "openblas_get_num_threads64_", "openblas_get_num_threads")
_FUNCTIONS = []  # [(getter, setter)] once looked up; [None] when unavailable


def _loaded_openblas_paths():
    if not sys.platform.startswith("linux"):
        return []
    try:
        with open("/proc/self/maps") as maps:
            lines = maps.read().splitlines()
    except OSError:
        return []
    paths = {line.split()[-1] for line in lines if "openblas" in line.lower() and "/" in line}
    return sorted(paths)


def _first_symbol(library, names):
    for name in names:
        function = getattr(library, name, None)
        if function is not None:
            return function
    return None


def _openblas_functions():
    if not _FUNCTIONS:
        import numpy  # noqa: F401  (loads OpenBLAS)

        found = None
        for path in _loaded_openblas_paths():
            try:
                library = ctypes.CDLL(path)
            except OSError:
                continue
            getter, setter = _first_symbol(library, _GETTERS), _first_symbol(library, _SETTERS)
            if getter is not None and setter is not None:
                getter.restype = ctypes.c_int
                found = (getter, setter)
                break
        _FUNCTIONS.append(found)
    return _FUNCTIONS[0]


class single_blas_thread:
    """Context manager: OpenBLAS uses one thread inside, its previous count after."""

    def __enter__(self):
        functions = _openblas_functions()
        self._previous = None
        if functions is not None:
            getter, setter = functions
            self._previous = getter()
            if self._previous != 1:
                setter(1)
        return self

    def __exit__(self, *exc_info):
        if self._previous not in (None, 1):
            _openblas_functions()[1](self._previous)
        return False
