"""`keras.ops.linalg`: decompositions, solves, inverses, determinants and
norms over batches of matrices (the last two axes).

Differentiable where the backward is a closed formula (inv, det, slogdet,
solve, solve_triangular, cholesky, norm, the singular values and symmetric
eigenvalues); factorizations returning vectors (qr, svd with `compute_uv`,
eig, eigh's vectors, lu_factor) return plain arrays. Integer input is
computed in floatx(), as in Keras. A matrix that is not square, or an input
of rank < 2, gets Keras's error.
"""

import numpy as np

from kerasish.backend import config
from kerasish.backend import linalg_primitives as L
from kerasish.backend.tensor import Tensor
from kerasish.ops.numpy import (
    _floating,
    _value,
    abs,
    matmul,
    max,
    min,
    power,
    sqrt,
    square,
    sum,
    transpose,
)


def _matrix(x, square_required=True):
    """`x` as a float Tensor or array, checked to be a (batch of) matrices."""
    x = _floating(x)
    shape = np.shape(_value(x))
    if len(shape) < 2:
        raise ValueError(f"Expected input to have rank >= 2. Received input with shape {shape}.")
    if square_required and shape[-1] != shape[-2]:
        raise ValueError(
            f"Expected a square matrix. Received non-square input with shape {shape}"
        )
    return x


def _plain(x):
    return np.asarray(_value(x))


def inv(x):
    """The inverse of a square matrix (or of each in a batch).

    Args:
        x: A Tensor, NumPy array or list of shape `(..., n, n)`.

    Returns:
        The inverses (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` has rank < 2 or is not square.
        numpy.linalg.LinAlgError: If a matrix is singular.

    Examples:
        >>> keras.ops.inv(np.array([[2.0, 0.0], [0.0, 4.0]], dtype="float32"))
        array([[0.5 , 0.  ],
               [0.  , 0.25]], dtype=float32)
    """
    return L.Inverse.apply(_matrix(x))


def det(x):
    """The determinant of a square matrix (or of each in a batch).

    Args:
        x: A Tensor, NumPy array or list of shape `(..., n, n)`.

    Returns:
        The determinants, of shape `x.shape[:-2]` (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` has rank < 2 or is not square.

    Examples:
        >>> keras.ops.det(np.array([[2.0, 1.0], [1.0, 3.0]], dtype="float32"))
        np.float32(5.0)
    """
    return L.Determinant.apply(_matrix(x))


def slogdet(x):
    """The sign and the log of the absolute value of the determinant.

    Args:
        x: A Tensor, NumPy array or list of shape `(..., n, n)`.

    Returns:
        A tuple `(sign, logabsdet)`; the second is a Tensor when `x` needs a gradient.

    Raises:
        ValueError: If `x` has rank < 2 or is not square.

    Examples:
        >>> keras.ops.slogdet(np.array([[-2.0, 0.0], [0.0, 1.0]], dtype="float32"))
        (np.float32(-1.0), np.float32(0.6931472))
    """
    x = _matrix(x)
    sign = np.linalg.slogdet(_plain(x))[0]
    return sign, L.LogAbsDeterminant.apply(x)


def logdet(x):
    """The natural log of the determinant of a (positive definite) matrix.

    Args:
        x: A Tensor, NumPy array or list of shape `(..., n, n)`.

    Returns:
        The log-determinants (NaN where the determinant is negative); a Tensor
        when `x` needs a gradient.

    Raises:
        ValueError: If `x` has rank < 2 or is not square.

    Examples:
        >>> keras.ops.logdet(np.array([[2.0, 0.0], [0.0, 2.0]], dtype="float32"))
        np.float32(1.3862944)
    """
    from kerasish.ops.numpy import where

    sign, value = slogdet(x)
    if np.all(sign > 0):
        return value
    return where(sign > 0, value, np.nan)


def solve(a, b):
    """Solves `a @ x = b` for `x`.

    Args:
        a: Square matrices `(..., n, n)`.
        b: Right-hand sides `(..., n, k)`, or `(..., n)` vectors.

    Returns:
        `x`, shaped as `b` (a Tensor when an input needs a gradient).

    Raises:
        ValueError: If `a` is not square or `b` does not match it.

    Examples:
        >>> keras.ops.solve(np.array([[2.0, 0.0], [0.0, 4.0]], dtype="float32"), np.array([2.0, 2.0], dtype="float32"))
        array([1. , 0.5], dtype=float32)
    """
    a, b = _matrix(a), _floating(b)
    if np.shape(_value(b))[-1 if np.ndim(_value(b)) == np.ndim(_value(a)) - 1 else -2] != \
            np.shape(_value(a))[-1]:
        raise ValueError("`b` must have as many rows as `a`. "
                         f"Received: a.shape={np.shape(_value(a))}, b.shape={np.shape(_value(b))}")
    return L.Solve.apply(a, b)


