"""Element-wise math ops of `keras.ops` beyond the core arithmetic: the
trigonometric and hyperbolic functions, logarithms in other bases, erf, the
binary functions (arctan2, hypot, logaddexp, mod, ...), logical and bitwise
ops and the floating-point predicates.

Most are one NumPy ufunc plus its derivative, so they are declared as rows of
tables and built by small factories; each still gets its own docstring with
a runnable example. Dtypes follow Keras: float-valued functions of integer or
bool input give floatx(), and two inputs combine by `promotion.result_type`.
"""

import math

import numpy as np

from kerasish.backend import config
from kerasish.backend import numpy_primitives as N
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor
from kerasish.ops.core import cast
from kerasish.ops.promotion import dtype_of, float_result_type, result_type


def _value(x):
    return x.value if isinstance(x, Tensor) else x


def _to_dtype(x, dtype):
    """`x` (Tensor, array, scalar or list) as `dtype`; a Tensor stays differentiable."""
    if isinstance(x, Tensor):
        return cast(x, dtype)
    return np.asarray(x, dtype=dtype)


def _float_operand(x, int64_to_float64=False):
    """`x` ready for a float-valued function: integer and bool input becomes
    floatx() (int64 becomes float64 for the few functions where Keras does so)."""
    if not isinstance(x, (Tensor, np.ndarray, np.generic)):
        x = np.asarray(x)
        if x.dtype.kind == "f" or x.dtype.kind in "iub":
            x = x.astype(config.floatx())
    dtype = dtype_of(x)
    if dtype.kind in "iub":
        wide = int64_to_float64 and dtype in (np.dtype("int64"), np.dtype("uint64"))
        return _to_dtype(x, "float64" if wide else config.floatx())
    return x


_UNARY_DOC = """{summary}

    Integer and bool input gives floatx() (float32), as in Keras.{grad_note}

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.{name}(np.array({example}, dtype="float32"))
        {output}
    """


def _unary_float_op(name, fn, derivative, summary, example, output, int64_to_float64=False):
    def op(x):
        if type(x) is np.ndarray and x.dtype.kind == "f":  # fast path: as Unary.forward
            return fn(x)
        return N.Unary.apply(_float_operand(x, int64_to_float64), fn=fn, derivative=derivative)

    grad_note = "" if derivative is not None else " Not differentiable (no gradient flows)."
    op.__name__ = op.__qualname__ = name
    op.__doc__ = _UNARY_DOC.format(summary=summary, grad_note=grad_note, name=name,
                                   example=example, output=output)
    return op


def _float_dtype_of(x):
    dtype = np.asarray(x).dtype
    return dtype if dtype.kind == "f" else np.dtype(np.float32)


def _erf_array(x):
    """erf in float64 (NumPy has none): its Taylor series near 0, where it
    converges fast, and a Chebyshev fit of erfc (relative error < 1.2e-7)
    elsewhere; the result is cast back to the input's dtype."""
    z = np.asarray(x, dtype=np.float64)
    small = np.abs(z) < 0.5
    z2 = z * z
    # 2/sqrt(pi) * sum_k (-1)^k z^(2k+1) / (k! (2k+1)), eight terms.
    series = np.zeros_like(z)
    term = z.copy()
    for k in range(8):
        series += term / (2 * k + 1)
        term = -term * z2 / (k + 1)
    series *= 2 / math.sqrt(math.pi)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.5 * a)
    poly = -a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    erfc = t * np.exp(poly)
    large = np.sign(z) * (1.0 - erfc)
    return np.where(small, series, large).astype(_float_dtype_of(x))


def _erfinv_array(y):
    """The inverse of erf: Giles's single-precision approximation, then two
    Newton steps on erf (x -= (erf(x) - y) / erf'(x)) in float64."""
    y64 = np.asarray(y, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = -np.log((1.0 - y64) * (1.0 + y64))
        central = w - 2.5
        p = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                  -0.00417768164, 0.246640727, 1.50140941):
            p = c + p * central
        tail = np.sqrt(w) - 3.0
        q = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                  0.00943887047, 1.00167406, 2.83297682):
            q = c + q * tail
        x = np.where(w < 5.0, p, q) * y64
        for _ in range(2):
            step = (_erf_array(x).astype(np.float64) - y64) / (2 / math.sqrt(math.pi) * np.exp(-x * x))
            x = np.where(np.isfinite(step), x - step, x)
        x = np.where(y64 == 1, np.inf, np.where(y64 == -1, -np.inf, x))
        x = np.where(np.abs(y64) > 1, np.nan, x)
    return x.astype(_float_dtype_of(y))


