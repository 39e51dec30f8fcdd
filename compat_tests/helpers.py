"""Shared machinery of the parity suite: tolerances (each with its reason),
running a function on both libraries with gradients, copying weights, random
shapes and data, and capturing printed output.

`keras` here is the real Keras 3 on TensorFlow; `kerasish` is ours. Every
comparison goes through `assert_close` with one of the named tolerances below,
so a tolerance is never loosened silently in a single test.
"""

import contextlib
import io
import os
import re
from dataclasses import dataclass

import numpy as np

import kerasish
from kerasish.backend.tensor import Tensor, gradients

# --------------------------------------------------------------- tolerances


@dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float
    reason: str


# One elementwise float32 op: NumPy and TensorFlow/Eigen implement exp, log,
# tanh, pow... with different polynomial approximations, a few ulp apart
# (float32 ulp is ~1.2e-7 relative).
ELEMENTWISE = Tolerance(2e-6, 1e-6, "one float32 op, libm vs Eigen: a few ulp")

# Reductions, matmuls and short chains of ops (a loss, a layer, a gradient):
# the same float32 sums accumulated in a different order (pairwise vs blocked
# / oneDNN GEMM), plus the elementwise differences above.
REDUCTION = Tolerance(1e-5, 1e-6, "float32 sums accumulated in a different order")

# Whole training runs: the per-step differences of REDUCTION feed back through
# every later step (a few dozen SGD steps here), so they grow roughly linearly
# with the number of steps; 1e-4 relative covers ~100 steps of 1e-6 drift.
TRAINING = Tolerance(1e-4, 1e-5, "per-step float32 rounding compounds over training steps")


def assert_close(ours, theirs, tolerance, what=""):
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} != Keras {theirs.shape}"
    np.testing.assert_allclose(
        ours.astype(np.float64) if ours.dtype.kind in "fiub" else ours,
        theirs.astype(np.float64) if theirs.dtype.kind in "fiub" else theirs,
        rtol=tolerance.rtol,
        atol=tolerance.atol,
        err_msg=f"{what} ({tolerance.reason})",
    )


# ---------------------------------------------------------- lazy TF imports


def tf():
    import tensorflow

    return tensorflow


def real_keras():
    import keras

    return keras


def reset_names():
    """Restarts the automatic names (`dense`, `dense_1`, ...) of both libraries.

    Keras's `clear_session()` also runs `gc.collect()` by default, which costs
    about a second on the suite's large heap and has nothing to do with names:
    `free_memory=False` skips it."""
    kerasish.backend.clear_session()
    real_keras().backend.clear_session(free_memory=False)


# ------------------------------------------------- values and gradients


def _is_differentiable_array(value):
    return isinstance(value, np.ndarray) and value.dtype == np.float32


def _map_args(args, fn):
    """Applies `fn` to every float32 array in `args`, looking one level into lists."""
    mapped = []
    for arg in args:
        if isinstance(arg, list):
            mapped.append([fn(a) if _is_differentiable_array(a) else a for a in arg])
        else:
            mapped.append(fn(arg) if _is_differentiable_array(arg) else arg)
    return mapped


def _leaves(args):
    found = []
    for arg in args:
        for item in arg if isinstance(arg, list) else [arg]:
            if isinstance(item, (Tensor,)) or _is_tf_tensor(item):
                found.append(item)
    return found


def _is_tf_tensor(x):
    return type(x).__module__.startswith("tensorflow")


def cotangent_for(output, seed=0):
    """A fixed random weighting of the output, so that gradients check every
    output element separately rather than only their sum."""
    rng = np.random.default_rng(seed)
    # In the output's own dtype: TF would cast it so (float16 stays float16).
    return rng.uniform(0.5, 1.5, size=np.shape(output)).astype(np.asarray(output).dtype)


def ours_value_and_grads(fn, args, kwargs=None, seed=0):
    """Calls `fn(*args, **kwargs)` with kerasish Tensors for every float32
    array argument; returns (output, [d(sum(output * cotangent))/d(arg)])."""
    tensors = _map_args(args, lambda a: Tensor(a.copy(), requires_grad=True))
    output = fn(*tensors, **(kwargs or {}))
    value = np.asarray(output.value if isinstance(output, Tensor) else output)
    leaves = _leaves(tensors)
    if value.dtype.kind != "f" or not leaves:
        return value, None
    weighted = kerasish.ops.sum(kerasish.ops.multiply(output, cotangent_for(value, seed)))
    return value, gradients(weighted, leaves)


