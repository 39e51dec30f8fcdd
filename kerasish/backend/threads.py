"""Both cores for a training step: batch blocks on a small pool of threads,
and OpenBLAS's own threads kept out of their way.

Convolutions and pooling already work on cache-sized blocks of images. NumPy
releases the GIL inside its copies, ufuncs and BLAS calls, so Python threads
can run those blocks at the same time, each with a single-threaded GEMM:
every element-wise pass (im2col copies, relu masks, pooling, the input
gradient's additions) then uses all the cores, not only the GEMMs that
OpenBLAS splits itself.

Two rules keep this from fighting anything:

- How many threads: the cores this process may run on
  (`os.sched_getaffinity`), capped by `OMP_NUM_THREADS` or
  `OPENBLAS_NUM_THREADS` when the user sets either (`=1` turns the pool
  off and leaves OpenBLAS exactly as the user configured it).
- No oversubscription: while the pool runs blocks, OpenBLAS is set to one
  thread, products too small to split run on one OpenBLAS thread, and
  during training (`blas_policy_for_training`) it stays on one thread
  throughout, so that its idle threads do not spin against the pool's
  (OpenBLAS's workers busy-wait after every threaded call, and on a step
  of many small products that spinning costs more than it saves: issue
  16's transformer took 3x longer with two BLAS threads).

Results do not depend on the thread count: the blocks are cut from the
shapes alone, each block's work is the same whichever thread runs it, and
anything summed over blocks is summed afterwards in block order.

Nothing here runs at import: the threads start on the first parallel call,
and OpenBLAS is looked up (through ctypes, as threadpoolctl does) on the
first change of its thread count.
"""

import os
import sys

_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_", "openblas_set_num_threads")
_GETTERS = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
            "openblas_get_num_threads64_", "openblas_get_num_threads")
_USER_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")

# ------------------------------------------------------------ OpenBLAS

_OPENBLAS = []  # [(getter, setter)] once looked up; [None] when unavailable


def _loaded_openblas_paths():
    if not sys.platform.startswith("linux"):
        return []
    try:
        with open("/proc/self/maps") as maps:
            lines = maps.read().splitlines()
    except OSError:
        return []
    return sorted({line.split()[-1] for line in lines if "openblas" in line.lower() and "/" in line})


def _first_symbol(library, names):
    for name in names:
        function = getattr(library, name, None)
        if function is not None:
            return function
    return None


def _openblas_functions():
    """(get_num_threads, set_num_threads) of the OpenBLAS NumPy loaded, or None."""
    if not _OPENBLAS:
        import ctypes

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
        _OPENBLAS.append(found)
    return _OPENBLAS[0]


class single_blas_thread:
    """Context manager: OpenBLAS uses one thread inside, its previous count
    after (a no-op where OpenBLAS cannot be found). Costs well under a
    microsecond once OpenBLAS has been looked up."""

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


def blas_policy_for_training():
    """The BLAS setting of a training loop (`fit`, `train_on_batch`): one
    OpenBLAS thread throughout, kerasish's primitives splitting the large
    work over the pool's threads themselves (as many as `thread_count()`,
    which the user's `OMP_NUM_THREADS`/`OPENBLAS_NUM_THREADS` cap). Nothing
    changes when OpenBLAS already runs one thread.

    Inference keeps OpenBLAS's own threads for the large products it cannot
    split (a batch of 32 through a wide Dense layer: 80-90k MNIST images a
    second through the MLP with them, 50-58k on one thread); the small ones
    run on one thread anyway (`matmul`), so that no OpenBLAS thread spins
    against the pool's (predicting 10,000 images with the convnet: 1.13-1.24
    s and 2.1-2.2 s of CPU before, 0.54-0.62 s and 0.9-1.0 s after).

    Returns:
        A context manager.
    """
    return single_blas_thread()


# ------------------------------------------------------------ thread count

_OVERRIDE = [None]


def available_cores():
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def _user_thread_limit():
    """The smallest positive `OMP_NUM_THREADS`/`OPENBLAS_NUM_THREADS`, or None."""
    limits = []
    for name in _USER_THREAD_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            limits.append(int(value))
    return min(limits) if limits else None


def thread_count():
    """Threads the pool runs blocks on (1: everything runs serially)."""
    if _OVERRIDE[0] is not None:
        return _OVERRIDE[0]
    cores = available_cores()
    limit = _user_thread_limit()
    return cores if limit is None else max(1, min(cores, limit))


def set_thread_count(count):
    """Forces the pool's thread count (`None` goes back to the default);
    tests use it to compare one thread with two.

    Returns:
        The previous override (None when there was none).
    """
    if count is not None and (not isinstance(count, int) or count < 1):
        raise ValueError(f"`count` must be a positive integer or None. Received: count={count}")
    previous, _OVERRIDE[0] = _OVERRIDE[0], count
    return previous


# ------------------------------------------------------------ the pool


class _Job:
    """One call's items, taken one at a time by whichever thread is free.

    The caller waits for the items, not for the helpers: a helper that wakes
    after the caller has taken every item finds nothing left and goes back
    to sleep, and nobody waited for it. On a busy machine a woken thread can
    sit in the run queue for milliseconds; waiting for it at every call
    would cost more than the blocks it could have run."""

    def __init__(self, function, items):
        import itertools
        import threading

        self.function, self.items = function, items
        self.results = [None] * len(items)
        self.next_index = itertools.count().__next__  # atomic under the GIL
        self.error = None
        self.left = len(items)
        self.lock = threading.Lock()
        self.finished = threading.Event()

    def work(self):
        index = self.next_index()
        while index < len(self.items):
            try:
                if self.error is None:  # after an error the rest are skipped
                    self.results[index] = self.function(self.items[index])
            except BaseException as error:  # handed to the caller, re-raised there
                self.error = error
            finally:
                self._item_done()
            index = self.next_index()

    def _item_done(self):
        with self.lock:
            self.left -= 1
            if self.left == 0:
                self.finished.set()