def _bessel_i1(x):
    """The modified Bessel function I1 (the derivative of I0; NumPy has none):
    its power series for |x| < 15, the asymptotic expansion beyond."""
    z = np.asarray(x, dtype=np.float64)
    half = z / 2
    term = half.copy()
    series = np.zeros_like(z)
    for k in range(60):
        series += term
        term = term * half * half / ((k + 1) * (k + 2))
    a = np.maximum(np.abs(z), 15.0)
    asymptotic = np.exp(a) / np.sqrt(2 * np.pi * a) * (
        1 - 3 / (8 * a) - 15 / (128 * a * a) - 315 / (3072 * a ** 3))
    return np.where(np.abs(z) < 15, series, np.sign(z) * asymptotic)


def _sinc_derivative(a, out):
    pi_a = np.pi * a
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (np.cos(pi_a) - out) / a
    return np.where(a == 0, 0, slope).astype(out.dtype)


_LN2, _LN10 = math.log(2.0), math.log(10.0)

# name, function, derivative (input, output) -> local slope, summary, example input, its output.
_UNARY_FLOAT_OPS = [
    ("sin", np.sin, lambda a, out: np.cos(a), "Sine of `x` (in radians), element-wise.",
     "[0.0, 1.0]", "array([0.    , 0.8415], dtype=float32)"),
    ("cos", np.cos, lambda a, out: -np.sin(a), "Cosine of `x` (in radians), element-wise.",
     "[0.0, 1.0]", "array([1.    , 0.5403], dtype=float32)"),
    ("tan", np.tan, lambda a, out: 1 + out * out, "Tangent of `x` (in radians), element-wise.",
     "[0.0, 1.0]", "array([0.    , 1.5574], dtype=float32)"),
    ("arcsin", np.arcsin, lambda a, out: 1 / np.sqrt(1 - a * a),
     "Inverse sine, element-wise: values in [-pi/2, pi/2], nan outside [-1, 1].",
     "[0.0, 1.0]", "array([0.    , 1.5708], dtype=float32)"),
    ("arccos", np.arccos, lambda a, out: -1 / np.sqrt(1 - a * a),
     "Inverse cosine, element-wise: values in [0, pi], nan outside [-1, 1].",
     "[0.0, 1.0]", "array([1.5708, 0.    ], dtype=float32)"),
    ("arctan", np.arctan, lambda a, out: 1 / (1 + a * a),
     "Inverse tangent, element-wise: values in (-pi/2, pi/2).",
     "[0.0, 1.0]", "array([0.    , 0.7854], dtype=float32)"),
    ("sinh", np.sinh, lambda a, out: np.cosh(a), "Hyperbolic sine, element-wise.",
     "[0.0, 1.0]", "array([0.    , 1.1752], dtype=float32)"),
    ("cosh", np.cosh, lambda a, out: np.sinh(a), "Hyperbolic cosine, element-wise.",
     "[0.0, 1.0]", "array([1.    , 1.5431], dtype=float32)"),
    ("arcsinh", np.arcsinh, lambda a, out: 1 / np.sqrt(a * a + 1),
     "Inverse hyperbolic sine, element-wise.",
     "[0.0, 1.0]", "array([0.    , 0.8814], dtype=float32)"),
    ("arccosh", np.arccosh, lambda a, out: 1 / np.sqrt(a * a - 1),
     "Inverse hyperbolic cosine, element-wise: nan below 1.",
     "[1.0, 2.0]", "array([0.   , 1.317], dtype=float32)"),
    ("arctanh", np.arctanh, lambda a, out: 1 / (1 - a * a),
     "Inverse hyperbolic tangent, element-wise: +-inf at +-1, nan outside [-1, 1].",
     "[0.0, 0.5]", "array([0.    , 0.5493], dtype=float32)"),
    ("exp2", np.exp2, lambda a, out: out * np.asarray(_LN2, out.dtype), "`2 ** x`, element-wise.",
     "[0.0, 3.0]", "array([1., 8.], dtype=float32)"),
    ("expm1", np.expm1, lambda a, out: out + 1,
     "`exp(x) - 1`, element-wise, accurate for small `x`.",
     "[0.0, 1.0]", "array([0.    , 1.7183], dtype=float32)"),
    ("log10", np.log10, lambda a, out: 1 / (a * np.asarray(_LN10, a.dtype)),
     "Base-10 logarithm, element-wise.",
     "[1.0, 100.0]", "array([0., 2.], dtype=float32)"),
    ("log2", np.log2, lambda a, out: 1 / (a * np.asarray(_LN2, a.dtype)),
     "Base-2 logarithm, element-wise.",
     "[1.0, 8.0]", "array([0., 3.], dtype=float32)"),
    ("log1p", np.log1p, lambda a, out: 1 / (1 + a),
     "`log(1 + x)`, element-wise, accurate for small `x`.",
     "[0.0, 1.0]", "array([0.    , 0.6931], dtype=float32)"),
    ("fabs", np.fabs, lambda a, out: np.sign(a), "Absolute value as a float, element-wise.",
     "[-1.5, 2.0]", "array([1.5, 2. ], dtype=float32)"),
    ("sinc", np.sinc, _sinc_derivative, "Normalized sinc `sin(pi x) / (pi x)`, 1 at 0.",
     "[0.0, 0.5]", "array([1.    , 0.6366], dtype=float32)"),
    ("erf", _erf_array, lambda a, out: (2 / math.sqrt(math.pi)) * np.exp(-a * a),
     "The Gauss error function, element-wise.",
     "[0.0, 1.0]", "array([0.    , 0.8427], dtype=float32)"),
    ("erfinv", _erfinv_array, lambda a, out: (math.sqrt(math.pi) / 2) * np.exp(out * out),
     "The inverse of the error function, element-wise: +-inf at +-1.",
     "[0.0, 0.5]", "array([0.    , 0.4769], dtype=float32)"),
    ("rsqrt", lambda a: 1 / np.sqrt(a), lambda a, out: -0.5 * out * out * out,
     "Reciprocal square root `1 / sqrt(x)`, element-wise.",
     "[1.0, 4.0]", "array([1. , 0.5], dtype=float32)"),
    ("ceil", np.ceil, None, "Rounds up to the nearest integer, element-wise.",
     "[-0.5, 1.2]", "array([-0.,  2.], dtype=float32)"),
]

