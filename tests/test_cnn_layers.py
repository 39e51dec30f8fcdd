"""Convolution, pooling, normalization, reshaping, merging and embedding
layers: shapes, configs, set_weights and finite-difference gradients (through
`check_layer`), plus each layer's own semantics and errors."""

import numpy as np
import pytest

from kerasish import layers, ops
from kerasish.backend.tensor import Tensor, gradients
from kerasish.ops.conv import _normalize_with_moments
from layer_checks import check_layer, check_op_gradients, float64

CONV_CASES = [
    (lambda: layers.Conv1D(3, 3), (2, 7, 2)),
    (lambda: layers.Conv1D(3, 2, strides=2, padding="same"), (2, 7, 2)),
    (lambda: layers.Conv1D(4, 3, padding="causal", dilation_rate=2, groups=2), (2, 8, 4)),
    (lambda: layers.Conv2D(3, 3), (2, 6, 5, 2)),
    (lambda: layers.Conv2D(3, (3, 2), strides=2, padding="same", activation="tanh"), (2, 7, 6, 2)),
    (lambda: layers.Conv2D(2, 2, dilation_rate=2, padding="same"), (1, 6, 6, 3)),
    (lambda: layers.Conv2D(4, 3, groups=2, use_bias=False), (2, 5, 5, 4)),
    (lambda: layers.Conv2D(3, 2, data_format="channels_first"), (2, 2, 5, 4)),
    (lambda: layers.DepthwiseConv2D(3, depth_multiplier=2), (2, 6, 5, 3)),
    (lambda: layers.DepthwiseConv2D(2, strides=2, padding="same"), (2, 5, 5, 2)),
    (lambda: layers.Conv2DTranspose(3, 3), (2, 4, 3, 2)),
    (lambda: layers.Conv2DTranspose(2, 3, strides=2, padding="same"), (2, 3, 4, 2)),
    (lambda: layers.Conv2DTranspose(2, 2, strides=3, output_padding=1), (1, 3, 3, 2)),
    (lambda: layers.Conv1DTranspose(2, 3, strides=2), (2, 4, 3)),
]


@pytest.mark.parametrize("make, input_shape", CONV_CASES)
def test_convolution_layers(make, input_shape):
    num_weights = 2 if make().use_bias else 1
    check_layer(make, input_shape=input_shape, num_weights=num_weights)


def test_conv_weight_shapes_follow_keras():
    cases = [
        (layers.Conv1D(4, 3, name="a"), (2, 9, 6), [(3, 6, 4), (4,)]),
        (layers.Conv2D(4, (3, 2), groups=2, name="b"), (2, 9, 9, 6), [(3, 2, 3, 4), (4,)]),
        (layers.DepthwiseConv2D(3, depth_multiplier=2, name="c"), (2, 9, 9, 3), [(3, 3, 3, 2), (6,)]),
        (layers.Conv2DTranspose(4, 3, name="d"), (2, 9, 9, 3), [(3, 3, 4, 3), (4,)]),
    ]
    for layer, input_shape, shapes in cases:
        layer(np.zeros(input_shape, "float32"))
        assert [w.shape for w in layer.weights] == shapes
        assert [w.path for w in layer.weights] == [f"{layer.name}/kernel", f"{layer.name}/bias"]


def test_conv2d_matches_a_direct_loop():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 6, 7, 3)).astype("float32")
    layer = layers.Conv2D(4, (3, 2), strides=(2, 1), use_bias=False)
    out = np.asarray(layer(x))
    kernel = layer.kernel.value
    expected = np.zeros(out.shape, "float32")
    for i in range(out.shape[1]):
        for j in range(out.shape[2]):
            patch = x[:, 2 * i : 2 * i + 3, j : j + 2, :]
            expected[:, i, j, :] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_conv_output_shapes():
    assert layers.Conv2D(2, 3).compute_output_shape((None, 28, 28, 1)) == (None, 26, 26, 2)
    assert layers.Conv2D(2, 3, strides=2, padding="same").compute_output_shape(
        (None, 7, 8, 1)) == (None, 4, 4, 2)
    assert layers.Conv2DTranspose(2, 3, strides=2).compute_output_shape(
        (None, 4, 5, 1)) == (None, 9, 11, 2)
    assert layers.Conv2DTranspose(2, 3, strides=2, padding="same").compute_output_shape(
        (None, 4, 5, 1)) == (None, 8, 10, 2)
    assert layers.Conv1D(2, 3, padding="causal").compute_output_shape((None, 10, 1)) == (None, 10, 2)


