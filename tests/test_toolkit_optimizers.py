"""Optimizers and learning-rate schedules: update rules worked out by hand,
slot variables, clipping, weight decay, constraints, names and bad input."""

import numpy as np
import pytest

import kerasish
from kerasish import optimizers
from kerasish.backend.variables import Variable
from kerasish.optimizers import schedules
from kerasish.utils import naming


def _variable(values, name="kernel"):
    variable = Variable(np.asarray(values, dtype="float32"), name=name)
    variable.path = f"dense/{name}"
    return variable


def _step(optimizer, grads, values, steps=1):
    variables = [_variable(v, f"w{i}") for i, v in enumerate(values)]
    for _ in range(steps):
        optimizer.apply([np.asarray(g, dtype="float32") for g in grads], variables)
    return [v.value for v in variables]


def test_adam_first_step_moves_each_weight_by_the_learning_rate():
    # m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(0.001) / 0.1: the step is lr * sign(g).
    [w] = _step(optimizers.Adam(learning_rate=0.01), [[2.0, -0.5]], [[1.0, 1.0]])
    np.testing.assert_allclose(w, [0.99, 1.01], rtol=1e-5)


def test_adam_matches_the_textbook_rule_over_steps():
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(5, 3)).astype("float32")
    optimizer = optimizers.Adam(learning_rate=0.1, amsgrad=True)
    variable = _variable(np.zeros(3))
    m = v = v_hat = np.zeros(3)
    w = np.zeros(3)
    for t, g in enumerate(grads, start=1):
        optimizer.apply([g], [variable])
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        v_hat = np.maximum(v_hat, v)
        alpha = 0.1 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        w = w - m * alpha / (np.sqrt(v_hat) + 1e-7)
    np.testing.assert_allclose(variable.value, w, rtol=1e-5)  # float32 against float64


def test_rmsprop_centered_with_momentum_matches_the_rule():
    g = np.array([0.5, -2.0], "float32")
    [w] = _step(optimizers.RMSprop(learning_rate=0.1, momentum=0.5, centered=True), [g, g][:1],
                [[0.0, 0.0]], steps=2)
    v = a = mom = np.zeros(2)
    expected = np.zeros(2)
    for _ in range(2):
        v = 0.9 * v + 0.1 * g**2
        a = 0.9 * a + 0.1 * g
        mom = 0.5 * mom + 0.1 * g / np.sqrt(v - a**2 + 1e-7)
        expected = expected - mom
    np.testing.assert_allclose(w, expected, rtol=1e-5)


def test_adagrad_adadelta_adamax_nadam_take_their_documented_first_step():
    g = np.array([1.0, -3.0], "float32")
    [w] = _step(optimizers.Adagrad(learning_rate=0.1), [g], [[0.0, 0.0]])
    np.testing.assert_allclose(w, -0.1 * g / np.sqrt(0.1 + g**2 + 1e-7), rtol=1e-6)
    [w] = _step(optimizers.Adadelta(learning_rate=1.0), [g], [[0.0, 0.0]])
    np.testing.assert_allclose(w, -np.sqrt(1e-7) * g / np.sqrt(0.05 * g**2 + 1e-7), rtol=1e-5)
    [w] = _step(optimizers.Adamax(learning_rate=0.1), [g], [[0.0, 0.0]])
    np.testing.assert_allclose(w, -0.1 * (0.1 * g) / (0.1 * (np.abs(g) + 1e-7)), rtol=1e-5)
    [w] = _step(optimizers.Nadam(learning_rate=0.1), [g], [[0.0, 0.0]])
    u1, u2 = 0.9 * (1 - 0.5 * 0.96), 0.9 * (1 - 0.5 * 0.96**2)
    m_hat = u2 * 0.1 * g / (1 - u1 * u2) + (1 - u1) * g / (1 - u1)
    v_hat = 0.001 * g**2 / (1 - 0.999)
    np.testing.assert_allclose(w, -0.1 * m_hat / (np.sqrt(v_hat) + 1e-7), rtol=1e-5)


def test_every_optimizer_minimises_a_quadratic():
    for name in ["sgd", "adam", "adamw", "rmsprop", "adagrad", "adamax", "nadam"]:
        optimizer = optimizers.get(name)
        optimizer.learning_rate = 1.0 if name == "adagrad" else 0.1
        variable = _variable([3.0, -2.0])
        for _ in range(200):
            optimizer.apply([2 * variable.value], [variable])
        assert np.all(np.abs(variable.value) < 0.5), name


