"""Losses for imbalanced classes (focal cross-entropies), segmentation
(Dice, Tversky), noisy labels (generalized cross-entropy) and metric
learning (Circle), as functions and as classes."""

import warnings

from kerasish import ops
from kerasish.backend import config
from kerasish.losses.loss import set_loss_mask
from kerasish.losses.losses import LossFunctionWrapper


def _prepare(y_true, y_pred):
    y_pred = ops.convert_to_tensor(y_pred)
    return ops.cast(y_true, ops.dtype(y_pred)), y_pred


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy scaled down for well-classified examples, averaged over `axis`.

    Per element `(1 - p_t) ** gamma * bce`, where `p_t` is the predicted
    probability of the true class (Lin et al., 2017); with
    `apply_class_balancing` also times `alpha` for positives and
    `1 - alpha` for negatives.

    Args:
        y_true: the binary targets (0 or 1).
        y_pred: the predicted probabilities (or logits), shaped like `y_true`.
        apply_class_balancing: whether to weight the classes by `alpha`.
        alpha: the weight of the positive class when balancing (default 0.25).
        gamma: the focusing parameter; 0 gives the plain cross-entropy (default 2).
        from_logits: whether `y_pred` holds logits.
        label_smoothing: moves the targets towards 0.5 by this fraction.
        axis: the axis averaged over (default -1).

    Returns:
        One loss per sample: the shape of `y_pred` without `axis`.

    Examples:
        >>> y_true = np.array([[0.0, 1.0], [0.0, 0.0]], dtype="float32")
        >>> y_pred = np.array([[0.6, 0.4], [0.4, 0.6]], dtype="float32")
        >>> keras.losses.binary_focal_crossentropy(y_true, y_pred, gamma=2.0)
        array([0.3299, 0.2058], dtype=float32)
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    if label_smoothing:
        y_true = ops.add(ops.multiply(y_true, 1.0 - label_smoothing), 0.5 * label_smoothing)
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    bce = ops.binary_crossentropy(y_true, y_pred, from_logits=False)
    # p_t: the probability given to the true class.
    p_t = ops.add(ops.multiply(y_true, y_pred),
                  ops.multiply(ops.subtract(1.0, y_true), ops.subtract(1.0, y_pred)))
    focal = ops.multiply(ops.power(ops.subtract(1.0, p_t), gamma), bce)
    if apply_class_balancing:
        weight = ops.add(ops.multiply(y_true, alpha),
                         ops.multiply(ops.subtract(1.0, y_true), 1.0 - alpha))
        focal = ops.multiply(weight, focal)
    return ops.mean(focal, axis=axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    """Categorical cross-entropy scaled down for well-classified examples.

    Per sample `sum(alpha * (1 - p) ** gamma * -y_true * log(p))` over the
    classes, with `p` the predictions renormalized to sum to 1 and clipped to
    `[epsilon, 1 - epsilon]`.

    Args:
        y_true: one-hot targets.
        y_pred: the predicted probabilities (or logits), shaped like `y_true`.
        alpha: the weighting factor (default 0.25).
        gamma: the focusing parameter (default 2).
        from_logits: whether `y_pred` holds logits.
        label_smoothing: mixes the targets with the uniform distribution by this fraction.
        axis: the class axis (default -1).

    Returns:
        One loss per sample.

    Raises:
        ValueError: if `axis` is a bool.

    Examples:
        >>> y_true = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], dtype="float32")
        >>> keras.losses.categorical_focal_crossentropy(y_true, y_pred)
        array([0.    , 0.4663], dtype=float32)
    """
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")
    y_true, y_pred = _prepare(y_true, y_pred)
    if y_pred.shape[-1] == 1:
        warnings.warn(
            "In loss categorical_focal_crossentropy, expected y_pred.shape to be "
            f"(batch_size, num_classes) with num_classes > 1. Received: y_pred.shape="
            f"{y_pred.shape}. Consider using 'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning, stacklevel=2,
        )
    if label_smoothing:
        classes = y_true.shape[-1]
        y_true = ops.add(ops.multiply(y_true, 1.0 - label_smoothing), label_smoothing / classes)
    if from_logits:
        y_pred = ops.softmax(y_pred, axis=axis)
    probabilities = ops.divide(y_pred, ops.sum(y_pred, axis=axis, keepdims=True))
    eps = config.epsilon()
    probabilities = ops.clip(probabilities, eps, 1.0 - eps)
    crossentropy = ops.multiply(ops.negative(y_true), ops.log(probabilities))
    factor = ops.multiply(ops.power(ops.subtract(1.0, probabilities), gamma), alpha)
    return ops.sum(ops.multiply(factor, crossentropy), axis=axis)


def dice(y_true, y_pred, axis=None):
    """Dice loss: `1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)`.

    Measures the overlap of predicted and true masks (segmentation). With
    `axis=None` the sums run over everything, giving one value for the batch.

    Args:
        y_true: the target masks.
        y_pred: the predicted masks, shaped like `y_true`.
        axis: the axes summed over; None (default) for all.

    Returns:
        The loss: a scalar with `axis=None`, else one value per remaining entry.

    Examples:
        >>> y_true = np.array([[1.0, 1.0, 0.0, 0.0]], dtype="float32")
        >>> y_pred = np.array([[1.0, 0.5, 0.5, 0.0]], dtype="float32")
        >>> round(float(keras.losses.dice(y_true, y_pred)), 4)
        0.25
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    intersection = ops.sum(ops.multiply(y_true, y_pred), axis=axis)
    total = ops.add(ops.add(ops.sum(y_true, axis=axis), ops.sum(y_pred, axis=axis)),
                    config.epsilon())
    return ops.subtract(1.0, ops.divide(ops.multiply(2.0, intersection), total))


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """Tversky loss: `1 - TP / (TP + alpha * FP + beta * FN + epsilon)`, a
    Dice loss whose false positives and false negatives weigh differently.

    With the definitions Keras uses, `FP = sum(y_true * (1 - y_pred))` and
    `FN = sum((1 - y_true) * y_pred)`.

    Args:
        y_true: the target masks.
        y_pred: the predicted masks, shaped like `y_true`.
        alpha: the weight of FP (default 0.5).
        beta: the weight of FN (default 0.5); alpha = beta = 0.5 is Dice.
        axis: the axes summed over; None (default) for all.

    Returns:
        The loss: a scalar with `axis=None`, else one value per remaining entry.

    Examples:
        >>> y_true = np.array([[1.0, 1.0, 0.0, 0.0]], dtype="float32")
        >>> y_pred = np.array([[1.0, 0.5, 0.5, 0.0]], dtype="float32")
        >>> round(float(keras.losses.tversky(y_true, y_pred, alpha=0.7, beta=0.3)), 4)
        0.25
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    true_positives = ops.sum(ops.multiply(y_true, y_pred), axis=axis)
    false_positives = ops.sum(ops.multiply(ops.subtract(1.0, y_pred), y_true), axis=axis)
    false_negatives = ops.sum(ops.multiply(y_pred, ops.subtract(1.0, y_true)), axis=axis)
    denominator = ops.add(
        ops.add(true_positives, ops.multiply(false_positives, alpha)),
        ops.add(ops.multiply(false_negatives, beta), config.epsilon()),
    )
    return ops.subtract(1.0, ops.divide(true_positives, denominator))


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """Generalized cross-entropy `(1 - p ** q) / q` of the probability `p` of
    the true class: robust to noisy labels (Zhang & Sabuncu, 2018).

    `q` near 0 behaves like the cross-entropy, `q = 1` like the mean
    absolute error.

    Args:
        y_true: integer class labels, shape `(batch,)`.
        y_pred: predicted probabilities, shape `(batch, classes)`.
        q: the parameter in (0, 1].

    Returns:
        One loss per sample.

    Examples:
        >>> y_pred = np.array([[0.7, 0.3], [0.2, 0.8]], dtype="float32")
        >>> keras.losses.categorical_generalized_cross_entropy(np.array([0, 1]), y_pred, q=0.5)
        array([0.3267, 0.2111], dtype=float32)
    """
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.cast(ops.convert_to_numpy(y_true), "int64")
    one_hot = ops.one_hot(labels, y_pred.shape[-1], dtype=ops.dtype(y_pred))
    p = ops.sum(ops.multiply(y_pred, one_hot), axis=-1)
    return ops.divide(ops.subtract(1.0, ops.power(p, q)), q)


def _masked_logsumexp(values, mask, axis):
    """logsumexp over the entries where `mask` is True; a very negative
    number (whose softplus is 0) where there are none."""
    very_negative = -1e9
    shift = ops.stop_gradient(ops.max(ops.where(mask, values, very_negative), axis=axis,
                                      keepdims=True))
    exps = ops.multiply(ops.exp(ops.subtract(ops.where(mask, values, shift), shift)),
                        ops.cast(mask, ops.dtype(values)))
    total = ops.sum(exps, axis=axis)
    present = ops.convert_to_numpy(total) > 0
    safe_total = ops.where(present, total, 1.0)
    lse = ops.add(ops.log(safe_total), ops.squeeze(shift, axis=axis))
    return ops.where(present, lse, very_negative)


def _pair_masks(labels, ref_labels, remove_diagonal):
    import numpy as np

    same = labels[:, None] == ref_labels[None, :]
    if remove_diagonal:
        same &= ~np.eye(len(labels), len(ref_labels), dtype=bool)
    different = labels[:, None] != ref_labels[None, :]
    return same, different


def circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True, gamma=80,
           margin=0.4):
    """Circle loss of L2-normalized embeddings (Sun et al., 2020): pulls
    embeddings of the same label together and pushes others apart, each
    pair weighted by how far it is from its optimum.

    The pairs are the batch against itself (or against `ref_embeddings`).
    Samples with no pair have a loss of 0 and are left out of the mean.

    Args:
        y_true: integer labels, shape `(batch,)`.
        y_pred: L2-normalized embeddings, shape `(batch, dims)`.
        ref_labels: labels of `ref_embeddings`; `y_true` when None.
        ref_embeddings: reference embeddings; `y_pred` when None.
        remove_diagonal: whether a sample is not its own positive pair (default True).
        gamma: the scale (default 80).
        margin: the relaxation margin (default 0.4).

    Returns:
        One loss per sample.

    Examples:
        >>> embeddings = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype="float32")
        >>> np.asarray(keras.losses.circle(np.array([0, 0, 1]), embeddings, gamma=2.0))
        array([0.4518, 0.7763, 0.    ], dtype=float32)
    """
    import numpy as np

    y_pred = ops.convert_to_tensor(y_pred)
    labels = np.asarray(ops.convert_to_numpy(y_true)).astype("int32").reshape(-1)
    ref = y_pred if ref_embeddings is None else ops.convert_to_tensor(ref_embeddings)
    ref_labels = labels if ref_labels is None else np.asarray(
        ops.convert_to_numpy(ref_labels)).astype("int32").reshape(-1)
    distances = ops.maximum(ops.subtract(1.0, ops.matmul(y_pred, ops.transpose(ref))), 0.0)
    positive, negative = _pair_masks(labels, ref_labels, remove_diagonal)
    dtype = ops.dtype(distances)
    positive_weights = ops.maximum(
        ops.multiply(ops.add(margin, distances), positive.astype(dtype)), 0.0)
    negative_weights = ops.maximum(
        ops.multiply(ops.subtract(1.0 + margin, distances), negative.astype(dtype)), 0.0)
    positive_terms = ops.multiply(-gamma, ops.multiply(positive_weights,
                                                       ops.subtract(margin, distances)))
    negative_terms = ops.multiply(gamma, ops.multiply(negative_weights,
                                                      ops.subtract(1.0 - margin, distances)))
    losses = ops.softplus(ops.add(_masked_logsumexp(positive_terms, positive, 1),
                                  _masked_logsumexp(negative_terms, negative, 1)))
    return set_loss_mask(losses, ops.convert_to_numpy(losses) > 0)


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Binary focal cross-entropy: the binary cross-entropy with easy
    examples down-weighted by `(1 - p_t) ** gamma`, for imbalanced data.

    Args:
        apply_class_balancing: whether to weight positives by `alpha` and
            negatives by `1 - alpha`.
        alpha: the positive class's weight when balancing (default 0.25).
        gamma: the focusing parameter (default 2.0).
        from_logits: whether `y_pred` holds logits.
        label_smoothing: moves the targets towards 0.5 by this fraction.
        axis: the axis averaged over (default -1).
        reduction: how per-sample losses are combined (see `Loss`).
        name: the loss's name (default `"binary_focal_crossentropy"`).
        dtype: the dtype of the computation; `floatx()` when None.

    Examples:
        >>> y_true = np.array([[0.0, 1.0], [0.0, 0.0]], dtype="float32")
        >>> y_pred = np.array([[0.6, 0.4], [0.4, 0.6]], dtype="float32")
        >>> round(float(keras.losses.BinaryFocalCrossentropy(gamma=2.0)(y_true, y_pred)), 4)
        0.2678
    """

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                 label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name="binary_focal_crossentropy", dtype=None):
        super().__init__(
            binary_focal_crossentropy, reduction=reduction, name=name, dtype=dtype,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
            apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
        )


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Categorical focal cross-entropy: the categorical cross-entropy with
    easy examples down-weighted by `alpha * (1 - p) ** gamma`.

    Args:
        alpha: the weighting factor (default 0.25).
        gamma: the focusing parameter (default 2.0).
        from_logits: whether `y_pred` holds logits.
        label_smoothing: mixes the targets with the uniform distribution.
        axis: the class axis (default -1).
        reduction: how per-sample losses are combined (see `Loss`).
        name: the loss's name (default `"categorical_focal_crossentropy"`).
        dtype: the dtype of the computation; `floatx()` when None.

    Examples:
        >>> y_true = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype="float32")
        >>> y_pred = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], dtype="float32")
        >>> round(float(keras.losses.CategoricalFocalCrossentropy()(y_true, y_pred)), 4)
        0.2332
    """

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_focal_crossentropy",
                 dtype=None):
        super().__init__(
            categorical_focal_crossentropy, reduction=reduction, name=name, dtype=dtype,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis, alpha=alpha,
            gamma=gamma,
        )


