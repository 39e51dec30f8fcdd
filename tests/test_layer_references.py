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