def solve_triangular(a, b, lower=False):
    """Solves `a @ x = b` for a triangular `a` (only its `lower` or upper triangle is read).

    Args:
        a: Square matrices `(..., n, n)`.
        b: Right-hand sides `(..., n, k)` or `(..., n)`.
        lower: Whether `a` is lower triangular. Defaults to False (upper).

    Returns:
        `x`, shaped as `b` (a Tensor when an input needs a gradient).

    Raises:
        ValueError: If `a` is not square.

    Examples:
        >>> a = np.array([[2.0, 0.0], [1.0, 1.0]], dtype="float32")
        >>> keras.ops.solve_triangular(a, np.array([2.0, 3.0], dtype="float32"), lower=True)
        array([1., 2.], dtype=float32)
    """
    return L.SolveTriangular.apply(_matrix(a), _floating(b), lower=lower)


def cholesky(x, upper=False):
    """The Cholesky factor of a symmetric positive-definite matrix.

    Args:
        x: Matrices `(..., n, n)`.
        upper: Whether to return the upper factor `U` (`x = U^T U`) instead of
            the lower `L` (`x = L L^T`). Defaults to False.

    Returns:
        The factors (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` is not square, or not positive definite
            ("Cholesky decomposition failed", as in Keras).

    Examples:
        >>> keras.ops.cholesky(np.array([[4.0, 2.0], [2.0, 5.0]], dtype="float32"))
        array([[2., 0.],
               [1., 2.]], dtype=float32)
    """
    x = _matrix(x)
    try:
        factor = L.Cholesky.apply(x)
    except np.linalg.LinAlgError as error:
        raise ValueError(f"Cholesky decomposition failed: {error}") from None
    return transpose(factor, _swap_last(np.ndim(_value(x)))) if upper else factor


def _swap_last(ndim):
    order = list(range(ndim))
    order[-1], order[-2] = order[-2], order[-1]
    return order


def cholesky_inverse(x, upper=False):
    """The inverse of `A` from its Cholesky factor (`A = L L^T`, or `U^T U` with `upper`).

    Args:
        x: Triangular factors `(..., n, n)`.
        upper: Whether `x` is the upper factor. Defaults to False.

    Returns:
        `A^-1` (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `x` is not square.

    Examples:
        >>> keras.ops.cholesky_inverse(np.array([[2.0, 0.0], [1.0, 2.0]], dtype="float32"))
        array([[ 0.3125, -0.125 ],
               [-0.125 ,  0.25  ]], dtype=float32)
    """
    from kerasish.ops.array_ops import tril, triu

    # Only the factor's triangle is read, as in Keras (and so is its gradient).
    x = triu(_matrix(x)) if upper else tril(_matrix(x))
    swap = _swap_last(np.ndim(_value(x)))
    product = matmul(transpose(x, swap), x) if upper else matmul(x, transpose(x, swap))
    return inv(product)


def qr(x, mode="reduced"):
    """The QR decomposition `x = q @ r` (q orthonormal, r upper triangular).

    Args:
        x: Matrices `(..., m, n)`.
        mode: "reduced" (the default; q is `(m, k)` with k = min(m, n)) or
            "complete" (q is `(m, m)`).

    Returns:
        A tuple `(q, r)` of NumPy arrays.

    Raises:
        ValueError: If `mode` is not "reduced" or "complete", or `x` has rank < 2.

    Examples:
        >>> q, r = keras.ops.qr(np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32"))
        >>> np.allclose(q @ r, [[1.0, 2.0], [3.0, 4.0]], atol=1e-5)
        True
    """
    if mode not in ("reduced", "complete"):
        raise ValueError("Expected one of {'reduced', 'complete'} for argument `mode`. "
                         f"Received: mode={mode}")
    return np.linalg.qr(_plain(_matrix(x, square_required=False)), mode=mode)