POOL_CASES = [
    (lambda: layers.MaxPooling1D(), (2, 7, 3)),
    (lambda: layers.MaxPooling1D(3, strides=1, padding="same"), (2, 7, 3)),
    (lambda: layers.MaxPooling2D(), (2, 6, 5, 3)),
    (lambda: layers.MaxPooling2D((3, 2), strides=(2, 1), padding="same"), (2, 6, 5, 2)),
    (lambda: layers.AveragePooling1D(2), (2, 7, 3)),
    (lambda: layers.AveragePooling2D(2), (2, 6, 5, 3)),
    (lambda: layers.AveragePooling2D(3, strides=2, padding="same"), (2, 6, 5, 2)),
    (lambda: layers.MaxPooling2D(data_format="channels_first"), (2, 3, 6, 4)),
    (lambda: layers.GlobalAveragePooling1D(), (2, 5, 3)),
    (lambda: layers.GlobalAveragePooling2D(), (2, 4, 5, 3)),
    (lambda: layers.GlobalMaxPooling1D(keepdims=True), (2, 5, 3)),
    (lambda: layers.GlobalMaxPooling2D(), (2, 4, 5, 3)),
]


@pytest.mark.parametrize("make, input_shape", POOL_CASES)
def test_pooling_layers(make, input_shape):
    check_layer(make, input_shape=input_shape, num_weights=0)


def test_max_pooling_values_and_first_max_gradient():
    x = np.array([[1, 3, 3, 0], [2, 0, 1, 5], [7, 7, 2, 2], [7, 6, 2, 2]], "float32")
    x = x.reshape(1, 4, 4, 1)
    x_tensor = Tensor(x)
    out = ops.max_pool(x_tensor, 2)
    np.testing.assert_array_equal(out.value[0, :, :, 0], [[3, 5], [7, 2]])
    (grad,) = gradients(ops.sum(out), [x_tensor])
    # Ties send the whole gradient to the first maximum in row-major order, as TF does.
    expected = np.array([[0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 1, 0], [0, 0, 0, 0]], "float32")
    np.testing.assert_array_equal(grad[0, :, :, 0], expected)


def test_average_pooling_same_padding_leaves_padding_out_of_the_mean():
    x = np.arange(9, dtype="float32").reshape(1, 3, 3, 1)
    out = np.asarray(layers.AveragePooling2D(2, padding="same")(x))[0, :, :, 0]
    np.testing.assert_allclose(out, [[2.0, 3.5], [6.5, 8.0]])


def test_pooling_drops_the_ragged_edge():
    out = layers.MaxPooling2D()(np.zeros((1, 11, 11, 2), "float32"))
    assert np.shape(out) == (1, 5, 5, 2)


# ---------------------------------------------------------------- normalization


def test_batch_normalization_inference_and_weights():
    layer = check_layer(
        lambda: layers.BatchNormalization(moving_variance_initializer="ones"),
        input_shape=(4, 3, 2), num_weights=4, num_trainable=2,
    )
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert [w.trainable for w in layer.weights] == [True, True, False, False]


def test_batch_normalization_training_uses_batch_statistics_and_updates_moving_ones():
    rng = np.random.default_rng(0)
    x = rng.normal(2.0, 3.0, size=(16, 4, 3)).astype("float32")
    layer = layers.BatchNormalization(momentum=0.9, epsilon=1e-3)
    out = np.asarray(layer(x, training=True))
    mean, var = x.mean(axis=(0, 1)), x.var(axis=(0, 1))
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.value, 0.1 * mean, rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.value, 0.9 + 0.1 * var, rtol=1e-5)
    assert layer.moving_mean.value.dtype == np.float32
    inference = np.asarray(layer(x))
    expected = (x - layer.moving_mean.value) / np.sqrt(layer.moving_variance.value + 1e-3)
    np.testing.assert_allclose(inference, expected, rtol=1e-5, atol=1e-5)


