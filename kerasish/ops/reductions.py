"""Statistical reductions of `keras.ops`: logsumexp, var, std, average,
median, quantile, ptp, count_nonzero and the NaN-ignoring family, composed
from the differentiable core ops (so each is differentiable where Keras's is).
Integer input gives floatx() for the float-valued statistics, as in Keras.
"""

import numpy as np

from kerasish.ops.array_ops import _gather_by, sort
from kerasish.ops.numpy import (
    _floating,
    _operand,
    _value,
    divide,
    exp,
    log,
    max,
    mean,
    min,
    multiply,
    prod,
    reshape,
    sqrt,
    square,
    subtract,
    squeeze,
    sum,
    transpose,
    where,
)


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim for a in ((axis,) if isinstance(axis, (int, np.integer)) else axis))


def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` over `axis`, computed stably (the maximum is taken out first).

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) reduces every axis.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The reduced values (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.logsumexp(np.array([0.0, 0.0], dtype="float32"))
        array(0.6931, dtype=float32)
    """
    x = _floating(x)
    peak = np.max(np.asarray(_value(x)), axis=axis, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0).astype(np.asarray(_value(x)).dtype)
    total = sum(exp(subtract(x, peak)), axis=axis, keepdims=True)
    result = log(total) + peak
    if not keepdims:
        result = squeeze(result, axis=_axes(axis, np.ndim(peak)))
    return result


def var(x, axis=None, keepdims=False):
    """The (biased) variance over `axis`: the mean squared deviation from the mean.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) reduces every axis.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The variances, floatx() for integer input (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.var(np.array([1.0, 3.0], dtype="float32"))
        np.float32(1.0)
    """
    x = _floating(x)
    centered = subtract(x, mean(x, axis=axis, keepdims=True))
    return mean(square(centered), axis=axis, keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    """The (biased) standard deviation over `axis`, the square root of `var`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) reduces every axis.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The standard deviations (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.std(np.array([1.0, 3.0], dtype="float32"))
        np.float32(1.0)
    """
    return sqrt(var(x, axis=axis, keepdims=keepdims))


def average(x, axis=None, weights=None):
    """The weighted mean of `x` over `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis (an int) or None (the default) for all elements.
        weights: Weights of the shape of `x`, or 1-D along `axis`; None means
            equal weights.

    Returns:
        The averages (a Tensor when an input needs a gradient).

    Raises:
        ValueError: If the weights sum to zero.

    Examples:
        >>> keras.ops.average(np.array([1.0, 3.0], dtype="float32"), weights=np.array([3.0, 1.0], dtype="float32"))
        np.float32(1.5)
    """
    x = _floating(x)
    if weights is None:
        return mean(x, axis=axis)
    weights = _floating(weights)
    ndim = np.ndim(_value(x))
    if axis is not None and np.ndim(_value(weights)) == 1 and ndim > 1:
        shape = [1] * ndim
        shape[axis % ndim] = -1
        weights = reshape(weights, shape)
    # The weights spread over the shape of `x`, so their sum counts each once.
    spread = multiply(weights, np.ones(np.shape(_value(x)), np.asarray(_value(x)).dtype))
    total_weight = sum(spread, axis=axis)
    if np.any(np.asarray(_value(total_weight)) == 0):
        raise ValueError("Weights sum to zero, can't be normalized.")
    return divide(sum(multiply(x, weights), axis=axis), total_weight)


def _quantile_impl(x, q, axis, keepdims, ignore_nan=False):
    """Linear-interpolation quantiles along `axis`, differentiable through sort."""
    x = _floating(x)
    q = np.asarray(_value(q), dtype=np.float64)
    if np.any((q < 0) | (q > 1)):
        raise ValueError(f"Quantiles must be in the range [0, 1]. Received: q={q}")
    ndim = np.ndim(_value(x))
    axes = _axes(axis, ndim)
    kept = [a for a in range(ndim) if a not in axes]
    moved = transpose(x, kept + list(axes))
    shape = np.shape(_value(moved))
    flat = reshape(moved, shape[:len(kept)] + (-1,))
    values = np.asarray(_value(flat))
    if ignore_nan:
        counts = np.sum(~np.isnan(values), axis=-1, keepdims=True)
    else:
        counts = np.full(values.shape[:-1] + (1,), values.shape[-1])
    ordered = sort(flat, axis=-1)  # NaN sorts last
    positions = q.reshape(q.shape + (1,) * (len(kept) + 1)) * (counts - 1)
    low = np.floor(positions).astype(np.int64)
    high = np.minimum(low + 1, np.maximum(counts - 1, 0))
    frac = (positions - low).astype(values.dtype)

    def pick(index):
        index = np.broadcast_to(np.clip(index, 0, values.shape[-1] - 1),
                                q.shape + values.shape[:-1] + (1,))
        return _gather_by(ordered, lambda a: np.take_along_axis(
            np.broadcast_to(a, q.shape + a.shape), index, axis=-1)[..., 0])

    result = pick(low) * (1 - frac[..., 0]) + pick(high) * frac[..., 0]
    if not ignore_nan:
        has_nan = np.any(np.isnan(values), axis=-1)
        if has_nan.any():
            result = where(np.broadcast_to(has_nan, np.shape(_value(result))), np.nan, result)
    if keepdims:
        out_shape = [1 if a in axes else s for a, s in enumerate(np.shape(_value(x)))]
        result = reshape(result, q.shape + tuple(out_shape))
    return result


def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th quantiles of `x` along `axis`, interpolating linearly between data points.

    Args:
        x: A Tensor, NumPy array or list.
        q: A quantile in [0, 1], or an array of them (their axes come first).
        axis: An int or tuple of ints; None (the default) for all elements.
        method: Only "linear" (the default) is supported.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The quantiles, floatx() for integer input (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `method` is not "linear" or `q` is outside [0, 1].

    Examples:
        >>> keras.ops.quantile(np.array([1.0, 2.0, 3.0, 4.0], dtype="float32"), 0.5)
        np.float32(2.5)
    """
    _check_method(method)
    return _quantile_impl(x, q, axis, keepdims)


