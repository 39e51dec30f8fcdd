"""Array-manipulation ops of `keras.ops`: moving, repeating, splitting and
selecting elements (flip, roll, tile, repeat, tril, take_along_axis, sort,
split, slice_update, scatter, ...), cumulative sums and products.

Ops that only move elements are one `Gather` by flat positions: the same
NumPy function that would rearrange the data is applied to an array of
positions (`_gather_by`), so the op, its NumPy fast path and its gradient
can never disagree. Plain NumPy input skips all that and calls NumPy.
"""

import builtins

import numpy as np

from kerasish.backend import numpy_primitives as N
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor, is_recording
from kerasish.ops.numpy import _operand, _value, concatenate, reshape, transpose


_builtin_slice = builtins.slice  # this module's `slice` is the op
_REVERSED = _builtin_slice(None, None, -1)


def _needs_graph(x):
    return isinstance(x, Tensor) and x.requires_grad and is_recording()


def _gather_by(x, rearrange, fills_zeros=False):
    """`rearrange(x)` for a function that only moves (or, with `fills_zeros`,
    also zeroes) elements, differentiable through one Gather node."""
    x = _operand(x)
    if not _needs_graph(x):
        return rearrange(np.asarray(_value(x)))
    shape = x.value.shape
    start = 1 if fills_zeros else 0
    positions = rearrange(np.arange(start, start + int(np.prod(shape))).reshape(shape))
    return N.Gather.apply(x, positions=np.asarray(positions), fill=fills_zeros)


def _check_axis(axis, ndim, name="axis"):
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(f"`{name}` is out of bounds for an array of rank {ndim}. "
                         f"Received: {name}={axis}")
    return axis % max(ndim, 1)


def _ndim(x):
    return np.ndim(_value(x))


def _shape(x):
    return np.shape(_value(x))


# ---------------------------------------------------------------- reordering


def flip(x, axis=None):
    """Reverses the order of elements along `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: An int or tuple of ints; None (the default) flips every axis.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.ops.flip(np.array([[1, 2], [3, 4]]), axis=1)
        array([[2, 1],
               [4, 3]])
    """
    if type(x) is np.ndarray and type(axis) is int and -x.ndim <= axis < x.ndim:
        # Fast path, NumPy in and one valid axis: the reversed view np.flip
        # makes, without its argument normalization.
        return x[(_builtin_slice(None),) * (axis % x.ndim) + (_REVERSED,)]
    return _gather_by(x, lambda a: np.flip(a, axis=axis))


def fliplr(x):
    """Reverses the order of columns (axis 1) of an array of rank >= 2.

    Args:
        x: A Tensor, NumPy array or list, of rank 2 or more.

    Returns:
        An array of the shape and dtype of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.fliplr(np.array([[1, 2], [3, 4]]))
        array([[2, 1],
               [4, 3]])
    """
    return flip(x, axis=1)


def flipud(x):
    """Reverses the order of rows (axis 0).

    Args:
        x: A Tensor, NumPy array or list, of rank 1 or more.

    Returns:
        An array of the shape and dtype of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.flipud(np.array([[1, 2], [3, 4]]))
        array([[3, 4],
               [1, 2]])
    """
    return flip(x, axis=0)


def roll(x, shift, axis=None):
    """Rolls elements along `axis` by `shift`; those pushed off one end come back at the other.

    Args:
        x: A Tensor, NumPy array or list.
        shift: An int or tuple of ints: the number of places to shift.
        axis: An int or tuple of ints; None (the default) rolls the flattened
            array and restores its shape.

    Returns:
        An array of the shape and dtype of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.roll(np.array([1, 2, 3, 4]), 1)
        array([4, 1, 2, 3])
    """
    return _gather_by(x, lambda a: np.roll(a, shift, axis=axis))


