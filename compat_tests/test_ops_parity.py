"""Every op in `kerasish.ops` against `keras.ops`: forward values, dtypes and
gradients (Keras's under tf.GradientTape), over random shapes with
broadcasting and batch size 1.

A new op gets its test by adding one line to OPS: a name and a function
`rng -> (args, kwargs)`. Every float32 array among the args is differentiated.
`test_every_public_op_has_a_case` fails for an op without one.
"""

import types

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import (
    ELEMENTWISE,
    REDUCTION,
    assert_same_values_and_grads,
    away_from_zero,
    broadcast_partner,
    random_shape,
    real_keras,
    uniform,
)

SEEDS = range(3)


def _pair(rng, low=-2.0, high=2.0, second=None):
    """Two broadcastable float32 arrays (the second drawn by `second`)."""
    shape = random_shape(rng)
    partner = broadcast_partner(rng, shape)
    if rng.random() < 0.5:
        shape, partner = partner, shape
    other = second(rng, partner) if second else uniform(rng, partner, low, high)
    return [uniform(rng, shape, low, high), other], {}


def _unary(draw=uniform, **kwargs):
    return lambda rng: ([draw(rng, random_shape(rng, min_rank=0))], dict(kwargs))


def _positive(rng, shape):
    return uniform(rng, shape, 0.2, 3.0)


def _small_ints(rng, shape):
    """Floats with many ties, so comparisons see equal elements too."""
    return rng.integers(-2, 3, size=shape).astype(np.float32)


def _reduction(rng, keepdims=None, multi_axis=True):
    shape = random_shape(rng, max_rank=3)
    choices = [None, 0, -1] + ([tuple(range(len(shape)))[:2]] if multi_axis else [])
    axis = choices[int(rng.integers(len(choices)))]
    kwargs = {"axis": axis, "keepdims": bool(rng.random() < 0.5) if keepdims is None else keepdims}
    return [uniform(rng, shape)], kwargs


def _matmul(rng):
    n, k, m = (int(d) for d in rng.integers(1, 5, size=3))
    batch = int(rng.integers(1, 4))
    forms = [((n, k), (k, m)), ((batch, n, k), (k, m)), ((batch, n, k), (batch, k, m)), ((k,), (k, m))]
    a, b = forms[int(rng.integers(len(forms)))]
    return [uniform(rng, a), uniform(rng, b)], {}


def _dot(rng):
    n, k, m = (int(d) for d in rng.integers(1, 5, size=3))
    forms = [((n, k), (k, m)), ((k,), (k,)), ((k,), (k, m)), ((2, n, k), (3, k, m))]
    a, b = forms[int(rng.integers(len(forms)))]
    return [uniform(rng, a), uniform(rng, b)], {}


def _where(rng):
    (x1, x2), _ = _pair(rng)
    condition = rng.random(np.broadcast_shapes(x1.shape, x2.shape)) < 0.5
    return [condition, x1, x2], {}


def _clip(rng):
    return [uniform(rng, random_shape(rng), -3, 3), -1.0, 1.5], {}


def _reshape(rng):
    shape = random_shape(rng)
    return [uniform(rng, shape)], {"newshape": (-1,) + shape[2:] if len(shape) > 2 else (int(np.prod(shape)),)}


def _transpose(rng):
    shape = random_shape(rng, min_rank=2)
    axes = None if rng.random() < 0.3 else tuple(int(a) for a in rng.permutation(len(shape)))
    return [uniform(rng, shape)], {"axes": axes}


def _expand_dims(rng):
    shape = random_shape(rng)
    return [uniform(rng, shape)], {"axis": int(rng.integers(-len(shape) - 1, len(shape) + 1))}


def _squeeze(rng):
    shape = list(random_shape(rng))
    position = int(rng.integers(len(shape) + 1))
    shape.insert(position, 1)
    axis = None if rng.random() < 0.5 else position
    return [uniform(rng, tuple(shape))], {"axis": axis}


