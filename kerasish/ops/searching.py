"""Searching, counting and inspection ops of `keras.ops` (searchsorted,
digitize, bincount, histogram, unique, isin, nonzero, unravel_index, select,
size, ndim, get_item) and the complex-number views (real, imag, conj,
angle, view_as_real, ...). They return plain NumPy arrays, with Keras's
int32 index dtypes, except `select` and `get_item`, which are differentiable.
"""

import numpy as np

from kerasish.backend import config
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor
from kerasish.ops.numpy import _operand, _value, where


def _array(x):
    return np.asarray(_value(x))


def searchsorted(sorted_sequence, values, side="left"):
    """Indices where `values` would be inserted into the 1-D `sorted_sequence` to keep it sorted.

    Args:
        sorted_sequence: A sorted 1-D Tensor, NumPy array or list.
        values: The values to place.
        side: "left" (the default: the first suitable index) or "right" (the last).

    Returns:
        An int32 NumPy array shaped as `values`.

    Raises:
        ValueError: If `sorted_sequence` is not 1-D or `side` is invalid.

    Examples:
        >>> keras.ops.searchsorted(np.array([1, 3, 5]), np.array([0, 3, 6]))
        array([0, 1, 3], dtype=int32)
    """
    sequence = _array(sorted_sequence)
    if sequence.ndim != 1:
        raise ValueError("`searchsorted` only supports 1-D sorted sequences. "
                         f"Received: sorted_sequence.shape={sequence.shape}")
    if side not in ("left", "right"):
        raise ValueError(f"`side` must be 'left' or 'right'. Received: side={side}")
    return np.searchsorted(sequence, _array(values), side=side).astype(np.int32)


def digitize(x, bins):
    """The index of the bin each value of `x` falls in (`bins[i-1] <= x < bins[i]`).

    Args:
        x: A Tensor, NumPy array or list.
        bins: A sorted 1-D array of bin edges.

    Returns:
        An int32 NumPy array shaped as `x`.

    Examples:
        >>> keras.ops.digitize(np.array([0.5, 1.5, 3.0]), np.array([1.0, 2.0]))
        array([0, 1, 2], dtype=int32)
    """
    return np.digitize(_array(x), _array(bins)).astype(np.int32)


def bincount(x, weights=None, minlength=0, sparse=False):
    """Counts the occurrences of each non-negative integer in `x` (summing `weights` if given).

    A 2-D `x` counts each row separately, as in Keras.

    Args:
        x: A 1-D or 2-D non-negative integer array.
        weights: Optional weights shaped as `x`.
        minlength: The smallest length of the result. Defaults to 0.
        sparse: Accepted for Keras compatibility; must be False.

    Returns:
        A NumPy array: int32 counts, or sums in the weights' dtype.

    Raises:
        ValueError: If `sparse` is True or `x` has negative values.

    Examples:
        >>> keras.ops.bincount(np.array([0, 1, 1, 3]))
        array([1, 2, 0, 1], dtype=int32)
    """
    if sparse:
        raise ValueError("kerasish has no sparse tensors: `sparse` must be False.")
    values = _array(x).astype(np.int64)
    if values.size and values.min() < 0:
        raise ValueError("`x` must contain only non-negative integers.")
    w = None if weights is None else _array(weights)
    length = max(minlength, int(values.max()) + 1 if values.size else 0)
    dtype = np.int32 if w is None else (w.dtype if w.dtype.kind == "f" else np.int32)
    if values.ndim == 2:
        rows = [np.bincount(r, weights=None if w is None else w[i], minlength=length)
                for i, r in enumerate(values)]
        return np.stack(rows).astype(dtype)
    return np.bincount(values, weights=w, minlength=length).astype(dtype)


def histogram(x, bins=10, range=None):
    """Counts the values of a 1-D `x` in `bins` equal-width bins.

    Args:
        x: A 1-D Tensor, NumPy array or list.
        bins: The number of bins. Defaults to 10.
        range: `(low, high)`; None means the min and max of `x`.

    Returns:
        A tuple `(counts, bin_edges)`: counts and `bins + 1` edges, both in
        the dtype of `x`, as Keras gives them.

    Raises:
        ValueError: If `x` is not 1-D.

    Examples:
        >>> counts, edges = keras.ops.histogram(np.array([0.0, 1.0, 1.0, 2.0]), bins=2)
        >>> counts
        array([1., 3.])
    """
    values = _array(x)
    if values.ndim != 1:
        raise ValueError(f"Input tensor must be 1-dimensional. Received: input.shape={values.shape}")
    counts, edges = np.histogram(values, bins=bins, range=range)
    # Keras gives both in the dtype of `x`.
    return counts.astype(values.dtype), edges.astype(values.dtype)