def svd(x, full_matrices=True, compute_uv=True):
    """The singular value decomposition `x = u @ diag(s) @ v`.

    Args:
        x: Matrices `(..., m, n)`.
        full_matrices: Whether u and v are square (True, the default) or
            reduced to min(m, n) columns/rows.
        compute_uv: Whether to return u and v too (True, the default) or only
            the singular values (then differentiable).

    Returns:
        `(u, s, v)` as NumPy arrays, or `s` alone (descending; a Tensor when
        `x` needs a gradient) with `compute_uv=False`.

    Raises:
        ValueError: If `x` has rank < 2.

    Examples:
        >>> keras.ops.svd(np.array([[3.0, 0.0], [0.0, 4.0]], dtype="float32"), compute_uv=False)
        array([4., 3.], dtype=float32)
    """
    x = _matrix(x, square_required=False)
    if not compute_uv:
        return L.SingularValues.apply(x)
    return np.linalg.svd(_plain(x), full_matrices=full_matrices)


def eig(x):
    """The eigenvalues and eigenvectors of a square matrix (complex in general).

    Args:
        x: Matrices `(..., n, n)`.

    Returns:
        A tuple `(values, vectors)` of NumPy arrays; vectors are the columns.

    Raises:
        ValueError: If `x` is not square.

    Examples:
        >>> values, vectors = keras.ops.eig(np.array([[2.0, 0.0], [0.0, 3.0]], dtype="float32"))
        >>> values.real
        array([2., 3.], dtype=float32)
    """
    return np.linalg.eig(_plain(_matrix(x)))


def eigh(x):
    """The eigenvalues (ascending) and eigenvectors of a symmetric matrix.

    Args:
        x: Symmetric matrices `(..., n, n)` (the lower triangle is read).

    Returns:
        A tuple `(values, vectors)`: values are a Tensor when `x` needs a
        gradient, vectors a NumPy array (columns).

    Raises:
        ValueError: If `x` is not square.

    Examples:
        >>> values, vectors = keras.ops.eigh(np.array([[2.0, 1.0], [1.0, 2.0]], dtype="float32"))
        >>> values
        array([1., 3.], dtype=float32)
    """
    x = _matrix(x)
    vectors = np.linalg.eigh(_plain(x))[1]
    return L.EigenvaluesSymmetric.apply(x), vectors


def lu_factor(x):
    """The LU factorization with partial pivoting, as `(lu, pivots)`.

    `lu` holds L (below the diagonal, unit diagonal implied) and U (on and
    above); `pivots[i]` is the row swapped with row i, as LAPACK and Keras
    give them (0-based).

    Args:
        x: Square matrices `(..., n, n)`.

    Returns:
        A tuple `(lu, pivots)` of NumPy arrays (pivots int32).

    Raises:
        ValueError: If `x` is not square.

    Examples:
        >>> lu, pivots = keras.ops.lu_factor(np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32"))
        >>> pivots
        array([1, 1], dtype=int32)
    """
    a = _plain(_matrix(x)).copy()
    batch_shape, n = a.shape[:-2], a.shape[-1]
    flat = a.reshape((-1, n, n))
    pivots = np.zeros((flat.shape[0], n), dtype=np.int32)
    for b, m in enumerate(flat):
        for k in range(n):
            p = k + int(np.argmax(np.abs(m[k:, k])))
            pivots[b, k] = p
            if p != k:
                m[[k, p]] = m[[p, k]]
            if m[k, k] != 0:
                m[k + 1:, k] /= m[k, k]
                m[k + 1:, k + 1:] -= np.outer(m[k + 1:, k], m[k, k + 1:])
    return flat.reshape(a.shape), pivots.reshape(batch_shape + (n,))


def lstsq(a, b, rcond=None):
    """The least-squares solution `x` minimizing `||a @ x - b||`.

    Args:
        a: A matrix `(m, n)`.
        b: `(m,)` or `(m, k)`.
        rcond: Singular values below `rcond * largest` count as zero; None
            uses machine precision times max(m, n).

    Returns:
        `x` as a NumPy array, `(n,)` or `(n, k)`.

    Raises:
        ValueError: If `a` is not 2-D or `b` not 1-D or 2-D with as many rows.

    Examples:
        >>> keras.ops.lstsq(np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], dtype="float32"), np.array([1.0, 2.0, 3.0], dtype="float32"))
        array([1., 2.], dtype=float32)
    """
    a, b = _plain(_floating(a)), _plain(_floating(b))
    if a.ndim != 2:
        raise ValueError(f"Expected a to have rank 2. Received: a.shape={a.shape}")
    if b.ndim not in (1, 2):
        raise ValueError(f"Expected b to have rank 1 or 2. Received: b.shape={b.shape}")
    if a.shape[0] != b.shape[0]:
        raise ValueError("Expected a and b to have the same number of rows. "
                         f"Received: a.shape={a.shape}, b.shape={b.shape}")
    return np.linalg.lstsq(a, b, rcond=rcond)[0].astype(a.dtype)


