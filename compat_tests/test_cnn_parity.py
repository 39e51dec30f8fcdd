"""Every CNN-chapter layer against real Keras: the same config (ours is
deserialized by Keras), the same weights, then the same outputs and the same
gradients with respect to the inputs and to every weight."""

import numpy as np
import pytest

import kerasish
from kerasish import ops
from kerasish.backend.tensor import Tensor, gradients

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

L = kerasish.layers

CASES = [
    (lambda: L.Conv1D(4, 3), (3, 9, 2)),
    (lambda: L.Conv1D(4, 3, strides=2, padding="same", activation="relu"), (3, 9, 2)),
    (lambda: L.Conv1D(4, 3, padding="causal", dilation_rate=2, groups=2), (3, 9, 4)),
    (lambda: L.Conv2D(5, 3), (3, 8, 7, 2)),
    (lambda: L.Conv2D(5, (3, 2), strides=(2, 1), padding="same", activation="tanh"), (3, 8, 7, 2)),
    (lambda: L.Conv2D(4, 3, dilation_rate=2, padding="same"), (2, 9, 9, 3)),
    (lambda: L.Conv2D(6, 3, groups=3), (2, 7, 7, 6)),
    (lambda: L.DepthwiseConv2D(3, depth_multiplier=2), (3, 8, 7, 3)),
    (lambda: L.DepthwiseConv2D(3, strides=2, padding="same"), (3, 8, 7, 3)),
    (lambda: L.Conv2DTranspose(4, 3), (3, 5, 4, 2)),
    (lambda: L.Conv2DTranspose(4, 3, strides=2, padding="same"), (3, 5, 4, 2)),
    (lambda: L.Conv2DTranspose(3, 2, strides=3, output_padding=1), (2, 4, 4, 2)),
    (lambda: L.Conv1DTranspose(3, 3, strides=2), (2, 5, 2)),
    (lambda: L.MaxPooling1D(), (3, 9, 2)),
    (lambda: L.MaxPooling1D(3, strides=2, padding="same"), (3, 9, 2)),
    (lambda: L.MaxPooling2D(), (3, 9, 8, 2)),
    (lambda: L.MaxPooling2D(3, strides=2, padding="same"), (3, 9, 8, 2)),
    (lambda: L.AveragePooling1D(2), (3, 9, 2)),
    (lambda: L.AveragePooling2D(2), (3, 9, 8, 2)),
    (lambda: L.AveragePooling2D(3, strides=2, padding="same"), (3, 9, 8, 2)),
    (lambda: L.GlobalAveragePooling1D(), (3, 9, 2)),
    (lambda: L.GlobalAveragePooling2D(), (3, 5, 4, 2)),
    (lambda: L.GlobalMaxPooling1D(), (3, 9, 2)),
    (lambda: L.GlobalMaxPooling2D(keepdims=True), (3, 5, 4, 2)),
    (lambda: L.BatchNormalization(), (4, 5, 3)),
    (lambda: L.BatchNormalization(axis=1, momentum=0.9, epsilon=1e-5), (4, 5, 3)),
    (lambda: L.LayerNormalization(), (4, 5, 3)),
    (lambda: L.LayerNormalization(axis=[1, 2]), (4, 5, 3)),
    (lambda: L.Reshape((5, -1)), (3, 15)),
    (lambda: L.Permute((2, 1)), (3, 4, 5)),
    (lambda: L.ZeroPadding2D(((1, 0), (2, 1))), (2, 4, 3, 2)),
    (lambda: L.UpSampling2D((2, 3)), (2, 4, 3, 2)),
    (lambda: L.Conv2D(3, 2, data_format="channels_first"), (2, 2, 5, 6)),
    (lambda: L.MaxPooling2D(data_format="channels_first"), (2, 2, 6, 4)),
]


def _ids():
    return [f"{make().__class__.__name__}-{i}" for i, (make, _) in enumerate(CASES)]


def _their_layer(ours):
    """Keras builds its layer from our serialized config: configs interchange."""
    return keras.layers.deserialize(kerasish.layers.serialize(ours))


def _randomize_weights(layer, rng):
    """Non-trivial values for every weight (BatchNorm's moving variance kept positive)."""
    weights = []
    for variable in layer.weights:
        value = rng.normal(size=variable.shape).astype("float32")
        if "variance" in variable.name:
            value = np.abs(value) + 0.5
        weights.append(value)
    layer.set_weights(weights)


def _ours(layer, x, cotangent, training):
    x_tensor = Tensor(x)
    out = layer(x_tensor, training=training) if layer._call_has_training_arg else layer(x_tensor)
    loss = ops.sum(ops.multiply(out, cotangent))
    return np.asarray(out.value), gradients(loss, [x_tensor] + layer.trainable_weights)


