"""`Layer.__call__` enforces `input_spec` as Keras does: the built-in layers
carry Keras's specs (before and after building) and a wrong input gets
Keras's exact message, eagerly and on symbolic inputs."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

F32 = np.float32
# (case, layer factory, input shape that breaks the spec); "built:" cases call
# the layer on (2, 3) first, so the spec holds the built sizes.
CASES = [
    ("Dense rank 1", lambda L: L.Dense(2), (3,)),
    ("Dense scalar", lambda L: L.Dense(2), ()),
    ("Dense built", lambda L: L.Dense(2), "built:(2, 4)"),
    ("Conv1D rank 2", lambda L: L.Conv1D(2, 3), (2, 5)),
    ("Conv2D rank 3", lambda L: L.Conv2D(2, 3), (2, 5, 5)),
    ("Conv2D built channels", lambda L: L.Conv2D(2, 1), "built4:(2, 3, 3, 2)"),
    ("SeparableConv2D built", lambda L: L.SeparableConv2D(2, 1), "built4:(2, 3, 3, 2)"),
    ("Conv2DTranspose rank 3", lambda L: L.Conv2DTranspose(2, 3), (2, 5, 5)),
    ("DepthwiseConv2D rank 3", lambda L: L.DepthwiseConv2D(3), (2, 5, 5)),
    ("MaxPooling2D rank 5", lambda L: L.MaxPooling2D(), (2, 4, 4, 1, 1)),
    ("AveragePooling1D rank 2", lambda L: L.AveragePooling1D(2), (2, 4)),
    ("GlobalAveragePooling2D rank 3", lambda L: L.GlobalAveragePooling2D(), (2, 4, 4)),
    ("LSTM rank 2", lambda L: L.LSTM(2), (2, 3)),
    ("GRU rank 4", lambda L: L.GRU(2), (2, 3, 4, 5)),
    ("SimpleRNN rank 2", lambda L: L.SimpleRNN(2), (2, 3)),
    ("Flatten scalar", lambda L: L.Flatten(), ()),
    ("Permute rank 2", lambda L: L.Permute((2, 1)), (2, 3)),
    ("RepeatVector rank 3", lambda L: L.RepeatVector(2), (2, 3, 4)),
    ("ZeroPadding2D rank 3", lambda L: L.ZeroPadding2D(), (2, 3, 4)),
    ("BatchNormalization built", lambda L: L.BatchNormalization(), "built:(2, 4)"),
]


def _error_message(module, factory, shape):
    layer = factory(module.layers)
    if isinstance(shape, str):
        kind, wrong = shape.split(":")
        first = (2, 3, 3, 3) if kind == "built4" else (2, 3)
        layer(np.ones(first, F32))
        shape = eval(wrong)  # noqa: S307 - a literal tuple from the table above
    with pytest.raises(ValueError) as info:
        layer(np.ones(shape, F32))
    return str(info.value).replace(layer.name, "LAYER")


@pytest.mark.parametrize("case,factory,shape", CASES, ids=[c[0] for c in CASES])
def test_wrong_inputs_get_keras_message(case, factory, shape):
    keras = real_keras()
    assert _error_message(kerasish, factory, shape) == _error_message(keras, factory, shape)


@pytest.mark.parametrize("case,factory,shape", CASES, ids=[c[0] for c in CASES])
def test_layers_carry_keras_input_specs(case, factory, shape):
    keras = real_keras()
    configs = []
    for module in (kerasish, keras):
        layer = factory(module.layers)
        specs = [layer.input_spec]
        if isinstance(shape, str):
            layer(np.ones((2, 3, 3, 3) if shape.startswith("built4") else (2, 3), F32))
            specs.append(layer.input_spec)
        configs.append([_spec_configs(spec) for spec in specs])
    assert configs[0] == configs[1]


def _spec_configs(spec):
    if spec is None:
        return None
    if isinstance(spec, (list, tuple)):
        return [_spec_configs(s) for s in spec]
    return spec.get_config()


def test_symbolic_inputs_are_checked_too():
    keras = real_keras()
    messages = []
    for module in (kerasish, keras):
        inputs = module.Input((3,))
        with pytest.raises(ValueError) as info:
            module.layers.LSTM(2, name="rnn")(inputs)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_custom_layer_specs_with_names_dtypes_and_shapes():
    keras = real_keras()

    def make(module, spec_kwargs):
        class Checked(module.layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(name="checked", **kwargs)
                self.input_spec = module.layers.InputSpec(**spec_kwargs)

            def call(self, inputs):
                return inputs

        return Checked()

    cases = [({"shape": (None, 3)}, np.ones((2, 4), F32)),
             ({"dtype": "float32", "ndim": 2}, np.ones((2, 4), "int32")),
             ({"max_ndim": 2}, np.ones((2, 4, 1), F32)),
             ({"axes": {1: 4}, "name": "features"}, np.ones((2, 3), F32))]
    for spec_kwargs, x in cases:
        messages = []
        for module in (kerasish, keras):
            layer = make(module, spec_kwargs)
            with pytest.raises(ValueError) as info:
                layer(x)
            messages.append(str(info.value))
        assert messages[0] == messages[1], spec_kwargs