def test_frozen_batch_normalization_runs_in_inference_mode():
    x = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
    layer = layers.BatchNormalization()
    layer.build(x.shape)
    layer.trainable = False
    out = np.asarray(layer(x, training=True))
    np.testing.assert_allclose(out, x / np.sqrt(1 + 1e-3), rtol=1e-6)
    np.testing.assert_array_equal(layer.moving_mean.value, 0)


@pytest.mark.parametrize("axes", [(0,), (0, 1, 2), (1, 2)])
def test_normalize_with_moments_gradient(axes):
    x = np.random.default_rng(3).normal(size=(4, 3, 2, 3))
    check_op_gradients(lambda t: _normalize_with_moments(t, axes, 1e-3)[0], x)


def test_batch_normalization_training_gradient_through_gamma_and_beta():
    with float64():
        rng = np.random.default_rng(0)
        x = Tensor(rng.normal(size=(6, 2, 3)))
        layer = layers.BatchNormalization(axis=1)
        layer.build(x.shape)
        layer.gamma.assign(rng.normal(size=2))
        weights = rng.normal(size=(6, 2, 3))
        out = layer(x, training=True)
        analytic = gradients(ops.sum(ops.multiply(out, weights)), [x, layer.gamma, layer.beta])

        def loss(xv, gamma, beta):
            mean = xv.mean(axis=(0, 2), keepdims=True)
            var = xv.var(axis=(0, 2), keepdims=True)
            normalized = (xv - mean) / np.sqrt(var + 1e-3)
            return np.sum((normalized * gamma[None, :, None] + beta[None, :, None]) * weights)

        args = [x.value, layer.gamma.value.copy(), layer.beta.value.copy()]
        for index, grad in enumerate(analytic):
            numeric = np.zeros_like(args[index])
            flat = args[index].reshape(-1)
            for i in range(flat.size):
                original = flat[i]
                flat[i] = original + 1e-6
                plus = loss(*args)
                flat[i] = original - 1e-6
                minus = loss(*args)
                flat[i] = original
                numeric.reshape(-1)[i] = (plus - minus) / 2e-6
            # float64 central differences: ~1e-9 error (see layer_checks).
            np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-7)


def test_layer_normalization():
    layer = check_layer(lambda: layers.LayerNormalization(), input_shape=(3, 4, 5), num_weights=2)
    assert [w.shape for w in layer.weights] == [(5,), (5,)]
    layer = check_layer(
        lambda: layers.LayerNormalization(axis=[1, 2], epsilon=1e-5), input_shape=(3, 4, 5),
        num_weights=2,
    )
    assert [w.shape for w in layer.weights] == [(4, 5), (4, 5)]


def test_batch_normalization_rejects_bad_axis():
    with pytest.raises(ValueError, match="Axis 3 is out of bounds"):
        layers.BatchNormalization(axis=3)(np.zeros((2, 3), "float32"))


# -------------------------------------------------------------------- reshaping


@pytest.mark.parametrize(
    "make, input_shape",
    [
        (lambda: layers.Reshape((3, 4)), (2, 12)),
        (lambda: layers.Reshape((-1, 2)), (2, 3, 4)),
        (lambda: layers.Permute((2, 1)), (2, 3, 4)),
        (lambda: layers.Permute((3, 1, 2)), (2, 3, 4, 5)),
        (lambda: layers.ZeroPadding2D(), (2, 3, 4, 2)),
        (lambda: layers.ZeroPadding2D(((1, 0), (2, 3))), (2, 3, 4, 2)),
        (lambda: layers.ZeroPadding2D(2, data_format="channels_first"), (2, 2, 3, 4)),
        (lambda: layers.UpSampling2D(), (2, 3, 4, 2)),
        (lambda: layers.UpSampling2D((2, 3), data_format="channels_first"), (2, 2, 3, 4)),
    ],
)
def test_reshaping_layers(make, input_shape):
    check_layer(make, input_shape=input_shape, num_weights=0)


def test_reshaping_values():
    x = np.arange(12, dtype="float32").reshape(1, 2, 3, 2)
    np.testing.assert_array_equal(
        layers.UpSampling2D((2, 1))(x), np.repeat(x, 2, axis=1)
    )
    np.testing.assert_array_equal(layers.Permute((3, 1, 2))(x), np.transpose(x, (0, 3, 1, 2)))
    padded = np.asarray(layers.ZeroPadding2D(((1, 0), (0, 2)))(x))
    assert padded.shape == (1, 3, 5, 2)
    np.testing.assert_array_equal(padded[:, 1:, :3], x)
    assert padded.sum() == x.sum()
    assert layers.Reshape((-1,)).compute_output_shape((None, 2, 3)) == (None, 6)