def _theirs(layer, x, cotangent, training):
    x_var = tf.Variable(x)
    with tf.GradientTape() as tape:
        out = layer(x_var, training=training)
        loss = tf.reduce_sum(out * cotangent)
    grads = tape.gradient(loss, [x_var] + layer.trainable_weights)
    return out.numpy(), [np.asarray(g) for g in grads]


@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize("make, input_shape", CASES, ids=_ids())
def test_outputs_and_gradients_match_keras(make, input_shape, training):
    rng = np.random.default_rng(0)
    x = rng.normal(size=input_shape).astype("float32")
    ours = make()
    ours(x)
    _randomize_weights(ours, rng)
    theirs = _their_layer(ours)
    if not theirs.built:  # a serialized build_config may have built it already
        theirs.build(input_shape)
    assert [w.path for w in theirs.weights] == [w.path for w in ours.weights]
    assert [tuple(w.shape) for w in theirs.weights] == [w.shape for w in ours.weights]
    theirs.set_weights(ours.get_weights())
    cotangent = rng.normal(size=ours.compute_output_shape(input_shape)).astype("float32")
    out_ours, grads_ours = _ours(ours, x, cotangent, training)
    out_theirs, grads_theirs = _theirs(theirs, x, cotangent, training)
    # float32 sums of up to ~50 products accumulated in a different order.
    np.testing.assert_allclose(out_ours, out_theirs, rtol=2e-5, atol=2e-5)
    assert len(grads_ours) == len(grads_theirs)
    for index, (g_ours, g_theirs) in enumerate(zip(grads_ours, grads_theirs)):
        # Gradients sum over the batch and spatial positions too: ~100 terms.
        np.testing.assert_allclose(
            g_ours, g_theirs, rtol=1e-4, atol=1e-4, err_msg=f"gradient {index}"
        )
    for w_ours, w_theirs in zip(ours.get_weights(), theirs.get_weights()):
        # BatchNorm's moving statistics after a training call: same update rule.
        np.testing.assert_allclose(w_ours, w_theirs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("pool_size, strides, padding", [
    (2, None, "valid"),   # windows tile the input (the convnet's case)
    (3, None, "valid"),
    (3, 2, "same"),       # overlapping, padded windows
])
def test_max_pooling_gradient_goes_to_the_same_tied_maximum_as_keras(pool_size, strides, padding):
    # Small integers (half of them 0, as after a relu) tie inside most windows.
    rng = np.random.default_rng(0)
    x = np.maximum(rng.integers(-3, 3, size=(2, 11, 10, 3)), 0).astype("float32")
    ours = L.MaxPooling2D(pool_size, strides=strides, padding=padding)
    theirs = keras.layers.MaxPooling2D(pool_size, strides=strides, padding=padding)
    cotangent = rng.normal(size=ours.compute_output_shape(x.shape)).astype("float32")
    out_ours, (grad_ours,) = _ours(ours, x, cotangent, training=False)
    out_theirs, (grad_theirs,) = _theirs(theirs, x, cotangent, training=False)
    np.testing.assert_array_equal(out_ours, out_theirs)
    # A wrongly routed gradient is off by a whole cotangent entry; overlapping
    # windows add up several entries, in another order than TF (~1e-7).
    np.testing.assert_allclose(grad_ours, grad_theirs, rtol=1e-6, atol=1e-6)


def _embedding_pair(indices):
    """An Embedding(7, 3) of each library, with the same table."""
    ours = L.Embedding(7, 3)
    ours(indices)
    theirs = _their_layer(ours)
    if not theirs.built:
        theirs.build(indices.shape)
    theirs.set_weights(ours.get_weights())
    return ours, theirs


def test_embedding_matches_keras():
    indices = np.array([[0, 6, 6], [2, 1, 0]])
    ours, theirs = _embedding_pair(indices)
    np.testing.assert_array_equal(np.asarray(ours(indices)), theirs(indices).numpy())


MERGE_LAYERS = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"]


@pytest.mark.parametrize("name", MERGE_LAYERS)
def test_merge_layers_match_keras(name):
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 4)).astype("float32"), rng.normal(size=(3, 4)).astype("float32")
    ours, theirs = getattr(L, name)(), getattr(keras.layers, name)()
    np.testing.assert_allclose(np.asarray(ours([a, b])), theirs([a, b]).numpy(), rtol=1e-6)