# Where Keras gives float64 for int64 input (it computes these in the
# input's width).
_UNARY_FLOAT_OPS_WIDE = [
    ("cbrt", np.cbrt, lambda a, out: 1 / (3 * out * out), "Cube root, element-wise.",
     "[8.0, -27.0]", "array([ 2., -3.], dtype=float32)"),
    ("deg2rad", np.deg2rad, lambda a, out: np.asarray(np.pi / 180, a.dtype),
     "Converts angles from degrees to radians.",
     "[180.0, 90.0]", "array([3.1416, 1.5708], dtype=float32)"),
    ("rad2deg", np.rad2deg, lambda a, out: np.asarray(180 / np.pi, a.dtype),
     "Converts angles from radians to degrees.",
     "[3.1416, 1.0]", "array([180.0004,  57.2958], dtype=float32)"),
    ("i0", np.i0, lambda a, out: _bessel_i1(a).astype(out.dtype),
     "The modified Bessel function of the first kind, order 0.",
     "[0.0, 1.0]", "array([1.    , 1.2661], dtype=float32)"),
]

for _row in _UNARY_FLOAT_OPS:
    globals()[_row[0]] = _unary_float_op(*_row)
for _row in _UNARY_FLOAT_OPS_WIDE:
    globals()[_row[0]] = _unary_float_op(*_row, int64_to_float64=True)