def pinv(x, rcond=None):
    """The Moore-Penrose pseudo-inverse.

    Args:
        x: Matrices `(..., m, n)`.
        rcond: Singular values below `rcond * largest` count as zero; None
            uses 10 * machine epsilon * max(m, n), as Keras does.

    Returns:
        `(..., n, m)` NumPy arrays.

    Raises:
        ValueError: If `x` has rank < 2.

    Examples:
        >>> keras.ops.pinv(np.array([[2.0, 0.0], [0.0, 0.0]], dtype="float32"))
        array([[0.5, 0. ],
               [0. , 0. ]], dtype=float32)
    """
    x = _plain(_matrix(x, square_required=False))
    if rcond is None:
        rcond = 10 * np.finfo(x.dtype).eps * _builtin_max(x.shape[-2:])
    return np.linalg.pinv(x, rcond=rcond).astype(x.dtype)


def _builtin_max(values):
    """Python's max (this module's `max` is the array op)."""
    best = None
    for value in values:
        best = value if best is None or value > best else best
    return best


def matrix_rank(x, tol=None):
    """The rank of each matrix: the number of singular values above `tol`.

    Args:
        x: Matrices `(..., m, n)`.
        tol: The threshold; None uses largest singular value * eps * max(m, n).

    Returns:
        An int32 NumPy array of ranks.

    Raises:
        ValueError: If `x` has rank < 2.

    Examples:
        >>> keras.ops.matrix_rank(np.array([[1.0, 2.0], [2.0, 4.0]], dtype="float32"))
        array(1, dtype=int32)
    """
    x = _plain(_matrix(x, square_required=False))
    return np.asarray(np.linalg.matrix_rank(x, tol=tol), dtype=np.int32)


def _axes_of(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim for a in ((axis,) if isinstance(axis, (int, np.integer)) else axis))


def norm(x, ord=None, axis=None, keepdims=False):
    """A vector or matrix norm of `x`.

    Over one axis (or a flattened `x` for `axis=None` with `ord=None`) it is a
    vector norm: `ord` None/2 (Euclidean), 1, inf, -inf, 0 (count of
    nonzeros) or any p. Over two axes it is a matrix norm: "fro" (default),
    "nuc", 1, -1, 2, -2, inf, -inf.

    Args:
        x: A Tensor, NumPy array or list.
        ord: The order of the norm (see above).
        axis: An int, a pair of ints, or None (all axes; a matrix norm for
            2-D `x` with an `ord`).
        keepdims: Whether reduced axes stay as size 1. Defaults to False.

    Returns:
        The norms, floatx() for integer input (a Tensor when `x` needs a gradient).

    Raises:
        ValueError: If `ord` is not valid for a vector or a matrix norm.

    Examples:
        >>> keras.ops.norm(np.array([3.0, 4.0], dtype="float32"))
        np.float32(5.0)
        >>> keras.ops.norm(np.array([[1.0, -2.0], [3.0, 4.0]], dtype="float32"), ord=1)
        np.float32(6.0)
    """
    x = _floating(x)
    ndim = np.ndim(_value(x))
    if isinstance(ord, str) and ord not in ("fro", "nuc"):
        raise ValueError("Invalid `ord` argument. Expected one of {'fro', 'nuc'} when using "
                         f"string. Received: ord={ord}")
    if axis is None and ord is None:
        return sqrt(sum(square(x), axis=None, keepdims=keepdims))
    axes = _axes_of(axis, ndim)
    if len(axes) == 1:
        return _vector_norm(x, ord, axes[0], keepdims)
    if len(axes) == 2:
        return _matrix_norm(x, ord, axes, keepdims)
    raise ValueError(f"Improper number of dimensions to norm. Received: axis={axis}")


