"""The wider `keras.ops` surface against real Keras: values, result dtypes
and gradients (Keras's under tf.GradientTape) for every op added beyond the
core set, on random inputs of several shapes (broadcasting, batch size 1).

`WIDE_OPS` maps a case label to `(make_args, tolerance, pick)`: `make_args`
draws `(args, kwargs)` from an rng; `pick(ops_module)` returns the function
to compare (default: the op of the label's name), which selects one output
of ops returning tuples. `test_ops_parity.py` adds these labels to its OPS
table, so its "every public op has a case" check covers them.

`EXCLUDED` lists the public names of `keras.ops` that kerasish does not
implement, each with its reason; `test_every_keras_op_is_implemented_or_excluded`
fails when Keras has a public op in neither.
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import (
    ELEMENTWISE,
    REDUCTION,
    Tolerance,
    assert_close,
    assert_same_values_and_grads,
    broadcast_partner,
    random_shape,
    real_keras,
    uniform,
)

SEEDS = range(3)

# Polynomial fits of erf/erfinv (NumPy has none) and float32 trigonometry
# near the ends of arccos/arctanh's domains: a few float32 ulp more than libm.
APPROXIMATION = Tolerance(2e-5, 2e-6, "erf/erfinv from a polynomial fit; ends of inverse-trig domains")
# Decompositions (LAPACK vs Eigen) and their gradients, which divide by
# eigenvalue gaps and determinants.
DECOMPOSITION = Tolerance(2e-4, 2e-5, "LAPACK vs Eigen factorizations, float32")


def _unary(low=-2.0, high=2.0, min_rank=0, **kwargs):
    return lambda rng: ([uniform(rng, random_shape(rng, min_rank=min_rank), low, high)], dict(kwargs))


def _binary(low=-2.0, high=2.0, second_low=None, second_high=None):
    def make(rng):
        shape = random_shape(rng)
        partner = broadcast_partner(rng, shape)
        if rng.random() < 0.5:
            shape, partner = partner, shape
        second = uniform(rng, partner, second_low if second_low is not None else low,
                         second_high if second_high is not None else high)
        return [uniform(rng, shape, low, high), second], {}

    return make


def _matrix(rng, min_rank=2):
    shape = random_shape(rng, min_rank=min_rank, max_rank=3)
    return uniform(rng, shape)


def _axis_case(min_rank=1, **extra):
    def make(rng):
        x = uniform(rng, random_shape(rng, min_rank=min_rank))
        return [x], {"axis": int(rng.integers(-x.ndim, x.ndim)), **extra}

    return make


def _distinct(rng, shape):
    """Values all different (sorting and top-k see no ties)."""
    size = int(np.prod(shape))
    return (rng.permutation(size).astype(np.float32) * 0.37 - size * 0.15).reshape(shape)


def _spd(rng):
    n = int(rng.integers(1, 4))
    a = rng.normal(size=(n, n)).astype(np.float32)
    return (a @ a.T + n * np.eye(n, dtype=np.float32)).astype(np.float32)


def _first(name, **kwargs):
    return lambda ops: lambda *args, **more: getattr(ops, name)(*args, **{**kwargs, **more})[0]


def _second(name):
    return lambda ops: lambda *args, **more: getattr(ops, name)(*args, **more)[1]


def _square_ops_case(rng):
    return [_spd(rng)], {}


def _take_along_axis(rng):
    x = uniform(rng, random_shape(rng, min_rank=2, max_rank=3))
    axis = int(rng.integers(0, x.ndim))
    shape = list(x.shape)
    shape[axis] = int(rng.integers(1, 5))
    indices = rng.integers(0, x.shape[axis], size=shape).astype(np.int32)
    return [x, indices], {"axis": axis}


def _split(rng):
    parts = int(rng.integers(1, 4))
    x = uniform(rng, (parts * int(rng.integers(1, 3)), 3))
    return [x, parts], {"axis": 0}


def _slice(rng):
    x = uniform(rng, (4, 5))
    return [x, (1, 2), (2, 3)], {}


def _slice_update(rng):
    x = uniform(rng, (4, 5))
    return [x, (1, 2), uniform(rng, (2, 3))], {}


def _scatter_update(rng):
    x = uniform(rng, (5, 3))
    return [x, np.array([[0], [3]], np.int32), uniform(rng, (2, 3))], {}


def _scatter(rng):
    return [np.array([[0], [3], [1]], np.int32), uniform(rng, (3, 2)), (5, 2)], {}


def _int_pair(rng):
    return [rng.integers(-8, 8, 5).astype(np.int32), rng.integers(-8, 8, 5).astype(np.int32)], {}


def _positive_int_pair(rng):
    return [rng.integers(1, 20, 5).astype(np.int32), rng.integers(1, 20, 5).astype(np.int32)], {}


def _shift_pair(rng):
    return [rng.integers(0, 64, 5).astype(np.int32), rng.integers(0, 4, 5).astype(np.int32)], {}


def _reduce_no_keepdims(rng):
    x = _distinct(rng, random_shape(rng, min_rank=1))
    return [x], {"axis": [None, 0, -1][int(rng.integers(3))]}


def _select(rng):
    x = uniform(rng, (4, 3))
    return [[x < -0.5, x > 0.5], [x * 2, x * 3]], {"default": 0.0}


def _solve_triangular(rng):
    a = np.tril(_spd(rng)).astype(np.float32)
    return [a, uniform(rng, (a.shape[0], 2))], {"lower": True}


def _segment(rng):
    ids = np.sort(rng.integers(0, 3, size=6)).astype(np.int32)
    ids[:3] = [0, 1, 2]
    ids = np.sort(ids)
    return [_distinct(rng, (6, 2)), ids], {"num_segments": 3}


def _tile(rng):
    return [uniform(rng, random_shape(rng))], {"repeats": [int(r) for r in rng.integers(1, 3, 2)]}


def _repeat(rng):
    x = uniform(rng, random_shape(rng, min_rank=1))
    return [x, int(rng.integers(1, 3))], {"axis": int(rng.integers(0, x.ndim))}


def _roll(rng):
    x = uniform(rng, random_shape(rng, min_rank=1))
    return [x, int(rng.integers(-3, 4))], {"axis": int(rng.integers(0, x.ndim))}


def _moveaxis(rng):
    x = uniform(rng, random_shape(rng, min_rank=2))
    return [x, 0, -1], {}


def _swapaxes(rng):
    x = uniform(rng, random_shape(rng, min_rank=2))
    return [x, 0, x.ndim - 1], {}


def _tri_case(rng):
    return [uniform(rng, random_shape(rng, min_rank=2))], {"k": int(rng.integers(-1, 2))}


def _diagonal(rng):
    return [uniform(rng, random_shape(rng, min_rank=2))], {"offset": int(rng.integers(-1, 2))}


def _rot90(rng):
    # Keras 3.15's TensorFlow rot90 scrambles non-square matrices for k=2
    # ([[0, 1, 2], [3, 4, 5]] -> [[1, 3, 5], [0, 2, 4]]); kerasish rotates as
    # NumPy does. Compared where Keras rotates: square matrices, or odd k.
    k = int(rng.integers(0, 4))
    n = int(rng.integers(1, 4))
    shape = (n, n) if k % 2 == 0 else (n, int(rng.integers(1, 4)))
    return [uniform(rng, shape)], {"k": k}


def _cumulative(rng):
    x = uniform(rng, random_shape(rng, min_rank=1), 0.5, 1.5)
    return [x], {"axis": int(rng.integers(0, x.ndim))}


def _reduce(rng, keepdims=True):
    x = uniform(rng, random_shape(rng, min_rank=1))
    axis = [None, 0, -1][int(rng.integers(3))]
    return [x], {"axis": axis, "keepdims": bool(rng.random() < 0.5) if keepdims else False}


def _quantile(rng):
    x = _distinct(rng, random_shape(rng, min_rank=1))
    return [x, float(rng.uniform(0.1, 0.9))], {"axis": [None, -1][int(rng.integers(2))]}


def _percentile(rng):
    x = _distinct(rng, random_shape(rng, min_rank=1))
    return [x, float(rng.uniform(10, 90))], {"axis": [None, -1][int(rng.integers(2))]}


def _norm(rng):
    forms = [(None, None), (1, -1), (2, -1), (np.inf, -1), ("fro", (0, 1)), (1, (0, 1)),
             (np.inf, (0, 1)), (3, 0)]
    ord_, axis = forms[int(rng.integers(len(forms)))]
    return [uniform(rng, random_shape(rng, min_rank=2, max_rank=2), 0.1, 2)], {
        "ord": ord_, "axis": axis}


def _attention(rng):
    b, t, s, n, h = 2, int(rng.integers(1, 4)), int(rng.integers(1, 4)), 2, 3
    q, k, v = (uniform(rng, (b, t, n, h)), uniform(rng, (b, s, n, h)),
               uniform(rng, (b, s, n, h)))
    return [q, k, v], {"is_causal": bool(rng.random() < 0.5) and t == s}


def _ctc(rng):
    batch, steps, classes = 2, 6, 4
    target = rng.integers(1, classes, size=(batch, 2)).astype(np.int32)
    return [target, uniform(rng, (batch, steps, classes)), np.array([2, 1], np.int32),
            np.array([6, 5], np.int32)], {}


def _depth(rng):
    return [uniform(rng, (1, 2, 2, 8))], {"block_size": 2}


def _space(rng):
    return [uniform(rng, (1, 4, 4, 2))], {"block_size": 2}


def _solve(rng):
    a = _spd(rng)
    return [a, uniform(rng, (a.shape[0], 2))], {}


def _products(rng):
    return [uniform(rng, (3,)), uniform(rng, (3,))], {}


WIDE_OPS = {
    # element-wise math
    "sin": (_unary(), ELEMENTWISE, None), "cos": (_unary(), ELEMENTWISE, None),
    "tan": (_unary(-1.2, 1.2), ELEMENTWISE, None),
    "arcsin": (_unary(-0.9, 0.9), APPROXIMATION, None),
    "arccos": (_unary(-0.9, 0.9), APPROXIMATION, None),
    "arctan": (_unary(), ELEMENTWISE, None), "sinh": (_unary(), ELEMENTWISE, None),
    "cosh": (_unary(), ELEMENTWISE, None), "arcsinh": (_unary(), ELEMENTWISE, None),
    "arccosh": (_unary(1.2, 3.0), APPROXIMATION, None),
    "arctanh": (_unary(-0.9, 0.9), APPROXIMATION, None),
    "exp2": (_unary(), ELEMENTWISE, None), "expm1": (_unary(), ELEMENTWISE, None),
    "log10": (_unary(0.2, 3.0), ELEMENTWISE, None), "log2": (_unary(0.2, 3.0), ELEMENTWISE, None),
    "log1p": (_unary(-0.5, 3.0), ELEMENTWISE, None),
    "fabs": (_unary(0.2, 2.0), ELEMENTWISE, None), "sinc": (_unary(0.1, 2.0), APPROXIMATION, None),
    "erf": (_unary(), APPROXIMATION, None), "erfinv": (_unary(-0.9, 0.9), APPROXIMATION, None),
    "rsqrt": (_unary(0.2, 3.0), ELEMENTWISE, None), "cbrt": (_unary(0.2, 3.0), ELEMENTWISE, None),
    "deg2rad": (_unary(), ELEMENTWISE, None), "rad2deg": (_unary(), ELEMENTWISE, None),
    "reciprocal": (_unary(0.3, 3.0), ELEMENTWISE, None),
    "ceil": (_unary(), ELEMENTWISE, None), "trunc": (_unary(), ELEMENTWISE, None),
    "i0": (_unary(), ELEMENTWISE, None),
    "arctan2": (_binary(0.2, 2.0), ELEMENTWISE, None), "hypot": (_binary(), ELEMENTWISE, None),
    "logaddexp": (_binary(), ELEMENTWISE, None), "logaddexp2": (_binary(), ELEMENTWISE, None),
    "mod": (_binary(0.1, 2.0, 0.5, 2.0), ELEMENTWISE, None),
    "fmod": (_binary(0.1, 2.0, 0.5, 2.0), ELEMENTWISE, None),
    "fmax": (_binary(), ELEMENTWISE, None), "fmin": (_binary(), ELEMENTWISE, None),
    "floor_divide": (_binary(0.1, 5.0, 0.5, 2.0), ELEMENTWISE, None),
    "heaviside": (_binary(), ELEMENTWISE, None),
    "isinf": (_unary(), ELEMENTWISE, None), "isneginf": (_unary(), ELEMENTWISE, None),
    "isposinf": (_unary(), ELEMENTWISE, None), "signbit": (_unary(), ELEMENTWISE, None),
    "isclose": (_binary(), ELEMENTWISE, None),
    "logical_and": (_binary(), ELEMENTWISE, None), "logical_or": (_binary(), ELEMENTWISE, None),
    "logical_xor": (_binary(), ELEMENTWISE, None), "logical_not": (_unary(), ELEMENTWISE, None),
    "nan_to_num": (_unary(), ELEMENTWISE, None),
    # activations
    "relu6": (_unary(-8, 8), ELEMENTWISE, None), "elu": (_unary(), ELEMENTWISE, None),
    "selu": (_unary(), ELEMENTWISE, None), "celu": (_unary(), ELEMENTWISE, None),
    "gelu": (_unary(), APPROXIMATION, None),
    "gelu[exact]": (_unary(approximate=False), APPROXIMATION, lambda ops: ops.gelu),
    "silu": (_unary(), ELEMENTWISE, None), "swish": (_unary(), ELEMENTWISE, None),
    "hard_sigmoid": (_unary(-4, 4), ELEMENTWISE, None),
    "hard_silu": (_unary(-4, 4), ELEMENTWISE, None),
    "hard_swish": (_unary(-4, 4), ELEMENTWISE, None),
    "hard_tanh": (_unary(), ELEMENTWISE, None), "hard_shrink": (_unary(), ELEMENTWISE, None),
    "soft_shrink": (_unary(), ELEMENTWISE, None), "tanh_shrink": (_unary(), ELEMENTWISE, None),
    "leaky_relu": (_unary(), ELEMENTWISE, None), "log_sigmoid": (_unary(), ELEMENTWISE, None),
    "softsign": (_unary(), ELEMENTWISE, None), "sparse_plus": (_unary(), ELEMENTWISE, None),
    "sparse_sigmoid": (_unary(), ELEMENTWISE, None),
    "squareplus": (_unary(), ELEMENTWISE, None),
    "threshold": (_unary(threshold=0.3, default_value=-1.0), ELEMENTWISE, None),
    "sparsemax": (lambda rng: ([_distinct(rng, random_shape(rng, min_rank=1))], {}), REDUCTION, None),
    "glu": (lambda rng: ([uniform(rng, (2, 4))], {}), ELEMENTWISE, None),
    "normalize": (_unary(min_rank=1), REDUCTION, None),
    "rms_normalization": (_unary(min_rank=1), REDUCTION, None),
    "moments": (lambda rng: ([uniform(rng, (3, 4))], {"axes": [0]}), REDUCTION, _first("moments")),
    "psnr": (lambda rng: ([uniform(rng, (2, 3), 0, 1), uniform(rng, (2, 3), 0, 1)], {"max_val": 1.0}),
             REDUCTION, None),
    "multi_hot": (lambda rng: ([rng.integers(0, 5, size=(2, 3)).astype(np.int32)], {"num_classes": 5}),
                  ELEMENTWISE, None),
    "depth_to_space": (_depth, ELEMENTWISE, None), "space_to_depth": (_space, ELEMENTWISE, None),
    "dot_product_attention": (_attention, REDUCTION, None),
    "ctc_loss": (_ctc, REDUCTION, None),
    # arrays
    "flip": (_axis_case(), ELEMENTWISE, None), "roll": (_roll, ELEMENTWISE, None),
    "fliplr": (lambda rng: ([_matrix(rng)], {}), ELEMENTWISE, None),
    "flipud": (lambda rng: ([_matrix(rng)], {}), ELEMENTWISE, None),
    "rot90": (_rot90, ELEMENTWISE, None),
    "tile": (_tile, REDUCTION, None), "repeat": (_repeat, REDUCTION, None),
    "swapaxes": (_swapaxes, ELEMENTWISE, None), "moveaxis": (_moveaxis, ELEMENTWISE, None),
    "ravel": (_unary(min_rank=1), ELEMENTWISE, None),
    "tril": (_tri_case, ELEMENTWISE, None), "triu": (_tri_case, ELEMENTWISE, None),
    "diagonal": (_diagonal, ELEMENTWISE, None),
    "trace": (lambda rng: ([_matrix(rng)], {}), REDUCTION, None),
    "diag": (lambda rng: ([uniform(rng, (int(rng.integers(1, 4)),))], {}), ELEMENTWISE, None),
    "diagflat": (lambda rng: ([uniform(rng, (2, 2))], {}), ELEMENTWISE, None),
    "take_along_axis": (_take_along_axis, REDUCTION, None),
    "sort": (lambda rng: ([_distinct(rng, random_shape(rng, min_rank=1))], {}), ELEMENTWISE, None),
    "argsort": (lambda rng: ([_distinct(rng, random_shape(rng, min_rank=1))], {}), ELEMENTWISE, None),
    "top_k": (lambda rng: ([_distinct(rng, (2, 5))], {"k": 3}), ELEMENTWISE, _first("top_k")),
    "top_k[indices]": (lambda rng: ([_distinct(rng, (2, 5))], {"k": 3}), ELEMENTWISE,
                       _second("top_k")),
    "split": (_split, ELEMENTWISE, _first("split")),
    "array_split": (lambda rng: ([uniform(rng, (5, 2)), 2], {}), ELEMENTWISE, _first("array_split")),
    "unstack": (lambda rng: ([_matrix(rng)], {}), ELEMENTWISE, _first("unstack")),
    "slice": (_slice, ELEMENTWISE, None), "slice_update": (_slice_update, ELEMENTWISE, None),
    "scatter_update": (_scatter_update, ELEMENTWISE, None),
    "scatter": (_scatter, ELEMENTWISE, None),
    "cumsum": (_cumulative, REDUCTION, None), "cumprod": (_cumulative, REDUCTION, None),
    "hstack": (lambda rng: ([[uniform(rng, (2, 3)), uniform(rng, (2, 1))]], {}), ELEMENTWISE, None),
    "vstack": (lambda rng: ([[uniform(rng, (2, 3)), uniform(rng, (1, 3))]], {}), ELEMENTWISE, None),
    "dstack": (lambda rng: ([[uniform(rng, (2, 3)), uniform(rng, (2, 3))]], {}), ELEMENTWISE, None),
    "append": (lambda rng: ([uniform(rng, (2, 3)), uniform(rng, (1, 3))], {"axis": 0}),
               ELEMENTWISE, None),
    # reductions
    "logsumexp": (_reduce, REDUCTION, None), "var": (_reduce, REDUCTION, None),
    "std": (_reduce, REDUCTION, None), "ptp": (_reduce, ELEMENTWISE, None),
    "median": (lambda rng: ([_distinct(rng, random_shape(rng, min_rank=1))], {"axis": -1}),
               REDUCTION, None),
    "quantile": (_quantile, REDUCTION, None), "percentile": (_percentile, REDUCTION, None),
    "average": (lambda rng: ([uniform(rng, (3, 4))], {"axis": 1, "weights": uniform(rng, (4,), 0.5, 1)}),
                REDUCTION, None),
    "count_nonzero": (lambda rng: ([rng.integers(0, 2, (3, 4)).astype(np.float32)], {"axis": 1}),
                      ELEMENTWISE, None),
    "nansum": (_reduce, REDUCTION, None), "nanmean": (_reduce, REDUCTION, None),
    "nanmax": (_reduce, ELEMENTWISE, None), "nanmin": (_reduce, ELEMENTWISE, None),
    "nanvar": (_reduce, REDUCTION, None), "nanstd": (_reduce, REDUCTION, None),
    "nanprod": (_reduce, REDUCTION, None),
    "norm": (_norm, REDUCTION, None),
    # products
    "outer": (_products, ELEMENTWISE, None), "inner": (_products, REDUCTION, None),
    "vdot": (_products, REDUCTION, None),
    "tensordot": (lambda rng: ([uniform(rng, (2, 3)), uniform(rng, (3, 4))], {"axes": 1}),
                  REDUCTION, None),
    "kron": (lambda rng: ([uniform(rng, (2, 2)), uniform(rng, (2, 3))], {}), ELEMENTWISE, None),
    "cross": (lambda rng: ([uniform(rng, (2, 3)), uniform(rng, (2, 3))], {}), ELEMENTWISE, None),
    "diff": (lambda rng: ([uniform(rng, (3, 5))], {"n": int(rng.integers(1, 3))}), ELEMENTWISE, None),
    "trapezoid": (lambda rng: ([uniform(rng, (3, 5))], {}), REDUCTION, None),
    "cdist": (lambda rng: ([uniform(rng, (3, 2)), uniform(rng, (4, 2))], {}), REDUCTION, None),
    # linalg
    "inv": (_square_ops_case, DECOMPOSITION, None), "det": (_square_ops_case, DECOMPOSITION, None),
    "logdet": (_square_ops_case, DECOMPOSITION, None),
    "slogdet": (_square_ops_case, DECOMPOSITION, _second("slogdet")),
    "solve": (_solve, DECOMPOSITION, None),
    "cholesky": (_square_ops_case, DECOMPOSITION, None),
    "eigh": (_square_ops_case, DECOMPOSITION, _first("eigh")),
    "svd": (lambda rng: ([_spd(rng)], {"compute_uv": False}), DECOMPOSITION, None),
    # creation
    "eye": (lambda rng: ([int(rng.integers(1, 4))], {}), ELEMENTWISE, None),
    "tri": (lambda rng: ([int(rng.integers(1, 4))], {}), ELEMENTWISE, None),
    "identity": (lambda rng: ([int(rng.integers(1, 4))], {}), ELEMENTWISE, None),
    "full": (lambda rng: ([(2, 3), 1.5], {}), ELEMENTWISE, None),
    "linspace": (lambda rng: ([0.0, 2.0], {"num": int(rng.integers(2, 6))}), ELEMENTWISE, None),
    "logspace": (lambda rng: ([0.0, 2.0], {"num": int(rng.integers(2, 6))}), REDUCTION, None),
    "geomspace": (lambda rng: ([1.0, 8.0], {"num": int(rng.integers(2, 6))}), REDUCTION, None),
    "hanning": (lambda rng: ([int(rng.integers(2, 7))], {}), ELEMENTWISE, None),
    "hamming": (lambda rng: ([int(rng.integers(2, 7))], {}), ELEMENTWISE, None),
    "bartlett": (lambda rng: ([int(rng.integers(2, 7))], {}), ELEMENTWISE, None),
    # segments and searching
    "segment_sum": (_segment, REDUCTION, None), "segment_max": (_segment, ELEMENTWISE, None),
    "searchsorted": (lambda rng: ([np.sort(uniform(rng, (5,))), uniform(rng, (3,))], {}),
                     ELEMENTWISE, None),
    "digitize": (lambda rng: ([uniform(rng, (4,)), np.sort(uniform(rng, (3,)))], {}),
                 ELEMENTWISE, None),
    "isin": (lambda rng: ([rng.integers(0, 5, 6).astype(np.int32),
                           rng.integers(0, 5, 3).astype(np.int32)], {}), ELEMENTWISE, None),
    "in_top_k": (lambda rng: ([rng.integers(0, 4, 3).astype(np.int32), _distinct(rng, (3, 4)), 2], {}),
                 ELEMENTWISE, None),
    # more arrays, searching and views
    "adaptive_average_pool": (lambda rng: ([uniform(rng, (1, 5, 3))], {"output_size": 2}),
                              REDUCTION, None),
    "adaptive_max_pool": (lambda rng: ([uniform(rng, (1, 5, 6, 2))], {"output_size": (2, 3)}),
                          ELEMENTWISE, None),
    "allclose": (_binary(), ELEMENTWISE, None),
    "angle": (_unary(), ELEMENTWISE, None),
    "array": (_unary(), ELEMENTWISE, None), "copy": (_unary(), ELEMENTWISE, None),
    "empty_like": (lambda rng: ([np.zeros((2, 3), np.float32)], {}), ELEMENTWISE, None),
    "empty": (lambda rng: ([(2, 3)], {}), ELEMENTWISE, lambda ops: lambda *a: ops.zeros_like(
        ops.empty(*a))),
    "full_like": (lambda rng: ([uniform(rng, (2, 3)), 2.5], {}), ELEMENTWISE, None),
    "bincount": (lambda rng: ([rng.integers(0, 5, 8).astype(np.int32)], {"minlength": 6}),
                 ELEMENTWISE, None),
    "bincount[weights]": (lambda rng: ([rng.integers(0, 5, 8).astype(np.int32)],
                                       {"weights": uniform(rng, (8,))}), REDUCTION,
                          lambda ops: ops.bincount),
    "bitwise_and": (_int_pair, ELEMENTWISE, None), "bitwise_or": (_int_pair, ELEMENTWISE, None),
    "bitwise_xor": (_int_pair, ELEMENTWISE, None),
    "bitwise_invert": (lambda rng: ([rng.integers(-5, 5, 4).astype(np.int32)], {}), ELEMENTWISE, None),
    "bitwise_not": (lambda rng: ([rng.integers(-5, 5, 4).astype(np.int32)], {}), ELEMENTWISE, None),
    "bitwise_left_shift": (_shift_pair, ELEMENTWISE, None),
    "bitwise_right_shift": (_shift_pair, ELEMENTWISE, None),
    "left_shift": (_shift_pair, ELEMENTWISE, None), "right_shift": (_shift_pair, ELEMENTWISE, None),
    "gcd": (_positive_int_pair, ELEMENTWISE, None), "lcm": (_positive_int_pair, ELEMENTWISE, None),
    "ldexp": (lambda rng: ([uniform(rng, (4,)), rng.integers(-2, 3, 4).astype(np.int32)], {}),
              ELEMENTWISE, None),
    "nextafter": (_binary(), ELEMENTWISE, None),
    "blackman": (lambda rng: ([int(rng.integers(2, 7))], {}), ELEMENTWISE, None),
    "kaiser": (lambda rng: ([int(rng.integers(2, 7)), 2.0], {}), REDUCTION, None),
    "cholesky_inverse": (lambda rng: ([np.linalg.cholesky(_spd(rng)).astype(np.float32)], {}),
                         DECOMPOSITION, None),
    "solve_triangular": (_solve_triangular, DECOMPOSITION, None),
    "real": (_unary(), ELEMENTWISE, None), "imag": (_unary(), ELEMENTWISE, None),
    "conj": (_unary(), ELEMENTWISE, None), "conjugate": (_unary(), ELEMENTWISE, None),
    "isreal": (_unary(), ELEMENTWISE, None),
    "corrcoef": (lambda rng: ([uniform(rng, (3, 5))], {}), REDUCTION, None),
    "correlate": (lambda rng: ([uniform(rng, (5,)), uniform(rng, (3,))],
                               {"mode": ["valid", "same", "full"][int(rng.integers(3))]}),
                  REDUCTION, None),
    "dsplit": (lambda rng: ([uniform(rng, (2, 2, 4)), 2], {}), ELEMENTWISE, _first("dsplit")),
    "hsplit": (lambda rng: ([uniform(rng, (2, 4)), 2], {}), ELEMENTWISE, _first("hsplit")),
    "vsplit": (lambda rng: ([uniform(rng, (4, 2)), 2], {}), ELEMENTWISE, _first("vsplit")),
    "erfc": (_unary(), APPROXIMATION, None),
    "extract_sequences": (lambda rng: ([uniform(rng, (2, 9))], {"sequence_length": 3,
                                                                  "sequence_stride": 2}),
                          ELEMENTWISE, None),
    "unfold": (lambda rng: ([uniform(rng, (1, 2, 4, 4))], {"kernel_size": 2, "stride": 2}),
               ELEMENTWISE, None),
    "fold": (lambda rng: ([uniform(rng, (1, 8, 9))], {"output_size": (4, 4), "kernel_size": 2}),
             REDUCTION, None),
    "get_item": (lambda rng: ([uniform(rng, (3, 4)), (1, slice(0, 3))], {}), ELEMENTWISE, None),
    "histogram": (lambda rng: ([uniform(rng, (20,))], {"bins": 4}), ELEMENTWISE,
                  _first("histogram")),
    "meshgrid": (lambda rng: ([uniform(rng, (3,)), uniform(rng, (2,))], {}), ELEMENTWISE,
                 _first("meshgrid")),
    "nanargmax": (_reduce_no_keepdims, ELEMENTWISE, None),
    "nanargmin": (_reduce_no_keepdims, ELEMENTWISE, None),
    "nancumsum": (_cumulative, REDUCTION, None), "nancumprod": (_cumulative, REDUCTION, None),
    "nanmedian": (lambda rng: ([_distinct(rng, (3, 4))], {"axis": 1}), REDUCTION, None),
    "nanquantile": (lambda rng: ([_distinct(rng, (3, 4)), 0.3], {"axis": 1}), REDUCTION, None),
    "nanpercentile": (lambda rng: ([_distinct(rng, (3, 4)), 30.0], {"axis": 1}), REDUCTION, None),
    "nonzero": (lambda rng: ([rng.integers(0, 2, (3, 4)).astype(np.int32)], {}), ELEMENTWISE,
                _first("nonzero")),
    "polar": (lambda rng: ([uniform(rng, (3,)), uniform(rng, (3,))], {}), ELEMENTWISE, None),
    "saturate_cast": (lambda rng: ([uniform(rng, (5,), -300, 300)], {"dtype": "uint8"}),
                      ELEMENTWISE, None),
    "segment_min": (_segment, ELEMENTWISE, None), "segment_prod": (_segment, REDUCTION, None),
    "select": (_select, ELEMENTWISE, None),
    "separable_conv": (lambda rng: ([uniform(rng, (1, 5, 5, 2)), uniform(rng, (3, 3, 2, 2)),
                                     uniform(rng, (1, 1, 4, 3))], {}), REDUCTION, None),
    "size": (_unary(), ELEMENTWISE, None),
    "unique": (lambda rng: ([rng.integers(0, 4, 8).astype(np.int32)], {}), ELEMENTWISE, None),
    "unravel_index": (lambda rng: ([rng.integers(0, 12, 4).astype(np.int32), (3, 4)], {}),
                      ELEMENTWISE, _first("unravel_index")),
    "vander": (lambda rng: ([uniform(rng, (3,))], {"N": 3}), REDUCTION, None),
    "view": (lambda rng: ([uniform(rng, (4,))], {"dtype": "int32"}), ELEMENTWISE, None),
    "view_as_real": (lambda rng: ([(uniform(rng, (3,)) + 1j * uniform(rng, (3,))).astype(
        np.complex64)], {}), ELEMENTWISE, None),
    "view_as_complex": (lambda rng: ([uniform(rng, (3, 2))], {}), ELEMENTWISE, None),
    "rearrange": (lambda rng: ([uniform(rng, (2, 6, 4)), "b (h w) c -> b c w h"], {"h": 2}),
                  ELEMENTWISE, None),
    "rearrange[merge]": (lambda rng: ([uniform(rng, (2, 3, 4)), "b h w -> (b w) h"], {}),
                         ELEMENTWISE, lambda ops: ops.rearrange),
}


def _function(label, pick):
    name = label.split("[")[0]
    return (pick or (lambda ops: getattr(ops, name)))


CASES = [(label, make, tol, pick) for label, (make, tol, pick) in WIDE_OPS.items()]

# TensorFlow registers no gradient for these ops (XlaDynamicUpdateSlice), so
# only values and dtypes are compared; kerasish's gradients are checked by
# finite differences in tests/test_ops_wide.py.
NO_KERAS_GRADIENT = {"slice_update"}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("label,make,tolerance,pick", CASES, ids=[c[0] for c in CASES])
def test_wide_op_matches_keras(label, make, tolerance, pick, seed):
    rng = np.random.default_rng([seed, sum(map(ord, label))])
    args, kwargs = make(rng)
    choose = _function(label, pick)
    if label in NO_KERAS_GRADIENT:
        ours = kerasish.ops.convert_to_numpy(choose(kerasish.ops)(*args, **kwargs))
        theirs = np.asarray(choose(real_keras().ops)(*args, **kwargs))
        assert ours.dtype == theirs.dtype
        assert_close(ours, theirs, tolerance, f"ops.{label}{kwargs}")
        return
    assert_same_values_and_grads(choose(kerasish.ops), choose(real_keras().ops), args, kwargs,
                                 tolerance, what=f"ops.{label}{kwargs}")


# ----------------------------------------------------------- result dtypes

DTYPE_INPUTS = {
    "int8": np.array([1, 2, 3], "int8"), "uint8": np.array([1, 2, 3], "uint8"),
    "int32": np.array([1, 2, 3], "int32"), "int64": np.array([1, 2, 3], "int64"),
    "bool": np.array([True, False, True]), "float16": np.array([1, 2, 3], "float16"),
    "float32": np.array([1, 2, 3], "float32"),
}
DTYPE_UNARY = ["sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "arcsinh",
               "arccosh", "arctanh", "exp2", "expm1", "log10", "log2", "log1p", "cbrt", "deg2rad",
               "rad2deg", "ceil", "trunc", "i0", "sinc", "fabs", "reciprocal", "rsqrt", "erf",
               "erfinv", "cumsum", "cumprod", "var", "std", "median", "logsumexp", "ptp",
               "count_nonzero", "argsort", "sort", "flip", "roll_1", "nansum", "nanmean",
               "nanmax", "nanmin", "nanprod", "nanvar", "nanstd", "nancumsum", "logical_not",
               "isinf", "isneginf", "isposinf", "signbit", "ravel", "tril", "triu", "diag",
               "size", "trace", "average", "nan_to_num", "relu6", "elu", "selu", "gelu",
               "silu", "softsign", "log_sigmoid", "hard_tanh", "sparse_plus", "squareplus",
               "tanh_shrink", "celu", "glu", "normalize", "cbrt", "angle", "real", "imag",
               "conj", "bitwise_invert", "copy", "array", "diff", "vander", "isreal",
               "nanargmax", "argpartition_0"]


@pytest.mark.parametrize("name", DTYPE_UNARY)
def test_unary_result_dtypes_match_keras(name):
    keras = real_keras()
    op, _, extra = name.partition("_") if name.endswith(("_0", "_1")) else (name, "", "")
    for dtype, x in DTYPE_INPUTS.items():
        if op in ("tril", "triu", "trace") and x.ndim < 2:
            x = np.stack([x, x])
        x = np.concatenate([x, x[:1]]) if op == "glu" else x
        args = (x, int(extra)) if extra else (x,)
        try:
            theirs = keras.ops.dtype(getattr(keras.ops, op)(*args))
        except Exception:  # noqa: BLE001 - TensorFlow refuses some dtypes: nothing to match
            continue
        ours = kerasish.ops.dtype(getattr(kerasish.ops, op)(*args))
        assert ours == theirs, f"{name}({dtype}): {ours} != Keras {theirs}"


DTYPE_BINARY = ["mod", "fmod", "arctan2", "hypot", "logaddexp", "logaddexp2", "floor_divide",
                "heaviside", "outer", "inner", "vdot", "kron", "cross_3", "maximum", "fmax", "fmin",
                "gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift",
                "right_shift", "nextafter", "ldexp", "append", "isclose", "isin",
                "logical_and", "logical_or", "logical_xor", "correlate", "digitize",
                "searchsorted", "tensordot_1", "hstack_", "vstack_"]


@pytest.mark.parametrize("name", DTYPE_BINARY)
def test_binary_result_dtypes_match_keras(name):
    keras = real_keras()
    pairs = [(a, b) for a in DTYPE_INPUTS for b in DTYPE_INPUTS]
    op = name.rstrip("_0123456789")

    def call(ops, x1, x2):
        if name.endswith("_"):
            return getattr(ops, op)([x1, x2])
        if name == "tensordot_1":
            return ops.tensordot(x1, x2, axes=1)
        return getattr(ops, op)(x1, x2)

    for a, b in pairs:
        try:
            theirs = keras.ops.dtype(call(keras.ops, DTYPE_INPUTS[a], DTYPE_INPUTS[b]))
        except Exception:  # noqa: BLE001 - refused by TensorFlow: nothing to match
            continue
        ours = kerasish.ops.dtype(call(kerasish.ops, DTYPE_INPUTS[a], DTYPE_INPUTS[b]))
        assert ours == theirs, f"{name}({a}, {b}): {ours} != Keras {theirs}"


# --------------------------------------------------- multi-output and others


def test_decompositions_reconstruct_like_keras():
    rng = np.random.default_rng(0)
    a = _spd(np.random.default_rng(1)) + 0 * rng.random()
    m = uniform(rng, (4, 3))
    q, r = kerasish.ops.qr(m)
    assert_close(q @ r, m, DECOMPOSITION, "qr reconstruction")
    # Factors are unique up to the signs of r's rows (LAPACK vs Eigen may differ).
    keras = real_keras()
    assert_close(np.abs(r), np.abs(np.asarray(keras.ops.qr(m)[1])), DECOMPOSITION, "qr r")
    u, s, v = kerasish.ops.svd(m, full_matrices=False)
    assert_close((u * s) @ v, m, DECOMPOSITION, "svd reconstruction")
    keras = real_keras()
    assert_close(np.abs(kerasish.ops.svd(m, compute_uv=False)),
                 np.abs(keras.ops.svd(m, compute_uv=False)), DECOMPOSITION, "singular values")
    assert_close(kerasish.ops.pinv(m), keras.ops.pinv(m), DECOMPOSITION, "pinv")
    assert_close(kerasish.ops.lstsq(m, m[:, 0]), keras.ops.lstsq(m, m[:, 0]), DECOMPOSITION, "lstsq")
    assert int(kerasish.ops.matrix_rank(a)) == int(keras.ops.matrix_rank(a))
    lu, pivots = kerasish.ops.lu_factor(a)
    lu_k, pivots_k = keras.ops.lu_factor(a)
    assert_close(lu, lu_k, DECOMPOSITION, "lu")
    assert np.array_equal(pivots, np.asarray(pivots_k))


@pytest.mark.parametrize("name", ["fft", "fft2", "ifft2"])
def test_complex_transforms_match_keras(name):
    keras = real_keras()
    rng = np.random.default_rng(0)
    pair = (uniform(rng, (2, 8)), uniform(rng, (2, 8)))
    for ours, theirs in zip(getattr(kerasish.ops, name)(pair), getattr(keras.ops, name)(pair)):
        assert_close(ours, theirs, REDUCTION, name)


def test_fft_family_matches_keras():
    keras = real_keras()
    rng = np.random.default_rng(0)
    signal = uniform(rng, (2, 32))
    for ours, theirs in zip(kerasish.ops.rfft(signal), keras.ops.rfft(signal)):
        assert_close(ours, theirs, REDUCTION, "rfft")
    assert_close(kerasish.ops.irfft(keras.ops.rfft(signal)), keras.ops.irfft(keras.ops.rfft(signal)),
                 REDUCTION, "irfft")
    args = (signal, 8, 4, 8)
    spectrum_tolerance = Tolerance(1e-4, 1e-4, "stft: window and rfft in float32")
    for ours, theirs in zip(kerasish.ops.stft(*args), keras.ops.stft(*args)):
        assert_close(ours, theirs, spectrum_tolerance, "stft")
    spectrum = keras.ops.stft(*args)
    assert_close(kerasish.ops.istft(spectrum, 8, 4, 8), keras.ops.istft(spectrum, 8, 4, 8),
                 spectrum_tolerance, "istft")


def test_ctc_decode_matches_keras():
    keras = real_keras()
    rng = np.random.default_rng(0)
    logits = uniform(rng, (2, 6, 4), -3, 3)
    lengths = np.array([6, 4], np.int32)
    for strategy in ("greedy", "beam_search"):
        ours, _ = kerasish.ops.ctc_decode(logits, lengths, strategy=strategy, beam_width=8)
        theirs, _ = keras.ops.ctc_decode(logits, lengths, strategy=strategy, beam_width=8)
        theirs = np.asarray(theirs)
        assert np.array_equal(ours[..., :theirs.shape[-1]], theirs), strategy


def _control_flow_cases(ops):
    """name -> a zero-argument call of the op on `ops` (kerasish.ops or keras.ops)."""
    x = np.array([1.0, 2.0, 3.0], np.float32)
    return {
        "cond": lambda: ops.cond(x[0] > 0, lambda: x * 2, lambda: x * 3),
        "switch": lambda: ops.switch(1, [lambda v: v + 1, lambda v: v * 10], x),
        "while_loop": lambda: ops.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 2),
                                             (0, x))[1],
        "fori_loop": lambda: ops.fori_loop(0, 4, lambda i, v: v + i, x),
        "scan": lambda: ops.scan(lambda c, v: (c + v, c * v), np.float32(1.0), x)[1],
        "associative_scan": lambda: ops.associative_scan(lambda a, b: a + b, x),
        "map": lambda: ops.map(lambda v: v * v, x),
        "vectorized_map": lambda: ops.vectorized_map(lambda v: v * 2, x.reshape(3, 1)),
        "custom_gradient": lambda: ops.custom_gradient(lambda v: (v * 2, lambda g: g))(x),
        "jvp": lambda: ops.jvp(lambda v: v * v, (ops.convert_to_tensor(x),),
                               (ops.convert_to_tensor(np.ones(3, np.float32)),))[1],
        "eig": lambda: np.sort(np.real(ops.eig(np.diag(x))[0])),
        "argpartition": lambda: np.sort(np.asarray(ops.argpartition(x[::-1], 1))[:2]),
        "ndim": lambda: ops.ndim(x),
    }


CONTROL_FLOW = sorted(_control_flow_cases(np))


@pytest.mark.parametrize("name", CONTROL_FLOW)
def test_control_flow_and_transforms_match_keras(name):
    ours = _control_flow_cases(kerasish.ops)[name]()
    theirs = _control_flow_cases(real_keras().ops)[name]()
    assert_close(kerasish.ops.convert_to_numpy(ours), np.asarray(theirs), REDUCTION, name)


def test_vectorize_matches_numpy():
    # Keras's TensorFlow backend has no vectorize ("Not supported with the
    # TensorFlow backend"): its NumPy backend's np.vectorize is the reference.
    x = np.array([1.0, 2.0, 3.0], np.float32)
    ours = kerasish.ops.vectorize(lambda a, b: a * b + 1)(x, x)
    assert np.array_equal(ours, np.vectorize(lambda a, b: a * b + 1)(x, x))
    rows = kerasish.ops.vectorize(lambda v: v.sum(), signature="(n)->()")(np.ones((2, 3)))
    assert rows.tolist() == [3.0, 3.0]


def test_custom_gradient_replaces_the_gradient_as_in_keras():
    from kerasish.backend import gradients

    @kerasish.ops.custom_gradient
    def log1pexp(x):
        e = kerasish.ops.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))

        return kerasish.ops.log(1 + e), grad

    w = kerasish.Variable(np.array([100.0, 0.0], np.float32))
    keras_grad = [1.0, 0.5]  # Keras's documentation example: stable where autodiff overflows
    assert_close(gradients(kerasish.ops.sum(log1pexp(w)), [w])[0], keras_grad, REDUCTION,
                 "custom_gradient")


# ------------------------------------------------------ the meta-test

# Ops compared with Keras by the dedicated tests of this file rather than a
# WIDE_OPS row (multi-output decompositions, complex pairs, control flow).
COMPARED_ELSEWHERE = {
    "qr", "svd", "pinv", "lstsq", "matrix_rank", "lu_factor", "fft", "fft2", "ifft2", "rfft",
    "irfft", "stft", "istft", "ctc_decode", "vectorize", "custom_gradient",
    # values, gradients and dtypes in compat_tests/test_attention_parity.py
    "einsum",
} | set(CONTROL_FLOW)

EXCLUDED = {}  # every keras.ops function is implemented


EXCLUDED_IMAGE = {}  # every keras.ops.image function is implemented


def test_every_keras_op_is_implemented_or_excluded():
    keras = real_keras()
    public = [n for n in dir(keras.ops) if not n.startswith("_")]
    missing = [n for n in public if not hasattr(kerasish.ops, n) and n not in EXCLUDED]
    assert not missing, f"keras.ops names neither in kerasish.ops nor EXCLUDED: {missing}"
    image_missing = [n for n in dir(keras.ops.image) if not n.startswith("_")
                     and not hasattr(kerasish.ops.image, n) and n not in EXCLUDED_IMAGE]
    assert not image_missing, f"keras.ops.image names missing: {image_missing}"
    for namespace in ("random", "activations", "tree"):
        names = [n for n in dir(getattr(keras, namespace)) if not n.startswith("_")]
        absent = [n for n in names if not hasattr(getattr(kerasish, namespace), n)]
        assert not absent, f"keras.{namespace} names missing from kerasish: {absent}"
