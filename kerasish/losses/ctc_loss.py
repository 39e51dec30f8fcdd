"""Connectionist temporal classification (CTC) loss, for sequence labelling
without alignment (speech, handwriting, OCR)."""

import numpy as np

from kerasish import ops
from kerasish.backend.tensor import Function
from kerasish.losses.losses import LossFunctionWrapper

_NEG_INF = -np.inf


def _logsumexp(*terms):
    stacked = np.stack(terms)
    top = np.max(stacked, axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return safe + np.log(np.sum(np.exp(stacked - safe), axis=0))


def _extended_labels(labels, blank):
    """blank, l1, blank, l2, ..., blank."""
    extended = np.full(2 * len(labels) + 1, blank, dtype=np.int64)
    extended[1::2] = labels
    return extended


def _skip_allowed(extended, blank):
    """Whether state s may be reached from s - 2 (a label differing from the one before)."""
    allowed = np.zeros(len(extended), dtype=bool)
    allowed[2:] = (extended[2:] != blank) & (extended[2:] != extended[:-2])
    return allowed


def _forward(log_probs, extended, skip):
    steps, states = log_probs.shape[0], len(extended)
    alpha = np.full((steps, states), _NEG_INF)
    alpha[0, 0] = log_probs[0, extended[0]]
    if states > 1:
        alpha[0, 1] = log_probs[0, extended[1]]
    for t in range(1, steps):
        previous = alpha[t - 1]
        shifted = np.concatenate([[_NEG_INF], previous[:-1]])
        skipped = np.where(skip, np.concatenate([[_NEG_INF, _NEG_INF], previous[:-2]]), _NEG_INF)
        alpha[t] = _logsumexp(previous, shifted, skipped) + log_probs[t, extended]
    return alpha


def _backward(log_probs, extended, skip):
    steps, states = log_probs.shape[0], len(extended)
    beta = np.full((steps, states), _NEG_INF)
    beta[-1, -1] = log_probs[-1, extended[-1]]
    if states > 1:
        beta[-1, -2] = log_probs[-1, extended[-2]]
    skip_from = np.concatenate([skip[2:], [False, False]])  # s -> s + 2 allowed
    for t in range(steps - 2, -1, -1):
        following = beta[t + 1]
        shifted = np.concatenate([following[1:], [_NEG_INF]])
        skipped = np.where(skip_from, np.concatenate([following[2:], [_NEG_INF, _NEG_INF]]),
                           _NEG_INF)
        beta[t] = _logsumexp(following, shifted, skipped) + log_probs[t, extended]
    return beta


class _CTCLoss(Function):
    """Per-sample negative log-likelihood of the labels under the logits,
    with its gradient: softmax minus the posterior of each class."""

    def forward(self, logits):
        shifted = logits - logits.max(axis=-1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        losses = np.zeros(len(logits), dtype=np.float64)
        self.grad_logits = np.zeros(logits.shape, dtype=np.float64)
        for index, (sequence, labels, steps) in enumerate(
                zip(log_probs, self.labels, self.logit_lengths)):
            losses[index], self.grad_logits[index, :steps] = self._one(sequence[:steps], labels)
        return losses.astype(logits.dtype)

    def _one(self, log_probs, labels):
        extended = _extended_labels(labels, self.blank)
        skip = _skip_allowed(extended, self.blank)
        alpha = _forward(log_probs, extended, skip)
        beta = _backward(log_probs, extended, skip)
        ends = [alpha[-1, -1]] + ([alpha[-1, -2]] if len(extended) > 1 else [])
        log_likelihood = _logsumexp(*ends)
        if not np.isfinite(log_likelihood):  # no alignment fits: infinite loss, no gradient
            return np.inf, np.zeros_like(log_probs)
        # Both alpha and beta count the emission at t once: remove one.
        log_gamma = alpha + beta - log_probs[:, extended] - log_likelihood
        posterior = np.zeros_like(log_probs)
        for state, label in enumerate(extended):
            posterior[:, label] += np.exp(log_gamma[:, state])
        return -log_likelihood, np.exp(log_probs) - posterior

    def backward(self, grad):
        return (np.asarray(grad)[:, None, None] * self.grad_logits).astype(grad.dtype),


def ctc(y_true, y_pred):
    """CTC loss of integer label sequences against per-step logits.

    `y_true` holds the labels of each sample, padded with 0, which is also
    the blank class; `y_pred` the logits of every time step (a softmax is
    applied inside). The loss is `-log p(labels | logits)`, summed over all
    alignments of the labels to the time steps.

    Args:
        y_true: integer labels, shape `(batch, max_label_length)`, 0-padded.
        y_pred: logits, shape `(batch, time_steps, num_classes)`.

    Returns:
        One loss per sample.

    Raises:
        ValueError: if `y_true` is not 2-D or `y_pred` is not 3-D.

    Examples:
        >>> logits = np.zeros((1, 3, 3), dtype="float32")  # uniform: 5 alignments of 27
        >>> keras.losses.ctc(np.array([[1, 2]]), logits).round(4)
        array([1.6864], dtype=float32)
    """
    labels = np.asarray(ops.convert_to_numpy(y_true))
    if labels.ndim != 2:
        raise ValueError(
            "Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` "
            f"in integer format. Received: y_true.shape={labels.shape}"
        )
    logits = ops.convert_to_tensor(y_pred)
    if len(logits.shape) != 3:
        raise ValueError(
            "Logits `y_pred` are expected to be a tensor of shape `(batch_size, max_length, "
            f"num_classes)`. Received: y_pred.shape={tuple(logits.shape)}"
        )
    labels = labels.astype(np.int64)
    sequences = [row[row != 0] for row in labels]
    steps = [logits.shape[1]] * logits.shape[0]
    return _CTCLoss.apply(logits, labels=sequences, logit_lengths=steps, blank=0)


class CTC(LossFunctionWrapper):
    """The CTC loss (see `keras.losses.ctc`): labels `(batch, max_label_length)`
    padded with 0 (the blank class), logits `(batch, time_steps, classes)`.

    Args:
        reduction: how the per-sample losses are combined (see `Loss`).
        name: the loss's name (default `"ctc"`).
        dtype: the dtype of the computation; `floatx()` when None.

    Examples:
        >>> logits = np.zeros((2, 4, 3), dtype="float32")
        >>> round(float(keras.losses.CTC()(np.array([[1, 2], [2, 0]]), logits)), 4)
        1.8891
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, reduction=reduction, name=name, dtype=dtype)

    def call(self, y_true, y_pred):
        """Returns the per-sample losses (labels and logits keep their ranks)."""
        return self.fn(y_true, y_pred)
