"""Every loss function and class against values written out in NumPy."""

import inspect

import numpy as np
import pytest

from kerasish import losses, ops

EPS = 1e-7
# Losses compute in float32; references are float64. 1e-5 relative covers
# float32 rounding of a few dozen operations.
RTOL = 1e-5

rng = np.random.default_rng(42)
Y_TRUE = rng.uniform(0, 1, size=(4, 3))
Y_PRED = rng.uniform(0.05, 0.95, size=(4, 3))
ONE_HOT = np.eye(3)[[0, 2, 1, 2]]
LABELS = np.array([0, 2, 1, 2])
LOGITS = rng.normal(size=(4, 3)) * 2
PROBS = np.exp(LOGITS) / np.exp(LOGITS).sum(axis=-1, keepdims=True)
BINARY = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
SIGNED = 2 * BINARY - 1


def log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def ref_mse(t, p):
    return ((t - p) ** 2).mean(axis=-1)


def ref_mae(t, p):
    return np.abs(t - p).mean(axis=-1)


def ref_mape(t, p):
    return 100 * (np.abs(t - p) / np.maximum(np.abs(t), EPS)).mean(axis=-1)


def ref_msle(t, p):
    return ((np.log(np.maximum(p, EPS) + 1) - np.log(np.maximum(t, EPS) + 1)) ** 2).mean(axis=-1)


def ref_cce(t, p):
    p = np.clip(p / p.sum(axis=-1, keepdims=True), EPS, 1 - EPS)
    return -(t * np.log(p)).sum(axis=-1)


def ref_cce_logits(t, z):
    return -(t * log_softmax(z)).sum(axis=-1)


def ref_scce(labels, p):
    p = np.clip(p, EPS, 1 - EPS)
    p = p / p.sum(axis=-1, keepdims=True)
    return -np.log(p[np.arange(len(labels)), labels])


def ref_bce(t, p):
    p = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(axis=-1)


def ref_bce_logits(t, z):
    p = 1 / (1 + np.exp(-z))
    return -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(axis=-1)


def ref_hinge(t, p):
    return np.maximum(1 - t * p, 0).mean(axis=-1)


def ref_squared_hinge(t, p):
    return (np.maximum(1 - t * p, 0) ** 2).mean(axis=-1)


def ref_categorical_hinge(t, p):
    pos = (t * p).sum(axis=-1)
    neg = ((1 - t) * p).max(axis=-1)
    return np.maximum(neg - pos + 1, 0)


def ref_huber(t, p, delta=1.0):
    err = np.abs(p - t)
    return np.where(err <= delta, 0.5 * err ** 2, delta * err - 0.5 * delta ** 2).mean(axis=-1)


def ref_log_cosh(t, p):
    return np.log(np.cosh(p - t)).mean(axis=-1)


def ref_kld(t, p):
    t, p = np.clip(t, EPS, 1), np.clip(p, EPS, 1)
    return (t * np.log(t / p)).sum(axis=-1)


def ref_poisson(t, p):
    return (p - t * np.log(p + EPS)).mean(axis=-1)


def ref_cosine(t, p):
    t = t / np.linalg.norm(t, axis=-1, keepdims=True)
    p = p / np.linalg.norm(p, axis=-1, keepdims=True)
    return -(t * p).sum(axis=-1)


