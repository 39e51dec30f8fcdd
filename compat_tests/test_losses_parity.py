"""Every loss in `kerasish.losses` against `keras.losses`: the function form
(per-sample values and gradients), the class form with every reduction, with
and without sample weights, `from_logits` both ways, label smoothing, and
`get_config()`.

A new loss gets covered by one LossCase in LOSSES: the function name, the
class name, a data generator `rng -> (y_true, y_pred)` and the option sets.
"""

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import (
    public_members,
    REDUCTION,
    assert_close,
    assert_same_values_and_grads,
    real_keras,
    uniform,
)


def _regression(low=-2.0, high=2.0):
    def make(rng, n, d):
        return uniform(rng, (n, d), low, high), uniform(rng, (n, d), low, high)

    return make


def _positive_regression(rng, n, d):
    return uniform(rng, (n, d), 0.1, 3.0), uniform(rng, (n, d), 0.1, 3.0)


def _one_hot(rng, n, d):
    return np.eye(d, dtype=np.float32)[rng.integers(0, d, n)]


def _categorical_probabilities(rng, n, d):
    return _one_hot(rng, n, d), rng.dirichlet(np.ones(d), size=n).astype(np.float32)


def _categorical_logits(rng, n, d):
    return _one_hot(rng, n, d), uniform(rng, (n, d), -3, 3)


def _sparse_probabilities(rng, n, d):
    return rng.integers(0, d, n).astype(np.int32), rng.dirichlet(np.ones(d), size=n).astype(np.float32)


def _sparse_logits(rng, n, d):
    return rng.integers(0, d, (n, 1)).astype(np.int32), uniform(rng, (n, d), -3, 3)


def _binary_probabilities(rng, n, d):
    return (rng.random((n, d)) < 0.5).astype(np.float32), uniform(rng, (n, d), 0.02, 0.98)


def _binary_logits(rng, n, d):
    return (rng.random((n, d)) < 0.5).astype(np.float32), uniform(rng, (n, d), -4, 4)


def _hinge_labels(rng, n, d):
    return (rng.random((n, d)) < 0.5).astype(np.float32), uniform(rng, (n, d), -2, 2)


def _signed_hinge_labels(rng, n, d):
    return np.where(rng.random((n, d)) < 0.5, -1.0, 1.0).astype(np.float32), uniform(rng, (n, d), -2, 2)


def _distributions(rng, n, d):
    return (rng.dirichlet(np.ones(d), size=n).astype(np.float32),
            rng.dirichlet(np.ones(d), size=n).astype(np.float32))


def _masks(rng, n, d):
    return (rng.random((n, d)) < 0.5).astype(np.float32), uniform(rng, (n, d), 0.0, 1.0)


def _labels_and_probabilities(rng, n, d):
    return rng.integers(0, d, n).astype(np.int32), rng.dirichlet(np.ones(d), size=n).astype(np.float32)


def _labels_and_embeddings(rng, n, d):
    embeddings = rng.normal(size=(n, d)).astype(np.float32)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    return rng.integers(0, 2, n).astype(np.int32), embeddings


def _ctc_labels_and_logits(rng, n, d):
    labels = rng.integers(1, d, (n, 3)).astype(np.int32)
    labels[:, 2] = np.where(rng.random(n) < 0.5, 0, labels[:, 2])  # some 0-padded
    return labels, uniform(rng, (n, 6, d), -2, 2)


@dataclass
class LossCase:
    function: str
    cls: str
    make: Callable
    options: list = field(default_factory=lambda: [{}])


