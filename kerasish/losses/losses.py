"""Loss functions (one value per sample) and their class forms."""

import warnings

import numpy as np

from kerasish import ops
from kerasish.backend import config
from kerasish.losses.loss import Loss, check_broadcastable, squeeze_or_expand_to_same_rank
from kerasish.losses.loss import set_loss_mask as _set_loss_mask


def _prepare(y_true, y_pred):
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "y_true", "y_pred")
    return y_true, y_pred


def mean_squared_error(y_true, y_pred):
    """Mean squared error of each sample: `mean((y_true - y_pred) ** 2, axis=-1)`.

    `keras.losses.mse` and `keras.losses.MSE` are other names for it.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> keras.losses.mean_squared_error(y_true, y_pred)
        array([0.125, 0.5  ], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.square(ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean absolute error of each sample: `mean(|y_true - y_pred|, axis=-1)`.

    `keras.losses.mae` and `keras.losses.MAE` are other names for it.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> keras.losses.mean_absolute_error(y_true, y_pred)
        array([0.25, 0.5 ], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.abs(ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """Mean absolute percentage error of each sample: `100 * mean(|y_true - y_pred| / |y_true|, axis=-1)`.

    `|y_true|` is floored at `keras.config.epsilon()`. `keras.losses.mape`
    and `keras.losses.MAPE` are other names for it.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> keras.losses.mean_absolute_percentage_error(y_true, y_pred)
        array([25.    , 16.6667], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    diff = ops.divide(ops.abs(ops.subtract(y_true, y_pred)), ops.maximum(ops.abs(y_true), eps))
    return ops.multiply(100.0, ops.mean(diff, axis=-1))


def mean_squared_logarithmic_error(y_true, y_pred):
    """Mean squared logarithmic error of each sample: `mean((log(1 + y_pred) - log(1 + y_true)) ** 2, axis=-1)`.

    Values are floored at `keras.config.epsilon()` before the logarithm.
    `keras.losses.msle` and `keras.losses.MSLE` are other names for it.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> keras.losses.mean_squared_logarithmic_error(y_true, y_pred)
        array([0.0249, 0.0414], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    first = ops.log(ops.add(ops.maximum(y_pred, eps), 1.0))
    second = ops.log(ops.add(ops.maximum(y_true, eps), 1.0))
    return ops.mean(ops.square(ops.subtract(first, second)), axis=-1)


def _check_axis(axis):
    if isinstance(axis, bool):
        raise ValueError(
            "`axis` must be of type `int`. "
            f"Received: axis={axis} of type {type(axis)}"
        )


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Categorical cross-entropy of each sample: `-sum(y_true * log(y_pred))` over `axis`.

    The predictions are scaled to sum to 1 and clipped to
    `[epsilon, 1 - epsilon]`, or with `from_logits=True` turned into
    log-probabilities by a stable log-softmax. An output of a softmax
    activation is recognized and its logits are used, as in Keras. Warns
    (SyntaxWarning, as Keras) when `y_pred` has a single class.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predicted probabilities (or logits), with the shape of
            `y_true`.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
            Defaults to False.
        label_smoothing: A float in [0, 1]: targets become
            `y_true * (1 - label_smoothing) + label_smoothing / num_classes`.
            Defaults to 0.0.
        axis: The class axis. Defaults to -1.

    Returns:
        One loss per sample: an array of the shape of `y_pred` without
        `axis`.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If `axis` is a bool, or `y_true` and `y_pred` differ in
            shape.

    Examples:
        >>> y_true = np.array([[1.0, 0.0], [0.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.9, 0.1], [0.2, 0.8]], dtype="float32")
        >>> keras.losses.categorical_crossentropy(y_true, y_pred)
        array([0.1054, 0.2231], dtype=float32)
    """
    _check_axis(axis)
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    if y_pred.shape[-1] == 1:
        warnings.warn(
            "In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, "
            "num_classes) with num_classes > 1. Received: "
            f"y_pred.shape={tuple(y_pred.shape)}. Consider using 'binary_crossentropy' if "
            "you only have 2 classes.",
            SyntaxWarning,
            stacklevel=2,
        )
    if label_smoothing:
        num_classes = y_pred.shape[-1]
        y_true = ops.add(ops.multiply(y_true, 1.0 - label_smoothing), label_smoothing / num_classes)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Sparse categorical cross-entropy of each sample: `-log(y_pred[label])`.

    The same values as `categorical_crossentropy` on one-hot labels, without
    building them. Probabilities are clipped to `[epsilon, 1 - epsilon]`;
    with `from_logits=True`, or for an output of a softmax activation, a
    stable log-softmax of the logits is used.

    Args:
        y_true: Integer labels of shape `y_pred.shape[:-1]` (or with a trailing
            axis of size 1).
        y_pred: The predicted probabilities (or logits), classes on the last
            axis.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
            Defaults to False.
        ignore_class: Optional label value to leave out, such as a "void"
            or padding class in segmentation maps (often -1 or 255). Entries
            with this label get a loss of 0 and no gradient, and the result
            carries a mask of the other entries: a `Loss` reduces over those
            only, so the default reduction is the mean over the valid
            entries, as in Keras. Defaults to None (every entry counts).
        axis: The class axis; only the last axis (-1, the default) is supported.

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient or `ignore_class` is given
        (it carries the mask), else a NumPy array.

    Raises:
        ValueError: If `ignore_class` is not a number, `axis` is not the last
            axis, a label other than `ignore_class` is not finite or outside `[0, num_classes)`, or the
            shapes do not match.

    Examples:
        >>> y_true = np.array([0, 1])
        >>> y_pred = np.array([[0.9, 0.1], [0.2, 0.8]], dtype="float32")
        >>> keras.losses.sparse_categorical_crossentropy(y_true, y_pred)
        array([0.1054, 0.2231], dtype=float32)
        >>> losses = keras.losses.sparse_categorical_crossentropy(
        ...     np.array([0, -1]), y_pred, ignore_class=-1)
        >>> np.asarray(losses)
        array([0.1054, 0.    ], dtype=float32)
    """
    if ignore_class is None:
        return ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)
    return _sparse_crossentropy_ignoring(y_true, y_pred, from_logits, ignore_class, axis)


def _sparse_crossentropy_ignoring(y_true, y_pred, from_logits, ignore_class, axis):
    """`sparse_categorical_crossentropy` leaving out the entries labelled `ignore_class`.

    As Keras: the ignored entries get label 0 and predictions 0 before the
    cross-entropy (so that any label value may be ignored), then their loss
    is set to 0 and the mask of valid entries is attached for `Loss`.
    """
    if isinstance(ignore_class, (str, bytes)) or np.ndim(ignore_class) != 0:
        raise ValueError(
            f"Argument `ignore_class` must be an integer or None. Received: ignore_class={ignore_class!r}"
        )
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.convert_to_numpy(y_true)
    if labels.ndim == len(y_pred.shape) and labels.shape[axis] == 1:
        labels = np.squeeze(labels, axis=axis)
    losses_shape = tuple(np.delete(y_pred.shape, axis))
    if labels.shape != losses_shape:
        # The error ops.sparse_categorical_crossentropy gives, before the
        # masking below fails to broadcast.
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up until the last "
            f"dimension: target.shape={labels.shape}, output.shape={tuple(y_pred.shape)}"
        )
    # Compared in y_pred's dtype, as Keras does (labels arrive as floats from a Loss).
    valid = labels != np.asarray(ignore_class).astype(ops.dtype(y_pred))
    labels = np.where(valid, labels, 0)
    y_pred = ops.where(np.expand_dims(valid, axis), y_pred, 0.0)
    losses = ops.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits, axis=axis)
    return _set_loss_mask(ops.where(valid, losses, 0.0), valid)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy of each sample, averaged over `axis`.

    Per element `-(y_true * log(y_pred) + (1 - y_true) * log(1 - y_pred))`
    with `y_pred` clipped to `[epsilon, 1 - epsilon]`, or computed stably
    from logits with `from_logits=True` (an output of a sigmoid activation is
    recognized and its logits used, as in Keras). `keras.losses.bce` is
    another name for it.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predicted probabilities (or logits), with the shape of
            `y_true`. (The `BinaryCrossentropy` class also accepts (batch,)
            targets against (batch, 1) predictions.)
        from_logits: Whether `y_pred` holds logits rather than probabilities.
            Defaults to False.
        label_smoothing: A float in [0, 1]: targets become
            `y_true * (1 - label_smoothing) + 0.5 * label_smoothing`. Defaults to
            0.0.
        axis: The axis averaged over. Defaults to -1.

    Returns:
        One loss per sample: an array of the shape of `y_pred` without
        `axis`.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If `y_true` and `y_pred` differ in rank or shape.

    Examples:
        >>> y_true = np.array([[1.0], [0.0], [1.0]], dtype="float32")
        >>> y_pred = np.array([[0.9], [0.2], [0.6]], dtype="float32")
        >>> keras.losses.binary_crossentropy(y_true, y_pred)
        array([0.1054, 0.2231, 0.5108], dtype=float32)
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, ops.dtype(y_pred))
    if label_smoothing:
        y_true = ops.add(ops.multiply(y_true, 1.0 - label_smoothing), 0.5 * label_smoothing)
    return ops.mean(ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits), axis=axis)


def _hinge_labels(y_true):
    """Maps {0, 1} labels to {-1, 1}; labels already in {-1, 1} stay."""
    import numpy as np

    values = ops.convert_to_numpy(y_true)
    if np.all((values == 0) | (values == 1)):
        return ops.subtract(ops.multiply(2.0, y_true), 1.0)
    return y_true


def hinge(y_true, y_pred):
    """Hinge loss of each sample: `mean(max(1 - y_true * y_pred, 0), axis=-1)`.

    Labels are -1 or 1; labels that are all 0 or 1 are mapped to -1 and 1
    first, as in Keras.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, -1.0], [1.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.5, -2.0], [-0.5, 2.0]], dtype="float32")
        >>> keras.losses.hinge(y_true, y_pred)
        array([0.25, 0.75], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    return ops.mean(ops.maximum(ops.subtract(1.0, ops.multiply(y_true, y_pred)), 0.0), axis=-1)


def squared_hinge(y_true, y_pred):
    """Squared hinge loss of each sample: `mean(max(1 - y_true * y_pred, 0) ** 2, axis=-1)`.

    Labels are -1 or 1 (0 and 1 are mapped to them, as for `hinge`).

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, -1.0], [1.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.5, -2.0], [-0.5, 2.0]], dtype="float32")
        >>> keras.losses.squared_hinge(y_true, y_pred)
        array([0.125, 1.125], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    margin = ops.maximum(ops.subtract(1.0, ops.multiply(y_true, y_pred)), 0.0)
    return ops.mean(ops.square(margin), axis=-1)


def categorical_hinge(y_true, y_pred):
    """Categorical hinge loss of each sample: `max(1 + neg - pos, 0)`.

    `pos = sum(y_true * y_pred)` is the score of the true class and
    `neg = max((1 - y_true) * y_pred)` the best score of another class.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, 0.0], [0.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.9, 0.1], [0.2, 0.8]], dtype="float32")
        >>> keras.losses.categorical_hinge(y_true, y_pred)
        array([0.2, 0.4], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    pos = ops.sum(ops.multiply(y_true, y_pred), axis=-1)
    neg = ops.max(ops.multiply(ops.subtract(1.0, y_true), y_pred), axis=-1)
    return ops.maximum(ops.add(ops.subtract(neg, pos), 1.0), 0.0)


def huber(y_true, y_pred, delta=1.0):
    """Huber loss of each sample: quadratic for errors up to `delta`, linear beyond.

    For `e = y_pred - y_true`: `0.5 * e ** 2` where `|e| <= delta`, else
    `delta * |e| - 0.5 * delta ** 2`, then the mean over the last axis.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).
        delta: The error size where the loss turns linear. Defaults to 1.0.

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [1.0, 4.0]], dtype="float32")
        >>> keras.losses.huber(y_true, y_pred)
        array([0.0625, 0.75  ], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    error = ops.subtract(y_pred, y_true)
    abs_error = ops.abs(error)
    quadratic = ops.multiply(0.5, ops.square(error))
    linear = ops.subtract(ops.multiply(delta, abs_error), 0.5 * delta * delta)
    small = ops.convert_to_numpy(abs_error) <= delta
    return ops.mean(ops.where(small, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """Log-cosh loss of each sample: `mean(log(cosh(y_pred - y_true)), axis=-1)`.

    Computed as `e + softplus(-2 e) - log(2)`, which does not overflow for
    large errors. `keras.losses.logcosh` is another name for it.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[0.0, 1.0], [0.0, 0.0]], dtype="float32")
        >>> y_pred = np.array([[1.0, 1.0], [1.0, 0.0]], dtype="float32")
        >>> keras.losses.log_cosh(y_true, y_pred)
        array([0.2169, 0.2169], dtype=float32)
    """
    import math

    y_true, y_pred = _prepare(y_true, y_pred)
    x = ops.subtract(y_pred, y_true)
    # log(cosh(x)) = x + softplus(-2x) - log(2), stable for large |x|
    value = ops.subtract(ops.add(x, ops.softplus(ops.multiply(-2.0, x))), math.log(2.0))
    return ops.mean(value, axis=-1)


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence of each sample: `sum(y_true * log(y_true / y_pred), axis=-1)`.

    Both arguments are clipped to `[epsilon, 1]` first. `keras.losses.kld`
    and `keras.losses.KLD` are other names for it.

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[0.5, 0.5], [0.9, 0.1]], dtype="float32")
        >>> y_pred = np.array([[0.9, 0.1], [0.2, 0.8]], dtype="float32")
        >>> keras.losses.kl_divergence(y_true, y_pred)
        array([0.5108, 1.1457], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    y_true = ops.clip(y_true, eps, 1)
    y_pred = ops.clip(y_pred, eps, 1)
    return ops.sum(ops.multiply(y_true, ops.log(ops.divide(y_true, y_pred))), axis=-1)


def poisson(y_true, y_pred):
    """Poisson loss of each sample: `mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`.

    The negative log-likelihood of counts `y_true` under Poisson rates
    `y_pred`, up to a term that does not depend on `y_pred` (so it can be
    negative).

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).

    Returns:
        One loss per sample: an array of the shape of `y_pred` without its
        last axis.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> keras.losses.poisson(y_true, y_pred)
        array([ 0.8541, -0.8123], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    return ops.mean(ops.subtract(y_pred, ops.multiply(y_true, ops.log(ops.add(y_pred, eps)))), axis=-1)


def _l2_normalize(x, axis):
    square_sum = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return ops.multiply(x, ops.divide(1.0, ops.sqrt(ops.maximum(square_sum, 1e-12))))


def cosine_similarity(y_true, y_pred, axis=-1):
    """Negative cosine similarity of each sample: `-sum(l2_normalize(y_true) * l2_normalize(y_pred))`.

    -1 when the vectors point the same way, 1 when they are opposite. A zero
    vector gives 0 (the norms are floored at 1e-6, as in Keras).

    Args:
        y_true: The targets, a Tensor, NumPy array or list.
        y_pred: The predictions, with the shape of `y_true` (a `y_true` of shape
            (batch,) against a `y_pred` of shape (batch, 1) is accepted).
        axis: The axis the similarity is computed along. Defaults to -1.

    Returns:
        One loss per sample: an array of the shape of `y_pred` without
        `axis`.
        A Tensor when `y_pred` needs a gradient, else a NumPy array.

    Raises:
        ValueError: If the shapes of `y_true` and `y_pred` cannot be broadcast
            together.

    Examples:
        >>> y_true = np.array([[1.0, 0.0], [1.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[1.0, 0.0], [-1.0, -1.0]], dtype="float32")
        >>> keras.losses.cosine_similarity(y_true, y_pred)
        array([-1.,  1.], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _l2_normalize(y_true, axis)
    y_pred = _l2_normalize(y_pred, axis)
    return ops.negative(ops.sum(ops.multiply(y_true, y_pred), axis=axis))


class LossFunctionWrapper(Loss):
    """A `Loss` made from a function that returns one loss per sample.

    Every built-in loss class is one of these around the function of the
    same name. Wrap your own function to get sample weighting, reductions
    and a config for saving; `compile(loss=fn)` does this for you.

    Args:
        fn: A function `fn(y_true, y_pred, **kwargs)` returning one loss per
            sample (the shape of `y_true` without its last axis).
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"`, or None / `"none"`. See `Loss`.
        name: The name of the loss. None (the default) uses `fn.__name__`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.
        **kwargs: Keyword arguments passed to `fn` on every call, and saved
            in the config.

    Examples:
        >>> def scaled_mse(y_true, y_pred, scale=1.0):
        ...     return scale * keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)
        >>> loss = keras.losses.LossFunctionWrapper(scaled_mse, scale=2.0)
        >>> round(float(loss(np.zeros((2, 1)), np.ones((2, 1)))), 4)
        2.0
        >>> loss.get_config()
        {'name': 'scaled_mse', 'reduction': 'sum_over_batch_size', 'scale': 2.0}
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name or fn.__name__, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        """Returns `fn(y_true, y_pred, **kwargs)`, after matching the ranks of
        (batch,) labels and (batch, 1) predictions as Keras does."""
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        """Returns the name, the reduction and the keyword arguments of `fn`."""
        config = super().get_config()
        config.update(self._fn_kwargs)
        return config