def _concatenate(rng):
    shape = random_shape(rng)
    axis = int(rng.integers(-len(shape), len(shape)))
    parts = []
    for _ in range(int(rng.integers(1, 4))):
        part = list(shape)
        part[axis] = int(rng.integers(1, 4))
        parts.append(uniform(rng, tuple(part)))
    return [parts], {"axis": axis}


def _stack(rng):
    shape = random_shape(rng)
    parts = [uniform(rng, shape) for _ in range(int(rng.integers(1, 4)))]
    return [parts], {"axis": int(rng.integers(-len(shape) - 1, len(shape) + 1))}


def _broadcast_to(rng):
    shape = random_shape(rng)
    return [uniform(rng, broadcast_partner(rng, shape))], {"shape": shape}


def _take(rng):
    shape = random_shape(rng, min_rank=2)
    axis = [None, 0, 1, -1][int(rng.integers(4))]
    size = int(np.prod(shape)) if axis is None else shape[axis]
    indices = rng.integers(-size, size, size=random_shape(rng, min_rank=1, max_rank=2))
    return [uniform(rng, shape), indices.astype(np.int32)], {"axis": axis}


def _softmax(rng):
    shape = random_shape(rng)
    return [uniform(rng, shape, -4, 4)], {"axis": int(rng.integers(-len(shape), len(shape)))}


def _one_hot(rng):
    classes = int(rng.integers(2, 6))
    labels = rng.integers(-1, classes + 1, size=random_shape(rng, max_rank=2))
    return [labels.astype(np.int32), classes], {}


def _categorical(from_logits):
    def make(rng):
        shape = random_shape(rng, min_rank=2, max_rank=3)
        target = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]).astype(np.float32)
        output = uniform(rng, shape, -3, 3) if from_logits else _positive(rng, shape)
        return [target, output], {"from_logits": from_logits}

    return make


def _sparse_categorical(from_logits):
    def make(rng):
        shape = random_shape(rng, min_rank=2, max_rank=3)
        target = rng.integers(0, shape[-1], size=shape[:-1]).astype(np.int32)
        output = uniform(rng, shape, -3, 3) if from_logits else _probabilities(rng, shape)
        return [target, output], {"from_logits": from_logits}

    return make


def _probabilities(rng, shape):
    return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]).astype(np.float32)


def _binary(from_logits):
    def make(rng):
        shape = random_shape(rng)
        target = rng.random(shape).astype(np.float32)
        output = uniform(rng, shape, -3, 3) if from_logits else uniform(rng, shape, 0.05, 0.95)
        return [target, output], {"from_logits": from_logits}

    return make


def _cast(dtype):
    return lambda rng: ([uniform(rng, random_shape(rng), -5, 5)], {"dtype": dtype})


def _creation(rng):
    return [random_shape(rng)], {}


def _arange(rng):
    start = int(rng.integers(-3, 3))
    return [start, start + int(rng.integers(1, 8))], {"step": int(rng.integers(1, 3))}


def _non_integral(rng, shape):
    """Floats at least 0.1 away from integers and half-integers, where
    floor and round would test the tie-breaking rule rather than the op."""
    return (rng.integers(-4, 4, size=shape) + rng.uniform(0.1, 0.4, size=shape)
            * np.where(rng.random(shape) < 0.5, 1, -1)).astype(np.float32)


def _with_nonfinite(rng, shape):
    values = uniform(rng, shape)
    values[rng.random(shape) < 0.2] = np.nan
    values[rng.random(shape) < 0.2] = np.inf
    return values


def _image(rng, channels=3):
    """A random 1-D (batch, steps, channels) or 2-D (batch, h, w, channels) input."""
    spatial = tuple(int(d) for d in rng.integers(4, 8, size=int(rng.integers(1, 3))))
    return uniform(rng, (int(rng.integers(1, 3)),) + spatial + (channels,))


