"""Neural-network ops: activations and the cross-entropies.

The cross-entropies follow Keras's TensorFlow backend exactly, including its
trick of remembering the logits on softmax and sigmoid outputs: when a loss
receives such an output it works from the logits, which is both more accurate
and what makes Keras's numbers come out as they do.
"""

import warnings

import numpy as np

from kerasish.backend import config
from kerasish.backend import fused_primitives as F
from kerasish.backend import primitives as P
from kerasish.backend.tensor import Tensor
from kerasish.ops import namespaces as _namespaces
from kerasish.ops.core import cast, convert_to_tensor
from kerasish.ops.numpy import _float_array, _floating, _operand, add, clip, divide, log, multiply, negative, subtract, sum


def relu(x):
    """Rectified linear unit: `max(x, 0)` element-wise.

    The gradient is 1 where `x > 0` and 0 elsewhere (0 at `x == 0`, as in
    Keras). For a slope, a cap or a threshold see `keras.activations.relu`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.ops.relu(np.array([-1.0, 0.0, 2.0], dtype="float32"))
        array([0., 0., 2.], dtype=float32)
    """
    if _float_array(x):  # fast path: as Relu.forward, nothing recorded
        return np.maximum(x, 0)
    return P.Relu.apply(_operand(x))


def tanh(x):
    """Hyperbolic tangent element-wise; values lie in (-1, 1).

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.ops.tanh(np.array([0.0, 1.0], dtype="float32"))
        array([0.    , 0.7616], dtype=float32)
    """
    if _float_array(x):  # fast path: as Tanh.forward, nothing recorded
        return np.tanh(x)
    return P.Tanh.apply(_floating(x))


def softplus(x):
    """Softplus `log(1 + exp(x))` element-wise, a smooth version of relu.

    Computed without overflow for large `x`.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.ops.softplus(np.array([0.0, 100.0], dtype="float32"))
        array([  0.6931, 100.    ], dtype=float32)
    """
    return P.Softplus.apply(_floating(x))


def _with_logits(output, logits):
    """Returns `output` as a Tensor that remembers the logits it came from."""
    if not isinstance(output, Tensor):
        output = Tensor(output, requires_grad=False)
    output._keras_logits = logits
    return output


def sigmoid(x):
    """Logistic sigmoid `1 / (1 + exp(-x))` element-wise; values lie in (0, 1).

    The result is always a Tensor, even for NumPy input, because it remembers
    the logits `x` it came from: `binary_crossentropy` given this output then
    works from the logits, which is more accurate and is what Keras's
    TensorFlow backend does too.

    Args:
        x: A Tensor, NumPy array, scalar or list.

    Returns:
        A Tensor of the shape and dtype of `x` (it records a gradient only when
        `x` needs one).

    Examples:
        >>> y = keras.ops.sigmoid(np.array([0.0, 2.0], dtype="float32"))
        >>> keras.ops.convert_to_numpy(y)
        array([0.5   , 0.8808], dtype=float32)
    """
    x = _floating(x)
    return _with_logits(P.Sigmoid.apply(x), x)


def softmax(x, axis=-1):
    """Softmax along `axis`: `exp(x) / sum(exp(x))`, so the values along `axis` sum to 1.

    Computed stably (the maximum is subtracted first). As with `sigmoid`, the
    result is always a Tensor that remembers its logits, so that
    `categorical_crossentropy` and `sparse_categorical_crossentropy` given this
    output work from the logits, as in Keras.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis to normalize over, -1 (the last) by default; None
            normalizes over all elements at once.

    Returns:
        A Tensor of the shape and dtype of `x` (it records a gradient only when
        `x` needs one).

    Examples:
        >>> y = keras.ops.softmax(np.array([[1.0, 2.0, 3.0]], dtype="float32"))
        >>> keras.ops.convert_to_numpy(y)
        array([[0.09  , 0.2447, 0.6652]], dtype=float32)
    """
    x = _floating(x)
    if axis is None:
        flat = P.Reshape.apply(x, new_shape=(-1,))
        output = P.Reshape.apply(P.Softmax.apply(flat, axis=-1), new_shape=np.shape(_plain(x)))
        return _with_logits(output, x)
    output = _with_logits(P.Softmax.apply(x, axis=axis), x)
    if output.function is not None and isinstance(axis, (int, np.integer)):
        # What the softmax computed on the way, for a cross-entropy on its
        # logits (see _softmax_log_normalizer).
        output._keras_log_normalizer = (axis % output.ndim, output.function.log_normalizer)
    return output


