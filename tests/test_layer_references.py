"""Forward values of each layer family against a float64 NumPy reference
(tests/layer_references.py), on top of check_layer's shapes, configs and
finite-difference gradients."""

import numpy as np
import pytest

import kerasish as keras
from kerasish import layers
from tests import layer_references as ref
from tests.layer_checks import check_layer


class SelfAttention(layers.Layer):
    """MultiHeadAttention called on one input (query = key = value)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.attention = layers.MultiHeadAttention(num_heads=2, key_dim=3, bias_initializer="random_normal")

    def call(self, x):
        return self.attention(x, x)

    def compute_output_shape(self, input_shape):
        return input_shape


class SelfCall(layers.Layer):
    """Calls a two-input attention layer with query = value = x."""

    def __init__(self, make_attention=None, **kwargs):
        super().__init__(**kwargs)
        self.make_attention = make_attention
        self.attention = make_attention()

    def call(self, x):
        return self.attention([x, x])

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "make_attention": self.make_attention}


def _self_call(make_attention):
    return lambda: SelfCall(make_attention)


CASES = {
    "Dense": (lambda: layers.Dense(3, activation="tanh", bias_initializer="random_normal"),
              (2, 4), 2, ref.dense(np.tanh)),
    "Conv1D": (lambda: layers.Conv1D(3, 2, bias_initializer="random_normal"),
               (2, 5, 2), 2, ref.conv1d_valid),
    "SimpleRNN": (lambda: layers.SimpleRNN(3, return_sequences=True,
                                           bias_initializer="random_normal"),
                  (2, 4, 2), 3, ref.simple_rnn(return_sequences=True)),
    "LSTM": (lambda: layers.LSTM(3, bias_initializer="random_normal"), (2, 4, 2), 3, ref.lstm()),
    "GRU": (lambda: layers.GRU(3, return_sequences=True, bias_initializer="random_normal"),
            (2, 4, 2), 3, ref.gru(return_sequences=True)),
    "LayerNormalization": (lambda: layers.LayerNormalization(gamma_initializer="random_normal",
                                                             beta_initializer="random_normal"),
                           (2, 3, 4), 2, ref.layer_normalization()),
    "BatchNormalization": (lambda: layers.BatchNormalization(
        gamma_initializer="random_normal", beta_initializer="random_normal",
        moving_mean_initializer="random_normal", moving_variance_initializer="ones"),
        (3, 4), 4, ref.batch_normalization_inference()),
    "MultiHeadAttention": (SelfAttention, (2, 3, 4), 8, ref.self_attention),
    "GlobalAveragePooling1D": (layers.GlobalAveragePooling1D, (2, 3, 4), 0,
                               ref.global_average_pooling_1d),
    "Conv2D": (lambda: layers.Conv2D(3, (2, 3), bias_initializer="random_normal"),
               (2, 5, 6, 2), 2, ref.conv2d()),
    "Conv2D[same, strides 2]": (
        lambda: layers.Conv2D(3, 3, strides=2, padding="same", bias_initializer="random_normal"),
        (2, 6, 7, 2), 2, ref.conv2d(strides=(2, 2), padding="same")),
    "DepthwiseConv2D": (lambda: layers.DepthwiseConv2D(2, depth_multiplier=2,
                                                       bias_initializer="random_normal"),
                        (2, 4, 5, 3), 2, ref.depthwise_conv2d),
    "SeparableConv2D": (lambda: layers.SeparableConv2D(4, 2, bias_initializer="random_normal"),
                        (2, 4, 5, 3), 3, ref.separable_conv2d),
    "Conv2DTranspose": (lambda: layers.Conv2DTranspose(3, (2, 3),
                                                       bias_initializer="random_normal"),
                        (2, 3, 4, 2), 2, ref.conv2d_transpose_valid),
    "MaxPooling2D": (layers.MaxPooling2D, (2, 4, 6, 3), 0, ref.max_pooling_2d()),
    "AveragePooling2D": (lambda: layers.AveragePooling2D(2), (2, 4, 6, 3), 0, ref.average_pooling_2d()),
    "GlobalMaxPooling2D": (layers.GlobalMaxPooling2D, (2, 3, 4, 2), 0, ref.global_max_pooling_2d),
    "UpSampling2D": (layers.UpSampling2D, (2, 2, 3, 2), 0, ref.up_sampling_2d()),
    "ZeroPadding2D": (lambda: layers.ZeroPadding2D(((1, 2), (0, 1))), (2, 2, 3, 2), 0,
                      ref.zero_padding_2d()),
    "Cropping2D": (lambda: layers.Cropping2D(((1, 0), (1, 2))), (2, 4, 5, 2), 0,
                   ref.cropping_2d()),
    "ReLU[max_value, negative_slope, threshold]": (
        lambda: layers.ReLU(max_value=1.5, negative_slope=0.1, threshold=0.2), (3, 4), 0,
        ref.relu(negative_slope=0.1, max_value=1.5, threshold=0.2)),
    "LeakyReLU": (lambda: layers.LeakyReLU(negative_slope=0.2), (3, 4), 0,
                  ref.relu(negative_slope=0.2)),
    "ELU": (lambda: layers.ELU(alpha=0.7), (3, 4), 0, ref.elu(alpha=0.7)),
    "PReLU": (lambda: layers.PReLU(alpha_initializer="random_normal"), (3, 4), 1, ref.prelu),
    "Softmax": (layers.Softmax, (3, 4), 0, ref.softmax_layer),
    "GroupNormalization": (lambda: layers.GroupNormalization(
        groups=2, gamma_initializer="random_normal", beta_initializer="random_normal"),
        (2, 3, 4), 2, ref.group_normalization(groups=2)),
    "UnitNormalization": (layers.UnitNormalization, (3, 4), 0, ref.unit_normalization),
    "Attention": (_self_call(layers.Attention), (2, 3, 4), 0, ref.dot_product_attention()),
    "Attention[use_scale]": (_self_call(lambda: layers.Attention(use_scale=True)), (2, 3, 4), 1,
                             ref.dot_product_attention(use_scale=True)),
    "AdditiveAttention": (_self_call(layers.AdditiveAttention), (2, 3, 4), 1,
                          ref.additive_attention),
    "Bidirectional[LSTM]": (lambda: layers.Bidirectional(
        layers.LSTM(3, bias_initializer="random_normal")), (2, 4, 2), 6, ref.bidirectional_lstm),
    "TimeDistributed[Dense]": (lambda: layers.TimeDistributed(
        layers.Dense(3, bias_initializer="random_normal")), (2, 4, 2), 2,
        ref.time_distributed_dense),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_forward_matches_the_float64_reference(name):
    make, shape, num_weights, reference = CASES[name]
    trainable = 2 if name == "BatchNormalization" else None
    keras.utils.set_random_seed(0)
    check_layer(make, shape, num_weights, num_trainable=trainable, reference=reference)


def test_a_wrong_forward_pass_is_caught():
    """The reference check itself: a Dense whose output is off by a constant fails."""
    class Shifted(layers.Dense):
        def call(self, x):
            return super().call(x) + 1e-6

    with pytest.raises(AssertionError):
        check_layer(lambda: Shifted(3), (2, 4), 2, reference=ref.dense())