def _vector_norm(x, ord, axis, keepdims):
    if isinstance(ord, str):
        raise ValueError(f"Invalid `ord` argument for vector norm. Received: ord={ord}")
    if ord is None or ord == 2:
        return sqrt(sum(square(x), axis=axis, keepdims=keepdims))
    if ord == float("inf"):
        return max(abs(x), axis=axis, keepdims=keepdims)
    if ord == float("-inf"):
        return min(abs(x), axis=axis, keepdims=keepdims)
    if ord == 0:
        values = _plain(x)
        return np.sum(values != 0, axis=axis, keepdims=keepdims).astype(values.dtype)
    if ord == 1:
        return sum(abs(x), axis=axis, keepdims=keepdims)
    return power(sum(power(abs(x), float(ord)), axis=axis, keepdims=keepdims), 1.0 / ord)


def _matrix_norm(x, ord, axes, keepdims):
    if ord not in (None, "fro", "nuc", float("inf"), float("-inf"), 1, -1, 2, -2):
        raise ValueError(f"Invalid `ord` argument for matrix norm. Received: ord={ord}")
    row_axis, col_axis = axes
    if ord in (None, "fro"):
        return sqrt(sum(square(x), axis=axes, keepdims=keepdims))
    if ord in (1, -1):
        column_sums = sum(abs(x), axis=row_axis, keepdims=True)
        pick = max if ord == 1 else min
        return pick(column_sums, axis=axes, keepdims=keepdims)
    if ord in (float("inf"), float("-inf")):
        row_sums = sum(abs(x), axis=col_axis, keepdims=True)
        pick = max if ord > 0 else min
        return pick(row_sums, axis=axes, keepdims=keepdims)
    # 2, -2, "nuc": from the singular values of the matrices moved last.
    ndim = np.ndim(_value(x))
    order = [a for a in range(ndim) if a not in axes] + [row_axis, col_axis]
    values = L.SingularValues.apply(transpose(x, order))
    if ord == "nuc":
        result = sum(values, axis=-1)
    else:
        result = (max if ord == 2 else min)(values, axis=-1)
    if keepdims:
        from kerasish.ops.numpy import expand_dims

        for a in sorted(axes):
            result = expand_dims(result, a)
    return result


def jvp(fun, primals, tangents, has_aux=False):
    """The Jacobian-vector product of `fun` at `primals` along `tangents`.

    kerasish differentiates in reverse mode only, so this is computed as the
    directional derivative by reverse mode: for each output element, its
    gradient dotted with the tangents (one backward pass per output element:
    fine for the small functions `jvp` is used on).

    Args:
        fun: A function of arrays returning an array (or `(array, aux)` with
            `has_aux`).
        primals: The arguments, a tuple or list.
        tangents: One tangent per argument, of the same shapes.
        has_aux: Whether `fun` returns an auxiliary value too. Defaults to False.

    Returns:
        `(primals_out, tangents_out)`, plus `aux` when `has_aux`.

    Raises:
        ValueError: If `primals` and `tangents` differ in length.

    Examples:
        >>> out, tangent = keras.ops.linalg.jvp(lambda x: x * x, (np.array([3.0], dtype="float32"),), (np.array([1.0], dtype="float32"),))
        >>> tangent
        array([6.], dtype=float32)
    """
    from kerasish.backend.tensor import gradients

    if len(primals) != len(tangents):
        raise ValueError("`primals` and `tangents` must have the same length. "
                         f"Received: {len(primals)} and {len(tangents)}")
    inputs = [Tensor(np.array(_plain(p), copy=True)) for p in primals]
    result = fun(*inputs)
    output, aux = result if has_aux else (result, None)
    values = _plain(output)
    tangent = np.zeros(values.shape, dtype=values.dtype if values.dtype.kind == "f"
                       else config.floatx())
    if isinstance(output, Tensor):
        for index in np.ndindex(values.shape):
            grads = gradients(output[index] if values.ndim else output, inputs)
            tangent[index] = _sum_of_products(grads, tangents)
    out = (np.array(values, copy=True), tangent)
    return out + (aux,) if has_aux else out


def _sum_of_products(grads, tangents):
    """sum over arguments of <grad, tangent>."""
    total = 0.0
    for grad, tangent in zip(grads, tangents):
        total += float(np.sum(np.asarray(grad) * _plain(tangent)))
    return total


__all__ = ["cholesky", "cholesky_inverse", "det", "eig", "eigh", "inv", "jvp", "lstsq",
           "lu_factor", "matrix_rank", "norm", "pinv", "qr", "solve", "solve_triangular",
           "svd", "slogdet", "logdet"]
