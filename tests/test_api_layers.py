"""The general-purpose layers: generic checks (shapes, weights, configs,
finite-difference gradients), their arguments' errors, and what the random
layers do in training."""

import re

import numpy as np
import pytest

import kerasish
from kerasish import layers
from tests.layer_checks import check_layer


def _away_from_kinks(rng, shape):
    """Inputs at least 0.1 away from 0, where relus have their kink."""
    x = rng.uniform(0.1, 1.0, size=shape)
    return x * rng.choice([-1.0, 1.0], size=shape)


@pytest.mark.parametrize("make, shape, num_weights", [
    (lambda: layers.ReLU(max_value=5.0, negative_slope=0.1), (3, 4), 0),
    (lambda: layers.LeakyReLU(0.2), (3, 4), 0),
    (lambda: layers.PReLU(alpha_initializer="random_uniform"), (3, 4), 1),
    (lambda: layers.PReLU(shared_axes=[1]), (2, 3, 4), 1),
    (lambda: layers.ELU(alpha=0.5), (3, 4), 0),
    (lambda: layers.Softmax(), (3, 4), 0),
    (lambda: layers.Softmax(axis=(1, 2)), (2, 3, 4), 0),
    (lambda: layers.Identity(), (3, 4), 0),
    (lambda: layers.Lambda(kerasish.activations.tanh), (3, 4), 0),
    (lambda: layers.RepeatVector(2), (3, 4), 0),
    (lambda: layers.ActivityRegularization(l2=0.1), (3, 4), 0),
    (lambda: layers.Cropping1D((1, 0)), (2, 4, 3), 0),
    (lambda: layers.Cropping2D(((1, 0), (0, 2))), (2, 4, 5, 3), 0),
    (lambda: layers.Cropping3D(1, data_format="channels_first"), (2, 2, 3, 4, 5), 0),
    (lambda: layers.ZeroPadding1D(2), (2, 4, 3), 0),
    (lambda: layers.ZeroPadding3D((1, 0, 2)), (2, 2, 2, 2, 2), 0),
    (lambda: layers.UpSampling1D(2), (2, 3, 2), 0),
    (lambda: layers.UpSampling3D((2, 1, 2)), (2, 2, 2, 2, 2), 0),
    (lambda: layers.UnitNormalization(axis=[1, 2]), (2, 3, 4), 0),
    (lambda: layers.GroupNormalization(groups=2), (2, 3, 4), 2),
    (lambda: layers.GroupNormalization(groups=-1, axis=1, scale=False), (2, 3, 4), 1),
    (lambda: layers.AlphaDropout(0.3), (3, 4), 0),
    (lambda: layers.GaussianDropout(0.3), (3, 4), 0),
    (lambda: layers.SpatialDropout2D(0.3), (2, 3, 3, 2), 0),
])
def test_generic_layer_checks(make, shape, num_weights):
    check_layer(make, shape, num_weights=num_weights, input_fn=_away_from_kinks)


def test_relu_arguments():
    x = np.array([[-1.0, 0.1, 0.5, 3.0]], dtype="float32")
    out = np.asarray(layers.ReLU(max_value=2.0, negative_slope=0.5, threshold=0.2)(x))
    np.testing.assert_allclose(out, [[-0.6, -0.05, 0.5, 2.0]], rtol=1e-6)