def unique(x, sorted=True, return_index=False, return_inverse=False, return_counts=False,
           axis=None, size=None, fill_value=None):
    """The unique elements of `x` (sorted), optionally with indices and counts.

    Args:
        x: A Tensor, NumPy array or list.
        sorted: Accepted for Keras compatibility; results are always sorted.
        return_index: Also return the first index of each unique value.
        return_inverse: Also return, for each element, the index of its unique value.
        return_counts: Also return how often each unique value occurs.
        axis: The axis to find unique slices along; None flattens.
        size: If given, pad (with `fill_value`) or cut the result to this length.
        fill_value: The padding value; None means the smallest unique value.

    Returns:
        The unique values, or a tuple with the requested extras (int32).

    Examples:
        >>> keras.ops.unique(np.array([3, 1, 3, 2]))
        array([1, 2, 3])
    """
    results = np.unique(_array(x), return_index=return_index, return_inverse=return_inverse,
                        return_counts=return_counts, axis=axis)
    results = list(results) if isinstance(results, tuple) else [results]
    for i in range(1, len(results)):
        results[i] = results[i].astype(np.int32)
    if size is not None:
        values = results[0]
        fill = values.min() if fill_value is None and values.size else (fill_value or 0)
        padded = np.full((size,) + values.shape[1:], fill, dtype=values.dtype)
        padded[:min(size, len(values))] = values[:size]
        results[0] = padded
    return results[0] if len(results) == 1 else tuple(results)


def isin(x1, x2, assume_unique=False, invert=False):
    """Tests element-wise whether each value of `x1` occurs in `x2`.

    Args:
        x1: A Tensor, NumPy array or list.
        x2: The values to look for.
        assume_unique: Accepted for compatibility (a speed hint).
        invert: Whether to test for absence instead. Defaults to False.

    Returns:
        A boolean NumPy array shaped as `x1`.

    Examples:
        >>> keras.ops.isin(np.array([1, 2, 3]), np.array([2, 5]))
        array([False,  True, False])
    """
    return np.isin(_array(x1), _array(x2), assume_unique=assume_unique, invert=invert)


def nonzero(x):
    """The indices of the nonzero elements of `x`, one int32 array per axis.

    Args:
        x: A Tensor, NumPy array or list.

    Returns:
        A tuple of int32 NumPy arrays.

    Examples:
        >>> keras.ops.nonzero(np.array([0, 3, 0, 4]))
        (array([1, 3], dtype=int32),)
    """
    return tuple(i.astype(np.int32) for i in np.nonzero(_array(x)))


def unravel_index(indices, shape):
    """Converts flat indices into coordinates for an array of `shape`.

    Args:
        indices: An int or integer array of flat indices.
        shape: The array shape.

    Returns:
        A tuple of NumPy arrays, one per axis, in the dtype of `indices`.

    Examples:
        >>> keras.ops.unravel_index(np.array([5], dtype="int32"), (2, 3))
        (array([1], dtype=int32), array([2], dtype=int32))
    """
    flat = _array(indices)
    dtype = flat.dtype if flat.dtype.kind in "iu" else np.int32
    return tuple(c.astype(dtype) for c in np.unravel_index(flat, tuple(shape)))


def select(condlist, choicelist, default=0):
    """Picks from `choicelist[i]` where `condlist[i]` is the first true condition, else `default`.

    Differentiable in the choices.

    Args:
        condlist: A list of boolean arrays.
        choicelist: A list of arrays, as many as conditions.
        default: The value where no condition holds. Defaults to 0.

    Returns:
        The broadcast result (a Tensor when a choice needs a gradient).

    Raises:
        ValueError: If the lists differ in length or are empty.

    Examples:
        >>> x = np.array([-1.0, 0.0, 2.0], dtype="float32")
        >>> keras.ops.select([x < 0, x > 0], [-x, x * 10], default=5.0)
        array([ 1.,  5., 20.], dtype=float32)
    """
    if len(condlist) != len(choicelist):
        raise ValueError("condlist and choicelist must have the same length. Received: "
                         f"len(condlist)={len(condlist)}, len(choicelist)={len(choicelist)}")
    if not condlist:
        raise ValueError("condlist and choicelist must be non-empty.")
    result = default
    for condition, choice in reversed(list(zip(condlist, choicelist))):
        result = where(_array(condition), choice, result)
    return result


def size(x):
    """The number of elements of `x`.

    Args:
        x: A Tensor, NumPy array or list.

    Returns:
        An int32 NumPy scalar, as Keras gives.

    Examples:
        >>> int(keras.ops.size(np.zeros((2, 3))))
        6
    """
    return np.asarray(np.size(_array(x)), dtype=np.int32)


def ndim(x):
    """The number of axes of `x`.

    Args:
        x: A Tensor, NumPy array or list.

    Returns:
        A Python int.

    Examples:
        >>> keras.ops.ndim(np.zeros((2, 3)))
        2
    """
    return int(np.ndim(_array(x)))


