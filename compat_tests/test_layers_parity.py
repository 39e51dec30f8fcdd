"""Every layer in `kerasish.layers` against `keras.layers`: with the same
weights (copied with get_weights/set_weights) the same outputs, the same
gradients with respect to inputs and weights, the same weight shapes and
names, output shapes and `get_config()`.

To cover a new layer add a `LayerCase` to LAYERS: a label, a factory that
receives the library module (kerasish or keras) and builds the layer with the
same arguments from either, and an input shape (batch first).
`test_every_layer_has_a_case` fails for a layer class without one.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras, tf, uniform
from kerasish.backend.tensor import Tensor, gradients


@dataclass
class LayerCase:
    label: str
    factory: Callable
    input_shape: tuple
    tolerance: object = REDUCTION


# threshold needs two more arguments, so it cannot be a layer's activation by name
# (compat_tests/test_activations_parity.py compares it as a function).
ACTIVATION_NAMES = sorted(set(kerasish.activations.ALL_OBJECTS_DICT) - {"threshold"})

LAYERS = [
    LayerCase(f"Dense[{activation},use_bias={use_bias}]",
              lambda m, a=activation, b=use_bias: m.layers.Dense(4, activation=a, use_bias=b),
              (5, 3))
    for activation in ACTIVATION_NAMES
    for use_bias in (True, False)
]
LAYERS += [
    LayerCase("Dense[batch1]", lambda m: m.layers.Dense(2, activation="tanh"), (1, 6)),
    LayerCase("Dense[3d]", lambda m: m.layers.Dense(3, activation="sigmoid"), (2, 4, 5)),
    LayerCase("Dense[initializers]", lambda m: m.layers.Dense(
        3, kernel_initializer="he_normal", bias_initializer="ones"), (4, 2)),
    LayerCase("Flatten[2d]", lambda m: m.layers.Flatten(), (3, 4)),
    LayerCase("Flatten[4d]", lambda m: m.layers.Flatten(), (2, 3, 4, 2)),
    LayerCase("Flatten[channels_first]", lambda m: m.layers.Flatten(data_format="channels_first"),
              (2, 3, 4, 2)),
    LayerCase("Flatten[batch1]", lambda m: m.layers.Flatten(), (1, 5, 1)),
]
# Random layers are compared in inference mode, where both libraries pass inputs through;
# their training-mode statistics are tested in tests/test_toolkit_*.py.
LAYERS += [
    LayerCase("Dropout[inference]", lambda m: m.layers.Dropout(0.5), (4, 3)),
    LayerCase("GaussianNoise[inference]", lambda m: m.layers.GaussianNoise(0.3), (4, 3)),
]
LAYERS += [
    LayerCase(f"Activation[{activation}]", lambda m, a=activation: m.layers.Activation(a), (3, 4))
    for activation in ACTIVATION_NAMES
]

# Convolutional networks (more options in compat_tests/test_cnn_parity.py).
# Keras's aliases (MaxPool2D, ...) are the same classes and get one case each.
LAYERS += [
    LayerCase("Conv1D", lambda m: m.layers.Conv1D(3, 2, padding="causal", activation="relu"), (2, 6, 2)),
    LayerCase("Convolution1D", lambda m: m.layers.Convolution1D(2, 3, strides=2), (2, 7, 2)),
    LayerCase("Conv2D", lambda m: m.layers.Conv2D(4, 3, padding="same", activation="relu"), (2, 6, 5, 2)),
    LayerCase("Conv2D[groups]", lambda m: m.layers.Conv2D(4, 2, groups=2), (2, 5, 5, 4)),
    LayerCase("Convolution2D", lambda m: m.layers.Convolution2D(3, 2, strides=2), (2, 6, 5, 2)),
    LayerCase("DepthwiseConv2D", lambda m: m.layers.DepthwiseConv2D(3, depth_multiplier=2), (2, 6, 5, 2)),
    LayerCase("Conv1DTranspose", lambda m: m.layers.Conv1DTranspose(3, 3, strides=2), (2, 4, 2)),
    LayerCase("Conv2DTranspose", lambda m: m.layers.Conv2DTranspose(3, 3, strides=2, padding="same"),
              (2, 4, 3, 2)),
    LayerCase("Convolution2DTranspose", lambda m: m.layers.Convolution2DTranspose(2, 2), (2, 4, 3, 2)),
    LayerCase("MaxPooling1D", lambda m: m.layers.MaxPooling1D(), (2, 7, 3)),
    LayerCase("MaxPool1D", lambda m: m.layers.MaxPool1D(3, strides=1, padding="same"), (2, 7, 3)),
    LayerCase("MaxPooling2D", lambda m: m.layers.MaxPooling2D(), (2, 7, 6, 3)),
    LayerCase("MaxPool2D", lambda m: m.layers.MaxPool2D(3, strides=2, padding="same"), (2, 7, 6, 3)),
    LayerCase("AveragePooling1D", lambda m: m.layers.AveragePooling1D(2), (2, 7, 3)),
    LayerCase("AvgPool1D", lambda m: m.layers.AvgPool1D(3, strides=2, padding="same"), (2, 7, 3)),
    LayerCase("AveragePooling2D", lambda m: m.layers.AveragePooling2D(2), (2, 7, 6, 3)),
    LayerCase("AvgPool2D", lambda m: m.layers.AvgPool2D(3, strides=2, padding="same"), (2, 7, 6, 3)),
    LayerCase("GlobalAveragePooling1D", lambda m: m.layers.GlobalAveragePooling1D(), (2, 5, 3)),
    LayerCase("GlobalAvgPool1D", lambda m: m.layers.GlobalAvgPool1D(keepdims=True), (2, 5, 3)),
    LayerCase("GlobalAveragePooling2D", lambda m: m.layers.GlobalAveragePooling2D(), (2, 4, 5, 3)),
    LayerCase("GlobalAvgPool2D", lambda m: m.layers.GlobalAvgPool2D(keepdims=True), (2, 4, 5, 3)),
    LayerCase("GlobalMaxPooling1D", lambda m: m.layers.GlobalMaxPooling1D(), (2, 5, 3)),
    LayerCase("GlobalMaxPool1D", lambda m: m.layers.GlobalMaxPool1D(), (2, 5, 3)),
    LayerCase("GlobalMaxPooling2D", lambda m: m.layers.GlobalMaxPooling2D(), (2, 4, 5, 3)),
    LayerCase("GlobalMaxPool2D", lambda m: m.layers.GlobalMaxPool2D(), (2, 4, 5, 3)),
    LayerCase("BatchNormalization[inference]", lambda m: m.layers.BatchNormalization(), (4, 5, 3)),
    LayerCase("LayerNormalization", lambda m: m.layers.LayerNormalization(), (4, 3, 8)),
    LayerCase("Reshape", lambda m: m.layers.Reshape((3, -1)), (2, 12)),
    LayerCase("Permute", lambda m: m.layers.Permute((2, 1)), (2, 3, 4)),
    LayerCase("ZeroPadding2D", lambda m: m.layers.ZeroPadding2D(((1, 0), (2, 1))), (2, 3, 4, 2)),
    LayerCase("UpSampling2D", lambda m: m.layers.UpSampling2D((2, 3)), (2, 3, 4, 2)),
]
from compat_tests.test_rnn_parity import RNN_CASES  # noqa: E402
LAYERS += RNN_CASES
from compat_tests.test_masking_parity import MASKING_CASES  # noqa: E402
from compat_tests.test_preprocessing_parity import (  # noqa: E402
    PREPROCESSING_CASES,
    PREPROCESSING_ELSEWHERE,
)

LAYERS += MASKING_CASES
LAYERS += PREPROCESSING_CASES
from compat_tests.test_attention_parity import ATTENTION_CASES  # noqa: E402

LAYERS += ATTENTION_CASES
from compat_tests.test_api_layers_parity import API_LAYER_CASES  # noqa: E402

LAYERS += API_LAYER_CASES
from compat_tests.test_geometric_augmentation_parity import (  # noqa: E402
    GEOMETRIC_AUGMENTATION_CASES,
    GEOMETRIC_AUGMENTATION_ELSEWHERE,
)

LAYERS += GEOMETRIC_AUGMENTATION_CASES
from compat_tests.test_spectrogram_parity import SPECTROGRAM_CASES  # noqa: E402
LAYERS += SPECTROGRAM_CASES
from compat_tests.test_color_augmentation_parity import (  # noqa: E402
    COLOR_AUGMENTATION_CASES,
    COLOR_AUGMENTATION_ELSEWHERE,
)

LAYERS += COLOR_AUGMENTATION_CASES
from compat_tests.test_conv_lstm_parity import CONV_LSTM_CASES  # noqa: E402

LAYERS += CONV_LSTM_CASES
from compat_tests.test_gqa_parity import GQA_CASES  # noqa: E402

LAYERS += GQA_CASES
# Embedding takes integer indices and merging layers take lists: their cases
# (values and gradients) live in compat_tests/test_cnn_parity.py.
ELSEWHERE = {"Embedding", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
             "Concatenate"}
ELSEWHERE |= PREPROCESSING_ELSEWHERE
ELSEWHERE |= GEOMETRIC_AUGMENTATION_ELSEWHERE
ELSEWHERE |= COLOR_AUGMENTATION_ELSEWHERE
# Covered elsewhere: InputLayer has no call (test_structure_parity), Layer is the base.
NOT_CALLED = {"InputLayer", "Layer"}


def _layer_classes():
    return sorted(
        name for name in dir(kerasish.layers)  # dir(): the namespace loads its names lazily
        if isinstance(obj := getattr(kerasish.layers, name), type)
        and issubclass(obj, kerasish.layers.Layer)
    )


def test_every_layer_has_a_case():
    covered = {case.label.split("[")[0] for case in LAYERS} | NOT_CALLED | ELSEWHERE
    missing = [name for name in _layer_classes() if name not in covered]
    assert not missing, f"add LayerCases for these layers to LAYERS in {__file__}: {missing}"


def test_every_layer_exists_in_keras():
    keras = real_keras()
    assert [n for n in _layer_classes() if not hasattr(keras.layers, n)] == []


def _built_pair(case, seed):
    rng = np.random.default_rng(seed)
    x = uniform(rng, case.input_shape)
    ours, theirs = case.factory(kerasish), case.factory(real_keras())
    ours(x)
    theirs(x)
    theirs.set_weights(ours.get_weights())
    return x, ours, theirs


def _ours_forward_backward(layer, x, cotangent):
    inputs = Tensor(x.copy(), requires_grad=True)
    output = layer(inputs)
    value = np.asarray(output.value if isinstance(output, Tensor) else output)
    loss = kerasish.ops.sum(kerasish.ops.multiply(output, cotangent))
    grads = gradients(loss, [inputs] + list(layer.trainable_weights))
    return value, grads


def _keras_forward_backward(layer, x, cotangent):
    tensorflow = tf()
    inputs = tensorflow.constant(x)
    with tensorflow.GradientTape() as tape:
        tape.watch(inputs)
        output = layer(inputs)
        loss = tensorflow.reduce_sum(output * cotangent)
    sources = [inputs] + list(layer.trainable_weights)
    grads = tape.gradient(loss, sources, unconnected_gradients=tensorflow.UnconnectedGradients.ZERO)
    return np.asarray(output), [np.asarray(g) for g in grads]


@pytest.mark.parametrize("case", LAYERS, ids=[c.label for c in LAYERS])
def test_layer_outputs_and_gradients_match_keras(case):
    x, ours, theirs = _built_pair(case, seed=len(case.label))
    out_shape = tuple(np.shape(ours(x)))
    cotangent = np.random.default_rng(1).uniform(0.5, 1.5, out_shape).astype(np.float32)
    our_out, our_grads = _ours_forward_backward(ours, x, cotangent)
    their_out, their_grads = _keras_forward_backward(theirs, x, cotangent)
    assert our_out.dtype == their_out.dtype == np.float32
    assert_close(our_out, their_out, case.tolerance, f"{case.label} output")
    names = ["inputs"] + [w.name for w in theirs.trainable_weights]
    assert len(our_grads) == len(their_grads)
    for name, g_ours, g_theirs in zip(names, our_grads, their_grads):
        assert_close(g_ours, g_theirs, case.tolerance, f"{case.label} gradient wrt {name}")


@pytest.mark.parametrize("case", LAYERS, ids=[c.label for c in LAYERS])
def test_layer_weights_and_shapes_match_keras(case):
    x, ours, theirs = _built_pair(case, seed=0)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    assert [w.trainable for w in ours.weights] == [w.trainable for w in theirs.weights]
    assert ours.count_params() == theirs.count_params()
    symbolic = (None,) + case.input_shape[1:]
    assert tuple(ours.compute_output_shape(symbolic)) == tuple(theirs.compute_output_shape(symbolic))


@pytest.mark.parametrize("case", LAYERS, ids=[c.label for c in LAYERS])
def test_layer_config_matches_keras(case):
    ours, theirs = case.factory(kerasish), case.factory(real_keras())
    our_config, their_config = ours.get_config(), theirs.get_config()
    # Names differ only by the auto-naming counters of two separate libraries.
    our_config.pop("name"), their_config.pop("name")
    assert list(our_config) == list(their_config)
    assert our_config == their_config