def erfc(x):
    """The complementary error function `1 - erf(x)`, element-wise.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x`: a Tensor when `x` needs a gradient, else
        a NumPy array.

    Examples:
        >>> keras.ops.erfc(np.array([0.0, 1.0], dtype="float32"))
        array([1.    , 0.1573], dtype=float32)
    """
    return P.Subtract.apply(np.asarray(1, dtype_of(_float_operand(x))),
                            globals()["erf"](x))


# ---------------------------------------------------- same-dtype unary ops


def trunc(x):
    """Rounds toward zero, element-wise; integer input is returned as it is.

    Not differentiable (its gradient is 0 almost everywhere).

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        A NumPy array of the shape and dtype of `x`.

    Examples:
        >>> keras.ops.trunc(np.array([-1.7, 1.7], dtype="float32"))
        array([-1.,  1.], dtype=float32)
    """
    x = np.asarray(_value(x))
    return x.copy() if x.dtype.kind in "iub" else np.trunc(x)


def reciprocal(x):
    """`1 / x`, element-wise.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        An array of the shape of `x` (floatx() for integer input): a Tensor when
        `x` needs a gradient, else a NumPy array.

    Examples:
        >>> keras.ops.reciprocal(np.array([2.0, 4.0], dtype="float32"))
        array([0.5 , 0.25], dtype=float32)
    """
    x = _float_operand(x)
    return P.Divide.apply(np.asarray(1, dtype_of(x)), x)


# ------------------------------------------------------------ binary ops

_BINARY_DOC = """{summary}

    The inputs broadcast against each other; {dtype_note}

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`.

    Returns:
        The broadcast result: a Tensor when an input needs a gradient, else a
        NumPy array.

    Examples:
        >>> keras.ops.{name}({example})
        {output}
    """


def _binary_operands(x1, x2, floating, int64_to_float64=False):
    dtype = float_result_type(x1, x2) if floating else result_type(x1, x2)
    if int64_to_float64 and result_type(x1, x2) == np.dtype("int64"):
        dtype = np.dtype("float64")
    return _to_dtype(x1, dtype), _to_dtype(x2, dtype)


def _binary_op(name, fn, derivatives, summary, example, output, floating=False):
    # Keras computes hypot of int64 in float64 (its other float ops use floatx()).
    wide = name == "hypot"

    def op(x1, x2):
        a, b = _binary_operands(x1, x2, floating, int64_to_float64=wide)
        return N.Binary.apply(a, b, fn=fn, derivatives=derivatives)

    note = ("integer and bool inputs give floatx(), as in Keras." if floating
            else "their dtypes combine as in Keras (an integer meeting a float takes the float).")
    op.__name__ = op.__qualname__ = name
    op.__doc__ = _BINARY_DOC.format(summary=summary, dtype_note=note, name=name,
                                    example=example, output=output)
    return op


def _hypot_slope(first):
    def slope(a, b, out):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(out == 0, 0, (a if first else b) / out).astype(out.dtype)
    return slope


def _float_array(values):
    return f'np.array({values}, dtype="float32")'


_BINARY_FLOAT_OPS = [
    ("arctan2", np.arctan2,
     (lambda a, b, out: b / (a * a + b * b), lambda a, b, out: -a / (a * a + b * b)),
     "The angle of the point (`x2`, `x1`) from the x axis, in (-pi, pi].",
     f"{_float_array([1.0, -1.0])}, {_float_array([1.0, 0.0])}",
     "array([ 0.7854, -1.5708], dtype=float32)"),
    ("hypot", np.hypot, (_hypot_slope(True), _hypot_slope(False)),
     "`sqrt(x1**2 + x2**2)` element-wise, without overflow.",
     f"{_float_array([3.0])}, {_float_array([4.0])}", "array([5.], dtype=float32)"),
    ("logaddexp", np.logaddexp,
     (lambda a, b, out: np.exp(a - out), lambda a, b, out: np.exp(b - out)),
     "`log(exp(x1) + exp(x2))` element-wise, computed stably.",
     f"{_float_array([0.0])}, {_float_array([0.0])}", "array([0.6931], dtype=float32)"),
    ("logaddexp2", np.logaddexp2,
     (lambda a, b, out: np.exp2(a - out), lambda a, b, out: np.exp2(b - out)),
     "`log2(2**x1 + 2**x2)` element-wise, computed stably.",
     f"{_float_array([1.0])}, {_float_array([1.0])}", "array([2.], dtype=float32)"),
]