class _Pool:
    def __init__(self):
        import queue
        import threading

        self.jobs = queue.SimpleQueue()
        self.threads = []
        self.busy = threading.Lock()  # one job at a time; other callers run serially
        self.local = threading.local()

    def ensure_helpers(self, count):
        import threading

        while len(self.threads) < count:
            thread = threading.Thread(target=self._serve, name=f"kerasish-pool-{len(self.threads)}",
                                      daemon=True)
            thread.start()
            self.threads.append(thread)

    def _serve(self):
        self.local.inside = True
        while True:
            self.jobs.get().work()

    def run(self, function, items, threads):
        helpers = min(threads, len(items)) - 1
        if getattr(self.local, "inside", False) or not self.busy.acquire(blocking=False):
            return None  # nested, or another thread's job running: the caller goes serial
        try:
            self.ensure_helpers(helpers)
            job = _Job(function, items)
            with single_blas_thread():
                for _ in range(helpers):
                    self.jobs.put(job)
                self.local.inside = True
                try:
                    job.work()
                finally:
                    self.local.inside = False
                job.finished.wait()
        finally:
            self.busy.release()
        if job.error is not None:
            raise job.error
        return job.results


_POOL = []


def _pool():
    if not _POOL:
        _POOL.append(_Pool())
        if hasattr(os, "register_at_fork"):  # a forked child has none of the threads
            os.register_at_fork(after_in_child=_POOL.clear)
    return _POOL[0]


def map_blocks(function, blocks):
    """`[function(block) for block in blocks]`, the blocks shared among the
    pool's threads when there are several of each, each thread's GEMMs on
    one OpenBLAS thread.

    `function` must only write what belongs to its own block (its slice of
    an output, its own buffers): blocks run in any order and at the same
    time. Results come back in block order, so that sums over them are
    the same whatever the thread count.

    Args:
        function: called with one block, returns that block's result.
        blocks: a list of blocks (usually slices of the batch).

    Returns:
        The list of results, in the order of `blocks`.
    """
    threads = thread_count()
    if threads > 1 and len(blocks) > 1:
        results = _pool().run(function, blocks, threads)
        if results is not None:
            return results
    if len(blocks) == 1:
        return [function(blocks[0])]
    # The same blocks in turn, their GEMMs on one thread as on the pool:
    # the same numbers whatever the thread count.
    with single_blas_thread():
        return [function(block) for block in blocks]


def batch_blocks(batch, size):
    """Slices of a batch of `batch` items, `size` items each (the last fewer)."""
    size = max(1, int(size))
    return [slice(start, min(start + size, batch)) for start in range(0, max(batch, 1), size)]


# ------------------------------------------------------------ large products

# Products smaller than this many multiply-adds run as one GEMM: a block
# handed to another thread costs tens of microseconds to wake it, as much as
# ~1M multiply-adds on one core.
_PARALLEL_GEMM_MIN_WORK = 1 << 21
_GEMM_BLOCKS = 4
# Each row block of a 2-D product packs all of `b` again: blocks of 64 rows
# or more keep that under ~6 % (128x784 by 784x512 on one thread: 1.08-1.13
# ms whole, 1.17-1.21 ms in two blocks, 1.37-1.40 ms in four).
_GEMM_MIN_ROWS = 64


def matmul(a, b, out=None):
    """`np.matmul(a, b)` with a large product split into up to four blocks
    that the pool's threads multiply at once: the rows of a 2-D `a` (64 or
    more a block), or the matrices of a stack (`a` and `b` of the same
    leading shape).

    The blocks depend only on the shapes, and each block is its own GEMM,
    so the result does not depend on the thread count. Small products, a
    pool of one and other shapes (broadcasting, 1-D) are one `np.matmul`.

    Args:
        a: an array (..., rows, depth).
        b: an array (..., depth, columns).
        out: for 2-D `a` and `b` only, a (rows, columns) array (a view is
            fine) the product is written to.

    Returns:
        The product (`out` when given), dtype as `np.matmul` gives it.
    """
    import numpy as np

    if a.ndim < 2 or b.ndim < 2:
        return np.matmul(a, b, out=out)
    work, lead = a.size * b.shape[-1], a.shape[:-2]
    if work < _PARALLEL_GEMM_MIN_WORK:
        # On one OpenBLAS thread: splitting a product this small gains
        # little, and OpenBLAS's idle threads would spin afterwards against
        # the pool's (see blas_policy_for_training).
        with single_blas_thread():
            return np.matmul(a, b, out=out)
    if a.ndim == 2 and b.ndim == 2:
        split, least = a.shape[0], _GEMM_MIN_ROWS  # rows of a
    elif a.ndim == b.ndim and a.shape[:-2] == b.shape[:-2]:
        a = a.reshape((-1,) + a.shape[-2:])
        b = b.reshape((-1,) + b.shape[-2:])
        split, least = a.shape[0], 1  # matrices of the stack
    else:
        return np.matmul(a, b)
    size = max(least, -(-split // _GEMM_BLOCKS))
    if split < 2 * size:
        out = np.matmul(a, b, out=out)
    else:
        if out is None:
            out = np.empty(a.shape[:-1] + b.shape[-1:], dtype=np.result_type(a, b))

        def multiply(block):
            np.matmul(a[block], b[block] if b.ndim == 3 else b, out=out[block])

        map_blocks(multiply, batch_blocks(split, size))
    if out.shape[:-2] != lead:  # a stack flattened above (a view, not a new array, only then)
        out = out.reshape(lead + out.shape[-2:])
    return out
