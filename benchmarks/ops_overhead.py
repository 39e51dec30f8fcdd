"""How much kerasish's op layer costs over plain NumPy.

Each op runs on a 1M-element float32 input (NumPy arrays in, as in
inference: no graph is recorded) and is timed against the same NumPy call;
the ratio kerasish / NumPy is printed per op with the median. A ratio near
1 means the wrapper (dtype rules, argument checks, Function.apply) is thin.
Samples of the two alternate (the machine may be shared, and load drifts),
and ops that take microseconds (views) are timed over many calls per sample.

    python benchmarks/ops_overhead.py            # all ops, best of 7 runs each
    python benchmarks/ops_overhead.py --repeat 3 # quicker

A measuring tool, not a test: nothing asserts a time.
"""

import argparse
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

import kerasish  # noqa: E402

ops = kerasish.ops
RNG = np.random.default_rng(0)
X = RNG.uniform(0.1, 0.9, 1_000_000).astype(np.float32)
Y = RNG.uniform(0.1, 0.9, 1_000_000).astype(np.float32)
M = X.reshape(1000, 1000)
INT = (X * 100).astype(np.int32)

# name -> (kerasish call, the same computation in NumPy)
CASES = {
    "add": (lambda: ops.add(X, Y), lambda: np.add(X, Y)),
    "multiply": (lambda: ops.multiply(X, Y), lambda: np.multiply(X, Y)),
    "divide": (lambda: ops.divide(X, Y), lambda: np.divide(X, Y)),
    "maximum": (lambda: ops.maximum(X, Y), lambda: np.maximum(X, Y)),
    "exp": (lambda: ops.exp(X), lambda: np.exp(X)),
    "log": (lambda: ops.log(X), lambda: np.log(X)),
    "sqrt": (lambda: ops.sqrt(X), lambda: np.sqrt(X)),
    "sin": (lambda: ops.sin(X), lambda: np.sin(X)),
    "cos": (lambda: ops.cos(X), lambda: np.cos(X)),
    "tanh": (lambda: ops.tanh(X), lambda: np.tanh(X)),
    "arctan": (lambda: ops.arctan(X), lambda: np.arctan(X)),
    "log1p": (lambda: ops.log1p(X), lambda: np.log1p(X)),
    "expm1": (lambda: ops.expm1(X), lambda: np.expm1(X)),
    "arctan2": (lambda: ops.arctan2(X, Y), lambda: np.arctan2(X, Y)),
    "hypot": (lambda: ops.hypot(X, Y), lambda: np.hypot(X, Y)),
    "logaddexp": (lambda: ops.logaddexp(X, Y), lambda: np.logaddexp(X, Y)),
    "mod": (lambda: ops.mod(X, Y), lambda: np.mod(X, Y)),
    "abs": (lambda: ops.abs(X), lambda: np.abs(X)),
    "square": (lambda: ops.square(X), lambda: np.square(X)),
    "clip": (lambda: ops.clip(X, 0.2, 0.8), lambda: np.clip(X, 0.2, 0.8)),
    "where": (lambda: ops.where(X > 0.5, X, Y), lambda: np.where(X > 0.5, X, Y)),
    "sum": (lambda: ops.sum(X), lambda: np.sum(X)),
    "mean": (lambda: ops.mean(M, axis=1), lambda: np.mean(M, axis=1)),
    "max": (lambda: ops.max(M, axis=0), lambda: np.max(M, axis=0)),
    "var": (lambda: ops.var(M, axis=1), lambda: np.var(M, axis=1)),
    "cumsum": (lambda: ops.cumsum(M, axis=1), lambda: np.cumsum(M, axis=1)),
    "cumprod": (lambda: ops.cumprod(M, axis=1), lambda: np.cumprod(M, axis=1)),
    "sort": (lambda: ops.sort(M), lambda: np.sort(M)),
    "argsort": (lambda: ops.argsort(M), lambda: np.argsort(M, kind="stable").astype(np.int32)),
    "flip": (lambda: ops.flip(M, 1), lambda: np.flip(M, 1)),
    "roll": (lambda: ops.roll(X, 3), lambda: np.roll(X, 3)),
    "tile": (lambda: ops.tile(M[:500], (2, 1)), lambda: np.tile(M[:500], (2, 1))),
    "repeat": (lambda: ops.repeat(X[:500_000], 2), lambda: np.repeat(X[:500_000], 2)),
    "tril": (lambda: ops.tril(M), lambda: np.tril(M)),
    "transpose": (lambda: ops.transpose(M), lambda: np.transpose(M)),
    "swapaxes": (lambda: ops.swapaxes(M, 0, 1), lambda: np.swapaxes(M, 0, 1)),
    "reshape": (lambda: ops.reshape(X, (1000, 1000)), lambda: np.reshape(X, (1000, 1000))),
    "concatenate": (lambda: ops.concatenate([X, Y]), lambda: np.concatenate([X, Y])),
    "split": (lambda: ops.split(X, 4), lambda: np.split(X, 4)),
    "take_along_axis": (lambda: ops.take_along_axis(M, np.argsort(M[:, :1], 0), 1),
                        lambda: np.take_along_axis(M, np.argsort(M[:, :1], 0), 1)),
    "logsumexp": (lambda: ops.logsumexp(M, axis=1),
                  lambda: (lambda m: np.log(np.sum(np.exp(M - m), 1, keepdims=True)) + m)(
                      M.max(1, keepdims=True))[:, 0]),
    "softmax": (lambda: ops.softmax(M), lambda: (lambda e: e / e.sum(1, keepdims=True))(
        np.exp(M - M.max(1, keepdims=True)))),
    "relu": (lambda: ops.relu(X), lambda: np.maximum(X, 0)),
    "sigmoid": (lambda: ops.sigmoid(X), lambda: 1 / (1 + np.exp(-X))),
    "silu": (lambda: ops.silu(X), lambda: X / (1 + np.exp(-X))),
    "gelu": (lambda: ops.gelu(X), lambda: 0.5 * X * (1 + np.tanh(
        np.float32(0.7978846) * (X + np.float32(0.044715) * X * X * X)))),
    "matmul": (lambda: ops.matmul(M, M), lambda: np.matmul(M, M)),
    "cast": (lambda: ops.cast(X, "float16"), lambda: X.astype(np.float16)),
    "floor_divide": (lambda: ops.floor_divide(INT, 7), lambda: np.floor_divide(INT, np.int32(7))),
    "isclose": (lambda: ops.isclose(X, Y), lambda: np.isclose(X, Y)),
    "norm": (lambda: ops.norm(X), lambda: np.sqrt(np.sum(np.square(X)))),
}


