"""The NumPy-in fast paths of the ops give what their recorded primitives
give: the same values (bit for bit), dtypes and shapes. A Tensor that needs
no gradient takes the primitive's way, NumPy arrays the fast one; errors for
bad arguments are the long way's."""

import numpy as np
import pytest

import kerasish as keras
from kerasish import ops
from kerasish.backend.tensor import Tensor

RNG = np.random.default_rng(0)
F32 = RNG.uniform(-3, 3, (4, 6)).astype("float32")
G32 = RNG.uniform(0.5, 3, (4, 6)).astype("float32")
F16 = F32.astype("float16")
INDICES = np.argsort(F32[:, :1], axis=0)  # (4, 1): broadcast over the columns

CASES = {
    "transpose": lambda x, y: ops.transpose(x),
    "transpose_axes": lambda x, y: ops.transpose(x, [1, 0]),
    "reshape": lambda x, y: ops.reshape(x, (3, -1)),
    "swapaxes": lambda x, y: ops.swapaxes(x, 0, -1),
    "flip": lambda x, y: ops.flip(x, -1),
    "flip_all": lambda x, y: ops.flip(x),
    "split": lambda x, y: ops.split(x, 3, axis=1),
    "array_split": lambda x, y: ops.array_split(x, [1, 5], axis=1),
    "take_along_axis": lambda x, y: ops.take_along_axis(x, INDICES, 0),
    "add": ops.add, "subtract": ops.subtract, "multiply": ops.multiply, "divide": ops.divide,
    "maximum": ops.maximum, "minimum": ops.minimum,
    "scalar_first": lambda x, y: ops.multiply(0.5, x),
    "scalar_second": lambda x, y: ops.subtract(x, 2),
    "matmul": lambda x, y: ops.matmul(x, ops.transpose(y)),
    "where": lambda x, y: ops.where(np.asarray(ops.convert_to_numpy(x)) > 0, x, y),
    "concatenate": lambda x, y: ops.concatenate([x, y], axis=1),
    "mean": lambda x, y: ops.mean(x, axis=(0, 1)),
    "mean_keepdims": lambda x, y: ops.mean(x, axis=1, keepdims=True),
    "exp": lambda x, y: ops.exp(x), "log": lambda x, y: ops.log(y),
    "sqrt": lambda x, y: ops.sqrt(y), "square": lambda x, y: ops.square(x),
    "negative": lambda x, y: ops.negative(x), "tanh": lambda x, y: ops.tanh(x),
    "relu": lambda x, y: ops.relu(x), "arctan": lambda x, y: ops.arctan(x),
    "log1p": lambda x, y: ops.log1p(y), "gelu": lambda x, y: ops.gelu(x),
    "sigmoid": lambda x, y: ops.sigmoid(x),
}


def _arrays(result):
    results = result if isinstance(result, list) else [result]
    return [np.asarray(ops.convert_to_numpy(r)) for r in results]


@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_path_equals_the_primitive(name, dtype):
    x, y = F32.astype(dtype), G32.astype(dtype)
    fast = _arrays(CASES[name](x, y))
    recorded_way = _arrays(CASES[name](Tensor(x), Tensor(y)))
    assert len(fast) == len(recorded_way)
    for a, b in zip(fast, recorded_way):
        assert a.dtype == b.dtype and a.shape == b.shape, name
        np.testing.assert_array_equal(a, b, err_msg=name)


def test_mixed_dtypes_still_follow_keras_rules():
    ints = np.arange(24, dtype="int32").reshape(4, 6)
    assert ops.add(F32, ints).dtype == np.float32  # NumPy would give float64
    assert ops.divide(ints, ints).dtype == np.float32
    assert ops.concatenate([F16, ints], axis=0).dtype == np.float16
    assert ops.multiply(ints, 1.5).dtype == np.float32


def test_bad_axes_get_the_long_ways_errors():
    with pytest.raises(ValueError, match="`axis1` is out of bounds"):
        ops.swapaxes(F32, 2, 0)
    with pytest.raises(ValueError, match="cannot be split evenly"):
        ops.split(F32, 4, axis=1)


def test_sigmoid_is_accurate_over_the_float32_range():
    x = np.linspace(-100, 100, 200_001).astype("float32")
    exact = 1 / (1 + np.exp(-x.astype(np.float64)))
    ours = np.asarray(ops.convert_to_numpy(keras.ops.sigmoid(x)), np.float64)
    tiny = np.finfo(np.float32).tiny
    relative = np.abs(ours - exact) / np.maximum(exact, tiny)
    assert relative[exact > tiny].max() < 5e-7
    with np.errstate(all="raise"):  # no overflow warning at the far negative end
        keras.ops.sigmoid(np.array([-1000.0, 1000.0], "float32"))