@pytest.mark.parametrize("make, message", [
    (lambda: layers.ReLU(max_value=-1.0), "max_value of a ReLU layer cannot be a negative"),
    (lambda: layers.ReLU(negative_slope=-0.1), "negative_slope of a ReLU layer cannot be None"),
    (lambda: layers.ReLU(threshold=None), "threshold of a ReLU layer cannot be None"),
    (lambda: layers.LeakyReLU(-1.0), "cannot be None or negative"),
    (lambda: layers.Cropping2D((1, 2, 3)), "`cropping` should be either an int"),
    (lambda: layers.Cropping2D(-1), "`cropping` cannot be negative"),
    (lambda: layers.Cropping1D((1, -1)), "cropping"),
    (lambda: layers.ZeroPadding3D((1, 2)), "`padding` should be either an int"),
    (lambda: layers.UpSampling1D(0), "Argument `size` should be a positive integer"),
    (lambda: layers.UpSampling3D((1, 2)), "size"),
    (lambda: layers.Dot(axes=(1, 2, 3)), "it should contain two elements"),
    (lambda: layers.Dot(axes=(1, "a")), "list elements should be integers"),
    (lambda: layers.AlphaDropout(1.5), "Expected a float value between 0 and 1"),
    (lambda: layers.GaussianDropout(-0.1), "Expected a float value between 0 and 1"),
    (lambda: layers.SpatialDropout1D(2), "Expected a float value between 0 and 1"),
    # Keras's words for the checks issue 14 added or aligned:
    (lambda: layers.GroupNormalization(groups=0), "invalid value for argument `groups`"),
    (lambda: layers.RepeatVector(0), "Argument `n` should be a positive integer. Received: n=0"),
    (lambda: layers.Reshape((-1, -1)), "at most one unknown dimension"),
    (lambda: layers.Conv2DTranspose(2, 3, strides=2, output_padding=2),
     "At dimension 0, `output_padding` is 2 but `strides` is 2"),
    (lambda: layers.Conv2D(2.5, 3), "must be evenly divisible by the number of groups"),
    (lambda: layers.Conv1D(2, 3, padding="full"),
     re.escape("one of {'causal', 'same', 'valid'}. Received: full")),
    (lambda: layers.Conv2D(2, 0), re.escape("including values {0} that do not satisfy")),
    (lambda: layers.AdaptiveMaxPooling1D((2, 2)), "`output_size` tuple must have length 1"),
    (lambda: layers.AdaptiveMaxPooling2D(2, data_format="nhwc"), "Invalid data_format: nhwc"),
    (lambda: layers.ZeroPadding2D((1, 2, 3)), "`padding` should have two elements"),
    (lambda: layers.Cropping3D((1, 1)), "`cropping` should have 3 elements"),
    (lambda: layers.ActivityRegularization(l1=-1.0), "expected a non-negative float"),
])
def test_bad_arguments_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("make, message", [
    (lambda: layers.RepeatVector(2.5), "Expected an integer value for `n`"),
    (lambda: layers.UpSampling1D(1.5), "Expected an integer value for `size`"),
    (lambda: layers.Dot(axes="1"), "Invalid type for argument `axes`"),
    (lambda: layers.UnitNormalization(axis="x"), "Invalid value for `axis`"),
])
def test_bad_argument_types_are_refused(make, message):
    with pytest.raises(TypeError, match=message):
        make()


@pytest.mark.parametrize("layer, shape, message", [
    (layers.Cropping1D((2, 2)), (1, 4, 2), "should be smaller than the corresponding"),
    (layers.Cropping2D(1), (1, 4, 2), "expected ndim=4"),
    (layers.RepeatVector(2), (1, 4, 2), "expected ndim=2"),
    (layers.GroupNormalization(groups=4), (1, 2, 6), r"must be a multiple"),
    (layers.GroupNormalization(groups=8), (1, 2, 6), r"cannot be more than"),
    (layers.UnitNormalization(axis=3), (1, 2, 6), "out of bounds"),
])
def test_bad_inputs_are_refused(layer, shape, message):
    with pytest.raises(ValueError, match=message):
        layer(np.ones(shape, dtype="float32"))


def test_dot_refuses_mismatched_axes_and_single_inputs():
    with pytest.raises(ValueError, match="Incompatible input shapes"):
        layers.Dot(axes=1)([np.ones((2, 3)), np.ones((2, 4))])
    with pytest.raises(ValueError, match="list of 2 inputs"):
        layers.Dot(axes=1).compute_output_shape((2, 3))


def test_softmax_mask_zeroes_masked_positions_and_checks_shape():
    x = np.array([[1.0, 2.0, 3.0]], dtype="float32")
    out = np.asarray(layers.Softmax()(x, mask=np.array([[1, 0, 1]])))
    assert out[0, 1] == 0.0
    np.testing.assert_allclose(out.sum(), 1.0, rtol=1e-6)
    with pytest.raises(ValueError, match="broadcastable"):
        layers.Softmax()(x, mask=np.ones((1, 2), dtype=bool))


def test_lambda_config_stores_lambdas_as_bytecode_and_refuses_them_in_safe_mode():
    layer = layers.Lambda(lambda x, scale=3.0: x * scale, output_shape=(4,))
    config = layer.get_config()
    assert config["function"]["class_name"] == "__lambda__"
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(dict(config))
    clone = layers.Lambda.from_config(dict(config), safe_mode=False)
    np.testing.assert_allclose(np.asarray(clone(np.ones((1, 4)))), 3.0)
    assert clone.compute_output_shape((None, 4)) == (None, 4)


