"""The functional API against real Keras: configs that each library rebuilds
from the other's, identical summaries, and the same training history for a
multi-input, multi-output model with a shared layer."""

import json

import numpy as np
import pytest

import kerasish

keras = pytest.importorskip("keras")


def _graph(module):
    """Two inputs (one image), a shared layer, a skip connection, two outputs."""
    layers = module.layers
    image = module.Input((8, 8, 1), name="image")
    extra = module.Input((3,), name="extra")
    x = layers.Conv2D(4, 3, padding="same", activation="relu", name="conv")(image)
    x = layers.BatchNormalization(name="norm")(x)
    x = layers.Add(name="skip")([x, layers.Conv2D(4, 1, name="project")(image)])
    x = layers.MaxPooling2D(name="pool")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    shared = layers.Dense(4, activation="tanh", name="shared")
    merged = layers.Concatenate(name="merge")([shared(x), shared(layers.Dense(4, name="lift")(extra))])
    digits = layers.Dense(3, activation="softmax", name="digits")(merged)
    score = layers.Dense(1, name="score")(merged)
    return module.Model([image, extra], [digits, score], name="graph")


def _data(n=32):
    rng = np.random.default_rng(0)
    x = [rng.normal(size=(n, 8, 8, 1)).astype("float32"), rng.normal(size=(n, 3)).astype("float32")]
    y = [kerasish.utils.to_categorical(rng.integers(0, 3, n), 3), rng.normal(size=(n, 1)).astype("float32")]
    return x, y


def _normalized(config):
    """Tuples and lists, as JSON writes them."""
    return json.loads(json.dumps(config))


def test_keras_rebuilds_our_config_and_writes_the_same_config():
    ours = _graph(kerasish)
    theirs = keras.Model.from_config(_normalized(ours.get_config()))
    assert _normalized(theirs.get_config()) == _normalized(ours.get_config())
    theirs.set_weights(ours.get_weights())
    x, _ = _data()
    for a, b in zip(ours.predict(x, verbose=0), theirs.predict(x, verbose=0)):
        # float32 convolution sums in a different order.
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


def test_we_rebuild_keras_config():
    theirs = _graph(keras)
    ours = kerasish.Model.from_config(_normalized(theirs.get_config()))
    assert _normalized(ours.get_config()) == _normalized(theirs.get_config())
    assert [layer.name for layer in ours.layers] == [layer.name for layer in theirs.layers]
    ours.set_weights(theirs.get_weights())
    x, _ = _data()
    for a, b in zip(ours.predict(x, verbose=0), theirs.predict(x, verbose=0)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("multi", [True, False])
def test_summary_is_keras_summary(multi):
    def model(module):
        if multi:
            return _graph(module)
        inputs = module.Input((8, 8, 1), name="pixels")
        x = module.layers.Conv2D(2, 3, name="c")(inputs)
        return module.Model(inputs, module.layers.Flatten(name="f")(x), name="chain")

    ours, theirs = [], []
    model(kerasish).summary(print_fn=ours.append, line_length=76)
    model(keras).summary(print_fn=theirs.append, line_length=76)
    # Keras passes its rendered table as one string; we pass lines. (76
    # columns: rich wraps anything wider than the 80-column pytest terminal.)
    assert "\n".join(ours).strip() == "\n".join(theirs).strip()


def test_multi_output_training_matches_keras():
    ours, theirs = _graph(kerasish), _graph(keras)
    theirs.set_weights(ours.get_weights())
    for model, module in ((ours, kerasish), (theirs, keras)):
        model.compile(
            module.optimizers.SGD(0.01),
            loss=["categorical_crossentropy", "mse"],
            loss_weights=[1.0, 0.5],
            metrics=[["accuracy"], ["mae"]],
        )
    x, y = _data()
    kwargs = dict(batch_size=8, epochs=2, shuffle=False, verbose=0, validation_split=0.25)
    h_ours, h_theirs = ours.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs)
    assert sorted(h_ours.history) == sorted(h_theirs.history)
    for key in h_theirs.history:
        # 6 SGD steps through BatchNorm; float32 rounding differences.
        np.testing.assert_allclose(h_ours.history[key], h_theirs.history[key], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(
        ours.evaluate(x, y, verbose=0), theirs.evaluate(x, y, verbose=0), rtol=1e-4, atol=1e-4)
