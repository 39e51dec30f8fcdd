"""The general-purpose layers (activation layers, cropping, padding,
upsampling, regularization, normalization, Lambda, Dot...) against Keras.

API_LAYER_CASES joins the LAYERS table of test_layers_parity.py (outputs,
gradients, weights, shapes and configs against Keras). The tests here cover
what that table cannot: two-input layers, masks, files written by Keras and
the safe-mode refusal of lambdas.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras


@dataclass
class _LayerCase:
    """The fields of test_layers_parity.LayerCase (importing it from there
    would be circular: that module imports API_LAYER_CASES)."""

    label: str
    factory: Callable
    input_shape: tuple
    tolerance: object = REDUCTION


_layer_case = _LayerCase


def _split_dot(m, **dot_kwargs):
    """A one-input layer around Dot, so the LAYERS harness can run it: the
    input's last axis is split in two halves that Dot multiplies."""

    class SplitDot(m.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dot = m.layers.Dot(**dot_kwargs)

        def call(self, inputs):
            half = inputs.shape[-1] // 2
            return self.dot([inputs[..., :half], inputs[..., half:]])

        def compute_output_shape(self, input_shape):
            half = input_shape[-1] // 2
            shape = tuple(input_shape[:-1]) + (half,)
            return self.dot.compute_output_shape([shape, shape])

        def get_config(self):
            return self.dot.get_config()

    return SplitDot()


def _cases():
    C = _layer_case
    return [
        C("ReLU", lambda m: m.layers.ReLU(), (3, 5)),
        C("ReLU[all arguments]", lambda m: m.layers.ReLU(max_value=0.6, negative_slope=0.1,
                                                          threshold=0.2), (3, 5)),
        C("LeakyReLU", lambda m: m.layers.LeakyReLU(), (3, 5)),
        C("LeakyReLU[slope]", lambda m: m.layers.LeakyReLU(negative_slope=0.05), (3, 5)),
        C("PReLU", lambda m: m.layers.PReLU(alpha_initializer=m.initializers.Constant(0.25)),
          (3, 4, 5)),
        C("PReLU[shared_axes]", lambda m: m.layers.PReLU(
            alpha_initializer="random_uniform", shared_axes=[1, 2]), (2, 3, 4, 5)),
        C("ELU", lambda m: m.layers.ELU(alpha=0.7), (3, 5)),
        C("Softmax", lambda m: m.layers.Softmax(), (3, 5)),
        C("Softmax[axes]", lambda m: m.layers.Softmax(axis=(1, 2)), (2, 3, 4)),
        C("Identity", lambda m: m.layers.Identity(), (3, 5)),
        C("Lambda", lambda m: m.layers.Lambda(lambda x: x * x + 1.0), (3, 5)),
        C("Lambda[output_shape]", lambda m: m.layers.Lambda(
            lambda x: x[:, :2], output_shape=(2,)), (3, 5)),
        C("RepeatVector", lambda m: m.layers.RepeatVector(3), (2, 4)),
        C("Dot", lambda m: _split_dot(m, axes=1), (3, 8)),
        C("Dot[3d,normalize]", lambda m: _split_dot(m, axes=(1, 1), normalize=True), (2, 3, 6)),
        C("ActivityRegularization", lambda m: m.layers.ActivityRegularization(l1=0.1, l2=0.2),
          (3, 5)),
        C("AlphaDropout[inference]", lambda m: m.layers.AlphaDropout(0.3), (3, 5)),
        C("GaussianDropout[inference]", lambda m: m.layers.GaussianDropout(0.3), (3, 5)),
        C("SpatialDropout1D[inference]", lambda m: m.layers.SpatialDropout1D(0.3), (2, 4, 3)),
        C("SpatialDropout2D[inference]", lambda m: m.layers.SpatialDropout2D(0.3), (2, 4, 3, 2)),
        C("SpatialDropout3D[inference]", lambda m: m.layers.SpatialDropout3D(0.3),
          (2, 3, 3, 2, 2)),
        C("Cropping1D", lambda m: m.layers.Cropping1D((1, 2)), (2, 6, 3)),
        C("Cropping2D", lambda m: m.layers.Cropping2D(((1, 0), (2, 1))), (2, 5, 6, 2)),
        C("Cropping2D[channels_first]", lambda m: m.layers.Cropping2D(
            1, data_format="channels_first"), (2, 2, 5, 6)),
        C("Cropping3D", lambda m: m.layers.Cropping3D((1, (0, 1), 2)), (2, 4, 5, 6, 2)),
        C("ZeroPadding1D", lambda m: m.layers.ZeroPadding1D((2, 1)), (2, 4, 3)),
        C("ZeroPadding3D", lambda m: m.layers.ZeroPadding3D(((1, 0), 1, (0, 2))), (2, 2, 3, 2, 2)),
        C("UpSampling1D", lambda m: m.layers.UpSampling1D(3), (2, 4, 3)),
        C("UpSampling3D", lambda m: m.layers.UpSampling3D((1, 2, 3)), (2, 2, 3, 2, 2)),
        C("UpSampling3D[channels_first]", lambda m: m.layers.UpSampling3D(
            2, data_format="channels_first"), (2, 2, 3, 2, 2)),
        C("UnitNormalization", lambda m: m.layers.UnitNormalization(), (3, 5)),
        C("UnitNormalization[axes]", lambda m: m.layers.UnitNormalization(axis=[1, 2]),
          (2, 3, 4)),
        C("GroupNormalization", lambda m: m.layers.GroupNormalization(
            groups=2, gamma_initializer="random_uniform", beta_initializer="random_uniform"),
          (3, 5, 4)),
        C("GroupNormalization[instance,axis1]", lambda m: m.layers.GroupNormalization(
            groups=-1, axis=1, center=False), (2, 3, 4, 5)),
    ] + _convolution_and_pooling_cases()


def _convolution_and_pooling_cases():
    C = _layer_case
    return [
        C("Conv3D", lambda m: m.layers.Conv3D(3, 2, activation="relu"), (2, 4, 3, 5, 2)),
        C("Conv3D[same,strides,groups]", lambda m: m.layers.Conv3D(
            4, (3, 2, 3), strides=(2, 1, 2), padding="same", groups=2), (2, 5, 4, 5, 2)),
        # No bias: Keras 3.15 on TensorFlow gets the bias gradient of a channels-first
        # Conv3D wrong (not the per-channel sum of the output gradient).
        C("Conv3D[dilation,channels_first]", lambda m: m.layers.Conv3D(
            2, 2, dilation_rate=2, data_format="channels_first", use_bias=False),
          (2, 2, 4, 3, 4)),
        C("Convolution3D", lambda m: m.layers.Convolution3D(2, 2), (1, 3, 3, 3, 2)),
        C("Conv3DTranspose", lambda m: m.layers.Conv3DTranspose(3, 2, strides=2, activation="relu"),
          (2, 2, 3, 2, 2)),
        C("Conv3DTranspose[same,output_padding]", lambda m: m.layers.Conv3DTranspose(
            2, 3, strides=(2, 1, 2), padding="same", output_padding=(1, 0, 0)), (2, 3, 2, 3, 2)),
        C("Convolution3DTranspose", lambda m: m.layers.Convolution3DTranspose(
            2, (2, 3, 2), data_format="channels_first", use_bias=False), (1, 2, 2, 3, 2)),
        C("Convolution1DTranspose", lambda m: m.layers.Convolution1DTranspose(2, 3), (2, 4, 3)),
        C("DepthwiseConv1D", lambda m: m.layers.DepthwiseConv1D(3, depth_multiplier=2,
                                                                padding="same"), (2, 6, 3)),
        C("SeparableConv1D", lambda m: m.layers.SeparableConv1D(4, 3, depth_multiplier=2,
                                                                activation="relu"), (2, 7, 3)),
        C("SeparableConv2D", lambda m: m.layers.SeparableConv2D(4, 3, padding="same",
                                                                strides=2), (2, 6, 5, 3)),
        C("SeparableConv2D[channels_first]", lambda m: m.layers.SeparableConv2D(
            3, 2, data_format="channels_first", use_bias=False), (2, 3, 5, 4)),
        C("SeparableConvolution1D", lambda m: m.layers.SeparableConvolution1D(2, 2), (2, 5, 2)),
        C("SeparableConvolution2D", lambda m: m.layers.SeparableConvolution2D(2, 2), (2, 4, 4, 2)),
        C("MaxPooling3D", lambda m: m.layers.MaxPooling3D(), (2, 4, 5, 4, 2)),
        C("MaxPool3D", lambda m: m.layers.MaxPool3D(3, strides=2, padding="same"), (2, 5, 4, 5, 2)),
        C("AveragePooling3D", lambda m: m.layers.AveragePooling3D(2), (2, 4, 5, 4, 2)),
        C("AvgPool3D", lambda m: m.layers.AvgPool3D(3, strides=(1, 2, 2), padding="same",
                                                    data_format="channels_first"),
          (2, 2, 5, 4, 5)),
        C("GlobalAveragePooling3D", lambda m: m.layers.GlobalAveragePooling3D(), (2, 3, 2, 4, 3)),
        C("GlobalAvgPool3D", lambda m: m.layers.GlobalAvgPool3D(keepdims=True), (2, 3, 2, 4, 3)),
        C("GlobalMaxPooling3D", lambda m: m.layers.GlobalMaxPooling3D(), (2, 3, 2, 4, 3)),
        C("GlobalMaxPool3D", lambda m: m.layers.GlobalMaxPool3D(data_format="channels_first"),
          (2, 3, 2, 4, 3)),
        C("AdaptiveAveragePooling1D", lambda m: m.layers.AdaptiveAveragePooling1D(3), (2, 7, 3)),
        C("AdaptiveAveragePooling2D", lambda m: m.layers.AdaptiveAveragePooling2D((3, 2)),
          (2, 7, 5, 2)),
        C("AdaptiveAveragePooling3D", lambda m: m.layers.AdaptiveAveragePooling3D(
            2, data_format="channels_first"), (2, 2, 5, 4, 3)),
        C("AdaptiveMaxPooling1D", lambda m: m.layers.AdaptiveMaxPooling1D(4), (2, 10, 3)),
        C("AdaptiveMaxPooling2D", lambda m: m.layers.AdaptiveMaxPooling2D(3), (2, 8, 7, 2)),
        C("AdaptiveMaxPooling3D", lambda m: m.layers.AdaptiveMaxPooling3D((2, 3, 2)),
          (1, 4, 5, 5, 2)),
    ]


def _doubling_wrapper(m):
    """A Wrapper subclass (Wrapper itself has no call), the same in both libraries."""

    class Doubled(m.layers.Wrapper):
        def call(self, inputs):
            return self.layer(inputs) * 2.0

        def compute_output_shape(self, input_shape):
            return self.layer.compute_output_shape(input_shape)

    return Doubled(m.layers.Dense(3, activation="tanh", name="inner"))


def _reverse_projection(m, **kwargs):
    """ReversibleEmbedding used in reverse (vectors -> logits), the direction
    the float inputs of the LAYERS harness can drive; lookups are tested below."""

    class ReverseProjection(m.layers.ReversibleEmbedding):
        def call(self, inputs):
            return super().call(inputs, reverse=True)

        def compute_output_shape(self, input_shape):
            return tuple(input_shape[:-1]) + (self.input_dim,)

    return ReverseProjection(7, 4, **kwargs)


def _wrapper_and_normalization_cases():
    C = _layer_case
    return [
        C("Wrapper[subclass]", _doubling_wrapper, (4, 5)),
        C("ReversibleEmbedding[reverse]", _reverse_projection, (2, 3, 4)),
        # (The untied variant is compared in test_reversible_embedding_matches_keras_both_ways:
        # TensorFlow's tape fails on the gradient of its unused `embeddings` weight.)
        C("ReversibleEmbedding[soft cap]", lambda m: _reverse_projection(m, logit_soft_cap=1.5),
          (3, 4)),
        C("EinsumDense", lambda m: m.layers.EinsumDense("ab,bc->ac", output_shape=4,
                                                        bias_axes="c"), (3, 5)),
        C("EinsumDense[heads]", lambda m: m.layers.EinsumDense(
            "abc,cde->abde", output_shape=(None, 2, 3), bias_axes="de", activation="tanh"),
          (2, 4, 5)),
        # Equal elided sizes: Keras's compute_output_shape reverses the elided axes
        # (its call does not), which kerasish does not copy.
        C("EinsumDense[left elided]", lambda m: m.layers.EinsumDense(
            "...b,bc->...c", output_shape=3, activation="relu"), (2, 3, 3, 5)),
        C("EinsumDense[right elided]", lambda m: m.layers.EinsumDense(
            "ab...,bc->ac...", output_shape=(3,), bias_axes="c"), (2, 4, 5)),
        C("RMSNormalization", lambda m: m.layers.RMSNormalization(), (3, 6)),
        C("RMSNormalization[axes]", lambda m: m.layers.RMSNormalization(axis=[1, 2], epsilon=1e-3),
          (2, 3, 4)),
        # (Inner layers are named: their auto-names count per library.)
        C("SpectralNormalization[inference]", lambda m: m.layers.SpectralNormalization(
            m.layers.Dense(4, name="inner")), (3, 5)),
        C("SpectralNormalization[conv]", lambda m: m.layers.SpectralNormalization(
            m.layers.Conv2D(2, 3, name="inner"), power_iterations=2), (2, 5, 5, 3)),
    ]


API_LAYER_CASES = _cases() + _wrapper_and_normalization_cases()


def test_softmax_with_mask_matches_keras():
    keras = real_keras()
    x = np.random.default_rng(0).normal(size=(2, 3, 5)).astype("float32")
    mask = np.random.default_rng(1).uniform(size=(2, 1, 5)) > 0.4
    ours = kerasish.layers.Softmax()(x, mask=mask)
    theirs = keras.layers.Softmax()(x, mask=mask)
    assert_close(ours, theirs, REDUCTION, "masked softmax")


@pytest.mark.parametrize("axes, shapes", [
    (1, [(3, 4), (3, 4)]),
    (-1, [(2, 3, 4), (2, 5, 4)]),
    ((1, 2), [(2, 3, 4), (2, 5, 3)]),
    ((2, 1), [(2, 3, 4, 2), (2, 4, 5)]),
])
def test_dot_of_two_inputs_matches_keras(axes, shapes):
    keras = real_keras()
    rng = np.random.default_rng(0)
    inputs = [rng.normal(size=s).astype("float32") for s in shapes]
    ours = kerasish.layers.Dot(axes=axes)(inputs)
    theirs = keras.layers.Dot(axes=axes)(inputs)
    assert_close(ours, theirs, REDUCTION, f"Dot(axes={axes})")
    symbolic = [(None,) + s[1:] for s in shapes]
    assert (kerasish.layers.Dot(axes=axes).compute_output_shape(symbolic)
            == keras.layers.Dot(axes=axes).compute_output_shape(symbolic))
    assert kerasish.layers.Dot(axes=axes).get_config().keys() == \
        keras.layers.Dot(axes=axes).get_config().keys()


def _keras_model_with_api_layers(keras):
    inputs = keras.Input(shape=(6, 4))
    x = keras.layers.ZeroPadding1D(1)(inputs)
    x = keras.layers.Cropping1D((0, 1))(x)
    x = keras.layers.UpSampling1D(2)(x)
    x = keras.layers.PReLU(alpha_initializer="random_uniform")(x)
    x = keras.layers.LeakyReLU(0.1)(x)
    x = keras.layers.GroupNormalization(groups=2, beta_initializer="random_uniform")(x)
    x = keras.layers.SpatialDropout1D(0.2)(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    x = keras.layers.RepeatVector(2)(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.ReLU(max_value=2.0)(x)
    x = keras.layers.UnitNormalization()(x)
    outputs = keras.layers.Softmax()(keras.layers.Dense(3)(x))
    return keras.Model(inputs, outputs)


def test_keras_file_with_api_layers_loads_and_predicts_the_same(tmp_path):
    keras = real_keras()
    model = _keras_model_with_api_layers(keras)
    path = str(tmp_path / "api_layers.keras")
    model.save(path)
    x = np.random.default_rng(0).normal(size=(3, 6, 4)).astype("float32")
    ours = kerasish.models.load_model(path)
    assert_close(ours.predict(x, verbose=0), model.predict(x, verbose=0), REDUCTION, "predictions")
    back = str(tmp_path / "back.keras")
    ours.save(back)
    reloaded = keras.models.load_model(back)
    assert_close(reloaded.predict(x, verbose=0), model.predict(x, verbose=0), REDUCTION,
                 "predictions after the round trip")


def test_lambda_from_keras_is_refused_in_safe_mode_and_loads_without(tmp_path):
    keras = real_keras()
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, keras.layers.Lambda(lambda x: x * 3.0 + 1.0)(inputs))
    path = str(tmp_path / "lambda.keras")
    model.save(path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        kerasish.models.load_model(path)
    loaded = kerasish.models.load_model(path, safe_mode=False)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    assert_close(loaded.predict(x, verbose=0), x * 3.0 + 1.0, REDUCTION, "lambda output")


@pytest.mark.parametrize("power_iterations", [1, 3])
def test_spectral_normalization_training_step_matches_keras(power_iterations):
    keras = real_keras()
    x = np.random.default_rng(0).normal(size=(4, 5)).astype("float32")
    ours = kerasish.layers.SpectralNormalization(kerasish.layers.Dense(3), power_iterations)
    theirs = keras.layers.SpectralNormalization(keras.layers.Dense(3), power_iterations)
    ours(x), theirs(x)
    theirs.set_weights(ours.get_weights())
    for _ in range(2):
        our_out = ours(x, training=True)
        their_out = theirs(x, training=True)
        assert_close(our_out, their_out, REDUCTION, "output in training")
    for ours_weight, theirs_weight in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(ours_weight, theirs_weight, REDUCTION, "weights after two training calls")


@pytest.mark.parametrize("kwargs", [{}, {"tie_weights": False, "logit_soft_cap": 2.0}])
def test_reversible_embedding_matches_keras_both_ways(kwargs):
    keras = real_keras()
    ids = np.array([[1, 4, 7], [0, 9, 3]])
    ours = kerasish.layers.ReversibleEmbedding(10, 4, **kwargs)
    theirs = keras.layers.ReversibleEmbedding(10, 4, **kwargs)
    ours(ids), theirs(ids)
    theirs.set_weights(ours.get_weights())
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    assert_close(ours(ids), theirs(ids), REDUCTION, "embedding lookup")
    vectors = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32")
    assert_close(ours(vectors, reverse=True), theirs(vectors, reverse=True), REDUCTION,
                 "reverse projection")
    our_config, their_config = ours.get_config(), theirs.get_config()
    our_config.pop("name"), their_config.pop("name")
    assert our_config == their_config
