"""SGD's update rule against steps written out by hand."""

import numpy as np
import pytest

import kerasish

from kerasish import optimizers
from kerasish.backend.variables import Variable

GRADIENTS = [np.array([0.5, -1.0]), np.array([0.2, 0.3]), np.array([-0.4, 0.1])]
START = np.array([1.0, 2.0])


def run(optimizer, steps=GRADIENTS):
    variable = Variable(START.astype("float32"), name="w")
    history = []
    for grad in steps:
        optimizer.apply_gradients([(grad.astype("float32"), variable)])
        history.append(variable.value.copy())
    return history


def test_plain_sgd():
    history = run(optimizers.SGD(learning_rate=0.1))
    w = START.copy()
    for grad, got in zip(GRADIENTS, history):
        w = w - 0.1 * grad
        np.testing.assert_allclose(got, w, rtol=1e-6)


def test_momentum():
    history = run(optimizers.SGD(learning_rate=0.1, momentum=0.9))
    w, velocity = START.copy(), np.zeros(2)
    for grad, got in zip(GRADIENTS, history):
        velocity = 0.9 * velocity - 0.1 * grad
        w = w + velocity
        np.testing.assert_allclose(got, w, rtol=1e-6)


def test_nesterov():
    history = run(optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True))
    w, velocity = START.copy(), np.zeros(2)
    for grad, got in zip(GRADIENTS, history):
        velocity = 0.9 * velocity - 0.1 * grad
        w = w + 0.9 * velocity - 0.1 * grad
        np.testing.assert_allclose(got, w, rtol=1e-6)


def test_first_step_by_hand():
    # w = 1.0, g = 0.5, lr = 0.1, momentum = 0.9: v = -0.05, w = 0.95;
    # nesterov: w = 1.0 + 0.9 * -0.05 - 0.05 = 0.905.
    assert run(optimizers.SGD(0.1, momentum=0.9), GRADIENTS[:1])[0][0] == pytest.approx(0.95)
    assert run(optimizers.SGD(0.1, momentum=0.9, nesterov=True), GRADIENTS[:1])[0][0] == (
        pytest.approx(0.905)
    )


def test_learning_rate_is_settable_between_steps():
    optimizer = optimizers.SGD(learning_rate=0.1)
    variable = Variable(np.array([1.0], dtype="float32"))
    optimizer.apply_gradients([(np.array([1.0], dtype="float32"), variable)])
    optimizer.learning_rate = 0.5
    assert float(optimizer.learning_rate) == 0.5
    optimizer.apply_gradients([(np.array([1.0], dtype="float32"), variable)])
    np.testing.assert_allclose(variable.value, [1.0 - 0.1 - 0.5], rtol=1e-6)
    assert optimizer.get_config()["learning_rate"] == 0.5


def test_learning_rate_is_a_variable_as_in_keras():
    optimizer = optimizers.SGD(learning_rate=0.1)
    optimizer.learning_rate.assign(0.25)
    assert optimizer.learning_rate.numpy() == np.float32(0.25)
    variable = Variable(np.array([1.0], dtype="float32"))
    optimizer.apply_gradients([(np.array([1.0], dtype="float32"), variable)])
    np.testing.assert_allclose(variable.value, [0.75])
    assert float(optimizer.learning_rate * 2) == 0.5


def test_iterations_count_apply_calls():
    optimizer = optimizers.SGD()
    assert int(optimizer.iterations.value) == 0
    run(optimizer)
    assert int(optimizer.iterations.value) == len(GRADIENTS)


def test_variables_stay_float32_and_slots_are_created_once():
    optimizer = optimizers.SGD(0.1, momentum=0.5)
    variable = Variable(np.ones(3, dtype="float32"))
    for _ in range(3):
        optimizer.apply([np.ones(3, dtype="float64")], [variable])
    assert variable.value.dtype == np.float32
    assert len(optimizer.momentums) == 1
    assert optimizer.momentums[0].value.dtype == np.float32


def test_none_gradients_are_skipped():
    optimizer = optimizers.SGD(0.1)
    a, b = Variable(np.ones(1, "float32")), Variable(np.ones(1, "float32"))
    optimizer.apply([None, np.ones(1, "float32")], [a, b])
    assert a.value[0] == 1.0 and b.value[0] == pytest.approx(0.9)


def test_sgd_has_no_update_method():
    with pytest.raises(AttributeError):
        optimizers.SGD(0.1).update
    with pytest.raises(AttributeError):
        optimizers.SGD(0.1).minimize_loss


def test_config_round_trip():
    optimizer = optimizers.SGD(learning_rate=0.05, momentum=0.8, nesterov=True, name="sgd_x")
    config = optimizer.get_config()
    assert config["learning_rate"] == pytest.approx(0.05)
    assert config["momentum"] == 0.8 and config["nesterov"] is True and config["name"] == "sgd_x"
    assert optimizers.SGD.from_config(config).get_config() == config


def test_get():
    assert isinstance(optimizers.get("sgd"), optimizers.SGD)
    assert isinstance(optimizers.get("SGD"), optimizers.SGD)
    optimizer = optimizers.SGD()
    assert optimizers.get(optimizer) is optimizer
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: sgdd"):
        optimizers.get("sgdd")


@pytest.mark.parametrize("momentum", [-0.1, 1.5, "high"])
def test_invalid_momentum(momentum):
    with pytest.raises(ValueError, match=f"`momentum` must be a float between \\[0, 1\\]. Received: momentum={momentum}"):
        optimizers.SGD(momentum=momentum)


