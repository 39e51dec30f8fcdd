"""Python operators on tensors against `keras.ops`: one table, every operator
and every pair of operand kinds.

`tensor + other` in kerasish must give the dtype `keras.ops.add(tensor,
other)` gives in Keras, whatever `other` is: an array of any dtype, a NumPy
scalar, or a Python scalar (weakly typed in Keras: it never widens an
array). The tensor is a kerasish Variable (its operators record a graph)
and stands on either side of the operator.

Where TensorFlow refuses an operand pair that Keras's dtype rules allow
(arithmetic and ordering on bools), kerasish either computes it, like Keras
on JAX, with the dtype of Keras's backend-free rule (`keras.backend.result_type`;
bool for comparisons), or refuses it with a TypeError as NumPy does (`-` on
bools). `@` with a scalar is refused by both libraries.
"""

import inspect
import operator

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

ARRAY_DTYPES = ["float16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool"]
# Operands that are not arrays: Python scalars (weak in Keras) and NumPy scalars.
SCALARS = {
    "python_int": 2,
    "python_float": 1.5,
    "np.float32": np.float32(1.5),
    "np.int64": np.int64(2),
}

# operator symbol -> (Python operator, keras.ops function name)
BINARY_OPERATORS = {
    "+": (operator.add, "add"),
    "-": (operator.sub, "subtract"),
    "*": (operator.mul, "multiply"),
    "/": (operator.truediv, "divide"),
    "**": (operator.pow, "power"),
    "@": (operator.matmul, "matmul"),
    "<": (operator.lt, "less"),
    "<=": (operator.le, "less_equal"),
    ">": (operator.gt, "greater"),
    ">=": (operator.ge, "greater_equal"),
    "==": (operator.eq, "equal"),
    "!=": (operator.ne, "not_equal"),
}
UNARY_OPERATORS = {
    "-x": (operator.neg, "negative"),
    "abs(x)": (operator.abs, "abs"),
    "x[1:]": (lambda x: x[1:], None),
    "x[[0, 2]]": (lambda x: x[np.array([0, 2])], None),
}


def _array(dtype, square=False):
    values = [[1, 2], [0, 1]] if square else [1, 2, 0]
    return np.array(values).astype(dtype)


def _other(kind, square):
    if kind in SCALARS:
        return SCALARS[kind]
    return _array(kind, square)


COMPARISONS = {"less", "less_equal", "greater", "greater_equal", "equal", "not_equal"}


def _keras_dtype(fn_name, *args):
    keras = real_keras()
    try:
        if fn_name == "get_item":  # args: the array, the indexing to apply to Keras's tensor
            array, index = args
            result = index(keras.ops.convert_to_tensor(array))
        else:
            result = getattr(keras.ops, fn_name)(*args)
    except Exception:  # TensorFlow's own limits, not Keras's rules
        return REFUSED_BY_TENSORFLOW, _keras_rule_dtype(fn_name, *args)
    return np.dtype(keras.ops.convert_to_numpy(result).dtype)


REFUSED_BY_TENSORFLOW = "refused by TensorFlow"
NUMPY_REFUSES = {("subtract", "bool"), ("negative", "bool")}


def _assert_dtype(fn_name, compute, expected, operand_dtype):
    """`compute()`'s dtype is `expected`, or, for a pair TensorFlow refuses,
    Keras's rule, or a TypeError where NumPy refuses too."""
    if isinstance(expected, tuple):
        _, rule = expected
        if (fn_name, operand_dtype) in NUMPY_REFUSES:
            with pytest.raises(TypeError):
                compute()
            return
        expected = rule
    assert _kerasish_dtype(compute()) == expected


def _keras_rule_dtype(fn_name, *args):
    """The dtype Keras's backend-free promotion rules give (Keras on JAX computes it)."""
    if fn_name in COMPARISONS:
        return np.dtype("bool")
    operands = [args[0]] if fn_name == "get_item" else args
    dtypes = [a.dtype if isinstance(a, np.ndarray) else a for a in operands]
    return np.dtype(real_keras().backend.result_type(*dtypes))


def _kerasish_dtype(result):
    return np.dtype(kerasish.ops.convert_to_numpy(result).dtype)


BINARY_CASES = [
    (symbol, left, right, reflected)
    for symbol in BINARY_OPERATORS
    for left in ARRAY_DTYPES
    for right in ARRAY_DTYPES + list(SCALARS)
    for reflected in (False, True)
]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # division by the zero operand
@pytest.mark.parametrize("symbol, tensor_dtype, other_kind, reflected", BINARY_CASES)
def test_binary_operator_dtype_matches_keras_ops(symbol, tensor_dtype, other_kind, reflected):
    python_operator, fn_name = BINARY_OPERATORS[symbol]
    square = symbol == "@"
    array, other = _array(tensor_dtype, square), _other(other_kind, square)
    tensor = kerasish.Variable(array, trainable=tensor_dtype.startswith("float"))
    operands = (other, tensor) if reflected else (tensor, other)
    if square and other_kind in SCALARS:
        _assert_both_refuse_matmul_with_a_scalar(operands, (other, array) if reflected else (array, other))
        return
    expected = _keras_dtype(fn_name, *((other, array) if reflected else (array, other)))
    _assert_dtype(fn_name, lambda: python_operator(*operands), expected, tensor_dtype)


def _assert_both_refuse_matmul_with_a_scalar(ours, theirs):
    with pytest.raises(Exception):
        real_keras().ops.matmul(*theirs)
    with pytest.raises(ValueError, match="at least one axis"):
        operator.matmul(*ours)


@pytest.mark.parametrize("symbol", list(UNARY_OPERATORS))
@pytest.mark.parametrize("tensor_dtype", ARRAY_DTYPES)
def test_unary_operator_dtype_matches_keras(symbol, tensor_dtype):
    python_operator, fn_name = UNARY_OPERATORS[symbol]
    array = _array(tensor_dtype)
    tensor = kerasish.Variable(array, trainable=tensor_dtype.startswith("float"))
    if fn_name is None:  # indexing: Keras's own tensor operator
        expected = _keras_dtype("get_item", array, python_operator)
    else:
        expected = _keras_dtype(fn_name, array)
    _assert_dtype(fn_name, lambda: python_operator(tensor), expected, tensor_dtype)


def test_operators_are_the_ops():
    # One path: the operator is the op itself, not a second implementation
    # (the namespace holds it wrapped to also take KerasTensors).
    assert kerasish.backend.Tensor.__add__ is inspect.unwrap(kerasish.ops.add)
    assert kerasish.backend.Tensor.__matmul__ is inspect.unwrap(kerasish.ops.matmul)
    assert kerasish.backend.Tensor.__getitem__ is inspect.unwrap(kerasish.ops.get_item)