class Dice(LossFunctionWrapper):
    """Dice loss, `1 - 2 |A ∩ B| / (|A| + |B|)`, for segmentation masks.

    Args:
        reduction: how the losses are combined (see `Loss`).
        name: the loss's name (default `"dice"`).
        axis: the axes summed over; None (default) for all.
        dtype: the dtype of the computation; `floatx()` when None.

    Examples:
        >>> y_true = np.array([[1.0, 1.0, 0.0, 0.0]], dtype="float32")
        >>> y_pred = np.array([[1.0, 0.5, 0.5, 0.0]], dtype="float32")
        >>> round(float(keras.losses.Dice()(y_true, y_pred)), 4)
        0.25
    """

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, reduction=reduction, name=name, dtype=dtype, axis=axis)


class Tversky(LossFunctionWrapper):
    """Tversky loss: a Dice loss with separate weights for false positives
    (`alpha`) and false negatives (`beta`).

    Args:
        alpha: the weight of false positives (default 0.5).
        beta: the weight of false negatives (default 0.5).
        reduction: how the losses are combined (see `Loss`).
        name: the loss's name (default `"tversky"`).
        axis: the axes summed over; None (default) for all.
        dtype: the dtype of the computation; `floatx()` when None.

    Examples:
        >>> y_true = np.array([[1.0, 1.0, 0.0, 0.0]], dtype="float32")
        >>> y_pred = np.array([[1.0, 0.5, 0.5, 0.0]], dtype="float32")
        >>> round(float(keras.losses.Tversky(alpha=0.3, beta=0.7)(y_true, y_pred)), 4)
        0.25
    """

    def __init__(self, alpha=0.5, beta=0.5, reduction="sum_over_batch_size", name="tversky",
                 axis=None, dtype=None):
        super().__init__(tversky, reduction=reduction, name=name, dtype=dtype, alpha=alpha,
                         beta=beta, axis=axis)


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """Generalized cross-entropy `(1 - p ** q) / q`, robust to noisy labels.

    Args:
        q: the parameter in (0, 1]: near 0 the cross-entropy, 1 the mean
            absolute error (default 0.5).
        reduction: how the losses are combined (see `Loss`).
        name: the loss's name (default `"categorical_generalized_cross_entropy"`).
        dtype: the dtype of the computation; `floatx()` when None.

    Raises:
        ValueError: if `q` is not in (0, 1].

    Examples:
        >>> y_pred = np.array([[0.7, 0.3], [0.2, 0.8]], dtype="float32")
        >>> loss = keras.losses.CategoricalGeneralizedCrossEntropy(q=0.5)
        >>> round(float(loss(np.array([0, 1]), y_pred)), 4)
        0.2689
    """

    def __init__(self, q=0.5, reduction="sum_over_batch_size",
                 name="categorical_generalized_cross_entropy", dtype=None):
        if not 0 < q <= 1:
            raise ValueError("q must be in the interval (0, 1]")
        super().__init__(categorical_generalized_cross_entropy, reduction=reduction, name=name,
                         dtype=dtype, q=q)

    def call(self, y_true, y_pred):
        """Returns the per-sample losses; integer labels keep their rank."""
        return self.fn(y_true, y_pred, **self._fn_kwargs)