class MeanSquaredError(LossFunctionWrapper):
    """Mean of the squared errors: `mean((y_true - y_pred) ** 2)`.

    The usual loss for regression. `"mse"` in `compile` names the function
    form, which gives the same values.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.mean_squared_error` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"mean_squared_error"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> round(float(keras.losses.MeanSquaredError()(y_true, y_pred)), 4)
        0.3125
        >>> round(float(keras.losses.MeanSquaredError(reduction="sum")(y_true, y_pred)), 4)
        0.625
        >>> keras.losses.MeanSquaredError(reduction=None)(y_true, y_pred)
        array([0.125, 0.5  ], dtype=float32)
        >>> round(float(keras.losses.MeanSquaredError()(y_true, y_pred, sample_weight=[1.0, 0.0])), 4)
        0.0625
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, reduction=reduction, name=name, dtype=dtype)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of the absolute errors: `mean(|y_true - y_pred|)`.

    Less sensitive to outliers than the mean squared error.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.mean_absolute_error` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"mean_absolute_error"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> round(float(keras.losses.MeanAbsoluteError()(y_true, y_pred)), 4)
        0.375
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, reduction=reduction, name=name, dtype=dtype)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """Mean absolute percentage error: `100 * mean(|y_true - y_pred| / |y_true|)`.

    `|y_true|` is floored at `keras.config.epsilon()` so that zero targets do
    not divide by zero (they give very large losses instead).

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.mean_absolute_percentage_error` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"mean_absolute_percentage_error"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> round(float(keras.losses.MeanAbsolutePercentageError()(y_true, y_pred)), 4)
        20.8333
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_absolute_percentage_error",
        dtype=None,
    ):
        super().__init__(
            mean_absolute_percentage_error, reduction=reduction, name=name, dtype=dtype
        )


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """Mean squared error between logarithms: `mean((log(1 + y_pred) - log(1 + y_true)) ** 2)`.

    It compares ratios rather than differences, so large targets do not
    dominate. Negative values are floored at `keras.config.epsilon()` before
    the logarithm.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.mean_squared_logarithmic_error` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"mean_squared_logarithmic_error"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> round(float(keras.losses.MeanSquaredLogarithmicError()(y_true, y_pred)), 4)
        0.0331
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_squared_logarithmic_error",
        dtype=None,
    ):
        super().__init__(
            mean_squared_logarithmic_error, reduction=reduction, name=name, dtype=dtype
        )


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity between `y_true` and `y_pred`.

    `-sum(l2_normalize(y_true) * l2_normalize(y_pred))` along `axis`: -1 for
    vectors pointing the same way, 0 for orthogonal ones, 1 for opposite
    ones, so that minimizing it aligns the prediction with the target.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.cosine_similarity` gives the per-sample values.

    Args:
        axis: The axis along which the similarity is computed. Defaults to -1.
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"cosine_similarity"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 0.0], [1.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[1.0, 0.0], [-1.0, -1.0]], dtype="float32")
        >>> keras.losses.CosineSimilarity(reduction=None)(y_true, y_pred)
        array([-1.,  1.], dtype=float32)
    """

    def __init__(
        self,
        axis=-1,
        reduction="sum_over_batch_size",
        name="cosine_similarity",
        dtype=None,
    ):
        super().__init__(cosine_similarity, reduction=reduction, name=name, dtype=dtype, axis=axis)


class Huber(LossFunctionWrapper):
    """Huber loss: quadratic for small errors, linear for large ones.

    For each error `e = y_pred - y_true`: `0.5 * e ** 2` where `|e| <= delta`,
    else `delta * (|e| - 0.5 * delta)`; then the mean over the last axis. It
    behaves like the mean squared error near the target and like the mean
    absolute error far from it, so outliers weigh less.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.huber` gives the per-sample values.

    Args:
        delta: Where the loss turns from quadratic to linear. Defaults to 1.0.
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"huber_loss"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [1.0, 4.0]], dtype="float32")
        >>> round(float(keras.losses.Huber()(y_true, y_pred)), 4)
        0.4062
    """

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, reduction=reduction, name=name, dtype=dtype, delta=delta)


class LogCosh(LossFunctionWrapper):
    """Logarithm of the hyperbolic cosine of the error: `mean(log(cosh(y_pred - y_true)))`.

    About `e ** 2 / 2` for small errors and `|e| - log(2)` for large ones,
    like Huber but smooth everywhere. Computed without overflow for large
    errors.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.log_cosh` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"log_cosh"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[0.0, 1.0], [0.0, 0.0]], dtype="float32")
        >>> y_pred = np.array([[1.0, 1.0], [1.0, 0.0]], dtype="float32")
        >>> round(float(keras.losses.LogCosh()(y_true, y_pred)), 4)
        0.2169
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction=reduction, name=name, dtype=dtype)


class Hinge(LossFunctionWrapper):
    """Hinge loss for binary classifiers: `mean(max(1 - y_true * y_pred, 0))`.

    Labels are -1 or 1; labels given as 0 and 1 are mapped to -1 and 1 first,
    as in Keras. `y_pred` is a raw score (for example the output of a linear
    or tanh layer), pushed beyond a margin of 1 on the correct side.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.hinge` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"hinge"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, -1.0], [1.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.5, -2.0], [-0.5, 2.0]], dtype="float32")
        >>> round(float(keras.losses.Hinge()(y_true, y_pred)), 4)
        0.5
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction=reduction, name=name, dtype=dtype)


