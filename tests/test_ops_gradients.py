"""Finite-difference checks of every differentiable op in `kerasish.ops` and
every activation, over several shapes (broadcasting, batch size 1, scalars)."""

import math

import numpy as np
import pytest

from kerasish import activations, ops
from kerasish.ops import core as ops_core
from kerasish.ops import nn as ops_nn
from kerasish.ops import numpy as ops_numpy
from layer_checks import check_op_gradients, float64


@pytest.fixture(autouse=True)
def _float64():
    with float64():
        yield


def rng(seed=0):
    return np.random.default_rng(seed)


def normal(shape, seed=0):
    return rng(seed).normal(size=shape)


def positive(shape, seed=0):
    return rng(seed).uniform(0.5, 2.0, size=shape)


def away_from(shape, points=(0.0,), seed=0):
    """Normal values moved at least 0.1 away from each kink in `points`."""
    x = rng(seed).normal(scale=2.0, size=shape)
    for point in points:
        close = np.abs(x - point) < 0.1
        x[close] = point + 0.2
    return x


def distinct(shape, seed=0):
    """Values that are all different (so max/min have a unique winner)."""
    size = int(np.prod(shape))
    return (rng(seed).permutation(size) * 0.37 - size * 0.15).reshape(shape)


BINARY_SHAPES = [
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),
    ((1, 4), (3, 1)),
    ((2, 1, 4), (3, 4)),
    ((1, 3), ()),
    ((), (2, 3)),
]
UNARY_SHAPES = [(3, 4), (1, 5), (2, 3, 4), ()]


@pytest.mark.parametrize("shapes", BINARY_SHAPES)
@pytest.mark.parametrize("op", ["add", "subtract", "multiply", "divide", "true_divide"])
def test_arithmetic(op, shapes):
    a = normal(shapes[0], seed=1)
    b = positive(shapes[1], seed=2) if "divide" in op else normal(shapes[1], seed=2)
    check_op_gradients(getattr(ops, op), a, b)


@pytest.mark.parametrize("shapes", BINARY_SHAPES)
def test_power_in_base_and_exponent(shapes):
    check_op_gradients(ops.power, positive(shapes[0], 1), normal(shapes[1], 2))


def test_power_with_python_exponent():
    check_op_gradients(lambda x: ops.power(x, 3), normal((2, 3)))
    check_op_gradients(lambda x: x ** 2, normal((2, 3)))


@pytest.mark.parametrize("shapes", BINARY_SHAPES)
@pytest.mark.parametrize("op", ["maximum", "minimum"])
def test_maximum_minimum(op, shapes):
    # Both grids step by 0.37 and are offset by half a step, so the two sides
    # never meet (the derivative jumps where they do).
    a = distinct(shapes[0], 1)
    b = distinct(shapes[1], 2) + 0.185
    check_op_gradients(getattr(ops, op), a, b)


def test_divide_no_nan_gradient_and_zero_denominators():
    check_op_gradients(ops.divide_no_nan, normal((3, 4), 1), positive((3, 4), 2))
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([2.0, 0.0, 4.0])
    from kerasish.backend.tensor import Tensor, gradients

    xt, yt = Tensor(x), Tensor(y)
    out = ops.divide_no_nan(xt, yt)
    np.testing.assert_array_equal(np.asarray(out), [0.5, 0.0, 0.75])
    gx, gy = gradients(ops.sum(out), [xt, yt])
    np.testing.assert_array_equal(gx, [0.5, 0.0, 0.25])
    assert np.all(np.isfinite(gy))


@pytest.mark.parametrize("shape", UNARY_SHAPES)
@pytest.mark.parametrize(
    "op, domain",
    [
        ("negative", normal), ("exp", normal), ("log", positive), ("sqrt", positive),
        ("square", normal), ("abs", away_from), ("absolute", away_from),
        ("relu", away_from), ("tanh", normal), ("softplus", normal), ("sigmoid", normal),
    ],
)
def test_unary(op, domain, shape):
    check_op_gradients(getattr(ops, op), domain(shape))


@pytest.mark.parametrize("shape", [(3, 4), (1, 4), (2, 3, 4)])
def test_clip_inside_and_outside(shape):
    x = away_from(shape, points=(-1.0, 1.0))
    grads = check_op_gradients(lambda t: ops.clip(t, -1.0, 1.0), x)
    outside = np.abs(x) > 1
    assert np.all(grads[0][outside] == 0)


