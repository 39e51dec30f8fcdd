"""`ignore_class` of sparse categorical cross-entropy against real Keras.

The function form (per-entry values and gradients, labels of shape (batch,),
(batch, 1) and (batch, time)), the class form under every reduction with
and without sample weights (the means are over the valid entries only), a
softmax output (whose logits Keras does not use once entries are masked),
a batch where every entry is ignored, and a short segmentation-style fit.
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import (
    REDUCTION,
    TRAINING,
    assert_close,
    assert_same_values_and_grads,
    assert_same_weights,
    real_keras,
    uniform,
)

CLASSES = 4
REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None]

# (label shape, y_pred shape): one label per sample, with a trailing axis of
# size 1, and one per time step (segmentation-style).
SHAPES = {
    "batch": ((6,), (6, CLASSES)),
    "batch_1": ((6, 1), (6, CLASSES)),
    "batch_time": ((3, 5), (3, 5, CLASSES)),
}
# Ignored labels inside the class range (0, 2) and outside it (-1, 255).
IGNORED = [0, 2, -1, 255]


def _labels(rng, shape, ignore_class):
    """Random labels with about a third of them equal to `ignore_class`, at
    least one valid and one ignored."""
    labels = rng.integers(0, CLASSES, shape)
    labels[rng.random(shape) < 1 / 3] = ignore_class
    flat = labels.reshape(-1)
    flat[0], flat[-1] = ignore_class, (ignore_class + 1) % CLASSES
    return labels.astype(np.int32)


def _predictions(rng, shape, from_logits):
    if from_logits:
        return uniform(rng, shape, -3, 3)
    return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]).astype(np.float32)


def _case(seed, shape_name, ignore_class, from_logits):
    rng = np.random.default_rng(seed)
    label_shape, pred_shape = SHAPES[shape_name]
    return _labels(rng, label_shape, ignore_class), _predictions(rng, pred_shape, from_logits)


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("ignore_class", IGNORED)
@pytest.mark.parametrize("shape_name", list(SHAPES))
def test_function_values_and_gradients(shape_name, ignore_class, from_logits):
    keras = real_keras()
    y_true, y_pred = _case(1, shape_name, ignore_class, from_logits)
    kwargs = {"from_logits": from_logits, "ignore_class": ignore_class}
    assert_same_values_and_grads(
        kerasish.losses.sparse_categorical_crossentropy, keras.losses.sparse_categorical_crossentropy,
        [y_true, y_pred], kwargs, what=f"{shape_name} ignore_class={ignore_class}",
    )


def _weights(rng, shape_name, label_shape):
    """Sample weights Keras accepts for these labels: one per sample, or one
    per entry for (batch, time) labels (a (batch,) weight does not broadcast
    against (batch, time) losses in Keras either)."""
    if shape_name == "batch_time":
        return rng.uniform(0.2, 2.0, label_shape).astype(np.float32)
    return rng.uniform(0.2, 2.0, label_shape[0]).astype(np.float32)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("shape_name", list(SHAPES))
def test_class_reductions_match(shape_name, from_logits, reduction, weighted):
    keras = real_keras()
    y_true, y_pred = _case(2, shape_name, 0, from_logits)
    args = [y_true, y_pred]
    if weighted:
        args.append(_weights(np.random.default_rng(3), shape_name, y_true.shape))
    options = {"from_logits": from_logits, "ignore_class": 0, "reduction": reduction}
    ours = kerasish.losses.SparseCategoricalCrossentropy(**options)
    theirs = keras.losses.SparseCategoricalCrossentropy(**options)
    assert_same_values_and_grads(
        ours, theirs, args, what=f"{shape_name} reduction={reduction} weighted={weighted}",
    )


def test_default_reduction_is_the_mean_over_valid_entries():
    # Keras's per-entry values are the reference: the default reduction must
    # average only its valid entries, and the ignored ones must be exactly 0.
    keras = real_keras()
    y_true, y_pred = _case(4, "batch_time", 0, False)
    per_entry = np.asarray(keras.losses.sparse_categorical_crossentropy(
        y_true, y_pred, ignore_class=0))
    valid = y_true != 0
    ours_per_entry = np.asarray(kerasish.losses.sparse_categorical_crossentropy(
        y_true, y_pred, ignore_class=0))
    assert np.all(ours_per_entry[~valid] == 0)
    loss = kerasish.losses.SparseCategoricalCrossentropy(ignore_class=0)(y_true, y_pred)
    assert_close(loss, per_entry[valid].mean(), REDUCTION, "mean over valid entries")


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_every_entry_ignored_gives_zero(reduction):
    keras = real_keras()
    y_true = np.full((2, 3), 255, dtype=np.int32)
    y_pred = _predictions(np.random.default_rng(5), (2, 3, CLASSES), False)
    options = {"ignore_class": 255, "reduction": reduction}
    ours = kerasish.losses.SparseCategoricalCrossentropy(**options)(y_true, y_pred)
    theirs = keras.losses.SparseCategoricalCrossentropy(**options)(y_true, y_pred)
    assert_close(ours, theirs, REDUCTION, f"all ignored, reduction={reduction}")
    assert not np.any(np.asarray(ours))


@pytest.mark.parametrize("logits_scale", [1.0, 30.0])
def test_softmax_output_matches(logits_scale):
    """Keras masks the probabilities before the cross-entropy, so a softmax
    output's logits are not used: saturated probabilities are clipped to
    [epsilon, 1 - epsilon] as for any probabilities."""
    keras = real_keras()
    rng = np.random.default_rng(6)
    y_true = _labels(rng, (3, 5), 1)
    logits = uniform(rng, (3, 5, CLASSES), -1, 1) * np.float32(logits_scale)
    for reduction in ("sum_over_batch_size", None):
        options = {"ignore_class": 1, "reduction": reduction}
        ours = kerasish.losses.SparseCategoricalCrossentropy(**options)
        theirs = keras.losses.SparseCategoricalCrossentropy(**options)
        assert_same_values_and_grads(
            lambda t, x: ours(t, kerasish.ops.softmax(x)),
            lambda t, x: theirs(t, keras.ops.softmax(x)),
            [y_true, logits], what=f"softmax x{logits_scale} reduction={reduction}",
        )


def _segmenter(module):
    model = module.Sequential([
        module.Input((5, 3)),
        module.layers.Dense(8, activation="tanh"),
        module.layers.Dense(CLASSES, activation="softmax"),
    ])
    model.compile(
        optimizer=module.optimizers.SGD(learning_rate=0.1),
        loss=module.losses.SparseCategoricalCrossentropy(ignore_class=0),
    )
    return model


@pytest.mark.parametrize("weighted", [False, True])
def test_fit_with_ignore_class_matches(weighted):
    keras = real_keras()
    rng = np.random.default_rng(7)
    x = rng.normal(size=(20, 5, 3)).astype(np.float32)
    y = _labels(rng, (20, 5), 0)
    weights = rng.uniform(0.2, 2.0, (20, 5)).astype(np.float32) if weighted else None
    ours, theirs = _segmenter(kerasish), _segmenter(keras)
    theirs.set_weights(ours.get_weights())
    kwargs = {"sample_weight": weights, "batch_size": 6, "epochs": 3, "shuffle": False,
              "verbose": 0}
    our_history, their_history = ours.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs)
    assert list(our_history.history) == list(their_history.history)
    for key, values in their_history.history.items():
        assert_close(our_history.history[key], values, TRAINING, f"history[{key!r}]")
    assert_same_weights(ours, theirs, TRAINING)
    assert_close(ours.evaluate(x, y, sample_weight=weights, verbose=0),
                 theirs.evaluate(x, y, sample_weight=weights, verbose=0), TRAINING, "evaluate")