class Circle(LossFunctionWrapper):
    """Circle loss for metric learning on L2-normalized embeddings: samples
    of the same label are pulled together, others pushed apart.

    Args:
        gamma: the scale (default 80.0).
        margin: the relaxation margin (default 0.4).
        remove_diagonal: whether a sample is not its own positive pair (default True).
        reduction: how the losses are combined (see `Loss`); samples without
            any pair are left out of the mean.
        name: the loss's name (default `"circle"`).
        dtype: the dtype of the computation; `floatx()` when None.

    Examples:
        >>> embeddings = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype="float32")
        >>> round(float(keras.losses.Circle(gamma=2.0)(np.array([0, 0, 1]), embeddings)), 4)
        0.6141
    """

    def __init__(self, gamma=80.0, margin=0.4, remove_diagonal=True,
                 reduction="sum_over_batch_size", name="circle", dtype=None):
        super().__init__(circle, reduction=reduction, name=name, dtype=dtype, gamma=gamma,
                         margin=margin, remove_diagonal=remove_diagonal)

    def call(self, y_true, y_pred):
        """Returns the per-sample losses; labels are `(batch,)`, embeddings `(batch, dims)`."""
        return self.fn(y_true, y_pred, **self._fn_kwargs)


SPECIALIZED_LOSS_CLASSES = (
    BinaryFocalCrossentropy, CategoricalFocalCrossentropy, Dice, Tversky,
    CategoricalGeneralizedCrossEntropy, Circle,
)
SPECIALIZED_LOSS_FUNCTIONS = (
    binary_focal_crossentropy, categorical_focal_crossentropy, dice, tversky,
    categorical_generalized_cross_entropy, circle,
)

__all__ = [obj.__name__ for obj in SPECIALIZED_LOSS_CLASSES + SPECIALIZED_LOSS_FUNCTIONS]
