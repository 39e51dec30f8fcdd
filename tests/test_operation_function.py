"""`kerasish.Operation` and `kerasish.Function` on their own (their parity
with Keras is in compat_tests/test_operation_function_parity.py)."""

import numpy as np
import pytest

import kerasish as keras
from kerasish.backend.tensor import Tensor, gradients


class Scale(keras.Operation):
    def __init__(self, factor, name=None):
        super().__init__(name=name)
        self.factor = factor

    def call(self, x):
        return keras.ops.multiply(x, self.factor)


def test_operation_runs_call_on_values_and_records_on_keras_tensors():
    scale = Scale(2.0)
    np.testing.assert_array_equal(scale(np.array([1.0, 3.0], "float32")), [2.0, 6.0])
    x = keras.Input(shape=(4,))
    y = scale(x)
    assert isinstance(y, keras.KerasTensor) and y.shape == (None, 4)
    assert scale.input is x and scale.output is y


def test_operation_is_differentiable_through_its_ops():
    x = Tensor(np.array([1.0, 2.0], "float32"), requires_grad=True)
    (grad,) = gradients(keras.ops.sum(Scale(3.0)(x)), [x])
    np.testing.assert_allclose(grad, [3.0, 3.0])


def test_default_output_spec_keeps_unknown_dimensions_unknown():
    class Tile(keras.Operation):
        def call(self, x):
            return keras.ops.concatenate([x, x], axis=0), keras.ops.sum(x, axis=0)

    tiled, summed = Tile()(keras.Input(shape=(3,)))
    assert tiled.shape == (None, 3) and summed.shape == (3,)


def test_functional_model_replays_an_operation():
    x = keras.Input(shape=(2,))
    model = keras.Model(x, Scale(4.0)(keras.layers.Dense(2, kernel_initializer="ones")(x)))
    np.testing.assert_allclose(model.predict(np.ones((1, 2)), verbose=0), [[8.0, 8.0]])


def test_function_runs_nested_structures_and_skips_unused_branches():
    a, b = keras.Input(shape=(2,), name="a"), keras.Input(shape=(2,), name="b")
    total = keras.layers.Add()([a, b])
    fn = keras.Function({"a": a, "b": b}, [Scale(2.0)(total), {"raw": total}])
    scaled, nested = fn({"a": np.ones((3, 2), "float32"), "b": np.ones((3, 2), "float32")})
    np.testing.assert_allclose(scaled, np.full((3, 2), 4.0))
    np.testing.assert_allclose(nested["raw"], np.full((3, 2), 2.0))


def test_function_accepts_an_intermediate_tensor_as_input():
    x = keras.Input(shape=(2,))
    hidden = keras.layers.Dense(2, kernel_initializer="ones")(x)
    fn = keras.Function(hidden, Scale(10.0)(hidden))
    np.testing.assert_allclose(fn(np.ones((1, 2), "float32")), [[10.0, 10.0]])


def test_function_called_on_keras_tensors_returns_keras_tensors():
    x = keras.Input(shape=(3,))
    fn = keras.Function(x, Scale(2.0)(x))
    out = fn(keras.KerasTensor((7, 3)))
    assert isinstance(out, keras.KerasTensor) and out.shape == (7, 3)


@pytest.mark.parametrize("name", ["a/b", 3])
def test_bad_names_are_refused(name):
    with pytest.raises(ValueError, match="`name` must be a string"):
        Scale(1.0, name=name)


def test_missing_call_and_unserializable_arguments_are_reported():
    with pytest.raises(NotImplementedError):
        keras.Operation()(np.ones(2))
    with pytest.raises(NotImplementedError, match="get_config"):
        Scale(np.ones(2)).get_config()


def test_failed_inference_names_the_operation():
    class Broken(keras.Operation):
        def call(self, x):
            raise ValueError("boom")

    with pytest.raises(ValueError, match="infer the output shape / dtype of 'broken"):
        Broken()(keras.Input(shape=(2,)))


def test_function_errors():
    x = keras.Input(shape=(2,))
    y = Scale(1.0)(x)
    with pytest.raises(ValueError, match="cannot be empty"):
        keras.Function([], y)
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Function(keras.Input(shape=(2,)), y)
    fn = keras.Function(x, y)
    with pytest.raises(ValueError, match="incompatible inputs"):
        fn(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match="invalid input structure"):
        fn([np.ones((1, 2)), np.ones((1, 2))])


def test_backend_function_is_still_the_autodiff_base():
    assert keras.backend.Function is not keras.Function
    assert hasattr(keras.backend.Function, "apply")