def test_slots_follow_keras_order_and_names():
    optimizer = optimizers.Adam(amsgrad=True)
    kernel, bias = _variable(np.zeros((2, 3)), "kernel"), _variable(np.zeros(3), "bias")
    kernel.path, bias.path = "dense/kernel", "dense/bias"
    optimizer.build([kernel, bias])
    assert [v.name for v in optimizer.variables] == [
        "iteration", "learning_rate",
        "dense_kernel_momentum", "dense_kernel_velocity", "dense_bias_momentum",
        "dense_bias_velocity", "dense_kernel_velocity_hat", "dense_bias_velocity_hat",
    ]
    assert optimizer.variables[0].value.dtype == np.int64
    assert optimizer.variables[2].path == f"{optimizer.name}/dense_kernel_momentum"
    nadam = optimizers.Nadam()
    nadam.build([kernel])
    assert [v.name for v in nadam.variables][-1] == "variable"  # Keras's u_product
    assert float(nadam.variables[-1].value) == 1.0


def test_names_are_numbered_like_keras():
    naming.reset_uids()
    assert [optimizers.Adam().name, optimizers.Adam().name, optimizers.RMSprop().name] == [
        "adam", "adam_1", "rm_sprop"
    ]
    assert optimizers.RMSprop(name="mine").name == "mine"


def test_get_is_case_insensitive_and_rejects_unknown_names():
    assert isinstance(optimizers.get("Adam"), optimizers.Adam)
    assert isinstance(optimizers.get("RMSPROP"), optimizers.RMSprop)
    config = optimizers.serialize(optimizers.Adamax(learning_rate=0.5))
    rebuilt = optimizers.get(config)
    assert isinstance(rebuilt, optimizers.Adamax) and float(rebuilt.learning_rate) == 0.5
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: nope"):
        optimizers.get("nope")


def test_compile_defaults_to_rmsprop():
    model = kerasish.Sequential([kerasish.Input((2,)), kerasish.layers.Dense(1)])
    model.compile(loss="mse")
    assert isinstance(model.optimizer, optimizers.RMSprop)


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match=r"Argument\(s\) not recognized: \{'betta_1': 0.9\}"):
        optimizers.Adam(betta_1=0.9)
    with pytest.raises(ValueError, match="must be non-negative. Received: learning_rate=-0.1"):
        optimizers.Adam(learning_rate=-0.1)
    with pytest.raises(ValueError, match="Received instead: learning_rate=fast"):
        optimizers.SGD(learning_rate="fast")
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"):
        optimizers.Adam(clipnorm=1.0, clipvalue=1.0)
    with pytest.raises(ValueError, match="Argument `weight_decay` must be a float"):
        optimizers.AdamW(weight_decay=None)
    with pytest.warns(UserWarning, match="`decay` is no longer supported"):
        optimizers.SGD(decay=0.1)


def test_clipping_follows_keras_formulas():
    g = np.array([3.0, 4.0], "float32")  # norm 5
    [w] = _step(optimizers.SGD(learning_rate=1.0, clipnorm=1.0), [g], [[0.0, 0.0]])
    np.testing.assert_allclose(w, [-0.6, -0.8], rtol=1e-6)
    w1, w2 = _step(optimizers.SGD(learning_rate=1.0, global_clipnorm=1.0), [g, g * 0],
                   [[0.0, 0.0], [0.0, 0.0]])
    np.testing.assert_allclose(w1, [-0.6, -0.8], rtol=1e-6)
    [w] = _step(optimizers.SGD(learning_rate=1.0, clipvalue=3.5), [g], [[0.0, 0.0]])
    np.testing.assert_allclose(w, [-3.0, -3.5])


def test_weight_decay_shrinks_weights_before_the_update():
    optimizer = optimizers.SGD(learning_rate=0.1, weight_decay=0.5)
    [w] = _step(optimizer, [[0.0, 1.0]], [[2.0, 2.0]])
    np.testing.assert_allclose(w, [2.0 - 2.0 * 0.05, 2.0 - 2.0 * 0.05 - 0.1], rtol=1e-6)
    excluded = optimizers.AdamW(learning_rate=0.1, weight_decay=0.5)
    excluded.exclude_from_weight_decay(var_names=["w0"])
    [w] = _step(excluded, [[0.0]], [[2.0]])
    np.testing.assert_allclose(w, [2.0])


