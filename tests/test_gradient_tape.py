"""keras.GradientTape: tf.GradientTape's methods over kerasish's engine."""

import numpy as np
import pytest

import kerasish as keras


def test_gradient_of_a_scalar_variable_as_in_the_tf_guide():
    x = keras.Variable(3.0)
    with keras.GradientTape() as tape:
        y = x ** 2
    assert tape.gradient(y, x) == pytest.approx(6.0)


def test_nested_structures_of_sources_come_back_in_the_same_structure():
    w = keras.Variable(np.ones((3, 2), "float32"), name="w")
    b = keras.Variable(np.zeros(2, "float32"), name="b")
    x = np.array([[1.0, 2.0, 3.0]], "float32")
    with keras.GradientTape(persistent=True) as tape:
        y = keras.ops.matmul(x, w) + b
        loss = keras.ops.mean(y ** 2)
    grads = tape.gradient(loss, {"w": w, "b": b})
    np.testing.assert_allclose(grads["w"], x.T @ (y.numpy()), rtol=1e-6)
    np.testing.assert_allclose(grads["b"], y.numpy()[0], rtol=1e-6)
    nested = tape.gradient(loss, [w, (b,)])
    assert isinstance(nested, list) and isinstance(nested[1], tuple)
    np.testing.assert_array_equal(nested[1][0], grads["b"])


def test_watch_makes_a_tensor_or_non_trainable_variable_differentiable():
    x = keras.backend.Tensor(np.array(3.0, "float32"), requires_grad=False)
    frozen = keras.Variable(2.0, trainable=False)
    with keras.GradientTape() as tape:
        assert tape.watch([x, frozen]) == [x, frozen]
        y = x * x * frozen
    dx, dfrozen = tape.gradient(y, [x, frozen])
    assert float(dx) == pytest.approx(12.0) and float(dfrozen) == pytest.approx(9.0)
    assert tape.watched_variables() == (x, frozen)
    assert not frozen.trainable


def test_watching_a_numpy_array_is_a_clear_error():
    with keras.GradientTape() as tape:
        with pytest.raises(TypeError, match="keras.Variable"):
            tape.watch(np.array(3.0))


def test_unwatched_sources_get_none_or_zeros():
    used, unused = keras.Variable(1.0), keras.Variable(np.ones(2, "float32"))
    with keras.GradientTape(persistent=True) as tape:
        y = used * 2.0
    assert tape.gradient(y, [used, unused])[1] is None
    np.testing.assert_array_equal(
        tape.gradient(y, [used, unused], unconnected_gradients="zero")[1], np.zeros(2))
    frozen = keras.Variable(5.0, trainable=False)
    with keras.GradientTape() as tape:
        z = frozen * used
    assert tape.gradient(z, frozen) is None


def test_non_persistent_tape_refuses_a_second_gradient():
    x = keras.Variable(2.0)
    with keras.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="non-persistent GradientTape"):
        tape.gradient(y, x)


def test_second_derivatives_through_nested_tapes_are_a_clear_error():
    x = keras.Variable(3.0)
    with keras.GradientTape() as outer:
        with keras.GradientTape() as inner:
            y = x * x * x
        dy_dx = inner.gradient(y, x)
    assert float(dy_dx) == pytest.approx(27.0)
    with pytest.raises(NotImplementedError, match="Second derivatives"):
        outer.gradient(dy_dx, x)


def test_output_gradients_list_targets_and_stop_recording():
    x = keras.Variable(np.array([1.0, 2.0], "float32"))
    with keras.GradientTape(persistent=True) as tape:
        y = x * 3.0
        z = x * x
        with tape.stop_recording():
            ignored = x * 100.0
    np.testing.assert_allclose(tape.gradient(y, x, output_gradients=np.array([1.0, 10.0])),
                               [3.0, 30.0])
    np.testing.assert_allclose(tape.gradient([y, z], x), [5.0, 7.0])
    assert tape.gradient(ignored, x) is None


def test_jacobian():
    x = keras.Variable(np.array([1.0, 2.0, 3.0], "float32"))
    with keras.GradientTape() as tape:
        y = x * x
    np.testing.assert_allclose(tape.jacobian(y, x), np.diag([2.0, 4.0, 6.0]))


def test_a_tf_style_custom_training_loop_learns_a_line():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    optimizer = keras.optimizers.SGD(0.1)
    x = np.linspace(-1, 1, 32, dtype="float32")[:, None]
    y = 3 * x + 1
    for _ in range(200):
        with keras.GradientTape() as tape:
            loss = keras.ops.mean(keras.ops.square(model(x, training=True) - y))
        grads = tape.gradient(loss, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
    kernel, bias = model.get_weights()
    assert kernel[0, 0] == pytest.approx(3.0, abs=1e-3) and bias[0] == pytest.approx(1.0, abs=1e-3)