def log_softmax(x, axis=-1):
    """Logarithm of the softmax along `axis`: `x - log(sum(exp(x)))`.

    Computed directly, which stays finite where `log(softmax(x))` would give
    `-inf`.

    Args:
        x: A Tensor, NumPy array or list.
        axis: The axis to normalize over. Defaults to -1 (the last).

    Returns:
        An array of the shape and dtype of `x`: a Tensor when `x` needs a
        gradient, else a NumPy array.

    Examples:
        >>> keras.ops.log_softmax(np.array([0.0, 0.0], dtype="float32"))
        array([-0.6931, -0.6931], dtype=float32)
    """
    return P.LogSoftmax.apply(_floating(x), axis=axis)


def _plain(x):
    return x.value if isinstance(x, Tensor) else x


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """Turns integer class indices into one-hot vectors.

    Indices outside `[0, num_classes)`, such as -1, give a vector of zeros, as
    in Keras. Not differentiable: the result is a plain NumPy array.

    Args:
        x: An integer Tensor, array or list of class indices, of any shape.
        num_classes: The number of classes: the length of each one-hot vector.
        axis: Where the new class axis goes in the result. Defaults to -1 (the
            last).
        dtype: The dtype of the result. None (the default) means `floatx()`.
        sparse: Must be False: kerasish has no sparse tensors.

    Returns:
        A NumPy array with one more axis than `x`, of size `num_classes`.

    Raises:
        ValueError: If `sparse` is True.

    Examples:
        >>> keras.ops.one_hot(np.array([0, 2, -1]), 3)
        array([[1., 0., 0.],
               [0., 0., 1.],
               [0., 0., 0.]], dtype=float32)
    """
    if sparse:
        raise ValueError("kerasish has no sparse tensors: `sparse` must be False.")
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


