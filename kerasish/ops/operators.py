"""The Python operators of `Tensor` (`+`, `*`, `@`, `<`, `x[i]`, ...) are ops.

`a + b` on a Tensor is `kerasish.ops.add(a, b)`, with the same dtype rules
(an int64 array added to a float32 Variable gives float32, as in Keras),
so there is one way into every operation. The operators are installed here
rather than in `backend/tensor.py` because ops are built on the backend, not
the other way round; `kerasish.ops` imports this module.
"""

from kerasish.backend.tensor import Tensor
from kerasish.ops import numpy as ops


def _reflected(op):
    """The method for `other <op> tensor` (`__radd__`, ...): the same op,
    operands in the written order."""

    def method(self, other):
        return op(other, self)

    method.__name__ = f"reflected_{op.__name__}"
    return method


_BINARY = {
    "add": ops.add,
    "sub": ops.subtract,
    "mul": ops.multiply,
    "truediv": ops.divide,
    "pow": ops.power,
    "matmul": ops.matmul,
}
for _name, _op in _BINARY.items():
    setattr(Tensor, f"__{_name}__", _op)
    setattr(Tensor, f"__r{_name}__", _reflected(_op))

# Comparisons give plain bool arrays, as Keras's give bool tensors.
Tensor.__lt__ = ops.less
Tensor.__le__ = ops.less_equal
Tensor.__gt__ = ops.greater
Tensor.__ge__ = ops.greater_equal
Tensor.__eq__ = ops.equal
Tensor.__ne__ = ops.not_equal
Tensor.__hash__ = object.__hash__  # defining __eq__ removed it: tensors key dicts by identity

Tensor.__neg__ = ops.negative
Tensor.__abs__ = ops.abs
Tensor.__getitem__ = ops.get_item
Tensor.T = property(ops.transpose)