_BINARY_OPS = [
    ("mod", np.mod, (lambda a, b, out: np.ones((), a.dtype),
                     lambda a, b, out: -np.floor(a / b)),
     "The remainder of `x1 / x2` with the sign of `x2` (Python's `%`).",
     f"{_float_array([5.0, -5.0])}, 3.0", "array([2., 1.], dtype=float32)"),
    ("fmod", np.fmod, (lambda a, b, out: np.ones((), a.dtype),
                       lambda a, b, out: -np.trunc(a / b)),
     "The remainder of `x1 / x2` with the sign of `x1` (C's `fmod`).",
     f"{_float_array([5.0, -5.0])}, 3.0", "array([ 2., -2.], dtype=float32)"),
    ("fmax", np.fmax, (lambda a, b, out: (a >= b) | np.isnan(b), lambda a, b, out: (b > a) | np.isnan(a)),
     "Element-wise maximum that ignores NaN (NaN only where both are NaN).",
     f"{_float_array([1.0, 'np.nan'])}, {_float_array([2.0, 0.0])}".replace("'", ""),
     "array([2., 0.], dtype=float32)"),
    ("fmin", np.fmin, (lambda a, b, out: (a <= b) | np.isnan(b), lambda a, b, out: (b < a) | np.isnan(a)),
     "Element-wise minimum that ignores NaN (NaN only where both are NaN).",
     f"{_float_array([1.0, 'np.nan'])}, {_float_array([2.0, 0.0])}".replace("'", ""),
     "array([1., 0.], dtype=float32)"),
]

_BINARY_FLOAT_OPS.append(
    ("ldexp", lambda a, b: a * np.exp2(b).astype(a.dtype), (lambda a, b, out: np.exp2(b).astype(a.dtype), None),
     "`x1 * 2 ** x2`, element-wise (integer input gives floatx(), as in Keras).",
     f"{_float_array([1.0, 3.0])}, np.array([2, 1])", "array([4., 6.], dtype=float32)"))
_BINARY_FLOAT_OPS.append(
    ("nextafter", np.nextafter, (lambda a, b, out: np.ones((), out.dtype), None),
     "The next representable float after `x1` toward `x2` (TensorFlow passes the gradient "
     "of `x1` through).", f"{_float_array([1.0])}, 2.0", "array([1.], dtype=float32)"))

for _row in _BINARY_FLOAT_OPS:
    globals()[_row[0]] = _binary_op(*_row, floating=True)
for _row in _BINARY_OPS:
    globals()[_row[0]] = _binary_op(*_row)


def floor_divide(x1, x2):
    """The largest integer not above `x1 / x2`, element-wise (Python's `//`).

    Not differentiable. The dtypes combine as in Keras (two int32 arrays stay
    int32).

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`.

    Returns:
        A NumPy array of the broadcast shape.

    Examples:
        >>> keras.ops.floor_divide(np.array([7, -7], dtype="int32"), 2)
        array([ 3, -4], dtype=int32)
    """
    a, b = _binary_operands(_value(x1), _value(x2), floating=False)
    return np.floor_divide(a, b)


# ------------------------------------------ non-differentiable value ops
# They read the values of Tensors and return plain NumPy arrays.


def _apply_plain(fn, dtype_rule, first, second):
    a, b = np.asarray(_value(first)), np.asarray(_value(second))
    if dtype_rule is not None:
        dtype = dtype_rule(_value(first), _value(second))
        a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
    return fn(a, b)