@pytest.mark.parametrize("learning_rate", [-0.1, "fast", None])
def test_invalid_learning_rate(learning_rate):
    with pytest.raises(ValueError, match=f"Received.*learning_rate={learning_rate}"):
        optimizers.SGD(learning_rate=learning_rate)


def test_unknown_keyword_argument():
    with pytest.raises(ValueError, match=r"Argument\(s\) not recognized: \{'lr_decay': 0.1\}"):
        optimizers.SGD(lr_decay=0.1)


def test_learning_rate_schedule_callable():
    # Like Keras 3: a plain callable takes no arguments; schedules take the step.
    class Halving(optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            return 0.1 / (1 + int(step))

    optimizer = optimizers.SGD(learning_rate=Halving())
    history = run(optimizer, GRADIENTS[:2])
    expected = START - 0.1 * GRADIENTS[0]
    np.testing.assert_allclose(history[0], expected, rtol=1e-6)
    np.testing.assert_allclose(history[1], expected - 0.05 * GRADIENTS[1], rtol=1e-6)


def test_apply_without_variables_uses_the_built_ones():
    # Keras: after `build`, `apply(grads)` updates the variables built with.
    weights = Variable(np.array([1.0, 2.0], dtype="float32"))
    optimizer = optimizers.SGD(learning_rate=0.5)
    with pytest.raises(ValueError, match="must already be built"):
        optimizer.apply([np.ones(2, "float32")])
    optimizer.build([weights])
    optimizer.apply([np.ones(2, "float32")])
    np.testing.assert_allclose(weights.numpy(), [0.5, 1.5])
    with pytest.raises(ValueError, match="one-to-one"):
        optimizer.apply([np.ones(2, "float32"), np.ones(2, "float32")])


def test_variables_without_a_gradient_are_skipped_with_a_warning_and_all_none_is_an_error():
    used = kerasish.Variable(np.ones(2, np.float32), name="used")
    unused = kerasish.Variable(np.ones(2, np.float32), name="unused")
    optimizer = kerasish.optimizers.Adam(0.1)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['unused'\]"):
        optimizer.apply([np.ones(2, np.float32), None], [used, unused])
    assert len(optimizer.variables) == 2 + 2 * 2  # iteration, learning rate, slots for both
    np.testing.assert_array_equal(unused.value, np.ones(2, np.float32))
    assert not np.array_equal(used.value, np.ones(2, np.float32))
    with pytest.raises(ValueError, match="No gradients provided for any variable."):
        optimizer.apply([None, None], [used, unused])
    assert np.asarray(optimizer.iterations) == 1  # an array even after the counter moved


def test_gradients_of_an_unconnected_source_are_zero_or_none():
    w, v = kerasish.Variable(np.ones(2, np.float32)), kerasish.Variable(np.ones(2, np.float32))
    loss = kerasish.ops.sum(w * 3.0)
    zero = kerasish.backend.gradients(loss, [w, v])
    np.testing.assert_array_equal(zero[1], np.zeros(2, np.float32))
    assert kerasish.backend.gradients(loss, [w, v], unconnected_gradients="none")[1] is None
    with pytest.raises(ValueError, match="Received: unconnected_gradients='nan'"):
        kerasish.backend.gradients(loss, [w, v], unconnected_gradients="nan")


@pytest.mark.parametrize("make, message", [
    (lambda: optimizers.Lion(beta_1=0.0), "Argument `beta_1` must be in the"),
    (lambda: optimizers.Ftrl(initial_accumulator_value=-1.0), "`initial_accumulator_value` needs"),
    (lambda: optimizers.Ftrl(learning_rate_power=0.5), "`learning_rate_power` needs to be negative"),
    (lambda: optimizers.Ftrl(l1_regularization_strength=-1.0), "`l1_regularization_strength`"),
    (lambda: optimizers.SGD(use_ema=True, ema_momentum=1.5), "`ema_momentum` must be in the range"),
    (lambda: optimizers.SGD(use_ema=True, ema_overwrite_frequency=0.5),
     "`ema_overwrite_frequency` must be an integer"),
])
def test_new_optimizer_arguments_are_checked(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_ema_averages_and_finalize_puts_them_in_the_weights():
    import kerasish

    weights = kerasish.Variable(np.zeros(2, dtype="float32"))
    optimizer = optimizers.SGD(learning_rate=1.0, use_ema=True, ema_momentum=0.5)
    for _ in range(3):
        optimizer.apply_gradients([(np.full(2, -1.0, dtype="float32"), weights)])
    # Weights 1, 2, 3; the average copies the first step, then halves towards the weights.
    np.testing.assert_allclose(weights.numpy(), [3.0, 3.0])
    optimizer.finalize_variable_values([weights])
    np.testing.assert_allclose(weights.numpy(), [2.25, 2.25])


def test_adafactor_keeps_factored_second_moments_for_matrices():
    import kerasish

    matrix = kerasish.Variable(np.ones((4, 3), dtype="float32"))
    optimizer = optimizers.Adafactor()
    optimizer.apply_gradients([(np.ones((4, 3), dtype="float32"), matrix)])
    shapes = [tuple(v.shape) for v in optimizer.variables[2:]]
    assert shapes == [(4,), (3,), (4, 3)]