def test_constraints_are_applied_after_each_update():
    model = kerasish.Sequential([
        kerasish.Input((3,)),
        kerasish.layers.Dense(2, kernel_constraint=kerasish.constraints.NonNeg()),
    ])
    model.compile(optimizer=optimizers.Adam(learning_rate=0.5), loss="mse")
    x = np.ones((8, 3), "float32")
    model.fit(x, -10 * np.ones((8, 2), "float32"), epochs=2, verbose=0)
    assert np.all(model.layers[-1].kernel.value >= 0)


def test_learning_rate_setter_and_callable_learning_rates():
    optimizer = optimizers.Adam(learning_rate=0.1)
    optimizer.learning_rate = 0.01
    assert float(optimizer.learning_rate) == pytest.approx(0.01)
    assert np.asarray(optimizer.learning_rate).dtype == np.float32
    assert isinstance(optimizers.Adam(learning_rate=lambda: 0.3).learning_rate, np.ndarray)
    assert float(optimizers.Adam(learning_rate=lambda: 0.3).learning_rate) == pytest.approx(0.3)
    scheduled = optimizers.SGD(learning_rate=schedules.ExponentialDecay(0.1, 10, 0.5))
    with pytest.raises(TypeError, match="learning rate is not settable"):
        scheduled.learning_rate = 0.5
    assert len(scheduled.variables) == 1  # no learning-rate variable with a schedule


def test_schedules_give_keras_values():
    step = np.int64(15)
    assert float(schedules.ExponentialDecay(0.1, 10, 0.5)(step)) == pytest.approx(0.1 * 0.5**1.5)
    assert float(schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)(step)) == pytest.approx(0.05)
    assert float(schedules.InverseTimeDecay(0.1, 10, 0.5)(step)) == pytest.approx(0.1 / 1.75)
    piecewise = schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    assert [float(piecewise(s)) for s in (0, 10, 11, 20, 21)] == pytest.approx([1, 1, 0.5, 0.5, 0.1])
    cosine = schedules.CosineDecay(0.1, 100, alpha=0.1)
    assert float(cosine(50)) == pytest.approx(0.1 * (0.9 * 0.5 + 0.1))
    assert float(cosine(500)) == pytest.approx(0.01)
    warm = schedules.CosineDecay(0.0, 100, warmup_target=1.0, warmup_steps=10)
    assert [round(float(warm(s)), 5) for s in (0, 5, 10, 110)] == [0.0, 0.5, 1.0, 0.0]
    assert float(schedules.PolynomialDecay(0.1, 10, 0.0)(5)) == pytest.approx(0.05)
    assert schedules.ExponentialDecay(0.1, 10, 0.5)(step).dtype == np.float32


def test_schedules_drive_the_optimizer_and_round_trip():
    schedule = schedules.PiecewiseConstantDecay([1], [1.0, 0.1])
    optimizer = optimizers.SGD(learning_rate=schedule)
    [w] = _step(optimizer, [[1.0]], [[0.0]], steps=3)
    # Steps 0 and 1 are at or below the boundary (rate 1.0), step 2 is past it.
    np.testing.assert_allclose(w, [-1.0 - 1.0 - 0.1], rtol=1e-6)
    config = optimizers.serialize(optimizer)
    assert config["config"]["learning_rate"]["class_name"] == "PiecewiseConstantDecay"
    rebuilt = optimizers.deserialize(config)
    assert isinstance(rebuilt._schedule, schedules.PiecewiseConstantDecay)
    again = schedules.deserialize(schedules.serialize(schedules.CosineDecay(0.1, 5, warmup_steps=2)))
    assert again.get_config()["warmup_steps"] == 2


def test_schedule_arguments_are_validated():
    with pytest.raises(ValueError, match="`decay_steps` must be > 0. Received: decay_steps=0"):
        schedules.ExponentialDecay(0.1, 0, 0.5)
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less"):
        schedules.PiecewiseConstantDecay([1, 2], [1.0])
