"""How the process's memory allocator treats the large arrays of training.

A training step allocates and frees the same large arrays every batch (im2col
columns, activations, their gradients: up to ~20 MB each for the MNIST
convnet). By default glibc's malloc serves such blocks with fresh pages from
the operating system and hands freed ones back, so every batch pays a page
fault per 4 KB touched: ~7,000 faults, a quarter of the convnet's CPU time.
Deep-learning frameworks avoid this with caching allocators; kerasish can ask
malloc to keep and recycle freed blocks instead.

When: the first `fit` of a process asks for it (`reuse_freed_memory_for_training`),
because training is where it pays; importing kerasish, loading a model and
predicting leave the allocator alone. The setting then holds for the whole
process, every library in it included: `KERASISH_REUSE_FREED_MEMORY=0` keeps
`fit` from changing it, `=1` applies it at import already. Measured on the MNIST convnet (batch 128, one
BLAS thread, 12 steps, best of 3, three alternating runs each): 50.0-55.9 ms
of CPU and 5,300-6,000 page faults per step without it, 36.6-38.7 ms and no
page faults with it.
"""

import ctypes
import os
import sys

# Parameter numbers of glibc's mallopt (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

_ENVIRONMENT_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")


def keep_freed_memory_for_reuse(mmap_threshold=32 * 2**20, trim_threshold=128 * 2**20):
    """Asks glibc's malloc to reuse freed memory rather than return it to the OS.

    Blocks up to `mmap_threshold` bytes then come from the heap (instead of
    fresh pages each time), and up to `trim_threshold` free bytes stay there
    for the next allocation. Elsewhere than on glibc Linux, and when the user
    has set glibc's own `MALLOC_MMAP_THRESHOLD_`/`MALLOC_TRIM_THRESHOLD_`
    environment variables, nothing changes.

    Args:
        mmap_threshold: largest block, in bytes, served from the heap.
        trim_threshold: free bytes the heap keeps before shrinking.

    Returns:
        True when malloc accepted the settings, False when nothing changed.

    Examples:
        >>> from kerasish.backend import memory
        >>> memory.keep_freed_memory_for_reuse() in (True, False)
        True
    """
    if not sys.platform.startswith("linux") or any(
        name in os.environ for name in _ENVIRONMENT_SETTINGS
    ):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library symbols, or no mallopt (not glibc)
        return False
    accepted = mallopt(_M_MMAP_THRESHOLD, int(mmap_threshold))
    accepted = mallopt(_M_TRIM_THRESHOLD, int(trim_threshold)) and accepted
    return bool(accepted)


_TRAINING_SETTING_APPLIED = [False]


def reuse_freed_memory_for_training():
    """Applies `keep_freed_memory_for_reuse()` once per process, when training
    starts, unless `KERASISH_REUSE_FREED_MEMORY=0` says not to.

    Returns:
        True when the allocator setting was applied by this call.
    """
    if _TRAINING_SETTING_APPLIED[0]:
        return False
    _TRAINING_SETTING_APPLIED[0] = True
    if os.environ.get("KERASISH_REUSE_FREED_MEMORY") == "0":
        return False
    return keep_freed_memory_for_reuse()
