"""`RowSlices`: the gradient of a table lookup, as TensorFlow's IndexedSlices.

Keras on TensorFlow differentiates an embedding lookup into IndexedSlices:
one gradient row per looked-up index, duplicates kept. Its zero-preserving
elementwise ops (square, sqrt, abs, sign, ...) work row by row and an index
that appears twice is summed only when the slices become dense. So Adam's
`square(gradient)` on an embedding whose batch repeats a token gives
`g1**2 + g2**2` for that row, not `(g1 + g2)**2`.

`RowSlices` is the dense gradient (the rows summed per index), so any code
sees an ordinary array, plus the rows it came from, which those unary ufuncs
(and clipping, and products with a scalar or a same-shaped array) use to give
TensorFlow's numbers. Every other operation gives a plain array.
"""

import numpy as np

# Zero-preserving elementwise unary ops that Keras's TensorFlow backend
# applies to IndexedSlices row by row (its `sparse.elementwise_unary`).
_ROW_WISE_UNARY = {
    np.square, np.sqrt, np.absolute, np.sign, np.negative, np.sin, np.tanh, np.arctan,
    np.expm1, np.log1p, np.floor, np.ceil, np.rint, np.trunc, np.conjugate,
}


class RowSlices(np.ndarray):
    """A dense gradient that remembers its un-summed rows (see the module)."""

    __array_priority__ = 20

    @classmethod
    def from_rows(cls, rows, indices, dense_shape):
        """The slices `rows[k]` at `indices[k]` of a `dense_shape` array.

        Args:
            rows: `(n, *dense_shape[1:])`, one row per index.
            indices: `(n,)` integer indices into the first axis, repeats allowed.
            dense_shape: the shape of the dense array.

        Returns:
            A RowSlices whose values are the rows summed per index.
        """
        dense = np.zeros(dense_shape, dtype=rows.dtype)
        np.add.at(dense, indices, rows)
        result = dense.view(cls)
        result.rows, result.indices = rows, indices
        return result

    def __array_finalize__(self, obj):
        # Views, slices and copies are plain dense values: the rows describe
        # only the whole array they were made with.
        self.rows = self.indices = None

    def astype(self, dtype, *args, **kwargs):
        """The slices in another dtype: each row cast, then summed (as TensorFlow casts slices)."""
        if self.rows is None:
            return np.asarray(self).astype(dtype, *args, **kwargs)
        return RowSlices.from_rows(self.rows.astype(dtype), self.indices, self.shape)

    def __reduce__(self):
        return np.asarray(self).__reduce__()  # pickles (and copies) as a plain array

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.pop("out", None)
        if method == "__call__" and not kwargs:
            result = self._row_wise(ufunc, inputs)
            if result is not None:
                return _into(result, out)
        plain = [np.asarray(x) if isinstance(x, RowSlices) else x for x in inputs]
        if out is not None:
            for target in out:
                if isinstance(target, RowSlices):
                    target.rows = target.indices = None  # overwritten: no longer its rows
            kwargs["out"] = tuple(np.asarray(t) if isinstance(t, RowSlices) else t for t in out)
        result = getattr(ufunc, method)(*plain, **kwargs)
        return out[0] if out is not None and len(out) == 1 else result

    def _row_wise(self, ufunc, inputs):
        """TensorFlow's result when it keeps the slices, else None."""
        if self.rows is None:
            return None
        if ufunc in _ROW_WISE_UNARY and len(inputs) == 1:
            return RowSlices.from_rows(ufunc(self.rows), self.indices, self.shape)
        if ufunc in (np.multiply, np.true_divide) and len(inputs) == 2 and inputs[0] is self:
            factor = self._at_rows(inputs[1])
            if factor is not None:
                return RowSlices.from_rows(ufunc(self.rows, factor), self.indices, self.shape)
        if ufunc.__name__ == "clip" and inputs[0] is self and all(
                np.ndim(bound) == 0 for bound in inputs[1:]):
            # tf.clip_by_value clips the slices' values, row by row.
            return RowSlices.from_rows(ufunc(self.rows, *inputs[1:]), self.indices, self.shape)
        if ufunc is np.multiply and len(inputs) == 2 and inputs[1] is self:
            return self._row_wise(ufunc, inputs[::-1])
        if ufunc is np.add and len(inputs) == 2 and all(
                isinstance(x, RowSlices) and x.rows is not None and x.shape == self.shape
                for x in inputs):
            # Two lookups of one table: TensorFlow concatenates their slices.
            rows = np.concatenate([inputs[0].rows, inputs[1].rows])
            indices = np.concatenate([inputs[0].indices, inputs[1].indices])
            return RowSlices.from_rows(rows, indices, self.shape)
        return None


    def _at_rows(self, other):
        """`other` as seen by each row (TensorFlow multiplies and divides
        slices by a scalar, or by the rows of a same-shaped dense array at
        the slices' indices), or None when the result is dense."""
        if isinstance(other, RowSlices):
            return None
        if np.ndim(other) == 0:
            return other
        if np.shape(other) == self.shape:
            return np.asarray(other)[self.indices]
        return None


def _into(result, out):
    """`result`, written into `out[0]` when the ufunc was given one."""
    if out is None:
        return result
    (target,) = out
    np.copyto(np.asarray(target), result)
    if isinstance(target, RowSlices):
        target.rows, target.indices = result.rows, result.indices
    return target