def rot90(array, k=1, axes=(0, 1)):
    """Rotates `array` by 90 degrees `k` times, in the plane of `axes`.

    Args:
        array: A Tensor, NumPy array or list of rank 2 or more.
        k: The number of quarter turns (counter-clockwise). Defaults to 1.
        axes: The two axes of the rotation plane. Defaults to (0, 1).

    Returns:
        The rotated array (a Tensor when `array` needs a gradient).

    Raises:
        ValueError: If `array` has rank < 2 or `axes` are not two different axes.

    Examples:
        >>> keras.ops.rot90(np.array([[1, 2], [3, 4]]))
        array([[2, 4],
               [1, 3]])
    """
    if _ndim(array) < 2:
        raise ValueError(f"Input array must have at least 2 dimensions. "
                         f"Received: array.ndim={_ndim(array)}")
    if len(axes) != 2 or axes[0] % _ndim(array) == axes[1] % _ndim(array):
        raise ValueError(f"Invalid axes: {axes}. Axes must be a tuple of two different dimensions.")
    return _gather_by(array, lambda a: np.rot90(a, k=k, axes=axes))


def tile(x, repeats):
    """Repeats the whole of `x` `repeats` times along each axis.

    Args:
        x: A Tensor, NumPy array or list.
        repeats: An int or a sequence of ints, one per axis (aligned from the
            right; extra leading repeats add axes).

    Returns:
        The tiled array (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.tile(np.array([1, 2]), 2)
        array([1, 2, 1, 2])
    """
    return _gather_by(x, lambda a: np.tile(a, repeats))


def repeat(x, repeats, axis=None):
    """Repeats each element of `x` `repeats` times along `axis`.

    Args:
        x: A Tensor, NumPy array or list.
        repeats: An int, or one int per element along `axis`.
        axis: The axis to repeat along; None (the default) flattens first.

    Returns:
        The array with repeated elements (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.repeat(np.array([1, 2]), 2)
        array([1, 1, 2, 2])
    """
    repeats = np.asarray(_value(repeats))
    return _gather_by(x, lambda a: np.repeat(a, repeats, axis=axis))


def swapaxes(x, axis1, axis2):
    """Swaps two axes of `x`.

    Args:
        x: A Tensor, NumPy array or list.
        axis1: The first axis.
        axis2: The second axis.

    Returns:
        The array with the two axes exchanged (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.swapaxes(np.zeros((2, 3, 4)), 0, 2).shape
        (4, 3, 2)
    """
    if type(x) is np.ndarray and -x.ndim <= axis1 < x.ndim and -x.ndim <= axis2 < x.ndim:
        return x.swapaxes(axis1, axis2)  # fast path: NumPy in, valid axes, no graph to record
    order = list(range(_ndim(x)))
    axis1, axis2 = _check_axis(axis1, len(order), "axis1"), _check_axis(axis2, len(order), "axis2")
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return transpose(x, order)


def moveaxis(x, source, destination):
    """Moves axes of `x` to new positions; the other axes keep their order.

    Args:
        x: A Tensor, NumPy array or list.
        source: An int or sequence of ints: the axes to move.
        destination: The new positions, as many as `source`.

    Returns:
        The array with moved axes (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.moveaxis(np.zeros((2, 3, 4)), 0, -1).shape
        (3, 4, 2)
    """
    return transpose(x, _moveaxis_permutation(_ndim(x), source, destination))