@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((3, 4), (4,)), ((1, 4), ())])
def test_where(shapes):
    condition = rng(5).random(np.broadcast_shapes(*shapes)) > 0.5
    check_op_gradients(lambda a, b: ops.where(condition, a, b), normal(shapes[0], 1),
                       normal(shapes[1], 2))


@pytest.mark.parametrize(
    "shapes",
    [((3, 4), (4, 2)), ((1, 4), (4, 3)), ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)),
     ((2, 3, 4), (1, 4, 2)), ((4,), (4, 3)), ((3, 4), (4,)), ((4,), (4,)), ((2, 3, 4), (4,))],
)
@pytest.mark.parametrize("op", ["matmul", "dot"])
def test_matmul(op, shapes):
    check_op_gradients(getattr(ops, op), normal(shapes[0], 1), normal(shapes[1], 2))


def test_matmul_operator():
    check_op_gradients(lambda a, b: a @ b, normal((3, 4), 1), normal((4, 2), 2))


REDUCTION_CASES = [
    dict(axis=None), dict(axis=0), dict(axis=-1), dict(axis=(0, 2)),
    dict(axis=1, keepdims=True), dict(axis=None, keepdims=True),
]


@pytest.mark.parametrize("kwargs", REDUCTION_CASES)
@pytest.mark.parametrize("op", ["sum", "mean", "max", "amax", "min", "amin"])
def test_reductions(op, kwargs):
    check_op_gradients(lambda x: getattr(ops, op)(x, **kwargs), distinct((2, 3, 4)))


@pytest.mark.parametrize("kwargs", REDUCTION_CASES)
def test_prod(kwargs):
    check_op_gradients(lambda x: ops.prod(x, **kwargs), positive((2, 3, 4)))


def test_prod_with_zeros():
    x = np.array([[0.0, 2.0, 3.0], [0.0, 0.0, 5.0], [1.5, 2.0, 0.5]])
    check_op_gradients(lambda t: ops.prod(t, axis=1), x)


def test_reductions_with_batch_size_one():
    for op in ("sum", "mean", "max", "min"):
        check_op_gradients(lambda x: getattr(ops, op)(x, axis=0), distinct((1, 5)))


def test_max_shares_the_gradient_among_ties():
    from kerasish.backend.tensor import Tensor, gradients

    x = Tensor(np.array([1.0, 3.0, 3.0]))
    (grad,) = gradients(ops.max(x), [x])
    np.testing.assert_array_equal(grad, [0.0, 0.5, 0.5])


@pytest.mark.parametrize(
    "fn, shape",
    [
        (lambda x: ops.reshape(x, (4, 6)), (2, 3, 4)),
        (lambda x: ops.reshape(x, (-1,)), (1, 5)),
        (lambda x: ops.transpose(x), (2, 3, 4)),
        (lambda x: ops.transpose(x, (1, 0, 2)), (2, 3, 4)),
        (lambda x: x.T, (3, 4)),
        (lambda x: ops.expand_dims(x, 1), (3, 4)),
        (lambda x: ops.expand_dims(x, -1), (1, 4)),
        (lambda x: ops.squeeze(x), (1, 3, 1)),
        (lambda x: ops.squeeze(x, axis=0), (1, 3)),
        (lambda x: ops.broadcast_to(x, (2, 3, 4)), (3, 1)),
        (lambda x: ops.take(x, np.array([2, 0, 2])), (2, 3)),
        (lambda x: ops.take(x, np.array([1, 1, 0]), axis=1), (2, 3)),
        (lambda x: ops.take(x, np.array([[0, 1], [1, 1]]), axis=0), (2, 3)),
        (lambda x: x[1:, ::2], (3, 4)),
        (lambda x: x[np.array([0, 0, 2])], (3, 4)),
        (lambda x: x[..., 0], (1, 3, 2)),
        (lambda x: x[:, None], (3, 4)),
        (lambda x: x[-1, 1:3], (3, 4)),
        (lambda x: x[np.array([[True, False], [False, True]])], (2, 2)),
        (lambda x: ops.get_item(x, (slice(None), np.array([1, 1]))), (2, 3)),
    ],
)
def test_shape_ops(fn, shape):
    check_op_gradients(fn, normal(shape))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate_and_stack(axis):
    a, b, c = normal((2, 3), 1), normal((2, 3), 2), normal((2, 3), 3)
    check_op_gradients(lambda *xs: ops.concatenate(xs, axis=axis), a, b, c)
    check_op_gradients(lambda *xs: ops.stack(xs, axis=axis), a, b, c)