@pytest.mark.parametrize("name", MERGE_LAYERS)
def test_merge_layer_gradients_match_keras(name):
    """The gradient reaching each input (for Maximum/Minimum, the larger/smaller one)."""
    from compat_tests.helpers import REDUCTION, assert_same_values_and_grads

    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(3, 4)).astype("float32"), rng.normal(size=(3, 4)).astype("float32")
    ours, theirs = getattr(L, name)(), getattr(keras.layers, name)()
    assert_same_values_and_grads(lambda x, y: ours([x, y]), lambda x, y: theirs([x, y]),
                                 [a, b], tolerance=REDUCTION, what=name)


def test_embedding_gradient_matches_keras():
    """Repeated indices add their gradients into the same row of the table."""
    from compat_tests.helpers import cotangent_for

    indices = np.array([[0, 6, 6], [2, 6, 0]])
    ours, theirs = _embedding_pair(indices)
    cotangent = cotangent_for(np.zeros(indices.shape + (3,), "float32"))
    with kerasish.GradientTape() as tape:
        loss = ops.sum(ops.multiply(ours(indices), cotangent))
    our_grad = np.asarray(tape.gradient(loss, ours.trainable_weights)[0])
    with tf.GradientTape() as tape:
        their_loss = tf.reduce_sum(theirs(indices) * cotangent)
    their_grad = tf.convert_to_tensor(tape.gradient(their_loss, theirs.trainable_weights)[0])
    np.testing.assert_allclose(our_grad, their_grad.numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(our_grad[[1, 3, 4, 5]], 0.0)  # rows never looked up


def _convnet(module, with_batch_norm=False):
    layers = module.layers
    # BatchNorm goes between the convolution and its activation: after a relu
    # and pooling, a channel can be constant over the batch (variance 0), and
    # then both libraries' float32 gradients are ~1% off the float64 truth,
    # too ill-conditioned to compare with each other.
    if with_batch_norm:
        stack = [
            module.Input((28, 28, 1)),
            layers.Conv2D(8, 3),
            layers.BatchNormalization(),
            layers.Activation("relu"),
            layers.MaxPooling2D(),
        ]
    else:
        stack = [
            module.Input((28, 28, 1)),
            layers.Conv2D(8, 3, activation="relu"),
            layers.MaxPooling2D(),
        ]
    stack += [
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ]
    return module.Sequential(stack)


@pytest.mark.parametrize("with_batch_norm", [False, True])
def test_mnist_convnet_training_matches_keras(with_batch_norm):
    (x, y), _ = kerasish.datasets.mnist.load_data()
    x = np.expand_dims(x[:768].astype("float32") / 255, -1)
    y = kerasish.utils.to_categorical(y[:768], 10)
    kerasish.utils.set_random_seed(1)
    ours, theirs = _convnet(kerasish, with_batch_norm), _convnet(keras, with_batch_norm)
    theirs.set_weights(ours.get_weights())
    # Plain SGD at a small rate: early convnet training with momentum is chaotic
    # enough to turn float32 rounding differences into visibly different runs.
    for model, module in ((ours, kerasish), (theirs, keras)):
        model.compile(module.optimizers.SGD(0.01), "categorical_crossentropy", metrics=["accuracy"])
    kwargs = dict(batch_size=64, epochs=2, shuffle=False, verbose=0, validation_split=0.25)
    h_ours, h_theirs = ours.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs)
    assert sorted(h_ours.history) == sorted(h_theirs.history)
    # 18 SGD steps; float32 differences in convolution sums compound to ~1e-6
    # without BatchNorm and ~1e-4 with it (TF's float32 BatchNorm gradients are
    # ~1e-5 off the float64 truth; ours ~1e-7, batch statistics being
    # accumulated in float64).
    tolerance = 1e-3 if with_batch_norm else 1e-4
    for key in h_theirs.history:
        if "accuracy" in key and with_batch_norm:
            # Barely trained, many samples' top two class scores are within
            # 1e-4 of each other, so accuracy (a step function of the scores)
            # can move by a few samples; losses, weights and predictions are
            # the continuous quantities compared here.
            continue
        # Without BatchNorm the runs agree so closely that accuracies match
        # up to one sample of the 576 or 192 whose top scores tie in float32.
        atol = 1 / 190 if "accuracy" in key else tolerance
        np.testing.assert_allclose(
            h_ours.history[key], h_theirs.history[key], rtol=tolerance, atol=atol)
    for w_ours, w_theirs in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(w_ours, w_theirs, rtol=tolerance, atol=tolerance)
    np.testing.assert_allclose(
        ours.predict(x[:64], verbose=0), theirs.predict(x[:64], verbose=0),
        rtol=tolerance, atol=tolerance)
