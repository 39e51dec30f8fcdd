"""The autodiff engine: unbroadcasting, accumulation, deep graphs, no_grad."""

import numpy as np
import pytest

import kerasish as keras
from kerasish import activations, ops
from kerasish.backend.tensor import Tensor, gradients, is_recording, no_grad, unbroadcast
from kerasish.backend.variables import Variable
from layer_checks import check_op_gradients, float64


@pytest.mark.parametrize(
    "grad_shape, shape, expected",
    [
        ((3, 4), (3, 4), lambda g: g),
        ((3, 4), (4,), lambda g: g.sum(axis=0)),
        ((3, 4), (1, 4), lambda g: g.sum(axis=0, keepdims=True)),
        ((3, 4), (3, 1), lambda g: g.sum(axis=1, keepdims=True)),
        ((2, 3, 4), (3, 1), lambda g: g.sum(axis=(0, 2))[:, None]),
        ((2, 3), (), lambda g: g.sum()),
        ((1, 1), (1,), lambda g: g.reshape(1)),
    ],
)
def test_unbroadcast(grad_shape, shape, expected):
    grad = np.arange(np.prod(grad_shape), dtype="float64").reshape(grad_shape)
    result = unbroadcast(grad, shape)
    assert result.shape == shape
    np.testing.assert_array_equal(result, expected(grad))


def test_tensor_used_twice_accumulates_its_gradient():
    x = Tensor(np.array([1.0, -2.0, 3.0]))
    (grad,) = gradients(ops.sum(ops.multiply(x, x)), [x])
    np.testing.assert_array_equal(grad, 2 * x.value)
    (grad,) = gradients(ops.sum(ops.add(x, x)), [x])
    np.testing.assert_array_equal(grad, [2.0, 2.0, 2.0])


def test_diamond_graph_gradient_is_complete():
    # y feeds both branches; its gradient must be complete before it flows on
    # to x, whatever order the branches are visited in.
    with float64():
        def fn(x):
            y = ops.exp(x)
            return ops.add(ops.multiply(y, ops.tanh(ops.sqrt(ops.add(y, 1.0)))), ops.square(y))

        check_op_gradients(fn, np.array([[0.3, -0.7], [1.1, 0.2]]))
        check_op_gradients(activations.softsign, np.array([[0.3, -0.7], [1.1, 2.0]]))


def test_long_chain_has_no_recursion_error():
    x = Tensor(np.array([1.0, 2.0]))
    y = x
    for _ in range(20000):
        y = ops.add(y, 1.0)
    (grad,) = gradients(ops.sum(ops.multiply(y, y)), [x])
    np.testing.assert_allclose(grad, 2 * (x.value + 20000))


def test_wide_graph_reusing_one_tensor_many_times():
    x = Tensor(np.array([0.5]))
    total = x
    for _ in range(3000):
        total = ops.add(total, ops.multiply(x, 2.0))
    (grad,) = gradients(ops.sum(total), [x])
    np.testing.assert_allclose(grad, [6001.0])


def test_sources_the_target_does_not_depend_on_get_zeros():
    x, unused = Tensor(np.ones(2)), Tensor(np.ones((3, 1)))
    grads = gradients(ops.sum(x), [x, unused])
    np.testing.assert_array_equal(grads[1], np.zeros((3, 1)))
    grads = gradients(np.float64(3.0), [x])
    np.testing.assert_array_equal(grads[0], np.zeros(2))


def test_gradients_of_a_non_scalar_target_are_of_its_sum():
    x = Tensor(np.array([1.0, 2.0]))
    (grad,) = gradients(ops.multiply(x, 3.0), [x])
    np.testing.assert_array_equal(grad, [3.0, 3.0])


def test_intermediate_sources_get_their_gradient():
    x = Tensor(np.array([2.0]))
    y = ops.square(x)
    grad_y, grad_x = gradients(ops.multiply(y, 3.0), [y, x])
    np.testing.assert_array_equal(grad_y, [3.0])
    np.testing.assert_array_equal(grad_x, [12.0])


