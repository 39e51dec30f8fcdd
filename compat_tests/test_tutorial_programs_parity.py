"""Whole programs of the kinds the tutorials teach as advanced topics, run
unchanged on kerasish and on real Keras: a convolutional autoencoder, a
residual network, a small U-Net for segmentation, a multi-task model, an
imbalanced classifier trained with `class_weight`, and transfer learning
(freeze, train a head, unfreeze, fine-tune).

Each program is one function of the library module (`keras` is kerasish or
Keras) returning `(model, fit)`, where `fit(model)` runs its training. Both
models start from Keras's initial weights; the test compares the fit
history (same keys, same values), and the final predictions.
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, copy_weights, real_keras

RNG = np.random.default_rng(7)
IMAGES = RNG.uniform(0, 1, (64, 16, 16, 1)).astype("float32")


def _squares(count, size=16):
    """Images with one bright square each, and the square's mask."""
    rng = np.random.default_rng(3)
    images = rng.uniform(0, 0.3, (count, size, size, 1)).astype("float32")
    masks = np.zeros((count, size, size, 1), "float32")
    for i in range(count):
        row, col, side = rng.integers(0, size - 6, 2).tolist() + [rng.integers(3, 6)]
        images[i, row:row + side, col:col + side] += 0.7
        masks[i, row:row + side, col:col + side] = 1.0
    return images, masks


def autoencoder(keras):
    inputs = keras.Input((16, 16, 1))
    x = keras.layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(inputs)
    x = keras.layers.Conv2D(4, 3, strides=2, padding="same", activation="relu")(x)
    x = keras.layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu")(x)
    x = keras.layers.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu")(x)
    outputs = keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    model = keras.Model(inputs, outputs, name="autoencoder")
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    return model, lambda m: m.fit(IMAGES, IMAGES, epochs=2, batch_size=16, shuffle=False,
                                  verbose=0)


def _residual_block(keras, x, filters):
    shortcut = x
    x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Activation("relu")(x)
    x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization()(x)
    return keras.layers.Activation("relu")(keras.layers.Add()([shortcut, x]))


def residual_network(keras):
    inputs = keras.Input((16, 16, 1))
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = _residual_block(keras, x, 8)
    x = keras.layers.MaxPooling2D()(x)
    x = _residual_block(keras, x, 8)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(3, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    labels = (IMAGES.mean(axis=(1, 2, 3)) * 30).astype("int64") % 3
    return model, lambda m: m.fit(IMAGES, labels, epochs=2, batch_size=16, shuffle=False,
                                  verbose=0, validation_split=0.25)


def unet_segmentation(keras):
    inputs = keras.Input((16, 16, 1))
    down = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = keras.layers.MaxPooling2D()(down)
    x = keras.layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    x = keras.layers.UpSampling2D()(x)
    x = keras.layers.Concatenate()([x, down])
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    outputs = keras.layers.Conv2D(1, 1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss="binary_crossentropy",
                  metrics=[keras.metrics.BinaryIoU(target_class_ids=[1], threshold=0.5)])
    images, masks = _squares(48)
    return model, lambda m: m.fit(images, masks, epochs=2, batch_size=12, shuffle=False,
                                  verbose=0)


def multi_task(keras):
    inputs = keras.Input((16, 16, 1), name="image")
    x = keras.layers.Flatten()(inputs)
    x = keras.layers.Dense(16, activation="relu")(x)
    digit = keras.layers.Dense(4, activation="softmax", name="digit")(x)
    bright = keras.layers.Dense(1, activation="sigmoid", name="bright")(x)
    model = keras.Model(inputs, {"digit": digit, "bright": bright})
    model.compile(
        optimizer=keras.optimizers.SGD(0.05, momentum=0.9),
        loss={"digit": "sparse_categorical_crossentropy", "bright": "binary_crossentropy"},
        loss_weights={"digit": 1.0, "bright": 0.5},
        metrics={"digit": ["accuracy"], "bright": [keras.metrics.AUC(name="auc")]},
    )
    means = IMAGES.mean(axis=(1, 2, 3))
    targets = {"digit": (means * 40).astype("int64") % 4,
               "bright": (means > np.median(means)).astype("float32")}
    return model, lambda m: m.fit(IMAGES, targets, epochs=3, batch_size=16, shuffle=False,
                                  verbose=0)


def imbalanced_classifier(keras):
    rng = np.random.default_rng(11)
    features = rng.normal(size=(200, 6)).astype("float32")
    labels = (features[:, 0] + 0.5 * features[:, 1] > 1.4).astype("float32")  # about 10% positive
    negatives, positives = np.bincount(labels.astype(int))
    class_weight = {0: len(labels) / (2 * negatives), 1: len(labels) / (2 * positives)}
    model = keras.Sequential([
        keras.Input((6,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy",
                  metrics=[keras.metrics.Precision(name="precision"),
                           keras.metrics.Recall(name="recall"),
                           keras.metrics.AUC(name="auc")])
    return model, lambda m: m.fit(features, labels, epochs=3, batch_size=32, shuffle=False,
                                  verbose=0, class_weight=class_weight)


def transfer_learning(keras):
    base = keras.Sequential([
        keras.Input((16, 16, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.GlobalAveragePooling2D(),
    ], name="base")
    inputs = keras.Input((16, 16, 1))
    features = base(inputs, training=False)  # BatchNormalization stays in inference mode
    outputs = keras.layers.Dense(1, activation="sigmoid")(features)
    model = keras.Model(inputs, outputs)
    labels = (IMAGES.mean(axis=(1, 2, 3)) > 0.5).astype("float32")

    def fit(model):
        base_of = model.layers[1]
        base_of.trainable = False
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy")
        head = model.fit(IMAGES, labels, epochs=2, batch_size=16, shuffle=False, verbose=0)
        base_of.trainable = True
        model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy")
        tuned = model.fit(IMAGES, labels, epochs=2, batch_size=16, shuffle=False, verbose=0)
        return head, tuned, len(model.trainable_weights)

    return model, fit


PROGRAMS = [autoencoder, residual_network, unet_segmentation, multi_task,
            imbalanced_classifier, transfer_learning]


def _histories(result):
    """A fit result as a list of history dicts (transfer learning fits twice)."""
    if isinstance(result, tuple):
        return [r.history for r in result if hasattr(r, "history")]
    return [result.history]


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_tutorial_program_trains_as_in_keras(program):
    keras = real_keras()
    keras.utils.set_random_seed(0)
    theirs, fit_theirs = program(keras)
    ours, fit_ours = program(kerasish)
    copy_weights(theirs, ours)

    their_result, our_result = fit_theirs(theirs), fit_ours(ours)
    if isinstance(their_result, tuple):  # the trainable-weight count after unfreezing
        assert our_result[-1] == their_result[-1]
    for our_history, their_history in zip(_histories(our_result), _histories(their_result)):
        assert list(our_history) == list(their_history)
        for key in their_history:
            assert_close(our_history[key], their_history[key], TRAINING, key)
    x = IMAGES[:8] if ours.inputs[0].shape[1:] == (16, 16, 1) else None
    if x is not None:
        ours_out, theirs_out = ours.predict(x, verbose=0), theirs.predict(x, verbose=0)
        for mine, other in zip(kerasish.tree.flatten(ours_out), keras.tree.flatten(theirs_out)):
            assert_close(mine, other, TRAINING, "predictions")