def test_concatenate_uneven_sizes():
    check_op_gradients(lambda a, b: ops.concatenate([a, b], axis=1), normal((2, 1)), normal((2, 4)))


def test_cast_passes_the_gradient_back_in_the_input_dtype():
    from kerasish.backend.tensor import Tensor, gradients

    x = Tensor(np.array([1.5, -2.0]))
    out = ops.cast(x, "float32")
    assert np.asarray(out).dtype == np.float32
    (grad,) = gradients(ops.sum(ops.multiply(out, np.float32(3.0))), [x])
    assert grad.dtype == np.float64
    np.testing.assert_array_equal(grad, [3.0, 3.0])
    check_op_gradients(lambda t: ops.cast(t, "float64"), normal((2, 2)))


def test_stop_gradient_cuts_the_graph():
    from kerasish.backend.tensor import Tensor, gradients

    x = Tensor(np.array([1.0, 2.0]))
    (grad,) = gradients(ops.sum(ops.multiply(ops.stop_gradient(x), x)), [x])
    np.testing.assert_array_equal(grad, [1.0, 2.0])


@pytest.mark.parametrize("shape", [(3, 4), (1, 4), (2, 3, 4)])
@pytest.mark.parametrize("axis", [-1, 0, None])
def test_softmax(shape, axis):
    check_op_gradients(lambda x: ops.softmax(x, axis=axis), normal(shape))


@pytest.mark.parametrize("shape", [(3, 4), (1, 4), (2, 3, 4)])
@pytest.mark.parametrize("axis", [-1, 0])
def test_log_softmax(shape, axis):
    check_op_gradients(lambda x: ops.log_softmax(x, axis=axis), normal(shape))


def _probabilities(shape, seed):
    z = normal(shape, seed)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("shape", [(3, 4), (1, 4), (2, 3, 4)])
def test_categorical_crossentropy(shape):
    target = _probabilities(shape, 1)
    check_op_gradients(lambda t, z: ops.categorical_crossentropy(t, z, from_logits=True),
                       target, normal(shape, 2))
    check_op_gradients(ops.categorical_crossentropy, target, _probabilities(shape, 2))
    # Through a softmax the loss works from the logits (Keras's trick).
    check_op_gradients(lambda t, z: ops.categorical_crossentropy(t, ops.softmax(z)),
                       target, normal(shape, 2))


@pytest.mark.parametrize("shape", [(3, 4), (1, 4), (2, 3, 4)])
def test_sparse_categorical_crossentropy(shape):
    labels = rng(3).integers(0, shape[-1], size=shape[:-1])
    check_op_gradients(
        lambda z: ops.sparse_categorical_crossentropy(labels, z, from_logits=True), normal(shape)
    )
    check_op_gradients(
        lambda p: ops.sparse_categorical_crossentropy(labels, p), _probabilities(shape, 2)
    )
    check_op_gradients(
        lambda z: ops.sparse_categorical_crossentropy(labels, ops.softmax(z)), normal(shape)
    )


@pytest.mark.parametrize("shape", [(3, 4), (1, 1), (2, 3, 1)])
def test_binary_crossentropy(shape):
    target = rng(4).uniform(0, 1, size=shape)
    check_op_gradients(lambda t, z: ops.binary_crossentropy(t, z, from_logits=True),
                       target, normal(shape, 2))
    probs = rng(5).uniform(0.1, 0.9, size=shape)
    check_op_gradients(ops.binary_crossentropy, target, probs)
    check_op_gradients(lambda t, z: ops.binary_crossentropy(t, ops.sigmoid(z)),
                       target, normal(shape, 2))


# Ops that return plain arrays (comparisons, index results, constructors,
# conversions); every other public op must appear in a gradient test above.
NOT_DIFFERENTIABLE = {
    "argmax", "argmin", "equal", "not_equal", "greater", "greater_equal", "less",
    "less_equal", "sign", "round", "floor", "zeros", "ones", "zeros_like", "ones_like",
    "any", "all", "isnan", "isfinite", "arange", "one_hot", "convert_to_tensor",
    "convert_to_numpy", "is_tensor", "shape", "dtype",
}
DIFFERENTIABLE_TESTED = {
    "add", "subtract", "multiply", "divide", "true_divide", "divide_no_nan", "power",
    "negative", "exp", "log", "sqrt", "square", "abs", "absolute", "maximum", "minimum",
    "clip", "where", "matmul", "dot", "sum", "mean", "max", "amax", "min", "amin", "reshape",
    "transpose", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take",
    "get_item",
    "cast", "stop_gradient", "prod", "relu", "tanh", "softplus", "sigmoid", "softmax",
    "log_softmax", "categorical_crossentropy", "sparse_categorical_crossentropy",
    "binary_crossentropy",
}