def test_ops_on_plain_arrays_build_no_graph():
    a = np.ones((2, 2), dtype="float32")
    out = ops.add(ops.matmul(a, a), 1.0)
    assert type(out) is np.ndarray and out.dtype == np.float32


def test_no_grad_returns_plain_arrays_and_restores_recording():
    w = Variable(np.ones((2, 2), dtype="float32"))
    assert isinstance(ops.matmul(np.ones((1, 2), "float32"), w), Tensor)
    with no_grad():
        assert not is_recording()
        out = ops.relu(ops.matmul(np.ones((1, 2), "float32"), w))
        assert type(out) is np.ndarray
        with no_grad():
            pass
        assert not is_recording()
    assert is_recording()
    with pytest.raises(RuntimeError):
        with no_grad():
            raise RuntimeError("boom")
    assert is_recording()


def test_non_trainable_variables_get_no_graph():
    frozen = Variable(np.ones(2), trainable=False)
    assert type(ops.multiply(frozen, 2.0)) is np.ndarray
    frozen.trainable = True
    assert isinstance(ops.multiply(frozen, 2.0), Tensor)


def test_python_scalars_do_not_upcast_float32():
    x = Variable(np.ones(2, dtype="float32"))
    for out in (x * 2.5, 2.5 - x, x / 3.0, ops.add(x, 1.0), ops.power(x, 2)):
        assert np.asarray(out).dtype == np.float32


def test_variable_assign_checks_shape_and_keeps_dtype():
    v = Variable(np.zeros((2, 3), dtype="float32"), name="v")
    v.assign(np.ones((2, 3), dtype="float64"))
    assert v.value.dtype == np.float32
    with pytest.raises(ValueError, match=r"variable.shape=\(2, 3\), Received: value.shape=\(3, 2\)"):
        v.assign(np.ones((3, 2)))


def test_variable_takes_an_initializer_name_and_needs_a_shape_for_it():
    # Keras's Variable resolves a string with `initializers.get`.
    v = Variable("ones", shape=(2, 3))
    assert v.value.dtype == np.float32
    np.testing.assert_array_equal(v.value, np.ones((2, 3)))
    with pytest.raises(ValueError, match="the `shape` argument should be specified"):
        Variable("zeros")


def test_the_gradient_checker_catches_a_wrong_backward():
    from kerasish.backend.tensor import Function

    class WrongCube(Function):
        def forward(self, a):
            self.a = a
            return a ** 3

        def backward(self, grad):
            return (grad * 2 * self.a ** 2,)  # should be 3 * a**2

    with float64():
        with pytest.raises(AssertionError, match="gradient with respect to input 0"):
            check_op_gradients(WrongCube.apply, np.array([0.5, -1.5]))


def test_the_layer_checker_catches_a_wrong_weight_gradient():
    from kerasish import layers
    from kerasish.backend.tensor import Function
    from layer_checks import check_layer

    class NoWeightGrad(Function):
        def forward(self, x, w):
            self.w = w
            return x * w

        def backward(self, grad):
            return grad * self.w, None  # forgets the weight's gradient

    class Scale(layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")

        def call(self, inputs):
            return NoWeightGrad.apply(inputs, self.w)

    with pytest.raises(AssertionError, match="gradient with respect to .*/w"):
        check_layer(Scale, input_shape=(2, 3), num_weights=1)


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "maximum", "minimum"])
@pytest.mark.parametrize("int_dtype", ["int64", "int32", "uint8", "bool"])
def test_integer_arrays_take_the_float_operands_dtype(name, int_dtype):
    # Keras's promotion: int64 + float32 -> float32 (NumPy would give float64).
    ints = np.array([1, 0, 1], dtype=int_dtype)
    floats = np.array([0.5, 2.0, 4.0], dtype="float32")
    op = getattr(ops, name)
    assert np.asarray(op(ints, floats)).dtype == np.float32
    assert np.asarray(op(floats, ints)).dtype == np.float32
    assert np.asarray(op(ints, floats.astype("float16"))).dtype == np.float16