def _plain_binary(name, fn, summary, example, output, dtype_rule=None):
    # Keras names the operands of the bitwise ops `x` and `y`, of the others `x1` and `x2`.
    if "shift" in name or name.startswith("bitwise"):
        def op(x, y):
            return _apply_plain(fn, dtype_rule, x, y)
        first, second = "x", "y"
    else:
        def op(x1, x2):
            return _apply_plain(fn, dtype_rule, x1, x2)
        first, second = "x1", "x2"

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"""{summary}

    Not differentiable: the result is a plain NumPy array.

    Args:
        {first}: A Tensor, NumPy array, Python scalar or list.
        {second}: Same kinds as `{first}`; the two broadcast against each other.

    Returns:
        A NumPy array of the broadcast shape.

    Examples:
        >>> keras.ops.{name}({example})
        {output}
    """
    return op


def _float_keeping_int64_wide(a, b):
    """Keras's dtype for heaviside: floatx() for narrow integers, float64 for int64."""
    if result_type(a, b) == np.dtype("int64"):
        return np.dtype("float64")
    return float_result_type(a, b)


def _integer_pair(a, b):
    return result_type(a, b)


_PLAIN_BINARY_OPS = [
    ("logical_and", np.logical_and, "Element-wise logical AND (nonzero counts as True).",
     "np.array([True, False]), np.array([True, True])", "array([ True, False])"),
    ("logical_or", np.logical_or, "Element-wise logical OR (nonzero counts as True).",
     "np.array([True, False]), np.array([False, False])", "array([ True, False])"),
    ("logical_xor", np.logical_xor, "Element-wise logical XOR (nonzero counts as True).",
     "np.array([True, False]), np.array([True, True])", "array([False,  True])"),
    ("bitwise_and", np.bitwise_and, "Element-wise bitwise AND of integers or bools.",
     'np.array([12], dtype="int32"), np.array([10], dtype="int32")',
     "array([8], dtype=int32)", _integer_pair),
    ("bitwise_or", np.bitwise_or, "Element-wise bitwise OR of integers or bools.",
     'np.array([12], dtype="int32"), np.array([10], dtype="int32")',
     "array([14], dtype=int32)", _integer_pair),
    ("bitwise_xor", np.bitwise_xor, "Element-wise bitwise XOR of integers or bools.",
     'np.array([12], dtype="int32"), np.array([10], dtype="int32")',
     "array([6], dtype=int32)", _integer_pair),
    ("bitwise_left_shift", np.left_shift, "Shifts the bits of `x1` left by `x2`.",
     'np.array([1, 3], dtype="int32"), 2', "array([ 4, 12], dtype=int32)", _integer_pair),
    ("left_shift", np.left_shift, "Shifts the bits of `x1` left by `x2` (`bitwise_left_shift`).",
     'np.array([1, 3], dtype="int32"), 2', "array([ 4, 12], dtype=int32)", _integer_pair),
    ("bitwise_right_shift", np.right_shift, "Shifts the bits of `x1` right by `x2`.",
     'np.array([8, 12], dtype="int32"), 2', "array([2, 3], dtype=int32)", _integer_pair),
    ("right_shift", np.right_shift, "Shifts the bits of `x1` right by `x2` (`bitwise_right_shift`).",
     'np.array([8, 12], dtype="int32"), 2', "array([2, 3], dtype=int32)", _integer_pair),
    ("gcd", np.gcd, "The greatest common divisor of integers, element-wise.",
     'np.array([12, 9], dtype="int32"), np.array([8, 6], dtype="int32")',
     "array([4, 3], dtype=int32)", _integer_pair),
    ("lcm", np.lcm, "The least common multiple of integers, element-wise.",
     'np.array([4, 6], dtype="int32"), np.array([6, 4], dtype="int32")',
     "array([12, 12], dtype=int32)", _integer_pair),
    ("heaviside", np.heaviside, "The Heaviside step: 0 below 0, `x2` at 0, 1 above.",
     f"{_float_array([-1.0, 0.0, 2.0])}, 0.5", "array([0. , 0.5, 1. ], dtype=float32)",
     lambda a, b: _float_keeping_int64_wide(a, b)),
]

for _row in _PLAIN_BINARY_OPS:
    globals()[_row[0]] = _plain_binary(*_row)


def _plain_unary(name, fn, summary, example, output, dtype=None):
    def op(x):
        x = np.asarray(_value(x))
        return fn(x) if dtype is None else fn(x).astype(dtype, copy=False)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"""{summary}

    Not differentiable: the result is a plain NumPy array.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.

    Returns:
        A NumPy array of the shape of `x`.

    Examples:
        >>> keras.ops.{name}({example})
        {output}
    """
    return op