def test_lambda_with_a_closure_and_named_function_round_trip():
    offset = 2.0
    closure = layers.Lambda(lambda x: x + offset)
    clone = layers.Lambda.from_config(closure.get_config(), safe_mode=False)
    np.testing.assert_allclose(np.asarray(clone(np.zeros((1, 2)))), 2.0)
    named = layers.Lambda(kerasish.activations.relu)
    assert named.get_config()["function"]["config"] == "relu"
    np.testing.assert_allclose(
        np.asarray(layers.Lambda.from_config(named.get_config())(np.array([[-1.0, 1.0]]))),
        [[0.0, 1.0]])


def test_lambda_passes_training_and_arguments():
    seen = {}

    def record(x, factor, training=None):
        seen["training"] = training
        return x * factor

    layer = layers.Lambda(record, arguments={"factor": 2.0})
    np.testing.assert_allclose(np.asarray(layer(np.ones((1, 1)), training=True)), 2.0)
    assert seen["training"] is True


def test_spatial_dropout_drops_whole_channels():
    layer = layers.SpatialDropout2D(0.5, seed=1)
    out = np.asarray(layer(np.ones((8, 4, 4, 6), dtype="float32"), training=True))
    per_channel = out.reshape(8, 16, 6)
    assert np.all(per_channel == per_channel[:, :1])  # one decision per (sample, channel)
    assert set(np.unique(out)) == {0.0, 2.0}
    channels_first = layers.SpatialDropout2D(0.5, data_format="channels_first", seed=0)
    out = np.asarray(channels_first(np.ones((4, 3, 5, 5), dtype="float32"), training=True))
    assert np.all(out == out[:, :, :1, :1])


def test_gaussian_and_alpha_dropout_statistics():
    x = np.random.default_rng(0).normal(size=(4000, 25)).astype("float32")
    gaussian = np.asarray(layers.GaussianDropout(0.5, seed=0)(np.ones_like(x), training=True))
    assert abs(gaussian.mean() - 1.0) < 0.02 and abs(gaussian.std() - 1.0) < 0.02
    alpha = np.asarray(layers.AlphaDropout(0.3, seed=0)(x, training=True))
    assert abs(alpha.mean()) < 0.02 and abs(alpha.std() - 1.0) < 0.02
    np.testing.assert_array_equal(np.asarray(layers.AlphaDropout(0.3)(x)), x)


def test_activity_regularization_adds_its_penalty():
    layer = layers.ActivityRegularization(l1=0.1, l2=0.01)
    layer(np.array([[1.0, -2.0], [3.0, 0.0]], dtype="float32"))
    (loss,) = layer.losses
    np.testing.assert_allclose(float(loss), (0.1 * 6 + 0.01 * 14) / 2, rtol=1e-6)
    assert "activity_regularizer" not in layer.get_config()


def test_group_normalization_of_one_group_is_layer_normalization():
    x = np.random.default_rng(0).normal(size=(3, 4, 6)).astype("float32")
    grouped = np.asarray(layers.GroupNormalization(groups=1, epsilon=1e-3)(x))
    flat = x.reshape(3, -1)
    expected = (flat - flat.mean(1, keepdims=True)) / np.sqrt(flat.var(1, keepdims=True) + 1e-3)
    np.testing.assert_allclose(grouped.reshape(3, -1), expected, rtol=1e-4, atol=1e-5)