def test_matmul_and_where_with_integer_operands_stay_float32():
    ints = np.array([[1, 2], [3, 4]])
    w = Variable(np.ones((2, 3), dtype="float32"))
    assert np.asarray(ops.matmul(ints, w)).dtype == np.float32
    assert np.asarray(ops.where(ints > 2, ints, np.float32(0.5) * np.ones((2, 2), "float32"))).dtype == (
        np.float32
    )


def test_integer_data_gives_float32_predictions():
    import kerasish as keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    assert model.predict(np.array([[0, 1], [1, 1]]), verbose=0).dtype == np.float32


def test_variable_numpy_is_a_snapshot_that_training_does_not_change():
    import kerasish as keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.1, momentum=0.9), "mse")
    before = model.layers[0].kernel.numpy()
    model.fit(np.ones((4, 2)), np.zeros((4, 1)), verbose=0)
    assert not np.array_equal(before, model.layers[0].kernel.numpy())


# ----------------------------------------------------------- stale graphs


def test_gradients_refuse_a_graph_whose_variable_an_optimizer_updated():
    # Without the check the graph reads the updated w (now [1, 2]) and gives
    # [2, 4] for a target computed at [1, 3]: silently wrong.
    w = keras.Variable(np.array([1.0, 3.0], dtype="float32"), name="w")
    y = keras.ops.sum(w * w)
    keras.optimizers.SGD(learning_rate=0.5).apply([np.array([0.0, 2.0], "float32")], [w])
    with pytest.raises(ValueError, match="variable\\(s\\) `w` were updated"):
        keras.backend.gradients(y, [w])


def test_gradients_refuse_a_graph_after_assign():
    w = keras.Variable(np.array([1.0, 3.0], dtype="float32"), name="w")
    y = keras.ops.sum(keras.ops.exp(w))
    w.assign_add(np.ones(2))
    with pytest.raises(ValueError, match="Recompute the target"):
        keras.backend.gradients(y, [w])


def test_a_graph_recorded_after_the_update_gives_gradients():
    w = keras.Variable(np.array([1.0, 3.0], dtype="float32"))
    keras.optimizers.SGD(learning_rate=0.5).apply([np.array([0.0, 2.0], "float32")], [w])
    y = keras.ops.sum(w * w)
    np.testing.assert_array_equal(keras.backend.gradients(y, [w])[0], [2.0, 4.0])


def test_an_unrelated_variable_update_leaves_the_graph_usable():
    w = keras.Variable(np.array([1.0, 3.0], dtype="float32"))
    other = keras.Variable(np.zeros(2, dtype="float32"))
    y = keras.ops.sum(w * w)
    other.assign(np.ones(2))
    np.testing.assert_array_equal(keras.backend.gradients(y, [w])[0], [2.0, 6.0])


# ------------------------------------------------ operators are the ops


def test_operators_follow_the_ops_dtype_rules():
    # keras.ops.add(float32 variable, int64 array) is float32; NumPy's own
    # rule would give float64.
    w = Variable(np.ones(3, dtype="float32"))
    assert (w + np.arange(3)).dtype == "float32"
    assert (np.arange(3) * w).dtype == "float32"
    assert (w / 2).dtype == "float32"
    assert (2 ** w).dtype == "float32"
    np.testing.assert_array_equal(gradients(ops.sum((w - np.arange(3)) ** 2), [w])[0],
                                  [2.0, 0.0, -2.0])


def test_comparisons_and_indexing_of_tensors():
    w = Variable(np.array([1.0, 2.0, 3.0], dtype="float32"))
    np.testing.assert_array_equal(w > 1.5, [False, True, True])
    np.testing.assert_array_equal(w == np.float32(2.0), [False, True, False])
    assert {w: 1}[w] == 1  # still hashable by identity
    (grad,) = gradients(ops.sum(w[np.array([0, 0, 2])]), [w])
    np.testing.assert_array_equal(grad, [2.0, 0.0, 1.0])