def _check_method(method):
    if method != "linear":
        raise ValueError(f"kerasish supports only method='linear'. Received: method={method!r}")


def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th percentiles (q in [0, 100]) of `x` along `axis`; see `quantile`.

    Args:
        x: A Tensor, NumPy array or list.
        q: A percentile in [0, 100], or an array of them.
        axis: An int or tuple of ints; None (the default) for all elements.
        method: Only "linear" (the default) is supported.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The percentiles (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `method` is not "linear" or `q` is outside [0, 100].

    Examples:
        >>> keras.ops.percentile(np.array([1.0, 2.0, 3.0, 4.0], dtype="float32"), 50)
        np.float32(2.5)
    """
    _check_method(method)
    return _quantile_impl(x, np.asarray(_value(q)) / 100.0, axis, keepdims)


def median(x, axis=None, keepdims=False):
    """The median of `x` along `axis` (the mean of the two middle values for an even count).

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The medians, floatx() for integer input (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.median(np.array([3, 1, 2]))
        np.float32(2.0)
    """
    return _quantile_impl(x, 0.5, axis, keepdims)


def ptp(x, axis=None, keepdims=False):
    """The range `max - min` of `x` along `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The ranges, in the dtype of `x` (a Tensor when `x` needs a gradient).

    Raises:
        TypeError: For bool input, as in Keras.

    Examples:
        >>> keras.ops.ptp(np.array([[1, 5], [2, 9]]), axis=1)
        array([4, 7])
    """
    if np.asarray(_value(x)).dtype == bool:
        raise TypeError("`ptp` does not take bool input; cast it to an integer dtype first.")
    return subtract(max(x, axis=axis, keepdims=keepdims), min(x, axis=axis, keepdims=keepdims))


def count_nonzero(x, axis=None):
    """Counts the nonzero elements of `x` along `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) counts all.

    Returns:
        An int32 NumPy array of counts, as Keras gives.

    Examples:
        >>> keras.ops.count_nonzero(np.array([[0, 1], [2, 3]]), axis=1)
        array([1, 2], dtype=int32)
    """
    return np.asarray(np.count_nonzero(np.asarray(_value(x)), axis=axis), dtype=np.int32)


# --------------------------------------------------------- NaN-ignoring


def _without_nan(x, fill):
    x = _operand(x)
    values = np.asarray(_value(x))
    if values.dtype.kind != "f":
        return x
    return where(np.isnan(values), np.asarray(fill, values.dtype), x)


def _all_nan(x, axis, keepdims):
    values = np.asarray(_value(x))
    if values.dtype.kind != "f":
        return None
    return np.all(np.isnan(values), axis=axis, keepdims=keepdims)


def _nan_where_all_nan(result, x, axis, keepdims):
    mask = _all_nan(x, axis, keepdims)
    if mask is None or not np.any(mask):
        return result
    return where(mask, np.nan, result)


def nansum(x, axis=None, keepdims=False):
    """Sums `x` over `axis`, treating NaN as 0.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The sums, with `sum`'s dtypes (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nansum(np.array([1.0, np.nan, 2.0], dtype="float32"))
        np.float32(3.0)
    """
    x = _operand(x)
    if np.asarray(_value(x)).dtype.kind in "iub":
        return _small_int_total(x, axis, keepdims, np.sum)
    return sum(_without_nan(x, 0), axis=axis, keepdims=keepdims)


def _small_int_total(x, axis, keepdims, fn):
    """Sums and products of integers as Keras types them: narrow signed ints
    and bool widen to int32, narrow unsigned to uint32."""
    values = np.asarray(_value(x))
    if values.dtype.kind == "b" or (values.dtype.kind == "i" and values.itemsize < 4):
        dtype = np.int32
    elif values.dtype.kind == "u" and values.itemsize < 4:
        dtype = np.uint32
    else:
        dtype = values.dtype
    return np.asarray(fn(values, axis=axis, keepdims=keepdims, dtype=dtype))


def nanprod(x, axis=None, keepdims=False):
    """Multiplies the elements of `x` over `axis`, treating NaN as 1.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The products (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nanprod(np.array([2.0, np.nan, 3.0], dtype="float32"))
        np.float32(6.0)
    """
    x = _operand(x)
    if np.asarray(_value(x)).dtype.kind in "iub":
        return _small_int_total(x, axis, keepdims, np.prod)
    return prod(_without_nan(x, 1), axis=axis, keepdims=keepdims)


def nanmean(x, axis=None, keepdims=False):
    """The mean of the non-NaN elements of `x` over `axis` (NaN where all are NaN).

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The means, floatx() for integer input (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nanmean(np.array([1.0, np.nan, 3.0], dtype="float32"))
        np.float32(2.0)
    """
    x = _floating(x)
    values = np.asarray(_value(x))
    count = np.sum(~np.isnan(values), axis=axis, keepdims=keepdims).astype(values.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        return divide(sum(_without_nan(x, 0), axis=axis, keepdims=keepdims), count)


def nanvar(x, axis=None, keepdims=False):
    """The variance of the non-NaN elements of `x` over `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The variances (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nanvar(np.array([1.0, np.nan, 3.0], dtype="float32"))
        np.float32(1.0)
    """
    x = _floating(x)
    centered = subtract(x, nanmean(x, axis=axis, keepdims=True))
    return nanmean(square(centered), axis=axis, keepdims=keepdims)


def nanstd(x, axis=None, keepdims=False):
    """The standard deviation of the non-NaN elements of `x` over `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The standard deviations (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nanstd(np.array([1.0, np.nan, 3.0], dtype="float32"))
        np.float32(1.0)
    """
    return sqrt(nanvar(x, axis=axis, keepdims=keepdims))


def nanmax(x, axis=None, keepdims=False):
    """The maximum of the non-NaN elements of `x` over `axis` (NaN where all are NaN).

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The maxima (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nanmax(np.array([1.0, np.nan, 3.0], dtype="float32"))
        np.float32(3.0)
    """
    if np.asarray(_value(x)).dtype.kind != "f":  # no NaN possible (and bool has no negative)
        return np.max(np.asarray(_value(x)), axis=axis, keepdims=keepdims)
    result = max(_without_nan(x, -np.inf), axis=axis, keepdims=keepdims)
    return _nan_where_all_nan(result, x, axis, keepdims)


def nanmin(x, axis=None, keepdims=False):
    """The minimum of the non-NaN elements of `x` over `axis` (NaN where all are NaN).

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The minima (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nanmin(np.array([1.0, np.nan, 3.0], dtype="float32"))
        np.float32(1.0)
    """
    if np.asarray(_value(x)).dtype.kind != "f":  # no NaN possible (and bool has no negative)
        return np.min(np.asarray(_value(x)), axis=axis, keepdims=keepdims)
    result = min(_without_nan(x, np.inf), axis=axis, keepdims=keepdims)
    return _nan_where_all_nan(result, x, axis, keepdims)


def nanargmax(x, axis=None, keepdims=False):
    """The index of the largest non-NaN element along `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis (an int) or None (the default) for the flattened array.
        keepdims: Whether the reduced axis stays as size 1. Defaults to False.

    Returns:
        An int32 NumPy array of indices.

    Examples:
        >>> keras.ops.nanargmax(np.array([1.0, np.nan, 3.0]))
        array(2, dtype=int32)
    """
    values = np.asarray(_value(x))
    if values.dtype.kind == "f":
        values = np.where(np.isnan(values), -np.inf, values)
    return np.asarray(np.argmax(values, axis=axis, keepdims=keepdims), dtype=np.int32)


def nanargmin(x, axis=None, keepdims=False):
    """The index of the smallest non-NaN element along `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis (an int) or None (the default) for the flattened array.
        keepdims: Whether the reduced axis stays as size 1. Defaults to False.

    Returns:
        An int32 NumPy array of indices.

    Examples:
        >>> keras.ops.nanargmin(np.array([1.0, np.nan, 0.5]))
        array(2, dtype=int32)
    """
    values = np.asarray(_value(x))
    if values.dtype.kind == "f":
        values = np.where(np.isnan(values), np.inf, values)
    return np.asarray(np.argmin(values, axis=axis, keepdims=keepdims), dtype=np.int32)


def nancumsum(x, axis=None, dtype=None):
    """Cumulative sum along `axis`, treating NaN as 0.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis; None (the default) flattens first.
        dtype: The dtype to accumulate in; None keeps that of `x`.

    Returns:
        The running sums (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nancumsum(np.array([1.0, np.nan, 2.0], dtype="float32"))
        array([1., 1., 3.], dtype=float32)
    """
    from kerasish.ops.array_ops import cumsum

    return cumsum(_without_nan(x, 0), axis=axis, dtype=dtype)


def nancumprod(x, axis=None, dtype=None):
    """Cumulative product along `axis`, treating NaN as 1.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis; None (the default) flattens first.
        dtype: The dtype to accumulate in; None keeps that of `x`.

    Returns:
        The running products (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nancumprod(np.array([2.0, np.nan, 3.0], dtype="float32"))
        array([2., 2., 6.], dtype=float32)
    """
    from kerasish.ops.array_ops import cumprod

    return cumprod(_without_nan(x, 1), axis=axis, dtype=dtype)


def nanmedian(x, axis=None, keepdims=False):
    """The median of the non-NaN elements of `x` along `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) for all elements.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The medians (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.nanmedian(np.array([1.0, np.nan, 3.0, 2.0], dtype="float32"))
        np.float32(2.0)
    """
    return _quantile_impl(x, 0.5, axis, keepdims, ignore_nan=True)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th quantiles of the non-NaN elements of `x`; see `quantile`.

    Args:
        x: A Tensor, NumPy array or list.
        q: A quantile in [0, 1], or an array of them.
        axis: An int or tuple of ints; None (the default) for all elements.
        method: Only "linear" (the default) is supported.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The quantiles (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `method` is not "linear" or `q` is outside [0, 1].

    Examples:
        >>> keras.ops.nanquantile(np.array([1.0, np.nan, 3.0], dtype="float32"), 0.5)
        np.float32(2.0)
    """
    _check_method(method)
    return _quantile_impl(x, q, axis, keepdims, ignore_nan=True)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th percentiles (q in [0, 100]) of the non-NaN elements of `x`.

    Args:
        x: A Tensor, NumPy array or list.
        q: A percentile in [0, 100], or an array of them.
        axis: An int or tuple of ints; None (the default) for all elements.
        method: Only "linear" (the default) is supported.
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The percentiles (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `method` is not "linear" or `q` is outside [0, 100].

    Examples:
        >>> keras.ops.nanpercentile(np.array([1.0, np.nan, 3.0], dtype="float32"), 50)
        np.float32(2.0)
    """
    _check_method(method)
    return _quantile_impl(x, np.asarray(_value(q)) / 100.0, axis, keepdims, ignore_nan=True)


__all__ = [name for name, obj in list(globals().items())
           if callable(obj) and getattr(obj, "__module__", None) == __name__
           and not name.startswith("_")]