def test_reshape_size_mismatch_names_layer_and_shapes():
    with pytest.raises(ValueError, match=r"layer 'bad_reshape'.*input_shape=\(5, 3\), target_shape=\(7,\)"):
        layers.Reshape((7,), name="bad_reshape")(np.zeros((2, 5, 3), "float32"))


# ---------------------------------------------------------------------- merging


@pytest.mark.parametrize(
    "layer_class, expected",
    [
        (layers.Add, lambda a, b: a + b),
        (layers.Subtract, lambda a, b: a - b),
        (layers.Multiply, lambda a, b: a * b),
        (layers.Average, lambda a, b: (a + b) / 2),
        (layers.Maximum, np.maximum),
        (layers.Minimum, np.minimum),
    ],
)
def test_merge_layers(layer_class, expected):
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    with float64():
        np.testing.assert_allclose(layer_class()([a, b]), expected(a, b))
        check_op_gradients(lambda x, y: layer_class()([x, y]), a, b)
    assert layer_class().compute_output_shape([(None, 4), (None, 4)]) == (None, 4)


def test_add_and_average_of_three_inputs_and_broadcasting():
    xs = [np.full((2, 3), v, "float32") for v in (1.0, 2.0, 6.0)]
    np.testing.assert_allclose(layers.Add()(xs), 9.0)
    np.testing.assert_allclose(layers.Average()(xs), 3.0)
    assert layers.Add().compute_output_shape([(None, 4, 1), (None, 4, 5)]) == (None, 4, 5)


def test_merge_gives_a_lower_rank_input_axes_after_the_batch_axis():
    # As in Keras: (batch, 4) becomes (batch, 1, 4) against (batch, 3, 4), so
    # each sample's vector is added to that sample's rows (NumPy alone would
    # align the batch axis of one with the 3 of the other, and fail).
    rows, vectors = np.ones((2, 3, 4), "float32"), np.arange(8.0, dtype="float32").reshape(2, 4)
    np.testing.assert_allclose(layers.Add()([rows, vectors]), rows + vectors[:, None, :])
    np.testing.assert_allclose(layers.Subtract()([vectors, rows]), vectors[:, None, :] - rows)
    assert layers.Add().compute_output_shape([(None, 3, 4), (None, 4)]) == (None, 3, 4)


def test_concatenate():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 1))
    with float64():
        np.testing.assert_array_equal(layers.Concatenate()([a, b]), np.concatenate([a, b], -1))
        check_op_gradients(lambda x, y: layers.Concatenate(axis=1)([x, y]), a, a[:, :2])
    layer = layers.Concatenate(axis=1)
    assert layer.compute_output_shape([(None, 3, 4), (None, 2, 4)]) == (None, 5, 4)
    assert layer.get_config()["axis"] == 1


def test_merge_errors_name_layer_and_shapes():
    with pytest.raises(ValueError, match=r"incompatible shapes in layer 'add_bad'.*\(None, 5\).*\(None, 4\)"):
        layers.Add(name="add_bad").compute_output_shape([(None, 5), (None, 4)])
    with pytest.raises(ValueError, match=r"matching shapes except for the concatenation axis.*'cat_bad'"):
        layers.Concatenate(name="cat_bad")([np.zeros((2, 5, 3)), np.zeros((2, 4, 2))])
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layers.Subtract()([np.zeros((2, 3))] * 3)
    with pytest.raises(ValueError, match="at least 2"):
        layers.Add()([np.zeros((2, 3))])


# -------------------------------------------------------------------- embedding


def test_embedding_lookup_gradient_and_config():
    layer = layers.Embedding(5, 3, name="emb")
    indices = np.array([[0, 4, 4], [1, 0, 2]])
    out = layer(indices)
    np.testing.assert_array_equal(np.asarray(out), layer.embeddings.value[indices])
    assert [w.path for w in layer.weights] == ["emb/embeddings"]
    (grad,) = gradients(ops.sum(out), [layer.embeddings])
    np.testing.assert_array_equal(grad[:, 0], [2, 1, 1, 0, 2])  # repeated indices add up
    clone = layers.Embedding.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert layer.compute_output_shape((None, 3)) == (None, 3, 3)
    init = layer.get_config()["embeddings_initializer"]
    assert init["class_name"] == "RandomUniform" and init["config"]["maxval"] == 0.05