LOSSES = [
    LossCase("mean_squared_error", "MeanSquaredError", _regression()),
    LossCase("mean_absolute_error", "MeanAbsoluteError", _regression()),
    LossCase("mean_absolute_percentage_error", "MeanAbsolutePercentageError", _positive_regression),
    LossCase("mean_squared_logarithmic_error", "MeanSquaredLogarithmicError", _positive_regression),
    LossCase("categorical_crossentropy", "CategoricalCrossentropy", _categorical_probabilities,
             [{}, {"label_smoothing": 0.1}]),
    LossCase("categorical_crossentropy", "CategoricalCrossentropy", _categorical_logits,
             [{"from_logits": True}, {"from_logits": True, "label_smoothing": 0.2}]),
    LossCase("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy",
             _sparse_probabilities),
    LossCase("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy", _sparse_logits,
             [{"from_logits": True}]),
    LossCase("binary_crossentropy", "BinaryCrossentropy", _binary_probabilities,
             [{}, {"label_smoothing": 0.1}]),
    LossCase("binary_crossentropy", "BinaryCrossentropy", _binary_logits,
             [{"from_logits": True}, {"from_logits": True, "label_smoothing": 0.3}]),
    LossCase("hinge", "Hinge", _hinge_labels),
    LossCase("hinge", "Hinge", _signed_hinge_labels),
    LossCase("squared_hinge", "SquaredHinge", _hinge_labels),
    LossCase("categorical_hinge", "CategoricalHinge", _categorical_logits),
    LossCase("huber", "Huber", _regression(-3, 3), [{}, {"delta": 0.5}]),
    LossCase("log_cosh", "LogCosh", _regression(-3, 3)),
    LossCase("kl_divergence", "KLDivergence", _distributions),
    LossCase("poisson", "Poisson", _positive_regression),
    LossCase("cosine_similarity", "CosineSimilarity", _regression(), [{}, {"axis": 0}]),
    LossCase("binary_focal_crossentropy", "BinaryFocalCrossentropy", _binary_probabilities,
             [{}, {"gamma": 1.0, "label_smoothing": 0.1},
              {"apply_class_balancing": True, "alpha": 0.4}]),
    LossCase("binary_focal_crossentropy", "BinaryFocalCrossentropy", _binary_logits,
             [{"from_logits": True}, {"from_logits": True, "apply_class_balancing": True}]),
    LossCase("categorical_focal_crossentropy", "CategoricalFocalCrossentropy",
             _categorical_probabilities, [{}, {"alpha": 0.5, "gamma": 3.0}]),
    LossCase("categorical_focal_crossentropy", "CategoricalFocalCrossentropy",
             _categorical_logits, [{"from_logits": True, "label_smoothing": 0.1}]),
    LossCase("dice", "Dice", _masks, [{}, {"axis": 1}]),
    LossCase("tversky", "Tversky", _masks, [{}, {"alpha": 0.3, "beta": 0.7, "axis": 1}]),
    LossCase("categorical_generalized_cross_entropy", "CategoricalGeneralizedCrossEntropy",
             _labels_and_probabilities, [{"q": 0.5}, {"q": 0.2}]),
    LossCase("ctc", "CTC", _ctc_labels_and_logits),
    LossCase("circle", "Circle", _labels_and_embeddings,
             [{"gamma": 2.0}, {"gamma": 10.0, "margin": 0.25, "remove_diagonal": False}]),
]
# Losses whose inputs are not (batch, ..., features) pairs: no rank-3 case.
NOT_PER_TIMESTEP = {"Circle", "CTC"}

REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None]
BATCH_SHAPES = [(1, 3), (5, 4)]

CASES = [
    pytest.param(case, options, id=f"{case.function}[{case.make.__name__.strip('_')}]{options or ''}")
    for case in LOSSES
    for options in case.options
]


def test_every_loss_has_a_case():
    covered = {c.function for c in LOSSES} | {c.cls for c in LOSSES}
    public = public_members(kerasish.losses, not_members={
        "Loss", "LossFunctionWrapper",  # base classes
        "check_broadcastable", "reduce_weighted_values", "squeeze_or_expand_to_same_rank"})
    missing = sorted(obj.__name__ for obj in public if obj.__name__ not in covered)
    assert not missing, f"add LossCases to LOSSES in {__file__}: {missing}"


# Public in keras.losses, but Keras 3.15's `get` does not know them by name.
KERAS_GET_MISSES = {"CategoricalGeneralizedCrossEntropy", "categorical_generalized_cross_entropy"}


def test_loss_aliases_resolve_like_keras():
    keras = real_keras()
    for name in kerasish.losses.ALL_OBJECTS_DICT:
        if name in KERAS_GET_MISSES:
            with pytest.raises(ValueError, match="Could not interpret loss identifier"):
                keras.losses.get(name)
            continue
        ours, theirs = kerasish.losses.get(name), keras.losses.get(name)
        our_name = getattr(ours, "__name__", type(ours).__name__)
        their_name = getattr(theirs, "__name__", type(theirs).__name__)
        assert our_name == their_name, name


@pytest.mark.parametrize("n,d", BATCH_SHAPES)
@pytest.mark.parametrize("case,options", CASES)
def test_loss_function_matches_keras(case, options, n, d):
    rng = np.random.default_rng([n, d, len(case.function)])
    y_true, y_pred = case.make(rng, n, d)
    assert_same_values_and_grads(
        getattr(kerasish.losses, case.function),
        getattr(real_keras().losses, case.function),
        [y_true, y_pred],
        options,
        REDUCTION,
        what=f"losses.{case.function}{options}",
    )