def _bitwise_invert(x):
    if x.dtype.kind not in "iub":
        raise TypeError(f"`bitwise_invert` takes integer or bool input. Received: dtype={x.dtype}")
    return np.invert(x)


_PLAIN_UNARY_OPS = [
    ("logical_not", np.logical_not, "Element-wise logical NOT (zero counts as False).",
     "np.array([True, False])", "array([False,  True])"),
    ("bitwise_invert", _bitwise_invert, "Flips every bit of an integer (NOT of a bool).",
     'np.array([0, 5], dtype="int32")', "array([-1, -6], dtype=int32)"),
    ("bitwise_not", _bitwise_invert, "Flips every bit of an integer (`bitwise_invert`).",
     'np.array([0, 5], dtype="int32")', "array([-1, -6], dtype=int32)"),
    ("isinf", np.isinf, "Tests element-wise for positive or negative infinity.",
     "np.array([1.0, np.inf, -np.inf])", "array([False,  True,  True])"),
    ("isposinf", np.isposinf, "Tests element-wise for positive infinity.",
     "np.array([1.0, np.inf, -np.inf])", "array([False,  True, False])"),
    ("isneginf", np.isneginf, "Tests element-wise for negative infinity.",
     "np.array([1.0, np.inf, -np.inf])", "array([False, False,  True])"),
    ("isreal", np.isreal, "Tests element-wise whether the imaginary part is zero.",
     "np.array([1.0, 2.0])", "array([ True,  True])"),
    ("signbit", np.signbit, "Tests element-wise whether the sign bit is set (true for -0.0).",
     "np.array([-1.0, -0.0, 2.0])", "array([ True,  True, False])"),
]

for _row in _PLAIN_UNARY_OPS:
    globals()[_row[0]] = _plain_unary(*_row)


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Tests element-wise whether `|x1 - x2| <= atol + rtol * |x2|`.

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.
        rtol: The relative tolerance. Defaults to 1e-5.
        atol: The absolute tolerance. Defaults to 1e-8.
        equal_nan: Whether two NaNs count as close. Defaults to False.

    Returns:
        A boolean NumPy array of the broadcast shape.

    Examples:
        >>> keras.ops.isclose(np.array([1.0, 2.0]), np.array([1.0, 2.1]))
        array([ True, False])
    """
    return np.isclose(_value(x1), _value(x2), rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Whether every element of `x1` is close to `x2` (see `isclose`).

    Args:
        x1: A Tensor, NumPy array, Python scalar or list.
        x2: Same kinds as `x1`; the two broadcast against each other.
        rtol: The relative tolerance. Defaults to 1e-5.
        atol: The absolute tolerance. Defaults to 1e-8.
        equal_nan: Whether two NaNs count as close. Defaults to False.

    Returns:
        A NumPy bool scalar.

    Examples:
        >>> bool(keras.ops.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.0000001])))
        True
    """
    return np.all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """Replaces NaN and infinities by finite numbers.

    The gradient passes through the finite elements and is 0 at the replaced
    ones.

    Args:
        x: A Tensor, NumPy array, Python scalar or list.
        nan: The value for NaN. Defaults to 0.
        posinf: The value for +inf; None (the default) means the dtype's largest.
        neginf: The value for -inf; None (the default) means the dtype's lowest.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.ops.nan_to_num(np.array([np.nan, 1.0], dtype="float32"), nan=-1.0)
        array([-1.,  1.], dtype=float32)
    """
    array = np.asarray(_value(x))
    if array.dtype.kind not in "fc":
        return x if isinstance(x, Tensor) else array.copy()
    replaced = np.nan_to_num(array, nan=nan, posinf=posinf, neginf=neginf)
    if not isinstance(x, Tensor):
        return replaced
    return P.Where.apply(np.isfinite(array), x, replaced)


__all__ = [name for name, obj in list(globals().items())
           if callable(obj) and getattr(obj, "__module__", None) == __name__
           and not name.startswith("_")]