def test_embedding_rejects_out_of_range_indices():
    with pytest.raises(ValueError, match=r"Layer 'emb2' received index 7, outside the valid range \[0, 5\)"):
        layers.Embedding(5, 2, name="emb2")(np.array([[1, 7]]))
    with pytest.raises(ValueError, match="`input_dim` must be a positive integer"):
        layers.Embedding(0, 2)


# ----------------------------------------------------------------- bad inputs


def test_conv_channels_mismatch_names_layer_and_shapes():
    layer = layers.Conv2D(2, 3, name="conv_ch")
    layer(np.zeros((1, 5, 5, 1), "float32"))
    with pytest.raises(ValueError, match=r"layer 'conv_ch'.*axis -1 of input shape to have value 1.*\(1, 5, 5, 2\)"):
        layer(np.zeros((1, 5, 5, 2), "float32"))


def test_input_smaller_than_kernel_with_valid_padding():
    with pytest.raises(ValueError, match=r"layer 'tiny'.*too small.*inputs.shape=\(1, 2, 2, 1\).*window size=\(3, 3\)"):
        layers.Conv2D(2, 3, name="tiny")(np.zeros((1, 2, 2, 1), "float32"))
    with pytest.raises(ValueError, match=r"layer 'tiny_pool'.*too small"):
        layers.MaxPooling2D(3, name="tiny_pool")(np.zeros((1, 2, 2, 1), "float32"))
    # 'same' padding has no such limit
    assert np.shape(layers.Conv2D(2, 3, padding="same")(np.zeros((1, 2, 2, 1), "float32"))) == (1, 2, 2, 2)


def test_conv_rank_and_argument_errors():
    with pytest.raises(ValueError, match=r"expected min_ndim=4, found ndim=3"):
        layers.Conv2D(2, 3)(np.zeros((1, 5, 5), "float32"))
    with pytest.raises(ValueError, match="`kernel_size` argument must be a tuple of 2 integers"):
        layers.Conv2D(2, (3, 3, 3))
    with pytest.raises(ValueError, match="strictly positive"):
        layers.Conv2D(0, 3)
    with pytest.raises(ValueError, match="`padding` argument must be"):
        layers.Conv2D(2, 3, padding="full")
    with pytest.raises(ValueError, match="evenly divisible by the number of groups"):
        layers.Conv2D(3, 3, groups=2)
    with pytest.raises(ValueError, match="`strides > 1` not supported in conjunction"):
        layers.Conv2D(3, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="data_format"):
        layers.MaxPooling2D(data_format="channels_middle")
    with pytest.raises(ValueError, match="input channels must be evenly divisible"):
        layers.Conv2D(4, 3, groups=2)(np.zeros((1, 5, 5, 3), "float32"))


def test_configs_carry_every_constructor_argument():
    conv = layers.Conv2D(4, 3, strides=2, padding="same", dilation_rate=1, groups=2,
                         activation="relu", use_bias=False)
    config = conv.get_config()
    assert config["kernel_size"] == (3, 3) and config["strides"] == (2, 2)
    assert config["padding"] == "same" and config["groups"] == 2 and config["activation"] == "relu"
    depthwise = layers.DepthwiseConv2D(3, depth_multiplier=2).get_config()
    assert "depthwise_initializer" in depthwise and "filters" not in depthwise
    transpose = layers.Conv2DTranspose(3, 3, strides=2, output_padding=1).get_config()
    assert transpose["output_padding"] == (1, 1) and "groups" not in transpose
    pool = layers.MaxPooling2D().get_config()
    assert pool["pool_size"] == (2, 2) and pool["strides"] == (2, 2)
    for layer in (conv, layers.DepthwiseConv2D(3), layers.Conv2DTranspose(3, 3),
                  layers.BatchNormalization(momentum=0.5), layers.UpSampling2D(3)):
        assert type(layer).from_config(layer.get_config()).get_config() == layer.get_config()