def test_every_public_op_is_gradient_checked_or_declared_not_differentiable():
    public = set(ops_core.__all__) | set(ops_nn.__all__) | set(ops_numpy.__all__)
    unaccounted = public - NOT_DIFFERENTIABLE - DIFFERENTIABLE_TESTED
    assert not unaccounted, f"add gradient checks for: {sorted(unaccounted)}"


def test_cast_float_and_mean_of_integers():
    # Keras averages integers in floatx (float64 in this module, see the fixture).
    from kerasish import config

    assert ops.mean(np.array([1, 2])).dtype == np.dtype(config.floatx())


def test_non_differentiable_ops_return_plain_arrays():
    from kerasish.backend.tensor import Tensor

    x = Tensor(normal((2, 3)))
    unary = ("argmax", "argmin", "sign", "round", "floor", "isnan", "isfinite", "any", "all",
             "zeros_like", "ones_like", "convert_to_numpy")
    for name in ("equal", "not_equal", "greater", "greater_equal", "less", "less_equal"):
        assert isinstance(getattr(ops, name)(x, x), (np.ndarray, np.generic)), name
    for name in unary:
        assert isinstance(getattr(ops, name)(x), (np.ndarray, np.generic)), name


# ----------------------------------------------------------------- activations

ACTIVATION_KINKS = {
    "relu": (0.0,), "leaky_relu": (0.0,), "relu6": (0.0, 6.0), "elu": (0.0,),
    "selu": (0.0,), "hard_sigmoid": (-3.0, 3.0), "hard_silu": (-3.0, 3.0),
    "hard_swish": (-3.0, 3.0), "hard_shrink": (-0.5, 0.5), "soft_shrink": (-0.5, 0.5),
    "sparse_plus": (-1.0, 1.0), "sparse_sigmoid": (-1.0, 1.0), "hard_tanh": (-1.0, 1.0),
    "threshold": (0.5,), "celu": (0.0,),
}
# Activations with required arguments beyond `x`.
ACTIVATION_ARGUMENTS = {"threshold": (0.5, -1.0)}


@pytest.mark.parametrize("shape", [(3, 4), (1, 4), (2, 3, 4)])
@pytest.mark.parametrize("name", sorted(activations.ALL_OBJECTS_DICT))
def test_activation_gradients(name, shape):
    fn = activations.get(name)
    extra = ACTIVATION_ARGUMENTS.get(name, ())
    x = away_from(shape, points=ACTIVATION_KINKS.get(name, ()) + (0.0,))
    if name == "sparsemax":
        # Its support changes where two sorted entries cross: keep entries apart.
        x = np.sort(x, axis=-1) + np.arange(shape[-1]) * 0.3
    check_op_gradients(lambda t: fn(t, *extra), x)


def test_relu_options_gradients():
    x = away_from((3, 4), points=(0.0, 0.5, 2.0))
    check_op_gradients(lambda t: activations.relu(t, negative_slope=0.1), x)
    check_op_gradients(lambda t: activations.relu(t, max_value=2.0), x)
    check_op_gradients(lambda t: activations.relu(t, threshold=0.5, negative_slope=0.3), x)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
