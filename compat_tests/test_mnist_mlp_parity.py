"""The tutorial's MNIST MLP: with the same initial weights, kerasish and Keras
give the same predictions, the same epoch history and the same weights after
an epoch of SGD with shuffle=False."""

import numpy as np
import pytest

import kerasish

keras = pytest.importorskip("keras")


def _data(n=2048):
    (x_train, y_train), _ = kerasish.datasets.mnist.load_data()
    x = (x_train[:n].reshape(-1, 28, 28, 1) / 255.0).astype("float32")
    y = kerasish.utils.to_categorical(y_train[:n], 10)
    return x, y


def _models():
    ours = kerasish.Sequential(
        [
            kerasish.Input((28, 28, 1)),
            kerasish.layers.Flatten(),
            kerasish.layers.Dense(512, activation="relu"),
            kerasish.layers.Dense(256, activation="relu"),
            kerasish.layers.Dense(10, activation="softmax"),
        ]
    )
    theirs = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    theirs.set_weights(ours.get_weights())
    for model, module in ((ours, kerasish), (theirs, keras)):
        model.compile(
            optimizer=module.optimizers.SGD(learning_rate=0.01),
            loss="categorical_crossentropy",
            metrics=["accuracy"],
        )
    return ours, theirs


def test_predictions_match_with_identical_weights():
    x, _ = _data(512)
    ours, theirs = _models()
    # float32 GEMMs summed in different orders: agreement to ~1e-6 relative.
    np.testing.assert_allclose(
        ours.predict(x, verbose=0), theirs.predict(x, verbose=0), rtol=1e-5, atol=1e-6
    )


def test_one_epoch_of_sgd_matches():
    x, y = _data()
    ours, theirs = _models()
    h_ours = ours.fit(x, y, batch_size=128, epochs=2, shuffle=False, verbose=0, validation_split=0.25)
    h_theirs = theirs.fit(x, y, batch_size=128, epochs=2, shuffle=False, verbose=0, validation_split=0.25)
    assert list(h_ours.history) == list(h_theirs.history)
    for key in h_theirs.history:
        # Per-step float32 rounding differences accumulate over 24 steps.
        np.testing.assert_allclose(h_ours.history[key], h_theirs.history[key], rtol=1e-4, atol=1e-5)
    # Raw weights after 32 steps: float32 GEMMs summed in another order (OpenBLAS vs
    # TensorFlow's) differ by ~1e-7 per step, and those differences compound; weights
    # of size ~1e-2 end up to ~1.4e-5 apart (seen once in 131,072), hence atol 3e-5.
    for w_ours, w_theirs in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(w_ours, w_theirs, rtol=1e-4, atol=3e-5)
    np.testing.assert_allclose(
        ours.evaluate(x, y, verbose=0), theirs.evaluate(x, y, verbose=0), rtol=1e-4, atol=1e-5
    )
