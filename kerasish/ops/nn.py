"""Neural-network ops: activations and the cross-entropies.

The cross-entropies follow Keras's TensorFlow backend exactly, including its
trick of remembering the logits on softmax and sigmoid outputs: when a loss
receives such an output it works from the logits, which is both more accurate
and what makes Keras's numbers come out as they do.
"""

import warnings

import numpy as np

from kerasish.backend import config
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor
from kerasish.ops.core import cast, convert_to_tensor
from kerasish.ops.numpy import _operand, add, clip, divide, log, multiply, negative, subtract, sum


def relu(x):
    return P.Relu.apply(_operand(x))


def tanh(x):
    return P.Tanh.apply(_operand(x))


def softplus(x):
    return P.Softplus.apply(_operand(x))


def _with_logits(output, logits):
    """Returns `output` as a Tensor that remembers the logits it came from."""
    if not isinstance(output, Tensor):
        output = Tensor(output, requires_grad=False)
    output._keras_logits = logits
    return output


def sigmoid(x):
    x = _operand(x)
    return _with_logits(P.Sigmoid.apply(x), x)


def softmax(x, axis=-1):
    x = _operand(x)
    if axis is None:
        flat = P.Reshape.apply(x, new_shape=(-1,))
        output = P.Reshape.apply(P.Softmax.apply(flat, axis=-1), new_shape=np.shape(_plain(x)))
    else:
        output = P.Softmax.apply(x, axis=axis)
    return _with_logits(output, x)


def log_softmax(x, axis=-1):
    return P.LogSoftmax.apply(_operand(x), axis=axis)


def _plain(x):
    return x.value if isinstance(x, Tensor) else x


def one_hot(x, num_classes, axis=-1, dtype=None):
    x = np.asarray(_plain(x)).astype(np.int64)
    out = np.zeros(x.shape + (num_classes,), dtype=dtype or config.floatx())
    valid = (x >= 0) & (x < num_classes)
    np.put_along_axis(out, np.where(valid, x, 0)[..., None], valid[..., None].astype(out.dtype), axis=-1)
    if axis != -1:
        out = np.moveaxis(out, -1, axis)
    return out


def _get_logits(output, from_logits, activation, fn_name):
    logits = getattr(output, "_keras_logits", None)
    if logits is None:
        return output, from_logits
    if from_logits:
        warnings.warn(
            f'"`{fn_name}` received `from_logits=True`, but the `output` argument was '
            f"produced by a {activation} activation and thus does not represent logits. "
            "Was this intended?",
            stacklevel=3,
        )
    return logits, True


def _check_same_shape(target, output):
    t_shape, o_shape = np.shape(_plain(target)), np.shape(_plain(output))
    if len(t_shape) != len(o_shape):
        raise ValueError(
            "Arguments `target` and `output` must have the same rank (ndim). "
            f"Received: target.shape={t_shape}, output.shape={o_shape}"
        )
    if t_shape != o_shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={t_shape}, output.shape={o_shape}"
        )


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _operand(target), _operand(output)
    if len(np.shape(_plain(target))) < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. Received: "
            f"target.shape={np.shape(_plain(target))}, output.shape={np.shape(_plain(output))}"
        )
    _check_same_shape(target, output)
    output, from_logits = _get_logits(output, from_logits, "Softmax", "categorical_crossentropy")
    target = cast(target, _plain(output).dtype)
    if from_logits:
        return P.SoftmaxCrossEntropy.apply(target, output, axis=axis)
    output = divide(output, sum(output, axis=axis, keepdims=True))
    eps = config.epsilon()
    output = clip(output, eps, 1.0 - eps)
    return negative(sum(multiply(target, log(output)), axis=axis))


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _operand(output)
    o_shape = np.shape(_plain(output))
    if axis != -1 and axis != len(o_shape) - 1:
        raise ValueError(f"Only axis=-1 is currently supported. Received: axis={axis}")
    output, from_logits = _get_logits(
        output, from_logits, "Softmax", "sparse_categorical_crossentropy"
    )
    target = np.asarray(_plain(target))
    if target.dtype.kind == "f" and not np.all(np.isfinite(target)):
        raise ValueError("Received a non-finite label for `sparse_categorical_crossentropy`.")
    target = target.astype(np.int64)
    if target.ndim == len(o_shape) and target.shape[-1] == 1:
        target = target[..., 0]
    if target.shape != o_shape[:-1]:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up until the last "
            f"dimension: target.shape={target.shape}, output.shape={o_shape}"
        )
    if target.size and (target.min() < 0 or target.max() >= o_shape[-1]):
        bad = target[(target < 0) | (target >= o_shape[-1])].flat[0]
        raise ValueError(
            f"Received a label value of {bad} which is outside the valid range of "
            f"[0, {o_shape[-1]}). Label values must be integers in that range."
        )
    if not from_logits:
        eps = config.epsilon()
        output = log(clip(output, eps, 1 - eps))
    return P.SparseSoftmaxCrossEntropy.apply(target, output)


def binary_crossentropy(target, output, from_logits=False):
    target, output = _operand(target), _operand(output)
    _check_same_shape(target, output)
    output, from_logits = _get_logits(output, from_logits, "Sigmoid", "binary_crossentropy")
    target = cast(target, _plain(output).dtype)
    if from_logits:
        return P.SigmoidCrossEntropy.apply(target, output)
    eps = config.epsilon()
    output = clip(output, eps, 1.0 - eps)
    bce = add(multiply(target, log(output)), multiply(subtract(1, target), log(subtract(1, output))))
    return negative(bce)


__all__ = [
    name
    for name, obj in list(globals().items())
    if callable(obj) and getattr(obj, "__module__", None) == __name__ and not name.startswith("_")
]