class SquaredHinge(LossFunctionWrapper):
    """Squared hinge loss: `mean(max(1 - y_true * y_pred, 0) ** 2)`.

    Like `Hinge` (labels -1 or 1, or 0 and 1 mapped to them), but margin
    violations are penalized quadratically.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.squared_hinge` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"squared_hinge"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, -1.0], [1.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.5, -2.0], [-0.5, 2.0]], dtype="float32")
        >>> round(float(keras.losses.SquaredHinge()(y_true, y_pred)), 4)
        0.625
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction=reduction, name=name, dtype=dtype)


class CategoricalHinge(LossFunctionWrapper):
    """Hinge loss for one-hot targets: `max(1 + neg - pos, 0)`.

    `pos` is the score of the true class, `sum(y_true * y_pred)`, and `neg`
    the best score among the other classes, `max((1 - y_true) * y_pred)`: the
    true class should win by a margin of 1.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.categorical_hinge` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"categorical_hinge"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 0.0], [0.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.9, 0.1], [0.2, 0.8]], dtype="float32")
        >>> round(float(keras.losses.CategoricalHinge()(y_true, y_pred)), 4)
        0.3
    """

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction=reduction, name=name, dtype=dtype)


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence of `y_pred` from `y_true`: `sum(y_true * log(y_true / y_pred))`.

    Both arguments are probability distributions over the last axis; they are
    clipped to `[epsilon, 1]` first, so zeros do not give infinities.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.kl_divergence` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"kl_divergence"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[0.5, 0.5], [0.9, 0.1]], dtype="float32")
        >>> y_pred = np.array([[0.9, 0.1], [0.2, 0.8]], dtype="float32")
        >>> round(float(keras.losses.KLDivergence()(y_true, y_pred)), 4)
        0.8283
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction=reduction, name=name, dtype=dtype)


