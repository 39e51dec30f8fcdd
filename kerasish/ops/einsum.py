"""`einsum`: Einstein summation over any number of operands, differentiable."""

import numpy as np

from kerasish.backend import einsum as E
from kerasish.backend.tensor import Tensor
from kerasish.ops.core import convert_to_tensor

__all__ = ["einsum"]


def _einsum_dtype(dtypes):
    """Keras's result dtype: a float operand decides alone (an int32 meeting
    a float16 gives float16, where NumPy gives float64), integers promote as
    in NumPy, and int8 with int8 gives int32 (no overflow), as Keras does."""
    floats = [d for d in dtypes if d.kind == "f"]
    if floats:
        return np.result_type(*floats)
    if all(d == np.int8 for d in dtypes):
        return np.dtype("int32")
    return np.result_type(*dtypes)


def einsum(subscripts, *operands):
    """Evaluates the Einstein summation convention on the operands.

    Each operand's axes are named by letters; letters shared by operands are
    multiplied together, and letters missing from the output (after `->`)
    are summed over. `...` stands for the axes no letter names, broadcast
    across operands as NumPy broadcasts. Without `->` the output is the
    `...` axes then the letters used once, in alphabetical order. A letter
    repeated in one operand takes its diagonal. The result is differentiable
    with respect to every float operand.

    Args:
        subscripts: the equation, such as `"ij,jk->ik"` or `"...ij,...jk"`.
        *operands: Tensors, NumPy arrays or lists, one per comma-separated
            spec of `subscripts`.

    Returns:
        The result: a Tensor when an operand needs a gradient, else a NumPy
        array. Its dtype follows Keras: a float operand's dtype wins over
        integer ones (the widest float when several), integers promote as in
        NumPy, and two int8 operands give int32.

    Raises:
        ValueError: when the number of specs differs from the number of
            operands, a spec's length differs from its operand's rank, an
            output letter is repeated or appears in no input, or a letter has
            two different sizes.

    Examples:
        >>> a = np.arange(6, dtype="float32").reshape(2, 3)
        >>> keras.ops.einsum("ij,kj->ik", a, a)
        array([[ 5., 14.],
               [14., 50.]], dtype=float32)
        >>> keras.ops.einsum("ii", np.eye(3, dtype="float32"))
        array(3., dtype=float32)
        >>> keras.ops.einsum("...i,i->...", np.ones((2, 4, 3), "float32"), np.ones(3, "float32")).shape
        (2, 4)
    """
    operands = [x if isinstance(x, (Tensor, np.ndarray)) else convert_to_tensor(x)
                for x in operands]
    arrays = [x.value if isinstance(x, Tensor) else x for x in operands]
    specs, output = E.parse_subscripts(subscripts, [np.shape(a) for a in arrays])
    E.letter_sizes(specs, [np.shape(a) for a in arrays])
    dtype = _einsum_dtype([np.asarray(a).dtype for a in arrays])
    return E.Einsum.apply(*operands, specs=specs, output=output, dtype=dtype)