# (function, class, y_true, y_pred, per-sample reference)
CASES = {
    "mean_squared_error": (losses.MeanSquaredError, Y_TRUE, Y_PRED, ref_mse),
    "mean_absolute_error": (losses.MeanAbsoluteError, Y_TRUE, Y_PRED, ref_mae),
    "mean_absolute_percentage_error": (losses.MeanAbsolutePercentageError, Y_TRUE, Y_PRED, ref_mape),
    "mean_squared_logarithmic_error": (losses.MeanSquaredLogarithmicError, Y_TRUE, Y_PRED, ref_msle),
    "categorical_crossentropy": (losses.CategoricalCrossentropy, ONE_HOT, PROBS, ref_cce),
    "sparse_categorical_crossentropy": (losses.SparseCategoricalCrossentropy, LABELS, PROBS, ref_scce),
    "binary_crossentropy": (losses.BinaryCrossentropy, BINARY, Y_PRED, ref_bce),
    "hinge": (losses.Hinge, SIGNED, LOGITS, ref_hinge),
    "squared_hinge": (losses.SquaredHinge, SIGNED, LOGITS, ref_squared_hinge),
    "categorical_hinge": (losses.CategoricalHinge, ONE_HOT, LOGITS, ref_categorical_hinge),
    "huber": (losses.Huber, Y_TRUE, LOGITS, ref_huber),
    "log_cosh": (losses.LogCosh, Y_TRUE, LOGITS, ref_log_cosh),
    "kl_divergence": (losses.KLDivergence, PROBS, Y_PRED, ref_kld),
    "poisson": (losses.Poisson, Y_TRUE, Y_PRED, ref_poisson),
    "cosine_similarity": (losses.CosineSimilarity, Y_TRUE, LOGITS, ref_cosine),
}
DEFAULT_NAMES = {"huber": "huber_loss"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_loss_function(name):
    _, y_true, y_pred, reference = CASES[name]
    values = np.asarray(getattr(losses, name)(y_true, y_pred.astype("float32")))
    assert values.shape == (4,)
    np.testing.assert_allclose(values, reference(y_true, y_pred), rtol=RTOL, atol=1e-6)


@pytest.mark.parametrize("name", sorted(CASES))
def test_loss_function_is_reachable_by_name(name):
    assert losses.get(name) is getattr(losses, name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_loss_class_reductions_and_sample_weight(name):
    cls, y_true, y_pred, reference = CASES[name]
    per_sample = reference(y_true, y_pred)
    weights = np.array([0.5, 2.0, 0.0, 1.0])

    def value(**kwargs):
        sample_weight = kwargs.pop("sample_weight", None)
        loss = cls(**kwargs)(y_true, y_pred, sample_weight=sample_weight)
        return np.asarray(loss)

    assert value().dtype == np.float32
    np.testing.assert_allclose(value(), per_sample.mean(), rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(value(reduction="sum"), per_sample.sum(), rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(value(reduction="mean"), per_sample.mean(), rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(value(reduction="none"), per_sample, rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(value(reduction=None), per_sample, rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(value(sample_weight=weights), (per_sample * weights).sum() / 4,
                               rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(value(sample_weight=weights[:, None]), (per_sample * weights).sum() / 4,
                               rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(
        value(reduction="mean_with_sample_weight", sample_weight=weights),
        (per_sample * weights).sum() / weights.sum(), rtol=RTOL, atol=1e-6,
    )
    np.testing.assert_allclose(value(reduction="none", sample_weight=weights), per_sample * weights,
                               rtol=RTOL, atol=1e-6)


@pytest.mark.parametrize("name", sorted(CASES))
def test_loss_class_name_and_config_round_trip(name):
    cls = CASES[name][0]
    loss = cls()
    assert loss.name == DEFAULT_NAMES.get(name, name)
    config = cls(reduction="sum", name="custom").get_config()
    assert config["reduction"] == "sum" and config["name"] == "custom"
    assert cls.from_config(config).get_config() == config


def test_categorical_crossentropy_from_logits_both_ways():
    expected = ref_cce_logits(ONE_HOT, LOGITS)
    np.testing.assert_allclose(
        losses.categorical_crossentropy(ONE_HOT, LOGITS, from_logits=True), expected, rtol=RTOL
    )
    loss = losses.CategoricalCrossentropy(from_logits=True)
    np.testing.assert_allclose(loss(ONE_HOT, LOGITS), expected.mean(), rtol=RTOL)
    # from_logits=False on softmax output gives the same numbers.
    np.testing.assert_allclose(losses.CategoricalCrossentropy()(ONE_HOT, PROBS), expected.mean(),
                               rtol=RTOL)


def test_categorical_crossentropy_label_smoothing():
    smoothed = ONE_HOT * (1 - 0.2) + 0.2 / 3
    for from_logits, pred, reference in ((True, LOGITS, ref_cce_logits), (False, PROBS, ref_cce)):
        loss = losses.CategoricalCrossentropy(from_logits=from_logits, label_smoothing=0.2)
        np.testing.assert_allclose(loss(ONE_HOT, pred), reference(smoothed, pred).mean(),
                                   rtol=RTOL)


def test_binary_crossentropy_from_logits_and_label_smoothing():
    np.testing.assert_allclose(
        losses.binary_crossentropy(BINARY, LOGITS, from_logits=True),
        ref_bce_logits(BINARY, LOGITS), rtol=RTOL,
    )
    smoothed = BINARY * 0.9 + 0.05
    loss = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)
    np.testing.assert_allclose(loss(BINARY, LOGITS), ref_bce_logits(smoothed, LOGITS).mean(),
                               rtol=RTOL)
    loss = losses.BinaryCrossentropy(label_smoothing=0.1)
    np.testing.assert_allclose(loss(BINARY, Y_PRED), ref_bce(smoothed, Y_PRED).mean(), rtol=RTOL)


def test_binary_crossentropy_from_logits_is_stable_for_large_logits():
    values = losses.binary_crossentropy(np.array([[1.0, 0.0]]), np.array([[-200.0, 200.0]]),
                                        from_logits=True)
    np.testing.assert_allclose(values, [200.0], rtol=RTOL)


def test_sparse_categorical_crossentropy_from_logits_and_label_shapes():
    expected = -log_softmax(LOGITS)[np.arange(4), LABELS]
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    np.testing.assert_allclose(loss(LABELS, LOGITS), expected.mean(), rtol=RTOL)
    np.testing.assert_allclose(loss(LABELS[:, None], LOGITS), expected.mean(), rtol=RTOL)
    np.testing.assert_allclose(loss(LABELS.astype("float32"), LOGITS), expected.mean(), rtol=RTOL)


def test_crossentropy_through_softmax_uses_the_logits():
    # Keras works from the logits when y_pred came out of a softmax: a
    # saturated softmax still gives the exact (unclipped) loss.
    logits = np.array([[30.0, 0.0, -30.0]], dtype="float32")
    probs = ops.softmax(logits)
    np.testing.assert_allclose(losses.categorical_crossentropy([[0.0, 0.0, 1.0]], probs), [60.0],
                               rtol=RTOL)
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy([2], probs), [60.0], rtol=RTOL)
    # Without the logits the probabilities are clipped at epsilon.
    plain = np.asarray(probs).copy()
    np.testing.assert_allclose(losses.categorical_crossentropy([[0.0, 0.0, 1.0]], plain),
                               [-np.log(EPS)], rtol=1e-4)


def test_huber_delta():
    np.testing.assert_allclose(losses.Huber(delta=0.3)(Y_TRUE, LOGITS),
                               ref_huber(Y_TRUE, LOGITS, 0.3).mean(), rtol=RTOL)


def test_hinge_maps_zero_one_labels_to_signs():
    np.testing.assert_allclose(losses.hinge(BINARY, LOGITS), ref_hinge(SIGNED, LOGITS), rtol=RTOL)
    np.testing.assert_allclose(losses.squared_hinge(BINARY, LOGITS),
                               ref_squared_hinge(SIGNED, LOGITS), rtol=RTOL)


def test_rank_one_targets_against_column_predictions():
    y_true = np.array([1.0, 2.0, 3.0])
    y_pred = np.array([[1.5], [2.0], [2.0]])
    np.testing.assert_allclose(losses.MeanSquaredError()(y_true, y_pred), (0.25 + 0 + 1) / 3,
                               rtol=RTOL)


@pytest.mark.parametrize(
    "alias, name",
    [("mse", "mean_squared_error"), ("MSE", "mean_squared_error"), ("mae", "mean_absolute_error"),
     ("mape", "mean_absolute_percentage_error"), ("msle", "mean_squared_logarithmic_error"),
     ("kld", "kl_divergence"), ("bce", "binary_crossentropy")],
)
def test_string_aliases(alias, name):
    assert losses.get(alias) is getattr(losses, name)


def test_get_instantiates_classes_and_rejects_unknown_names():
    assert isinstance(losses.get("MeanSquaredError"), losses.MeanSquaredError)
    loss = losses.MeanAbsoluteError()
    assert losses.get(loss) is loss
    with pytest.raises(ValueError, match="Could not interpret loss identifier: msee"):
        losses.get("msee")


def test_invalid_reduction():
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`.*Received: reduction=avg"):
        losses.MeanSquaredError(reduction="avg")


def test_unknown_keyword_argument_to_a_loss_class():
    with pytest.raises(TypeError, match="unexpected keyword argument 'from_logit'"):
        losses.CategoricalCrossentropy(from_logit=True)


def test_mismatched_shapes_for_crossentropy():
    with pytest.raises(ValueError, match="must have the same shape"):
        losses.categorical_crossentropy(np.zeros((2, 3)), np.ones((2, 4)) / 4)


def test_sparse_labels_out_of_range():
    with pytest.raises(ValueError, match=r"label value of 3 which is outside the valid range of \[0, 3\)"):
        losses.sparse_categorical_crossentropy(np.array([0, 3]), PROBS[:2])
    with pytest.raises(ValueError, match=r"label value of -1"):
        losses.sparse_categorical_crossentropy(np.array([-1, 0]), PROBS[:2])


def test_ignore_class_leaves_out_labelled_entries():
    # Labels (2, 2): entries labelled 1 count 0 and drop out of the means.
    labels = np.array([[0, 1], [2, 1]])
    probs = np.stack([PROBS[:2], PROBS[2:]])
    per_entry = -np.log(np.take_along_axis(probs, labels[..., None], -1)[..., 0])
    expected = np.where(labels != 1, per_entry, 0.0)
    values = losses.sparse_categorical_crossentropy(labels, probs, ignore_class=1)
    np.testing.assert_allclose(np.asarray(values), expected, rtol=RTOL)
    loss = losses.SparseCategoricalCrossentropy(ignore_class=1)
    np.testing.assert_allclose(loss(labels, probs), expected.sum() / 2, rtol=RTOL)
    weights = np.array([[1.0, 5.0], [3.0, 5.0]])
    for reduction, divisor in [("sum", 1.0), ("mean_with_sample_weight", 4.0)]:
        loss = losses.SparseCategoricalCrossentropy(ignore_class=1, reduction=reduction)
        np.testing.assert_allclose(loss(labels, probs, weights), (expected * weights).sum() / divisor,
                                   rtol=RTOL)


def test_ignore_class_gives_no_gradient_to_ignored_entries():
    from kerasish.backend.tensor import Tensor, gradients

    logits = Tensor(LOGITS.astype("float32"))
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=2)(LABELS, logits)
    (grad,) = gradients(loss, [logits])
    ignored = LABELS == 2
    assert not np.any(grad[ignored]) and np.all(np.abs(grad[~ignored]).sum(-1) > 0)


def test_ignore_class_errors():
    with pytest.raises(ValueError, match=r"`ignore_class` must be an integer or None. Received: ignore_class='x'"):
        losses.sparse_categorical_crossentropy(LABELS, PROBS, ignore_class="x")
    with pytest.raises(ValueError, match="must have the same shape up until the last dimension"):
        losses.sparse_categorical_crossentropy(LABELS[:3], PROBS, ignore_class=0)
    # Only the ignored value may lie outside the class range.
    with pytest.raises(ValueError, match=r"label value of 3 which is outside"):
        losses.sparse_categorical_crossentropy(np.array([255, 3]), PROBS[:2], ignore_class=255)
    with pytest.raises(ValueError, match="Only axis=-1 is currently supported"):
        losses.sparse_categorical_crossentropy(LABELS, PROBS.T, ignore_class=0, axis=0)


@pytest.mark.parametrize("cls", [losses.BinaryCrossentropy, losses.MeanSquaredError, losses.Hinge])
def test_rank_one_labels_against_column_predictions_in_every_loss_class(cls):
    # Keras squeezes or expands the trailing size-1 axis before the loss function.
    labels = np.array([0.0, 1.0, 1.0])
    predictions = np.array([[0.3], [0.6], [0.9]])
    np.testing.assert_allclose(cls()(labels, predictions), cls()(labels[:, None], predictions),
                               rtol=RTOL)
    np.testing.assert_allclose(
        losses.BinaryCrossentropy()(labels, predictions),
        -np.mean(np.log([0.7, 0.6, 0.9])), rtol=RTOL,
    )


def test_loss_classes_take_arguments_in_keras_order():
    # Positionally as in Keras: the function's options, then reduction, name, dtype
    # (SparseCategoricalCrossentropy puts reduction before axis).
    assert losses.MeanSquaredError("sum").reduction == "sum"
    huber = losses.Huber(2.0, "sum", "h")
    assert (huber.get_config()["delta"], huber.reduction, huber.name) == (2.0, "sum", "h")
    scce = losses.SparseCategoricalCrossentropy(True, None, "none")
    assert scce.get_config()["from_logits"] is True and scce.reduction == "none"
    assert list(inspect.signature(losses.BinaryCrossentropy).parameters) == [
        "from_logits", "label_smoothing", "axis", "reduction", "name", "dtype"
    ]


def test_a_loss_subclass_is_named_in_snake_case_as_in_keras():
    class MeanCubedError(losses.Loss):
        def call(self, y_true, y_pred):
            return ops.mean(ops.abs(ops.subtract(y_pred, y_true)) ** 3, axis=-1)

    assert MeanCubedError().name.startswith("mean_cubed_error")
    assert MeanCubedError(name="cubes").name == "cubes"


def test_specialized_losses_refuse_bad_arguments():
    with pytest.raises(ValueError, match=r"q must be in the interval \(0, 1\]"):
        losses.CategoricalGeneralizedCrossEntropy(q=0.0)
    with pytest.raises(ValueError, match="`axis` must be of type `int`"):
        losses.categorical_focal_crossentropy(np.ones((1, 2)), np.ones((1, 2)), axis=True)


def test_circle_loss_pulls_same_labels_together():
    labels = np.array([0, 0, 1, 1])
    close = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0], [0.14, 0.99]], dtype="float32")
    mixed = np.array([[1.0, 0.0], [0.0, 1.0], [0.99, 0.14], [0.14, 0.99]], dtype="float32")
    loss = losses.Circle(gamma=10.0)
    assert float(loss(labels, close)) < float(loss(labels, mixed))


def test_dice_of_a_perfect_mask_is_zero():
    mask = np.array([[1.0, 0.0, 1.0]], dtype="float32")
    assert abs(float(losses.Dice()(mask, mask))) < 1e-6


def test_ctc_refuses_bad_ranks_and_gives_inf_when_no_alignment_fits():
    with pytest.raises(ValueError, match="expected to be a tensor of shape `\\(batch_size, max_length\\)`"):
        losses.ctc(np.array([1, 2]), np.zeros((1, 3, 3), dtype="float32"))
    with pytest.raises(ValueError, match="`y_pred` are expected"):
        losses.ctc(np.array([[1, 2]]), np.zeros((3, 3), dtype="float32"))
    # Two equal labels need a blank between them: 3 steps, not 2.
    value = np.asarray(losses.ctc(np.array([[1, 1]]), np.zeros((1, 2, 3), dtype="float32")))
    assert np.isinf(value[0])


def test_ctc_gradient_matches_finite_differences():
    from tests.layer_checks import check_op_gradients

    labels = np.array([[1, 2, 0], [2, 2, 1]])
    logits = np.random.default_rng(0).normal(size=(2, 6, 3))
    check_op_gradients(lambda x: losses.ctc(labels, x), logits)
