"""Result dtypes of ops on integer, bool and mixed inputs, against Keras.

Keras promotes like JAX: integers meeting a float (array or Python scalar)
become float32, float-valued functions of integers are float32, sums of int32
stay int32, Python ints are int32. NumPy's own rules would give float64,
float16 or int64 in these cases, and a float64 creeping into a float32 model
is a silent upcast. Cases where TensorFlow itself refuses the input (sigmoid
of an int tensor, bool arithmetic) are left out: that is TensorFlow's
limitation, not Keras's rule.
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

INPUTS = {
    "int32": np.array([1, 2, 4], dtype="int32"),
    "int64": np.array([1, 2, 4], dtype="int64"),
    "uint8": np.array([1, 2, 4], dtype="uint8"),
    "bool": np.array([True, False, True]),
    "float32": np.array([1.0, 2.0, 4.0], dtype="float32"),
}

UNARY = {
    "sqrt": ["int32", "int64", "uint8", "bool", "float32"],
    "exp": ["int32", "int64", "uint8", "bool", "float32"],
    "log": ["int32", "int64", "uint8", "bool", "float32"],
    "tanh": ["int32", "int64", "uint8", "bool", "float32"],
    "floor": ["int32", "int64", "uint8", "bool", "float32"],
    "mean": ["int32", "int64", "uint8", "bool", "float32"],
    "sum": ["int32", "int64", "uint8", "bool", "float32"],
    "prod": ["int32", "int64", "uint8", "bool", "float32"],
    "max": ["int32", "int64", "uint8", "bool", "float32"],
    "argmax": ["int32", "float32"],
    "negative": ["int32", "int64", "float32"],
    "square": ["int32", "int64", "uint8", "float32"],
    "abs": ["int32", "int64", "uint8", "float32"],
}

SCALARS = {"1.5": 1.5, "2": 2}
BINARY = ["add", "subtract", "multiply", "divide", "true_divide", "power", "maximum", "minimum"]
BINARY_CASES = [
    ("int32", "int32"), ("int64", "int32"), ("uint8", "int32"), ("int32", "float32"),
    ("int32", "1.5"), ("int64", "1.5"), ("int32", "2"), ("float32", "2"), ("float32", "1.5"),
    ("bool", "2"),
]


def _operand(tag):
    return SCALARS[tag] if tag in SCALARS else INPUTS[tag]


def _result_dtype(library, fn_name, *args):
    result = getattr(library.ops, fn_name)(*args)
    return np.dtype(library.ops.convert_to_numpy(result).dtype)


@pytest.mark.filterwarnings("ignore:divide by zero")  # log(False)
@pytest.mark.parametrize(
    "fn_name, tag", [(fn, tag) for fn, tags in UNARY.items() for tag in tags]
)
def test_unary_op_dtype(fn_name, tag):
    keras = real_keras()
    x = INPUTS[tag]
    assert _result_dtype(kerasish, fn_name, x) == _result_dtype(keras, fn_name, x)


@pytest.mark.parametrize("fn_name, tags", [(fn, tags) for fn in BINARY for tags in BINARY_CASES])
def test_binary_op_dtype(fn_name, tags):
    keras = real_keras()
    args = [_operand(tag) for tag in tags]
    assert _result_dtype(kerasish, fn_name, *args) == _result_dtype(keras, fn_name, *args)


@pytest.mark.parametrize("value", [3, [1, 2], [[1], [2]], 2.5, [1.0, 2.0], [True, False]])
def test_convert_to_tensor_of_python_values(value):
    keras = real_keras()
    ours = kerasish.ops.convert_to_tensor(value)
    theirs = keras.ops.convert_to_numpy(keras.ops.convert_to_tensor(value))
    assert np.asarray(ours).dtype == theirs.dtype