def test_new_layers_train_in_a_sequential_model():
    kerasish.utils.set_random_seed(0)
    model = kerasish.Sequential([
        kerasish.Input(shape=(6, 2)),
        layers.ZeroPadding1D(1),
        layers.Conv1D(4, 3),
        layers.PReLU(),
        layers.GroupNormalization(2),
        layers.SpatialDropout1D(0.1),
        layers.Cropping1D(1),
        layers.UpSampling1D(2),
        layers.Flatten(),
        layers.LeakyReLU(),
        layers.Dense(2),
        layers.Softmax(),
    ])
    model.compile(kerasish.optimizers.Adam(0.01), "sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 6, 2)).astype("float32")
    y = (x.sum(axis=(1, 2)) > 0).astype("int64")
    history = model.fit(x, y, epochs=10, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("make, shape, num_weights", [
    (lambda: layers.Conv3D(2, 2, padding="same", strides=(1, 2, 1)), (1, 3, 3, 2, 2), 2),
    (lambda: layers.Conv3D(2, 2, groups=2, data_format="channels_first"), (1, 2, 3, 3, 2), 2),
    (lambda: layers.DepthwiseConv1D(2, depth_multiplier=2), (2, 4, 2), 2),
    (lambda: layers.SeparableConv1D(3, 2, padding="same"), (2, 4, 2), 3),
    (lambda: layers.SeparableConv2D(2, 2, use_bias=False), (1, 3, 3, 2), 2),
    (lambda: layers.MaxPooling3D(2, strides=1, padding="same"), (1, 3, 3, 2, 2), 0),
    (lambda: layers.AveragePooling3D((1, 2, 2), padding="same"), (1, 2, 3, 3, 2), 0),
    (lambda: layers.GlobalAveragePooling3D(), (2, 2, 2, 3, 2), 0),
    (lambda: layers.GlobalMaxPooling3D(keepdims=True), (2, 2, 2, 3, 2), 0),
    (lambda: layers.AdaptiveAveragePooling2D((2, 3)), (1, 5, 4, 2), 0),
    (lambda: layers.AdaptiveMaxPooling1D(3), (2, 7, 2), 0),
    (lambda: layers.AdaptiveMaxPooling3D(2, data_format="channels_first"), (1, 2, 3, 4, 3), 0),
])
def test_generic_checks_of_convolution_and_pooling_layers(make, shape, num_weights):
    check_layer(make, shape, num_weights=num_weights)


def test_separable_conv_is_depthwise_then_pointwise():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 5, 3)).astype("float32")
    layer = layers.SeparableConv2D(4, 3, depth_multiplier=2, use_bias=False)
    out = np.asarray(layer(x))
    depthwise = layers.DepthwiseConv2D(3, depth_multiplier=2, use_bias=False)
    pointwise = layers.Conv2D(4, 1, use_bias=False)
    pointwise(depthwise(x))
    depthwise.set_weights([layer.get_weights()[0]])
    pointwise.set_weights([layer.get_weights()[1]])
    np.testing.assert_allclose(out, np.asarray(pointwise(depthwise(x))), rtol=1e-5, atol=1e-6)


def test_conv3d_matches_a_direct_sum():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, 3, 3, 3, 2))
    kernel = rng.normal(size=(2, 2, 2, 2, 1))
    out = np.asarray(kerasish.ops.conv(x, kernel))
    expected = np.zeros((1, 2, 2, 2, 1))
    for d, h, w in np.ndindex(2, 2, 2):
        expected[0, d, h, w, 0] = np.sum(x[0, d:d + 2, h:h + 2, w:w + 2, :] * kernel[..., 0])
    np.testing.assert_allclose(out, expected, rtol=1e-10)


def test_adaptive_pooling_bins():
    x = np.arange(10.0).reshape(1, 10, 1)
    out = np.asarray(layers.AdaptiveAveragePooling1D(4)(x))[0, :, 0]
    # Bins [0, 3), [2, 5), [5, 8), [7, 10).
    np.testing.assert_allclose(out, [1.0, 3.0, 6.0, 8.0])


@pytest.mark.parametrize("make, error, message", [
    (lambda: layers.AdaptiveAveragePooling2D((1, 2, 3)), TypeError, "must be an integer or"),
    (lambda: layers.AdaptiveMaxPooling1D("a"), TypeError, "must be an integer or"),
    (lambda: layers.SeparableConv2D(4, 3, depth_multiplier=0), ValueError, "depth_multiplier"),
    (lambda: layers.SeparableConv1D(0, 3), ValueError, "filters"),
    (lambda: layers.DepthwiseConv1D(3, depth_multiplier=-1), ValueError, "depth_multiplier"),
    (lambda: layers.Conv3D(4, 3, groups=3), ValueError, "divisible by the number of groups"),
    (lambda: layers.MaxPooling3D((2, 2)), ValueError, "pool_size"),
])
def test_bad_convolution_and_pooling_arguments(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_3d_layers_refuse_inputs_of_the_wrong_rank():
    # Keras's convolutions accept extra batch axes: their spec is a minimum rank.
    with pytest.raises(ValueError, match="expected min_ndim=5"):
        layers.Conv3D(2, 2)(np.ones((1, 4, 4, 2), dtype="float32"))
    with pytest.raises(ValueError, match="expected ndim=5"):
        layers.MaxPooling3D()(np.ones((1, 4, 4, 2), dtype="float32"))
    with pytest.raises(ValueError, match="conv_transpose` supports 1-D"):
        kerasish.ops.conv_transpose(np.ones((1, 2, 2, 2, 2, 1)), np.ones((2, 2, 2, 2, 1, 1)))


@pytest.mark.parametrize("make, shape, num_weights, num_trainable", [
    (lambda: layers.RMSNormalization(), (3, 4), 1, 1),
    (lambda: layers.RMSNormalization(axis=[1, 2]), (2, 3, 4), 1, 1),
    (lambda: layers.SpectralNormalization(layers.Dense(2)), (3, 4), 3, 2),
])
def test_generic_checks_of_normalization_wrappers(make, shape, num_weights, num_trainable):
    check_layer(make, shape, num_weights=num_weights, num_trainable=num_trainable)


def test_spectral_normalization_brings_the_largest_singular_value_to_one():
    layer = layers.SpectralNormalization(layers.Dense(4, kernel_initializer="random_normal"),
                                         power_iterations=20)
    x = np.ones((2, 6), dtype="float32")
    layer(x, training=True)
    singular_values = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)
    assert abs(singular_values[0] - 1.0) < 1e-3