def _sample_weights(rng, n):
    return {
        "none": None,
        "per_sample": rng.uniform(0, 2, n).astype(np.float32),
        "column": rng.uniform(0, 2, (n, 1)).astype(np.float32),
        "zeros": np.zeros(n, np.float32),
    }


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case,options", CASES)
def test_loss_class_matches_keras(case, options, reduction):
    n, d = 4, 3
    rng = np.random.default_rng([n, d, len(case.cls)])
    y_true, y_pred = case.make(rng, n, d)
    ours = getattr(kerasish.losses, case.cls)(reduction=reduction, **options)
    theirs = getattr(real_keras().losses, case.cls)(reduction=reduction, **options)
    for kind, weight in _sample_weights(rng, n).items():
        if weight is not None and options.get("axis") == 0:
            continue  # per-sample weights do not apply to a loss reduced over the batch axis
        args = [y_true, y_pred] + ([] if weight is None else [weight])
        assert_same_values_and_grads(
            ours, theirs, args, tolerance=REDUCTION,
            what=f"{case.cls}({options}, reduction={reduction}) sample_weight={kind}",
        )


# Keras 3.15's get_config of these classes drops a constructor argument (they
# return only Loss.get_config), so a Keras round trip loses it. kerasish keeps
# every constructor argument (the project's rule); Keras's from_config accepts
# the extra key, so files stay readable both ways.
KERAS_DROPS_FROM_CONFIG = {
    "SparseCategoricalCrossentropy": {"axis"},
    "Huber": {"delta"},
    "CosineSimilarity": {"axis"},
}


@pytest.mark.parametrize("case,options", CASES)
def test_loss_config_matches_keras(case, options):
    keras = real_keras()
    ours = getattr(kerasish.losses, case.cls)(**options)
    theirs = getattr(keras.losses, case.cls)(**options)
    assert ours.name == theirs.name
    our_config, their_config = ours.get_config(), theirs.get_config()
    extra = set(our_config) - set(their_config)
    assert extra == KERAS_DROPS_FROM_CONFIG.get(case.cls, set())
    assert {k: our_config[k] for k in their_config} == their_config
    # Keras can build the loss from our config.
    assert getattr(keras.losses, case.cls).from_config(our_config).get_config() == their_config


def test_loss_dtype_and_scalar_result():
    keras = real_keras()
    y_true, y_pred = np.ones((3, 2), np.float32), np.full((3, 2), 0.5, np.float32)
    ours = kerasish.losses.MeanSquaredError()(y_true, y_pred)
    theirs = keras.losses.MeanSquaredError()(y_true, y_pred)
    assert np.shape(ours) == tuple(theirs.shape) == ()
    assert np.asarray(ours).dtype == np.float32
    assert_close(ours, theirs, REDUCTION, "mse")


# Circle and CTC take embeddings and label sequences, not per-step values.
SEQUENCE_CASES = [param for param in CASES if param.values[0].cls not in NOT_PER_TIMESTEP]


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "none", "mean_with_sample_weight"])
@pytest.mark.parametrize("case,options", SEQUENCE_CASES)
def test_loss_class_on_sequences_matches_keras(case, options, reduction):
    """Rank-3 targets (batch, time, features), with per-step weights (batch, time).

    A loss reducing over another axis than the last (the batch, the time
    steps) leaves values that per-step weights do not fit: it is compared
    unweighted."""
    rng = np.random.default_rng(len(case.cls) + 7)
    pairs = [case.make(rng, 3, 4) for _ in range(2)]
    y_true = np.stack([p[0] for p in pairs], axis=1)
    y_pred = np.stack([p[1] for p in pairs], axis=1)
    weight = rng.uniform(0, 2, (3, 2)).astype(np.float32)
    args = [y_true, y_pred, weight] if options.get("axis", -1) == -1 else [y_true, y_pred]
    ours = getattr(kerasish.losses, case.cls)(reduction=reduction, **options)
    theirs = getattr(real_keras().losses, case.cls)(reduction=reduction, **options)
    assert_same_values_and_grads(ours, theirs, args, tolerance=REDUCTION,
                                 what=f"{case.cls}({options}, reduction={reduction}) on sequences")