def _moveaxis_permutation(ndim, source, destination):
    source = [_check_axis(a, ndim, "source") for a in np.atleast_1d(source)]
    destination = [_check_axis(a, ndim, "destination") for a in np.atleast_1d(destination)]
    if len(source) != len(destination):
        raise ValueError("`source` and `destination` arguments must have the same number of "
                         f"elements. Received: source={source}, destination={destination}")
    order = [a for a in range(ndim) if a not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return order


def ravel(x):
    """Flattens `x` into one axis (row-major order).

    Args:
        x: A Tensor, NumPy array or list.

    Returns:
        A 1-D array (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.ravel(np.array([[1, 2], [3, 4]]))
        array([1, 2, 3, 4])
    """
    return reshape(x, (-1,))


# ------------------------------------------------------ triangles and diagonals


def tril(x, k=0):
    """Keeps the lower triangle of the last two axes (at or below diagonal `k`), zeroing the rest.

    Args:
        x: A Tensor, NumPy array or list of rank >= 2.
        k: The diagonal: 0 the main one, positive above it, negative below.

    Returns:
        An array of the shape and dtype of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.tril(np.ones((3, 3), dtype="int32"))
        array([[1, 0, 0],
               [1, 1, 0],
               [1, 1, 1]], dtype=int32)
    """
    return _gather_by(x, lambda a: np.tril(a, k), fills_zeros=True)


def triu(x, k=0):
    """Keeps the upper triangle of the last two axes (at or above diagonal `k`), zeroing the rest.

    Args:
        x: A Tensor, NumPy array or list of rank >= 2.
        k: The diagonal: 0 the main one, positive above it, negative below.

    Returns:
        An array of the shape and dtype of `x` (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.triu(np.ones((3, 3), dtype="int32"), k=1)
        array([[0, 1, 1],
               [0, 0, 1],
               [0, 0, 0]], dtype=int32)
    """
    return _gather_by(x, lambda a: np.triu(a, k), fills_zeros=True)


def diagonal(x, offset=0, axis1=0, axis2=1):
    """Returns the diagonal of `x` in the plane of `axis1` and `axis2`, as a new last axis.

    Args:
        x: A Tensor, NumPy array or list of rank >= 2.
        offset: The diagonal: 0 the main one, positive above it. Defaults to 0.
        axis1: The first axis of the plane. Defaults to 0.
        axis2: The second axis. Defaults to 1.

    Returns:
        The diagonal elements (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.diagonal(np.arange(9).reshape(3, 3))
        array([0, 4, 8])
    """
    return _gather_by(x, lambda a: np.diagonal(a, offset, axis1, axis2).copy())


def diag(x, k=0):
    """Builds a diagonal matrix from a vector, or takes the `k`-th diagonal of a matrix.

    Args:
        x: A 1-D or 2-D Tensor, NumPy array or list.
        k: The diagonal: 0 the main one, positive above it. Defaults to 0.

    Returns:
        A 2-D matrix (from a vector) or a 1-D diagonal (from a matrix); a
        Tensor when `x` needs a gradient.

    Raises:
        ValueError: If `x` is not 1-D or 2-D.

    Examples:
        >>> keras.ops.diag(np.array([1, 2]))
        array([[1, 0],
               [0, 2]])
    """
    if _ndim(x) not in (1, 2):
        raise ValueError(f"`x` must be 1-D or 2-D. Received: x.shape={_shape(x)}")
    return _gather_by(x, lambda a: np.diag(a, k), fills_zeros=True)


def diagflat(x, k=0):
    """Builds a diagonal matrix with the flattened `x` on diagonal `k`.

    Args:
        x: A Tensor, NumPy array or list.
        k: The diagonal. Defaults to 0.

    Returns:
        A 2-D matrix (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.diagflat(np.array([[1, 2]]))
        array([[1, 0],
               [0, 2]])
    """
    return _gather_by(x, lambda a: np.diagflat(a, k), fills_zeros=True)


def trace(x, offset=0, axis1=0, axis2=1):
    """Sums the diagonal of `x` in the plane of `axis1` and `axis2`.

    Args:
        x: A Tensor, NumPy array or list of rank >= 2.
        offset: The diagonal. Defaults to 0.
        axis1: The first axis of the plane. Defaults to 0.
        axis2: The second axis. Defaults to 1.

    Returns:
        The sums; narrow integers widen as in `sum` (int32 stays int32), as Keras.

    Examples:
        >>> keras.ops.trace(np.arange(9, dtype="int32").reshape(3, 3))
        np.int32(12)
    """
    from kerasish.ops.numpy import sum

    # `sum` widens narrow integers as Keras does (int8 -> int32, uint8 -> uint32).
    return sum(diagonal(x, offset, axis1, axis2), axis=-1)


# ------------------------------------------------------------- selection


def take_along_axis(x, indices, axis=None):
    """Picks one element of `x` per index along `axis`, as NumPy's `take_along_axis`.

    The other axes of `indices` broadcast against those of `x`, as in Keras;
    negative indices count from the end.

    Args:
        x: A Tensor, NumPy array or list.
        indices: An integer array of the rank of `x`.
        axis: The axis to pick along; None (the default) flattens `x` first.

    Returns:
        The picked elements, shaped as `indices` broadcast against `x` (a
        Tensor when `x` needs a gradient).

    Examples:
        >>> x = np.array([[10, 30, 20]])
        >>> keras.ops.take_along_axis(x, np.array([[1, 2, 0]]), axis=1)
        array([[30, 20, 10]])
    """
    indices = np.asarray(_value(indices))
    if type(x) is np.ndarray and axis is not None and indices.ndim == x.ndim:
        # Fast path, NumPy in: NumPy broadcasts the other axes and counts
        # negative indices from the end, as Keras does; errors take the long way.
        try:
            return np.take_along_axis(x, indices, axis=axis)
        except (ValueError, IndexError):
            pass
    if axis is None:
        x, axis = ravel(x), 0
        indices = indices.reshape(-1)
    ndim = _ndim(x)
    axis = _check_axis(axis, ndim)
    size = _shape(x)[axis]
    indices = np.where(indices < 0, indices + size, indices)
    x_shape, i_shape = list(_shape(x)), list(indices.shape)
    x_shape[axis] = i_shape[axis] = 1
    common = list(np.broadcast_shapes(tuple(x_shape), tuple(i_shape)))
    indices = np.broadcast_to(indices, tuple(common[:axis] + [indices.shape[axis]] + common[axis + 1:]))
    full_x_shape = tuple(common[:axis] + [size] + common[axis + 1:])

    def pick(a):
        return np.take_along_axis(np.broadcast_to(a, full_x_shape), indices, axis=axis)

    if tuple(_shape(x)) != full_x_shape:
        x = P.BroadcastTo.apply(_operand(x), shape=full_x_shape)
    return _gather_by(x, pick)


def sort(x, axis=-1):
    """Sorts `x` along `axis`, in ascending order.

    Differentiable: the gradient goes back to each element's original place.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis to sort; None flattens first. Defaults to -1.

    Returns:
        The sorted array (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.sort(np.array([3, 1, 2]))
        array([1, 2, 3])
    """
    if axis is None:
        x, axis = ravel(x), -1
    if not _needs_graph(x):  # sorted values do not depend on the algorithm
        return np.sort(np.asarray(_value(x)), axis=axis)
    order = np.argsort(np.asarray(_value(x)), axis=axis, kind="stable")
    return _gather_by(x, lambda a: np.take_along_axis(a, order, axis=axis))


def argsort(x, axis=-1):
    """Returns the indices that sort `x` along `axis` (ties keep their order).

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis to sort; None flattens first. Defaults to -1.

    Returns:
        An int32 NumPy array of indices, as Keras gives.

    Examples:
        >>> keras.ops.argsort(np.array([3, 1, 2]))
        array([1, 2, 0], dtype=int32)
    """
    x = np.asarray(_value(x))
    if axis is None:
        x, axis = x.reshape(-1), -1
    if x.ndim == 0:
        return np.zeros((), np.int32)
    return np.argsort(x, axis=axis, kind="stable").astype(np.int32)


def top_k(x, k, sorted=True):
    """Returns the `k` largest values along the last axis and their indices.

    Ties go to the lower index, as in TensorFlow. Differentiable in the values.

    Args:
        x: A Tensor, NumPy array or list with a last axis of at least `k`.
        k: How many values to keep.
        sorted: Whether the values come in descending order (True, the
            default); kerasish always sorts them.

    Returns:
        A tuple `(values, indices)`: values as `x` (a Tensor when `x` needs a
        gradient) and int32 indices, both with last axis `k`.

    Raises:
        ValueError: If `k` exceeds the size of the last axis.

    Examples:
        >>> values, indices = keras.ops.top_k(np.array([1.0, 4.0, 3.0], dtype="float32"), 2)
        >>> values, indices
        (array([4., 3.], dtype=float32), array([1, 2], dtype=int32))
    """
    data = np.asarray(_value(x))
    if k > data.shape[-1]:
        raise ValueError(f"`k` must be at most the size of the last axis ({data.shape[-1]}). "
                         f"Received: k={k}")
    # A stable sort of the negated values keeps ties in index order.
    keys = -data if data.dtype.kind != "b" else ~data
    order = np.argsort(keys, axis=-1, kind="stable")[..., :k]
    values = _gather_by(x, lambda a: np.take_along_axis(a, order, axis=-1))
    return values, order.astype(np.int32)


def argpartition(x, kth, axis=-1):
    """Indices that partition `x` along `axis` around its `kth` smallest element.

    Args:
        x: A Tensor, NumPy array or list.
        kth: The index of the element in its sorted place.
        axis: The axis. Defaults to -1.

    Returns:
        An int32 NumPy array of indices.

    Examples:
        >>> keras.ops.argpartition(np.array([3, 4, 1, 2]), 2)[2]
        np.int32(0)
    """
    return np.argpartition(np.asarray(_value(x)), kth, axis=axis).astype(np.int32)


# ---------------------------------------------------------------- splitting


def _split_sizes(length, indices_or_sections, even, axis):
    """(start, stop) of each piece, in plain Python (NumPy's cumsum and clip
    cost more than the slicing itself on a few pieces)."""
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if even and length % sections:
            raise ValueError(f"Array of size {length} along axis {axis} cannot be split evenly "
                             f"into {sections} sections. Received: indices_or_sections={sections}")
        base, extra = divmod(length, sections)
        bounds = [0]
        for piece in range(sections):
            bounds.append(bounds[-1] + base + (piece < extra))
    else:
        bounds = [builtins.min(builtins.max(int(i), 0), length)
                  for i in [0, *indices_or_sections, length]]
    return [(a, builtins.max(a, b)) for a, b in zip(bounds[:-1], bounds[1:])]


def _split(x, indices_or_sections, axis, even=True):
    x = _operand(x)
    axis = _check_axis(axis, _ndim(x))
    lead = (_builtin_slice(None),) * axis
    slices = [lead + (_builtin_slice(start, stop),)
              for start, stop in _split_sizes(_shape(x)[axis], indices_or_sections, even, axis)]
    if _needs_graph(x):
        return [P.GetItem.apply(x, index=index) for index in slices]
    values = _value(x)
    return [values[index] for index in slices]


def split(x, indices_or_sections, axis=0):
    """Splits `x` along `axis` into equal parts, or at the given indices.

    Args:
        x: A Tensor, NumPy array or list.
        indices_or_sections: An int (the number of equal parts) or a list of
            indices where each new part starts.
        axis: The axis to split. Defaults to 0.

    Returns:
        A list of arrays (Tensors when `x` needs a gradient).

    Raises:
        ValueError: If an int number of sections does not divide the axis.

    Examples:
        >>> keras.ops.split(np.arange(4), 2)
        [array([0, 1]), array([2, 3])]
    """
    return _split(x, indices_or_sections, axis)


def array_split(x, indices_or_sections, axis=0):
    """Splits `x` along `axis` into parts of nearly equal size (the first ones one longer).

    Args:
        x: A Tensor, NumPy array or list.
        indices_or_sections: An int (the number of parts) or a list of split indices.
        axis: The axis to split. Defaults to 0.

    Returns:
        A list of arrays (Tensors when `x` needs a gradient).

    Examples:
        >>> keras.ops.array_split(np.arange(5), 2)
        [array([0, 1, 2]), array([3, 4])]
    """
    return _split(x, indices_or_sections, axis, even=False)


def hsplit(x, indices_or_sections):
    """Splits `x` along axis 1 (axis 0 for a 1-D array); see `split`.

    Args:
        x: A Tensor, NumPy array or list.
        indices_or_sections: An int or a list of split indices.

    Returns:
        A list of arrays.

    Examples:
        >>> [p.shape for p in keras.ops.hsplit(np.zeros((2, 4)), 2)]
        [(2, 2), (2, 2)]
    """
    return _split(x, indices_or_sections, 1 if _ndim(x) > 1 else 0)


def vsplit(x, indices_or_sections):
    """Splits `x` along axis 0; see `split`.

    Args:
        x: A Tensor, NumPy array or list of rank >= 2.
        indices_or_sections: An int or a list of split indices.

    Returns:
        A list of arrays.

    Examples:
        >>> [p.shape for p in keras.ops.vsplit(np.zeros((4, 2)), 2)]
        [(2, 2), (2, 2)]
    """
    return _split(x, indices_or_sections, 0)


def dsplit(x, indices_or_sections):
    """Splits `x` along axis 2; see `split`.

    Args:
        x: A Tensor, NumPy array or list of rank >= 3.
        indices_or_sections: An int or a list of split indices.

    Returns:
        A list of arrays.

    Examples:
        >>> [p.shape for p in keras.ops.dsplit(np.zeros((1, 1, 4)), 2)]
        [(1, 1, 2), (1, 1, 2)]
    """
    return _split(x, indices_or_sections, 2)


def unstack(x, num=None, axis=0):
    """Splits `x` along `axis` into its slices, removing that axis.

    Args:
        x: A Tensor, NumPy array or list.
        num: The number of slices, checked against the axis when given.
        axis: The axis to unstack. Defaults to 0.

    Returns:
        A list of arrays of rank `x.ndim - 1` (Tensors when `x` needs a gradient).

    Raises:
        ValueError: If `num` differs from the size of `axis`.

    Examples:
        >>> keras.ops.unstack(np.array([[1, 2], [3, 4]]), axis=1)
        [array([1, 3]), array([2, 4])]
    """
    x = _operand(x)
    axis = _check_axis(axis, _ndim(x))
    size = _shape(x)[axis]
    if num is not None and num != size:
        raise ValueError(f"`num` must equal the size of axis {axis} ({size}). Received: num={num}")
    lead = (_builtin_slice(None),) * axis
    if not _needs_graph(x):
        return [_value(x)[lead + (i,)] for i in range(size)]
    return [P.GetItem.apply(x, index=lead + (i,)) for i in range(size)]


# ----------------------------------------------------- slices and scatters


def slice(inputs, start_indices, shape):
    """Takes the block of `shape` that starts at `start_indices`.

    Args:
        inputs: A Tensor, NumPy array or list.
        start_indices: One start index per axis.
        shape: The size of the block along each axis (-1: to the end).

    Returns:
        The block (a Tensor when `inputs` needs a gradient).

    Raises:
        ValueError: If `start_indices` or `shape` do not have one entry per axis.

    Examples:
        >>> keras.ops.slice(np.arange(10).reshape(2, 5), (0, 1), (2, 2))
        array([[1, 2],
               [6, 7]])
    """
    inputs = _operand(inputs)
    ndim = _ndim(inputs)
    start_indices = [int(s) for s in np.asarray(_value(start_indices)).reshape(-1)]
    shape = [int(s) for s in np.asarray(_value(shape)).reshape(-1)]
    if len(start_indices) != ndim or len(shape) != ndim:
        raise ValueError("`start_indices` and `shape` need one entry per axis of `inputs` "
                         f"(rank {ndim}). Received: start_indices={start_indices}, shape={shape}")
    full = _shape(inputs)
    index = tuple(_builtin_slice(s, full[i] if n == -1 else s + n)
                  for i, (s, n) in enumerate(zip(start_indices, shape)))
    if not _needs_graph(inputs):
        return np.asarray(_value(inputs))[index]
    return P.GetItem.apply(inputs, index=index)


def _block_index(start_indices, update_shape):
    starts = [int(s) for s in np.asarray(_value(start_indices)).reshape(-1)]
    return tuple(_builtin_slice(s, s + n) for s, n in zip(starts, update_shape))


def slice_update(inputs, start_indices, updates):
    """Returns a copy of `inputs` with the block at `start_indices` replaced by `updates`.

    Differentiable in both: the gradient of `inputs` is zero inside the block,
    that of `updates` is the gradient read there.

    Args:
        inputs: A Tensor, NumPy array or list.
        start_indices: One start index per axis.
        updates: The new block, of the rank of `inputs`.

    Returns:
        The updated copy (a Tensor when an input needs a gradient).

    Raises:
        ValueError: If `updates` does not fit inside `inputs` at `start_indices`.

    Examples:
        >>> keras.ops.slice_update(np.zeros(5, dtype="int32"), (1,), np.array([7, 8], dtype="int32"))
        array([0, 7, 8, 0, 0], dtype=int32)
    """
    inputs, updates = _operand(inputs), _operand(updates)
    index = _block_index(start_indices, _shape(updates))
    full = _shape(inputs)
    if len(index) != len(full) or any(s.stop > n for s, n in zip(index, full)):
        raise ValueError(f"`updates` of shape {_shape(updates)} does not fit in `inputs` of shape "
                         f"{full} at start_indices={start_indices}")
    updates = _cast_like(updates, inputs)
    return N.SetItem.apply(inputs, updates, index=index)


def _cast_like(x, like):
    from kerasish.ops.core import cast

    dtype = np.asarray(_value(like)).dtype
    return x if np.asarray(_value(x)).dtype == dtype else cast(x, dtype)


def _index_tuple(indices):
    indices = np.asarray(_value(indices)).astype(np.int64)
    return tuple(indices[..., i] for i in range(indices.shape[-1]))


def scatter(indices, values, shape):
    """Builds a zero array of `shape` and adds `values` at `indices` (repeats accumulate).

    Args:
        indices: An integer array `(..., k)`: each row indexes the first `k`
            axes of the result.
        values: The values to add, shaped `indices.shape[:-1] + shape[k:]`.
        shape: The shape of the result.

    Returns:
        The array (a Tensor when `values` needs a gradient).

    Examples:
        >>> keras.ops.scatter(np.array([[0], [2], [0]]), np.array([1.0, 2.0, 3.0]), (3,))
        array([4., 0., 2.])
    """
    values = _operand(values)
    dtype = np.asarray(_value(values)).dtype
    return N.AddAt.apply(np.zeros(tuple(shape), dtype), values, index=_index_tuple(indices))


def scatter_update(inputs, indices, updates, reduction=None):
    """Returns a copy of `inputs` with `updates` written at `indices`.

    Args:
        inputs: A Tensor, NumPy array or list.
        indices: An integer array `(n, k)`: each row indexes the first `k` axes.
        updates: The values to write, shaped `(n,) + inputs.shape[k:]`.
        reduction: None (the default) overwrites; "add", "max", "min" or "mul"
            combine with the values already there.

    Returns:
        The updated copy (a Tensor when an input needs a gradient; with a
        `reduction` other than None or "add", the result is not differentiable).

    Raises:
        ValueError: If `reduction` is not one of the above.

    Examples:
        >>> keras.ops.scatter_update(np.zeros(4), np.array([[1], [3]]), np.array([5.0, 6.0]))
        array([0., 5., 0., 6.])
    """
    inputs, updates = _operand(inputs), _cast_like(_operand(updates), inputs)
    index = _index_tuple(indices)
    if reduction is None:
        return N.SetItem.apply(inputs, updates, index=index)
    if reduction == "add":
        return N.AddAt.apply(inputs, updates, index=index)
    ufuncs = {"max": np.maximum, "min": np.minimum, "mul": np.multiply}
    if reduction not in ufuncs:
        raise ValueError("`reduction` must be None, 'add', 'max', 'min' or 'mul'. "
                         f"Received: reduction={reduction}")
    out = np.array(_value(inputs), copy=True)
    ufuncs[reduction].at(out, index, np.asarray(_value(updates)))
    return out


# -------------------------------------------------- cumulative sums and products


def _cumulative(primitive, x, axis, dtype):
    x = _operand(x)
    if axis is None:
        x, axis = ravel(x), 0
    source = np.asarray(_value(x)).dtype
    if dtype is None:
        dtype = np.dtype("int32") if source.kind == "b" else source
    dtype = np.dtype(dtype)
    axis = _check_axis(axis, max(_ndim(x), 1))
    if not _needs_graph(x):
        values = np.asarray(_value(x))
        fn = np.cumsum if primitive is N.CumSum else np.cumprod
        return fn(values, axis=axis, dtype=dtype)
    return primitive.apply(x, axis=axis, dtype=dtype)


def cumsum(x, axis=None, dtype=None):
    """Cumulative sum along `axis`.

    Differentiable. Integers keep their dtype (bool gives int32), as in Keras.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis; None (the default) flattens `x` first.
        dtype: The dtype to accumulate in; None keeps that of `x`.

    Returns:
        The running sums (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.cumsum(np.array([1, 2, 3], dtype="int32"))
        array([1, 3, 6], dtype=int32)
    """
    return _cumulative(N.CumSum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    """Cumulative product along `axis`.

    Differentiable (also through zeros). Integers keep their dtype (bool
    gives int32), as in Keras.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis; None (the default) flattens `x` first.
        dtype: The dtype to accumulate in; None keeps that of `x`.

    Returns:
        The running products (a Tensor when `x` needs a gradient).

    Examples:
        >>> keras.ops.cumprod(np.array([1, 2, 3], dtype="int32"))
        array([1, 2, 6], dtype=int32)
    """
    return _cumulative(N.CumProd, x, axis, dtype)


# ------------------------------------------------------------- joining


def _at_least(x, rank):
    x = _operand(x)
    shape = _shape(x)
    if len(shape) >= rank:
        return x
    if rank == 3 and len(shape) == 2:
        return reshape(x, shape + (1,))
    if rank == 3 and len(shape) == 1:
        return reshape(x, (1,) + shape + (1,))
    return reshape(x, (1,) * (rank - len(shape)) + shape)


def hstack(xs):
    """Stacks arrays horizontally: along axis 1 (axis 0 for 1-D arrays).

    Args:
        xs: A sequence of Tensors or arrays.

    Returns:
        The joined array (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.hstack([np.array([1, 2]), np.array([3])])
        array([1, 2, 3])
    """
    xs = [_operand(x) for x in xs]
    return concatenate(xs, axis=0 if _ndim(xs[0]) == 1 else 1)


def vstack(xs):
    """Stacks arrays vertically: along axis 0, 1-D arrays becoming rows.

    Args:
        xs: A sequence of Tensors or arrays.

    Returns:
        The joined array (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.vstack([np.array([1, 2]), np.array([3, 4])])
        array([[1, 2],
               [3, 4]])
    """
    return concatenate([_at_least(x, 2) for x in xs], axis=0)


def dstack(xs):
    """Stacks arrays along a third axis (depth).

    Args:
        xs: A sequence of Tensors or arrays.

    Returns:
        The joined array, of rank >= 3 (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.dstack([np.array([1, 2]), np.array([3, 4])]).shape
        (1, 2, 2)
    """
    return concatenate([_at_least(x, 3) for x in xs], axis=2)


def append(x1, x2, axis=None):
    """Appends `x2` to `x1` along `axis` (both flattened when `axis` is None).

    Args:
        x1: A Tensor, NumPy array or list.
        x2: The values to append.
        axis: The axis; None (the default) flattens both.

    Returns:
        The joined array (a Tensor when an input needs a gradient).

    Examples:
        >>> keras.ops.append(np.array([1, 2]), np.array([[3]]))
        array([1, 2, 3])
    """
    if axis is None:
        return concatenate([ravel(x1), ravel(x2)], axis=0)
    return concatenate([x1, x2], axis=axis)


__all__ = ["flip", "fliplr", "flipud", "roll", "rot90", "tile", "repeat", "swapaxes", "moveaxis",
           "ravel", "tril", "triu", "diagonal", "diag", "diagflat", "trace", "take_along_axis",
           "sort", "argsort", "top_k", "argpartition", "split", "array_split", "hsplit", "vsplit",
           "dsplit", "unstack", "slice", "slice_update", "scatter", "scatter_update", "cumsum",
           "cumprod", "hstack", "vstack", "dstack", "append"]
