import numpy as np
import pytest

from kerasish import initializers, layers
from layer_checks import check_layer, float64

# Activations whose derivative jumps somewhere get inputs kept away from the
# jumps (0 for relu-like ones, +-3 for hard_sigmoid, 6 for relu6) so that
# central differences never straddle a kink.
KINKS = (0.0, 3.0, -3.0, 6.0)


def away_from_kinks(rng, shape):
    x = rng.normal(scale=2.0, size=shape)
    for kink in KINKS:
        close = np.abs(x - kink) < 0.05
        x[close] = kink + 0.1
    return x


DENSE_ACTIVATIONS = [
    None, "linear", "relu", "sigmoid", "tanh", "softmax", "softplus", "softsign", "elu",
    "selu", "silu", "swish", "exponential", "hard_sigmoid", "hard_silu", "leaky_relu",
    "relu6", "log_softmax",
]


@pytest.mark.parametrize("activation", DENSE_ACTIVATIONS)
def test_dense_each_activation(activation):
    # The pre-activations cannot be steered away from kinks (relu at 0, ...),
    # but a central difference only goes wrong within STEP (1e-6) of one, which
    # a seeded kernel and input make a fixed, checked outcome rather than luck.
    def make():
        return layers.Dense(3, activation=activation, bias_initializer="ones",
                            kernel_initializer=initializers.GlorotUniform(seed=3))

    check_layer(make, input_shape=(4, 5), num_weights=2, input_fn=away_from_kinks)


def test_dense_without_bias():
    layer = check_layer(lambda: layers.Dense(2, use_bias=False), input_shape=(3, 4), num_weights=1)
    assert [w.name for w in layer.weights] == ["kernel"]


def test_dense_batch_size_one_and_higher_rank_inputs():
    check_layer(lambda: layers.Dense(2, activation="tanh"), input_shape=(1, 3), num_weights=2)
    check_layer(lambda: layers.Dense(2, activation="tanh"), input_shape=(2, 3, 4), num_weights=2)


def test_dense_weight_names_paths_and_shapes():
    layer = layers.Dense(3, name="my_dense")
    layer(np.zeros((2, 5), dtype="float32"))
    assert [w.path for w in layer.weights] == ["my_dense/kernel", "my_dense/bias"]
    assert [w.shape for w in layer.weights] == [(5, 3), (3,)]
    assert layer.count_params() == 18


def test_dense_rejects_wrong_feature_count_after_build():
    layer = layers.Dense(3)
    layer(np.zeros((2, 5), dtype="float32"))
    with pytest.raises(ValueError, match=r"expected axis -1 of input shape to have value 5.*\(2, 4\)"):
        layer(np.zeros((2, 4), dtype="float32"))


@pytest.mark.parametrize("units", [0, -1, 2.5, True, "3"])
def test_dense_rejects_bad_units(units):
    with pytest.raises(ValueError, match=f"expected a positive integer. Received: units={units}"):
        layers.Dense(units)


def test_flatten():
    layer = check_layer(layers.Flatten, input_shape=(2, 3, 4, 2), num_weights=0)
    assert layer.compute_output_shape((None, 3, 4, 2)) == (None, 24)
    assert layer.compute_output_shape((None, None, 4)) == (None, None)


def test_flatten_batch_size_one_and_channels_first():
    check_layer(layers.Flatten, input_shape=(1, 5), num_weights=0)
    x = np.arange(12, dtype="float32").reshape(1, 2, 3, 2)
    out = layers.Flatten(data_format="channels_first")(x)
    np.testing.assert_array_equal(out, np.moveaxis(x, 1, -1).reshape(1, -1))


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "softmax", "linear", "elu"])
def test_activation_layer(activation):
    check_layer(lambda: layers.Activation(activation), input_shape=(3, 4), num_weights=0,
                input_fn=away_from_kinks)


def test_activation_layer_accepts_callables():
    layer = layers.Activation(lambda x: x * 2)
    np.testing.assert_array_equal(layer(np.ones((1, 2), "float32")), [[2.0, 2.0]])


def test_layers_compute_in_floatx_and_cast_float64_inputs_to_float32():
    layer = layers.Dense(2)
    out = layer(np.ones((1, 3), dtype="float64"))
    assert np.asarray(out).dtype == np.float32
    assert all(w.value.dtype == np.float32 for w in layer.weights)
    with float64():
        assert np.asarray(layers.Dense(2)(np.ones((1, 3)))).dtype == np.float64


def test_subclassed_layer_gets_gradients_for_free():
    from kerasish import ops

    class Scale(layers.Layer):
        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                         name="scale")

        def call(self, inputs):
            return ops.multiply(ops.square(inputs), self.scale)

        def get_config(self):
            return super().get_config()

    check_layer(Scale, input_shape=(3, 4), num_weights=1)


def constructor_arguments(cls):
    import inspect

    return [
        name for name, p in inspect.signature(cls.__init__).parameters.items()
        if name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    ]


@pytest.mark.parametrize(
    "layer, keras_omits",
    [
        # Keras leaves out an unset activity regularizer and LoRA settings.
        (layers.Dense(2), {"activity_regularizer", "lora_rank", "lora_alpha"}),
        (layers.Flatten(), set()),
        (layers.Activation("relu"), set()),
    ],
)
def test_get_config_holds_every_constructor_argument(layer, keras_omits):
    config = layer.get_config()
    missing = set(constructor_arguments(type(layer))) - set(config) - keras_omits
    assert not missing
    assert {"name", "trainable", "dtype"} <= set(config)


def test_set_activity_regularizer_is_in_the_config():
    config = layers.Dense(2, activity_regularizer="l2").get_config()
    assert config["activity_regularizer"]["class_name"] == "L2"
    assert layers.Dense.from_config(config).activity_regularizer.l2 == 0.01