def _softmax_log_normalizer(output, axis):
    """When `softmax` made `output` along `axis`, the log-normalizer it
    computed on the way (see primitives.Softmax): a cross-entropy on its
    logits then skips a second log-softmax. None otherwise."""
    axis_and_normalizer = getattr(output, "_keras_log_normalizer", None)
    if axis_and_normalizer is None or getattr(output, "_keras_logits", None) is None:
        return None
    softmax_axis, log_normalizer = axis_and_normalizer
    return log_normalizer if softmax_axis == axis % output.ndim else None


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
    """Cross-entropy between one-hot (or soft) targets and predicted class distributions.

    Per sample, `-sum(target * log(output))` along `axis`. With
    `from_logits=False` the output is first scaled to sum to 1 and clipped to
    `[epsilon, 1 - epsilon]`; with `from_logits=True` it is computed from the
    logits through a stable log-softmax. An output made by `softmax` is
    recognized and its logits are used, as Keras does (with a warning if
    `from_logits=True` was passed too).

    Args:
        target: The target distribution, same shape as `output`.
        output: Probabilities (or logits, see `from_logits`).
        from_logits: Whether `output` holds logits rather than probabilities.
            Defaults to False.
        axis: The class axis. Defaults to -1 (the last).

    Returns:
        One loss per sample: the shape of `output` without `axis`. A Tensor
        when an input needs a gradient, else a NumPy array.

    Raises:
        ValueError: If `target` is a scalar, or `target` and `output` differ in
            rank or shape.

    Examples:
        >>> target = np.array([[0.0, 1.0]], dtype="float32")
        >>> output = np.array([[0.2, 0.8]], dtype="float32")
        >>> keras.ops.categorical_crossentropy(target, output)
        array([0.2231], dtype=float32)
    """
    target, output = _operand(target), _operand(output)
    if len(np.shape(_plain(target))) < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. Received: "
            f"target.shape={np.shape(_plain(target))}, output.shape={np.shape(_plain(output))}"
        )
    _check_same_shape(target, output)
    log_normalizer = _softmax_log_normalizer(output, axis)
    output, from_logits = _get_logits(output, from_logits, "Softmax", "categorical_crossentropy")
    target = cast(target, _plain(output).dtype)
    if from_logits:
        return F.SoftmaxCrossEntropy.apply(
            target, output, axis=axis, log_normalizer=log_normalizer
        )
    output = divide(output, sum(output, axis=axis, keepdims=True))
    eps = config.epsilon()
    output = clip(output, eps, 1.0 - eps)
    return negative(sum(multiply(target, log(output)), axis=axis))


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy between integer class labels and predicted class distributions.

    Per sample, `-log(output[label])`, computed as `categorical_crossentropy`
    with one-hot targets would be but without building them. Probabilities are
    clipped to `[epsilon, 1 - epsilon]` first; with `from_logits=True` (or an
    output made by `softmax`, whose logits are recognized as in Keras) a stable
    log-softmax is used.

    Args:
        target: Integer labels of shape `output.shape[:-1]`, or with a trailing
            axis of size 1.
        output: Probabilities (or logits, see `from_logits`) with the classes
            on the last axis.
        from_logits: Whether `output` holds logits rather than probabilities.
            Defaults to False.
        axis: The class axis; only the last axis (-1, the default) is supported.

    Returns:
        One loss per sample, of shape `output.shape[:-1]`. A Tensor when
        `output` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If `axis` is not the last axis, a label is not finite or
            lies outside `[0, num_classes)`, or the shapes do not match.

    Examples:
        >>> output = np.array([[0.2, 0.8], [0.5, 0.5]], dtype="float32")
        >>> keras.ops.sparse_categorical_crossentropy(np.array([1, 0]), output)
        array([0.2231, 0.6931], dtype=float32)
    """
    output = _operand(output)
    o_shape = np.shape(_plain(output))
    if axis != -1 and axis != len(o_shape) - 1:
        raise ValueError(f"Only axis=-1 is currently supported. Received: axis={axis}")
    log_normalizer = _softmax_log_normalizer(output, -1)
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
    return F.SparseSoftmaxCrossEntropy.apply(target, output, log_normalizer=log_normalizer)


def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary cross-entropy between targets in [0, 1] and predicted probabilities.

    `-(target * log(output) + (1 - target) * log(1 - output))`, with the output
    clipped to `[epsilon, 1 - epsilon]`; with `from_logits=True` (or an output
    made by `sigmoid`, whose logits are recognized as in Keras) a stable
    formula on the logits is used. Unlike the loss
    `keras.losses.binary_crossentropy`, nothing is averaged.

    Args:
        target: Targets in [0, 1], same shape as `output`.
        output: Probabilities (or logits, see `from_logits`).
        from_logits: Whether `output` holds logits rather than probabilities.
            Defaults to False.

    Returns:
        The element-wise loss, of the shape of `output`. A Tensor when an input
        needs a gradient, else a NumPy array.

    Raises:
        ValueError: If `target` and `output` differ in rank or shape.

    Examples:
        >>> target = np.array([1.0, 0.0], dtype="float32")
        >>> keras.ops.binary_crossentropy(target, np.array([0.9, 0.2], dtype="float32"))
        array([0.1054, 0.2231], dtype=float32)
    """
    target, output = _operand(target), _operand(output)
    _check_same_shape(target, output)
    output, from_logits = _get_logits(output, from_logits, "Sigmoid", "binary_crossentropy")
    target = cast(target, _plain(output).dtype)
    if from_logits:
        return F.SigmoidCrossEntropy.apply(target, output)
    eps = config.epsilon()
    output = clip(output, eps, 1.0 - eps)
    bce = add(multiply(target, log(output)), multiply(subtract(1, target), log(subtract(1, output))))
    return negative(bce)


__all__ = [
    name
    for name, obj in list(globals().items())
    if callable(obj) and getattr(obj, "__module__", None) == __name__ and not name.startswith("_")
]

# keras.ops.nn also holds ops defined in other modules (`keras.ops.nn.gelu`).
_namespaces.extend(globals(), _namespaces.NN_NAMES)