def _complex_view(name, fn, summary, example, output, identity_on_real=False):
    def op(x):
        if identity_on_real and isinstance(x, Tensor) and x.value.dtype.kind != "c":
            return _identity(x)  # real input: the same values, the gradient passes
        return fn(_array(x))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"""{summary}

    {"Differentiable for real input (the identity)." if identity_on_real else
     "Not differentiable: the result is a plain NumPy array."}

    Args:
        x: A Tensor, NumPy array or list (real or complex).

    Returns:
        A NumPy array shaped as `x`.

    Examples:
        >>> keras.ops.{name}({example})
        {output}
    """
    return op


def _angle(x):
    return np.angle(x).astype(x.dtype if x.dtype.kind == "f" else (
        np.float64 if x.dtype == np.complex128 else config.floatx()))


def _identity(x):
    return P.Reshape.apply(x, new_shape=x.value.shape)


real = _complex_view("real", np.real, "The real part of `x`, element-wise.",
                     "np.array([1 + 2j])", "array([1.])", identity_on_real=True)
imag = _complex_view("imag", lambda x: np.imag(x) if x.dtype.kind == "c" else np.zeros_like(x),
                     "The imaginary part of `x` (zeros for real input).",
                     "np.array([1 + 2j])", "array([2.])")
conj = _complex_view("conj", np.conj, "The complex conjugate of `x`, element-wise.",
                     "np.array([1 + 2j])", "array([1.-2.j])", identity_on_real=True)
conjugate = _complex_view("conjugate", np.conj, "The complex conjugate (`conj`).",
                          "np.array([1 + 2j])", "array([1.-2.j])", identity_on_real=True)
angle = _complex_view("angle", _angle, "The angle (argument) of complex `x`, in radians.",
                      'np.array([-1.0], dtype="float32")', "array([3.1416], dtype=float32)")


def view_as_real(x):
    """A complex array as real pairs: a new last axis of size 2 (real, imaginary).

    Args:
        x: A complex Tensor, NumPy array or list.

    Returns:
        A float NumPy array of shape `x.shape + (2,)`.

    Examples:
        >>> keras.ops.view_as_real(np.array([1 + 2j], dtype="complex64"))
        array([[1., 2.]], dtype=float32)
    """
    values = _array(x)
    return np.stack([values.real, values.imag], axis=-1)


def view_as_complex(x):
    """Real pairs on a last axis of size 2 as complex numbers.

    Args:
        x: A float array whose last axis has size 2.

    Returns:
        A complex NumPy array (complex64 from float32).

    Raises:
        ValueError: If the last axis does not have size 2.

    Examples:
        >>> keras.ops.view_as_complex(np.array([[1.0, 2.0]], dtype="float32"))
        array([1.+2.j], dtype=complex64)
    """
    values = _array(x)
    if values.shape[-1:] != (2,):
        raise ValueError(f"Last dimension of input must be size 2 (real and imaginary). "
                         f"Received shape: {values.shape}")
    dtype = np.complex128 if values.dtype == np.float64 else np.complex64
    return (values[..., 0] + 1j * values[..., 1]).astype(dtype)


def view(x, dtype=None):
    """The bytes of `x` reinterpreted as `dtype` (the last axis scales with the item size).

    Args:
        x: A Tensor, NumPy array or list.
        dtype: The new dtype; None keeps that of `x`.

    Returns:
        A NumPy array viewing the same bytes.

    Examples:
        >>> keras.ops.view(np.array([1.0], dtype="float32"), "int32")
        array([1065353216], dtype=int32)
    """
    values = _array(x)
    return values.view(values.dtype if dtype is None else np.dtype(dtype))


def saturate_cast(x, dtype):
    """Casts `x` to `dtype`, first clipping values to the range `dtype` can hold.

    Args:
        x: A Tensor, NumPy array or list.
        dtype: The target dtype.

    Returns:
        The cast array (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.saturate_cast(np.array([-5.0, 300.0]), "uint8")
        array([  0, 255], dtype=uint8)
    """
    from kerasish.ops.core import cast
    from kerasish.ops.numpy import clip

    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        source = _array(x).dtype
        if source.kind == "f":
            low = np.float64(info.min)
            # The largest value of the source float type not above the max.
            high = np.nextafter(np.asarray(info.max, source), -np.inf) \
                if float(np.asarray(info.max, source)) > info.max else np.asarray(info.max, source)
            x = clip(x, low, high)
        elif source.kind in "iu":
            x = np.clip(_array(x), max(info.min, np.iinfo(source).min), min(info.max, np.iinfo(source).max))
    elif dtype.kind == "f" and _array(x).dtype.kind == "f":
        info = np.finfo(dtype)
        x = clip(x, float(info.min), float(info.max))
    return cast(x, dtype)


__all__ = [name for name, obj in list(globals().items())
           if callable(obj) and getattr(obj, "__module__", None) == __name__
           and not name.startswith("_")]