class Poisson(LossFunctionWrapper):
    """Poisson loss: `mean(y_pred - y_true * log(y_pred + epsilon))`.

    The negative log-likelihood of a Poisson distribution, up to a constant.
    For counts: `y_pred` is the predicted rate (positive, for example the
    output of an exponential or softplus layer) and `y_true` the observed
    count.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.poisson` gives the per-sample values.

    Args:
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"poisson"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
        >>> y_pred = np.array([[1.5, 2.0], [2.0, 4.0]], dtype="float32")
        >>> round(float(keras.losses.Poisson()(y_true, y_pred)), 4)
        0.0209
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction=reduction, name=name, dtype=dtype)


class BinaryCrossentropy(LossFunctionWrapper):
    """Cross-entropy for binary (0 or 1) targets and predicted probabilities.

    Per element `-(y_true * log(y_pred) + (1 - y_true) * log(1 - y_pred))`,
    with `y_pred` clipped to `[epsilon, 1 - epsilon]`, then the mean over
    `axis`. Use it with one sigmoid output per label (binary or multi-label
    classification).

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.binary_crossentropy` gives the per-sample values.

    Args:
        from_logits: Whether `y_pred` holds logits (any real number) rather than
            probabilities. Defaults to False. An output of a sigmoid activation
            is recognized and its logits used either way, as in Keras.
        label_smoothing: A float in [0, 1]: targets are moved towards 0.5,
            `y_true * (1 - label_smoothing) + 0.5 * label_smoothing`. Defaults
            to 0.0.
        axis: The axis the element-wise losses are averaged over.
            Defaults to -1.
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"binary_crossentropy"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0], [0.0], [1.0]], dtype="float32")
        >>> y_pred = np.array([[0.9], [0.2], [0.6]], dtype="float32")
        >>> round(float(keras.losses.BinaryCrossentropy()(y_true, y_pred)), 4)
        0.2798
        >>> logits = np.array([[2.0], [-1.0], [0.0]], dtype="float32")
        >>> round(float(keras.losses.BinaryCrossentropy(from_logits=True)(y_true, logits)), 4)
        0.3778
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy, reduction=reduction, name=name, dtype=dtype,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
        )


class CategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for one-hot (or soft) targets and predicted class probabilities.

    Per sample `-sum(y_true * log(y_pred))` over the class axis, with
    `y_pred` scaled to sum to 1 and clipped to `[epsilon, 1 - epsilon]`. For
    integer labels use `SparseCategoricalCrossentropy`, which gives the same
    values without one-hot encoding.

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.categorical_crossentropy` gives the per-sample values.

    Args:
        from_logits: Whether `y_pred` holds logits rather than probabilities.
            Defaults to False. An output of a softmax activation is recognized and
            its logits used either way, as in Keras.
        label_smoothing: A float in [0, 1]: targets are moved towards the uniform
            distribution, `y_true * (1 - label_smoothing) + label_smoothing /
            num_classes`. Defaults to 0.0.
        axis: The class axis. Defaults to -1.
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"categorical_crossentropy"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([[1.0, 0.0], [0.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.9, 0.1], [0.2, 0.8]], dtype="float32")
        >>> round(float(keras.losses.CategoricalCrossentropy()(y_true, y_pred)), 4)
        0.1643
        >>> round(float(keras.losses.CategoricalCrossentropy(label_smoothing=0.1)(y_true, y_pred)), 4)
        0.2538
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
        )


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for integer class labels and predicted class probabilities.

    Per sample `-log(y_pred[label])`, with probabilities clipped to
    `[epsilon, 1 - epsilon]`: the same values as `CategoricalCrossentropy` on
    one-hot labels. Labels have the shape of `y_pred` without its last axis
    (a trailing axis of size 1 is accepted too).

    Calling an instance returns the loss reduced over the batch; the
    function `keras.losses.sparse_categorical_crossentropy` gives the per-sample values.

    Args:
        from_logits: Whether `y_pred` holds logits rather than probabilities.
            Defaults to False. An output of a softmax activation is recognized and
            its logits used either way, as in Keras.
        ignore_class: Optional label value to leave out, such as a "void"
            or padding class in segmentation maps. The reduction then counts
            only the other entries: the default one is their mean. Defaults
            to None (every entry counts).
        axis: The class axis; only the last axis (-1, the default) is
            supported.
        reduction: How the per-sample losses are combined into one value:
            `"sum_over_batch_size"` (the default: their mean), `"sum"`,
            `"mean_with_sample_weight"` (the weighted sum divided by the sum of
            the weights), or None / `"none"` (one loss per sample). See `Loss`.
        name: The name of the loss, used in logs. Defaults to
            `"sparse_categorical_crossentropy"`.
        dtype: The dtype the inputs are converted to and the loss is computed
            in. None (the default) means `keras.config.floatx()`.

    Examples:
        >>> y_true = np.array([0, 1])
        >>> y_pred = np.array([[0.9, 0.1], [0.2, 0.8]], dtype="float32")
        >>> round(float(keras.losses.SparseCategoricalCrossentropy()(y_true, y_pred)), 4)
        0.1643
        >>> logits = np.array([[2.0, 0.0], [0.0, 1.0]], dtype="float32")
        >>> round(float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y_true, logits)), 4)
        0.2201
        >>> round(float(keras.losses.SparseCategoricalCrossentropy(ignore_class=1)(y_true, y_pred)), 4)
        0.1054
    """

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction="sum_over_batch_size",
        axis=-1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
            from_logits=from_logits, ignore_class=ignore_class, axis=axis,
        )


# Aliases Keras accepts.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kl_divergence
logcosh = log_cosh