def test_wrapper_and_spectral_normalization_errors():
    with pytest.raises(ValueError, match="isn't a supported layer type"):
        layers.Wrapper("dense")
    with pytest.raises(ValueError, match="`power_iterations` should be greater than zero"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="has no attribute 'kernel' nor 'embeddings'"):
        layers.SpectralNormalization(layers.ReLU())(np.ones((1, 2), dtype="float32"))


def test_input_spec_checks():
    from kerasish.layers.input_spec import assert_input_compatibility

    spec = layers.InputSpec(min_ndim=2, axes={-1: 3})
    assert_input_compatibility(spec, np.ones((2, 3)), "layer")
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        assert_input_compatibility(spec, np.ones((2, 4)), "layer")
    with pytest.raises(ValueError, match="expected min_ndim=2"):
        assert_input_compatibility(spec, np.ones(3), "layer")
    with pytest.raises(ValueError, match="expects 2 input"):
        assert_input_compatibility([spec, spec], np.ones((2, 3)), "layer")
    with pytest.raises(ValueError, match="greater than the maximum allowed value"):
        layers.InputSpec(ndim=2, axes={3: 1})
    assert layers.InputSpec(shape=(None, 4)).ndim == 2


@pytest.mark.parametrize("make, shape, num_weights", [
    (lambda: layers.EinsumDense("abc,cde->abde", output_shape=(3, 2, 2), bias_axes="e"),
     (2, 3, 4), 2),
    (lambda: layers.EinsumDense("...b,bc->...c", output_shape=3), (2, 2, 4), 1),
])
def test_generic_checks_of_einsum_dense(make, shape, num_weights):
    check_layer(make, shape, num_weights=num_weights)


@pytest.mark.parametrize("equation, output_shape, bias_axes, message", [
    ("ab,bc", 3, None, "Invalid einsum equation"),
    ("ab,bc->ad", 3, None, "Dimension 'd' was specified in the output"),
    ("ab,bcx->ac", 3, None, "Weight dimension 'x' did not have a match"),
    ("ab,bc->ac", 3, "z", "Bias dimension 'z' was requested"),
])
def test_einsum_dense_refuses_bad_equations(equation, output_shape, bias_axes, message):
    layer = layers.EinsumDense(equation, output_shape=output_shape, bias_axes=bias_axes)
    with pytest.raises(ValueError, match=message):
        layer(np.ones((2, 4), dtype="float32"))


def test_einsum_dense_refuses_lora():
    with pytest.raises(ValueError, match="LoRA"):
        layers.EinsumDense("ab,bc->ac", 3, lora_rank=2)


@pytest.mark.parametrize("make, shape", [
    (lambda: layers.Conv3DTranspose(2, 2, strides=2), (1, 2, 2, 2, 2)),
    (lambda: layers.Conv3DTranspose(2, 3, padding="same", output_padding=(0, 1, 0),
                                    strides=(1, 2, 1), data_format="channels_first"),
     (1, 2, 2, 2, 2)),
])
def test_generic_checks_of_conv3d_transpose(make, shape):
    check_layer(make, shape, num_weights=2)


def test_conv3d_transpose_is_the_gradient_of_conv3d():
    from kerasish.backend.tensor import Tensor, gradients

    rng = np.random.default_rng(0)
    kernel = rng.normal(size=(2, 3, 2, 2, 3))  # (kd, kh, kw, 2 in / 2 out, 3 out / 3 in)
    y = rng.normal(size=(1, 2, 2, 3, 3))
    x = Tensor(rng.normal(size=(1, 5, 5, 4, 2)))
    (grad_x,) = gradients(kerasish.ops.sum(kerasish.ops.multiply(
        kerasish.ops.conv(x, kernel, strides=(2, 2, 1)), y)), [x])
    transposed = kerasish.ops.conv_transpose(y, kernel, strides=(2, 2, 1), output_padding=(1, 0, 0))
    np.testing.assert_allclose(np.asarray(transposed), grad_x, rtol=1e-10, atol=1e-12)