def calls_per_sample(fn, target=0.002):
    """How many back-to-back calls take about `target` seconds: views cost a
    microsecond, so one call alone is below the timer's useful resolution."""
    fn()  # warm-up (allocator, caches)
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    return max(1, min(10_000, int(target / max(once, 1e-9))))


def sample(fn, calls):
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def best_times(ours, numpy_call, repeat):
    """Best time per call of each, their samples interleaved so that both see
    the same machine load (the machine may be shared)."""
    calls = calls_per_sample(numpy_call)
    calls_per_sample(ours)
    best_ours = best_numpy = float("inf")
    for _ in range(repeat):
        best_ours = min(best_ours, sample(ours, calls))
        best_numpy = min(best_numpy, sample(numpy_call, calls))
    return best_ours, best_numpy


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--ops", default="", help="comma-separated subset")
    args = parser.parse_args(argv)
    names = args.ops.split(",") if args.ops else list(CASES)
    ratios = []
    print(f"{'op':<18}{'kerasish ms':>13}{'numpy ms':>11}{'ratio':>8}")
    for name in names:
        ours, numpy_call = CASES[name]
        t_ours, t_numpy = best_times(ours, numpy_call, args.repeat)
        ratios.append(t_ours / t_numpy)
        print(f"{name:<18}{t_ours * 1e3:>13.3f}{t_numpy * 1e3:>11.3f}{ratios[-1]:>8.2f}")
    print(f"\n{len(ratios)} ops: median ratio {statistics.median(ratios):.2f}, "
          f"max {max(ratios):.2f} ({names[ratios.index(max(ratios))]}), "
          f"{sum(r <= 1.3 for r in ratios)} within 1.3x")


if __name__ == "__main__":
    main()