ACTIVATION_VALUES = {
    "relu": lambda x: np.maximum(x, 0),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "relu6": lambda x: np.clip(x, 0, 6),
    "sigmoid": _sigmoid,
    "tanh": np.tanh,
    "softmax": _softmax,
    "log_softmax": lambda x: np.log(_softmax(x)),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "selu": lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * (np.exp(x) - 1)),
    "silu": lambda x: x * _sigmoid(x),
    "swish": lambda x: x * _sigmoid(x),
    "exponential": np.exp,
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "hard_silu": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "hard_swish": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "linear": lambda x: x,
    "celu": lambda x: np.maximum(x, 0) + np.minimum(0, np.exp(x) - 1),
    "gelu": lambda x: 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2))),
    "glu": lambda x: x[..., :3] * _sigmoid(x[..., 3:]),
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0),
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "log_sigmoid": lambda x: np.log(_sigmoid(x)),
    "mish": lambda x: x * np.tanh(np.log1p(np.exp(x))),
    "soft_shrink": lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0),
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    "sparse_sigmoid": lambda x: np.clip((x + 1) / 2, 0, 1),
    "sparsemax": lambda x: _sparsemax_rows(x),
    "squareplus": lambda x: (x + np.sqrt(x * x + 4)) / 2,
    "tanh_shrink": lambda x: x - np.tanh(x),
    "threshold": lambda x: np.where(x > 0.5, x, -1.0),
}
# erf is computed from a polynomial fit (NumPy has none): ~1e-7 relative.
ACTIVATION_TOLERANCE = {"gelu": 1e-7}


def _sparsemax_rows(x):
    """Keras 3's sparsemax, written out per row: the support is the sorted
    entries z_(i) with z_(i) > (cumsum_i - 1) / i; tau is (the sum of the
    running sums over the support - 1) / its size."""
    out = np.zeros_like(x)
    for index in np.ndindex(x.shape[:-1]):
        row = x[index]
        ordered = np.sort(row)[::-1]
        running = np.cumsum(ordered)
        support = [i for i in range(row.size) if ordered[i] > (running[i] - 1) / (i + 1)]
        tau = (sum(running[i] for i in support) - 1) / len(support)
        out[index] = np.maximum(row - tau, 0)
    return out


@pytest.mark.parametrize("name", sorted(activations.ALL_OBJECTS_DICT))
def test_activation_values(name):
    x = np.linspace(-8, 8, 24).reshape(4, 6)
    tolerance = ACTIVATION_TOLERANCE.get(name, 1e-12)
    fn = activations.get(name)
    np.testing.assert_allclose(np.asarray(fn(x, *ACTIVATION_ARGUMENTS.get(name, ()))),
                               ACTIVATION_VALUES[name](x), rtol=tolerance, atol=tolerance)


def test_relu_options_values():
    x = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(activations.relu(x, negative_slope=0.1),
                               np.where(x > 0, x, 0.1 * x))
    np.testing.assert_allclose(activations.relu(x, max_value=1.0), np.clip(x, 0, 1))
    np.testing.assert_allclose(activations.relu(x, threshold=1.0), np.where(x > 1, x, 0))
    np.testing.assert_allclose(activations.relu(x, threshold=1.0, negative_slope=0.5),
                               np.where(x > 1, x, 0.5 * (x - 1)))


def test_activations_work_on_plain_arrays_and_stay_float32():
    from kerasish.activations import relu, sigmoid, softmax

    x = np.array([[-1.0, 0.5, 2.0]], dtype="float32")
    for fn in (relu, sigmoid, softmax):
        assert np.asarray(fn(x)).dtype == np.float32


def test_unknown_activation_name():
    with pytest.raises(ValueError, match="Could not interpret activation function identifier: nope"):
        activations.get("nope")


@pytest.mark.parametrize(
    "fn",
    [
        lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / b,
        lambda a, b: 2.0 - a + b * 3.0, lambda a, b: 3.0 / b + a / 2.0, lambda a, b: -a * b,
        lambda a, b: b ** 2 + 2.0 ** a, lambda a, b: np.ones((3, 4)) * a + np.full(4, 2.0) - b,
        lambda a, b: np.float64(2.0) * a + b / np.float64(4.0),
    ],
)
def test_tensor_operators(fn):
    check_op_gradients(fn, normal((3, 4), 1), positive((4,), 2))


def test_comparison_operators_return_plain_arrays():
    from kerasish.backend.tensor import Tensor

    x = Tensor(np.array([1.0, 2.0]))
    assert type(x > 1.5) is np.ndarray and (x > 1.5).tolist() == [False, True]
    assert (x == Tensor(np.array([1.0, 0.0]))).tolist() == [True, False]


def test_arange_dtype_follows_its_bounds():
    # Python ints give int32 and any float gives floatx, as in Keras.
    from kerasish import config

    assert ops.arange(3).dtype == np.int32
    fractions = ops.arange(0, 1, 0.25)
    assert fractions.dtype == np.dtype(config.floatx())
    np.testing.assert_allclose(fractions, [0.0, 0.25, 0.5, 0.75])
    assert ops.arange(1.0, 3).dtype == np.dtype(config.floatx())