def _padding(rng):
    return ["valid", "same"][int(rng.integers(2))]


def _conv(rng):
    x = _image(rng, channels=4)
    groups = [1, 2][int(rng.integers(2))]
    kernel = uniform(rng, (2,) * (x.ndim - 2) + (4 // groups, 4))
    strides = int(rng.integers(1, 3))
    dilation = 1 if strides > 1 else int(rng.integers(1, 3))
    return [x, kernel], {"strides": strides, "padding": _padding(rng), "dilation_rate": dilation}


def _depthwise_conv(rng):
    x = uniform(rng, (2, 6, 5, 3))
    return [x, uniform(rng, (3, 2, 3, 2))], {"strides": int(rng.integers(1, 3)),
                                             "padding": _padding(rng)}


def _conv_transpose(rng):
    x = _image(rng, channels=3)
    kernel = uniform(rng, (3,) * (x.ndim - 2) + (2, 3))
    return [x, kernel], {"strides": int(rng.integers(1, 4)), "padding": _padding(rng)}


def _pool(rng):
    pool = int(rng.integers(2, 4))
    return [_image(rng)], {"pool_size": pool, "strides": int(rng.integers(1, pool + 1)),
                           "padding": _padding(rng)}


def _pad(rng):
    x = uniform(rng, random_shape(rng, min_rank=1, max_rank=3))
    return [x, [[int(a), int(b)] for a, b in rng.integers(0, 3, size=(x.ndim, 2))]], {}


def _batch_normalization(rng):
    x = uniform(rng, (4, 3, 2))
    return [x, uniform(rng, (2,)), _positive(rng, (2,))], {
        "axis": -1, "offset": uniform(rng, (2,)), "scale": uniform(rng, (2,)), "epsilon": 1e-3}


def _layer_normalization(rng):
    x = uniform(rng, (4, 3, 5))
    return [x], {"gamma": uniform(rng, (5,)), "beta": uniform(rng, (5,)), "epsilon": 1e-3}


# name -> (make_args, tolerance). Aliases share their target's case.
OPS = {
    "conv": (_conv, REDUCTION),
    "depthwise_conv": (_depthwise_conv, REDUCTION),
    "conv_transpose": (_conv_transpose, REDUCTION),
    "max_pool": (_pool, ELEMENTWISE),
    "average_pool": (_pool, REDUCTION),
    "pad": (_pad, ELEMENTWISE),
    "batch_normalization": (_batch_normalization, REDUCTION),
    "layer_normalization": (_layer_normalization, REDUCTION),
    "abs": (_unary(away_from_zero), ELEMENTWISE),
    "absolute": (_unary(away_from_zero), ELEMENTWISE),
    "negative": (_unary(), ELEMENTWISE),
    "exp": (_unary(), ELEMENTWISE),
    "log": (_unary(_positive), ELEMENTWISE),
    "sqrt": (_unary(_positive), ELEMENTWISE),
    "square": (_unary(), ELEMENTWISE),
    "relu": (_unary(away_from_zero), ELEMENTWISE),
    "sigmoid": (_unary(), ELEMENTWISE),
    "tanh": (_unary(), ELEMENTWISE),
    "softplus": (_unary(lambda rng, s: uniform(rng, s, -20, 20)), ELEMENTWISE),
    "sign": (_unary(away_from_zero), ELEMENTWISE),
    "floor": (_unary(_non_integral), ELEMENTWISE),
    "round": (_unary(_non_integral), ELEMENTWISE),
    "isnan": (_unary(_with_nonfinite), ELEMENTWISE),
    "isfinite": (_unary(_with_nonfinite), ELEMENTWISE),
    "add": (_pair, ELEMENTWISE),
    "subtract": (_pair, ELEMENTWISE),
    "multiply": (_pair, ELEMENTWISE),
    "divide": (lambda rng: _pair(rng, second=away_from_zero), REDUCTION),
    "true_divide": (lambda rng: _pair(rng, second=away_from_zero), REDUCTION),
    "divide_no_nan": (lambda rng: _pair(rng, second=_small_ints), REDUCTION),
    "power": (lambda rng: _pair(rng, 0.3, 2.0), REDUCTION),
    "maximum": (_pair, ELEMENTWISE),
    "minimum": (_pair, ELEMENTWISE),
    "equal": (lambda rng: _pair(rng, second=_small_ints), ELEMENTWISE),
    "not_equal": (lambda rng: _pair(rng, second=_small_ints), ELEMENTWISE),
    "greater": (lambda rng: _pair(rng, second=_small_ints), ELEMENTWISE),
    "greater_equal": (lambda rng: _pair(rng, second=_small_ints), ELEMENTWISE),
    "less": (lambda rng: _pair(rng, second=_small_ints), ELEMENTWISE),
    "less_equal": (lambda rng: _pair(rng, second=_small_ints), ELEMENTWISE),
    "clip": (_clip, ELEMENTWISE),
    "where": (_where, ELEMENTWISE),
    "matmul": (_matmul, REDUCTION),
    "dot": (_dot, REDUCTION),
    "sum": (_reduction, REDUCTION),
    "mean": (_reduction, REDUCTION),
    "max": (_reduction, ELEMENTWISE),
    "amax": (_reduction, ELEMENTWISE),
    "min": (_reduction, ELEMENTWISE),
    "amin": (_reduction, ELEMENTWISE),
    "prod": (_reduction, REDUCTION),
    "any": (lambda rng: _reduction(rng), ELEMENTWISE),
    "all": (lambda rng: _reduction(rng), ELEMENTWISE),
    # argmax/argmin take one axis (or None) in both libraries.
    "argmax": (lambda rng: _reduction(rng, keepdims=False, multi_axis=False), ELEMENTWISE),
    "argmin": (lambda rng: _reduction(rng, keepdims=False, multi_axis=False), ELEMENTWISE),
    "reshape": (_reshape, ELEMENTWISE),
    "transpose": (_transpose, ELEMENTWISE),
    "expand_dims": (_expand_dims, ELEMENTWISE),
    "squeeze": (_squeeze, ELEMENTWISE),
    "concatenate": (_concatenate, ELEMENTWISE),
    "stack": (_stack, ELEMENTWISE),
    "broadcast_to": (_broadcast_to, REDUCTION),
    "take": (_take, REDUCTION),
    "get_item": (lambda rng: ([uniform(rng, (3, 4)), (slice(1, None), 2)], {}), ELEMENTWISE),
    "softmax": (_softmax, REDUCTION),
    "log_softmax": (_softmax, REDUCTION),
    "one_hot": (_one_hot, ELEMENTWISE),
    "categorical_crossentropy": (_categorical(False), REDUCTION),
    "sparse_categorical_crossentropy": (_sparse_categorical(False), REDUCTION),
    "binary_crossentropy": (_binary(False), REDUCTION),
    "cast": (_cast("int32"), ELEMENTWISE),
    "convert_to_tensor": (_unary(), ELEMENTWISE),
    "convert_to_numpy": (_unary(), ELEMENTWISE),
    "stop_gradient": (_unary(), ELEMENTWISE),
    "zeros": (_creation, ELEMENTWISE),
    "ones": (_creation, ELEMENTWISE),
    "zeros_like": (_unary(), ELEMENTWISE),
    "ones_like": (_unary(), ELEMENTWISE),
    "arange": (_arange, ELEMENTWISE),
}

# More cases for ops whose options change the computation.
VARIANTS = {
    "categorical_crossentropy[from_logits]": ("categorical_crossentropy", _categorical(True), REDUCTION),
    "sparse_categorical_crossentropy[from_logits]": (
        "sparse_categorical_crossentropy", _sparse_categorical(True), REDUCTION,
    ),
    "binary_crossentropy[from_logits]": ("binary_crossentropy", _binary(True), REDUCTION),
    "cast[float16]": ("cast", _cast("float16"), ELEMENTWISE),
}

# Ops checked by the structural tests below rather than through arrays.
STRUCTURAL = {"shape", "dtype", "is_tensor"}

# Convolution and normalization ops, compared through their layers (values and
# gradients) in test_cnn_parity.py; they still need rows here.
THROUGH_LAYERS = {"conv", "conv_transpose", "depthwise_conv", "max_pool", "average_pool",
                  "batch_normalization", "layer_normalization", "pad"}

# Public in kerasish.ops but not in keras.ops: shape helpers of the conv layers.
# They should become private (or move to a utils module).
NOT_IN_KERAS = set()  # every public op has a keras.ops namesake

# Ops with their own parity file (values, gradients and dtypes there).
COMPARED_IN_OTHER_FILES = {"einsum": "compat_tests/test_attention_parity.py"}


def _public_ops():
    return sorted(
        name for name in dir(kerasish.ops)
        if not name.startswith("_")
        and callable(getattr(kerasish.ops, name))
        and not isinstance(getattr(kerasish.ops, name), (types.ModuleType, type))
    )


def test_every_public_op_has_a_case():
    from compat_tests.test_ops_wide_parity import COMPARED_ELSEWHERE, WIDE_OPS

    wide = {label.split("[")[0] for label in WIDE_OPS} | COMPARED_ELSEWHERE
    missing = [n for n in _public_ops()
               if n not in OPS and n not in wide | STRUCTURAL | THROUGH_LAYERS | NOT_IN_KERAS
               and n not in COMPARED_IN_OTHER_FILES]
    assert not missing, f"add these ops to OPS in {__file__}: {missing}"


def test_exemption_lists_name_only_public_ops():
    """A name in an exemption list that is no public op is stale (renamed,
    made private): it says an op is covered that is not there. The ops
    compared through their layers keep their own rows too."""
    from compat_tests.test_ops_wide_parity import COMPARED_ELSEWHERE

    public = set(_public_ops())
    exempted = STRUCTURAL | THROUGH_LAYERS | NOT_IN_KERAS | COMPARED_ELSEWHERE
    exempted |= set(COMPARED_IN_OTHER_FILES)
    assert sorted(exempted - public) == []
    assert sorted(THROUGH_LAYERS - set(OPS)) == []


def test_every_public_op_exists_in_keras():
    keras = real_keras()
    assert [n for n in _public_ops() if not hasattr(keras.ops, n)] == sorted(NOT_IN_KERAS)


CASES = [(name, name, make, tol) for name, (make, tol) in OPS.items()]
CASES += [(label, name, make, tol) for label, (name, make, tol) in VARIANTS.items()]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("label,name,make,tolerance", CASES, ids=[c[0] for c in CASES])
def test_op_matches_keras(label, name, make, tolerance, seed):
    rng = np.random.default_rng([seed, sum(map(ord, label))])
    args, kwargs = make(rng)
    ours = getattr(kerasish.ops, name)
    theirs = getattr(real_keras().ops, name)
    assert_same_values_and_grads(ours, theirs, args, kwargs, tolerance, what=f"ops.{label}{kwargs}")


def test_shape_dtype_and_is_tensor_match_keras():
    keras = real_keras()
    x = np.zeros((2, 1, 3), np.float32)
    assert kerasish.ops.shape(x) == tuple(keras.ops.shape(x))
    for array in (x, np.zeros(2, np.int32), np.zeros(2, bool), np.zeros(2, np.float16)):
        assert kerasish.ops.dtype(array) == keras.ops.dtype(array)
    # An op's output is a tensor in both libraries, a Python list in neither.
    assert kerasish.ops.is_tensor(kerasish.ops.add(x, 1.0))
    assert keras.ops.is_tensor(keras.ops.add(x, 1.0))
    assert not kerasish.ops.is_tensor([1.0]) and not keras.ops.is_tensor([1.0])
