"""Runs the per-timestep matrix products of a recurrence on one BLAS thread.

A recurrent step multiplies a small `(batch, units)` state by the recurrent
kernel, a few hundred times per batch. OpenBLAS splits even such small
products across all its threads, and on a busy machine each of those calls
then waits for threads that other processes hold: a 64x64 by 64x256 product
measured 2-13 ms threaded against 0.03-0.2 ms on one thread on the shared
2-core machine. The sequence primitives therefore run their time loop with
OpenBLAS limited to one thread.

The context manager lives in `kerasish.backend.threads` with the rest of
kerasish's thread policy; it is re-exported here for the recurrent layers.
"""

from kerasish.backend.threads import single_blas_thread

__all__ = ["single_blas_thread"]