def keras_value_and_grads(fn, args, kwargs=None, seed=0):
    """The same as `ours_value_and_grads`, on real Keras under tf.GradientTape."""
    tensorflow = tf()
    with tensorflow.GradientTape(persistent=True) as tape:
        tensors = _map_args(args, tensorflow.constant)
        leaves = _leaves(tensors)
        for leaf in leaves:
            tape.watch(leaf)
        output = fn(*tensors, **(kwargs or {}))
        value = np.asarray(output)
        if value.dtype.kind == "f" and leaves:
            weighted = tensorflow.reduce_sum(output * cotangent_for(value, seed))
    if value.dtype.kind != "f" or not leaves:
        return value, None
    grads = tape.gradient(
        weighted, leaves, unconnected_gradients=tensorflow.UnconnectedGradients.ZERO
    )
    # tf.gather's gradient is an IndexedSlices: make it a dense array.
    return value, [np.asarray(tensorflow.convert_to_tensor(g)) for g in grads]


def assert_same_values_and_grads(our_fn, keras_fn, args, kwargs=None, tolerance=REDUCTION,
                                 what="", keras_kwargs=None, check_dtype=True):
    ours, our_grads = ours_value_and_grads(our_fn, args, kwargs)
    theirs, their_grads = keras_value_and_grads(
        keras_fn, args, kwargs if keras_kwargs is None else keras_kwargs
    )
    if check_dtype:
        assert ours.dtype == theirs.dtype, f"{what}: dtype {ours.dtype} != Keras {theirs.dtype}"
    assert_close(ours, theirs, tolerance, f"{what} forward")
    if their_grads is None:
        return
    assert our_grads is not None, f"{what}: kerasish built no gradient"
    for index, (g_ours, g_theirs) in enumerate(zip(our_grads, their_grads)):
        assert_close(g_ours, g_theirs, tolerance, f"{what} gradient of argument {index}")


# ------------------------------------------------------------------ weights


def copy_weights(source, target):
    """Copies every weight of `source` into `target` (either library)."""
    target.set_weights([np.array(w) for w in source.get_weights()])


def assert_same_weights(ours, theirs, tolerance, what="weights"):
    our_weights, their_weights = ours.get_weights(), theirs.get_weights()
    assert len(our_weights) == len(their_weights), what
    for index, (w_ours, w_theirs) in enumerate(zip(our_weights, their_weights)):
        assert_close(w_ours, w_theirs, tolerance, f"{what}[{index}]")


# ---------------------------------------------------------- random inputs


def random_shape(rng, min_rank=1, max_rank=3, max_dim=4):
    """A shape whose first (batch) axis is sometimes 1."""
    rank = int(rng.integers(min_rank, max_rank + 1))
    shape = [int(d) for d in rng.integers(1, max_dim + 1, size=rank)]
    if rank and rng.random() < 0.3:
        shape[0] = 1
    return tuple(shape)


def broadcast_partner(rng, shape):
    """A shape that broadcasts against `shape`: some leading axes dropped and
    some axes set to 1."""
    keep = int(rng.integers(0, len(shape) + 1))
    partner = list(shape[len(shape) - keep:])
    for index in range(len(partner)):
        if rng.random() < 0.4:
            partner[index] = 1
    return tuple(partner)


def uniform(rng, shape, low=-2.0, high=2.0):
    return rng.uniform(low, high, size=shape).astype(np.float32)


def away_from_zero(rng, shape, margin=0.1, high=2.0):
    """Values with |x| >= margin: kinks at 0 (relu, abs) would make the two
    libraries' subgradient choices the thing under test."""
    magnitude = rng.uniform(margin, high, size=shape)
    sign = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
    return (magnitude * sign).astype(np.float32)


# ------------------------------------------------------------- printed text

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def strip_ansi(text):
    return ANSI.sub("", text)


@contextlib.contextmanager
def terminal_columns(columns=80):
    """Both libraries size printed tables from the terminal width."""
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(columns)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def captured_stdout(fn, *args, **kwargs):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        fn(*args, **kwargs)
    return strip_ansi(buffer.getvalue())


# ------------------------------------------------------ public namespaces

# Names in every family namespace that are machinery, not members of the family.
FAMILY_MACHINERY = {"get", "serialize", "deserialize", "ALL_OBJECTS_DICT"}


def public_members(namespace, not_members=()):
    """The objects a user reaches as `keras.<family>.<name>` (classes and
    functions; aliases give the same object once), read from the namespace
    itself so a member added without registering it still needs a case."""
    import types

    skip = FAMILY_MACHINERY | set(not_members)
    members = {}
    for name in dir(namespace):
        obj = getattr(namespace, name)
        if name.startswith("_") or name in skip or isinstance(obj, types.ModuleType):
            continue
        if callable(obj):
            members[id(obj)] = obj
    return list(members.values())
