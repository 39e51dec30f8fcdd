"""`keras.Operation` subclasses and `keras.Function` graphs, written once and
run on both libraries: the values, the symbolic shapes and dtypes, the
operations list, the configs and the errors agree."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras


def _define_operations(keras):
    class Scale(keras.Operation):
        def __init__(self, factor, name=None):
            super().__init__(name=name)
            self.factor = factor

        def call(self, x):
            return keras.ops.multiply(x, self.factor)

    class SumAndTile(keras.Operation):  # two outputs; one depends on the batch size
        def call(self, x):
            return keras.ops.sum(x, axis=-1), keras.ops.concatenate([x, x], axis=0)

    class ToInt(keras.Operation):
        def call(self, x):
            return keras.ops.cast(x, "int32")

        def compute_output_spec(self, x):
            return keras.KerasTensor(x.shape, dtype="int32")

    return Scale, SumAndTile, ToInt


def _build(keras):
    """The same graph on either library: Input -> Dense -> Scale -> (sum, tiled), plus a cast."""
    Scale, SumAndTile, ToInt = _define_operations(keras)
    x = keras.Input(shape=(3,), name="features")
    dense = keras.layers.Dense(2, kernel_initializer="glorot_uniform", name="scores")
    y = Scale(2.5, name="scale")(dense(x))
    summed, tiled = SumAndTile(name="sum_and_tile")(y)
    as_int = ToInt(name="to_int")(tiled)
    fn = keras.Function(inputs=[x], outputs={"summed": summed, "tiled": tiled, "int": as_int})
    return fn, dense


@pytest.fixture(scope="module")
def both():
    keras = real_keras()
    theirs, their_dense = _build(keras)
    ours, our_dense = _build(kerasish)
    our_dense.set_weights(their_dense.get_weights())
    return ours, theirs


def test_function_values_match(both):
    ours, theirs = both
    data = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
    our_out, their_out = ours([data]), theirs([data])
    assert sorted(our_out) == sorted(their_out)
    for key in our_out:
        assert_close(np.asarray(our_out[key]), np.asarray(their_out[key]), REDUCTION, key)
        assert np.asarray(our_out[key]).dtype == np.asarray(their_out[key]).dtype, key


def test_function_operations_and_symbolic_outputs_match(both):
    ours, theirs = both
    assert [op.name for op in ours.operations] == [op.name for op in theirs.operations]
    ours_spec = {k: (tuple(v.shape), v.dtype) for k, v in zip(sorted(ours._outputs_struct),
                                                           ours.outputs)}
    theirs_spec = {k: (tuple(v.shape), v.dtype) for k, v in zip(sorted(theirs._outputs_struct),
                                                             theirs.outputs)}
    assert ours_spec == theirs_spec
    assert ours.compute_output_shape([(5, 3)]) == theirs.compute_output_shape([(5, 3)])


def test_operation_config_and_repr_match():
    keras = real_keras()
    ours, theirs = _define_operations(kerasish)[0](1.5), _define_operations(keras)[0](1.5)
    ours_config, theirs_config = ours.get_config(), theirs.get_config()
    ours_config.pop("name"), theirs_config.pop("name")
    assert ours_config == theirs_config
    restored = type(ours).from_config(ours.get_config())
    assert restored.factor == 1.5 and restored.name == ours.name
    assert repr(ours).split("name=")[0] == repr(theirs).split("name=")[0]


def _error(fn):
    with pytest.raises(ValueError) as info:
        fn()
    return str(info.value)


def test_function_errors_match():
    keras = real_keras()
    messages = []
    for lib in (kerasish, keras):
        a = lib.KerasTensor(shape=(None, 2, 3))
        b = lib.KerasTensor(shape=(None, 2, 3))
        summed = lib.layers.Add()([a, b])
        fn = lib.Function([a, b], summed)
        messages.append([
            _error(lambda: fn([np.ones((4, 2, 4)), np.ones((4, 2, 3))])),
            _error(lambda: fn(np.ones((4, 2, 3)))),
            _error(lambda: lib.Function([a], summed)),
            _error(lambda: lib.Function([], summed)),
        ])
    phrases = ["incompatible inputs", "invalid input structure", "Graph disconnected",
               "cannot be empty"]
    for ours, theirs, phrase in zip(*messages, phrases):
        assert phrase in ours and phrase in theirs, (ours, theirs)
