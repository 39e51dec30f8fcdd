"""Optimizers against real Keras: after the same fit on the same weights,
the weights, the optimizer variables (in order) and the losses agree."""

import numpy as np
import pytest

import kerasish
from compat_tests.toolkit_helpers import assert_weights_close, regression_data, twin_models

keras = pytest.importorskip("keras")

# End-to-end fits through compile/fit; test_optimizers_parity.py checks every
# optimizer and option step by step on bare variables.
CASES = [
    ("Adam", {}),
    ("Nadam", {"learning_rate": 0.01}),
    ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.05}),
    ("Adam", {"learning_rate": 0.01, "global_clipnorm": 0.1}),
    ("Lion", {"learning_rate": 0.001}),
    ("Lamb", {"learning_rate": 0.01}),
    ("Adafactor", {"learning_rate": 0.01}),
    ("Ftrl", {"learning_rate": 0.05, "l2_regularization_strength": 0.01}),
    # fit ends with optimizer.finalize_variable_values(): the averages become the weights.
    ("SGD", {"learning_rate": 0.01, "use_ema": True, "ema_momentum": 0.9}),
    ("Adam", {"learning_rate": 0.01, "use_ema": True, "ema_overwrite_frequency": 5}),
]


def _fit(model, module, optimizer, x, y, epochs=3):
    model.compile(optimizer=optimizer, loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=epochs, shuffle=False, verbose=0)
    return history.history["loss"]


def _case_id(case):
    name, kwargs = case.values if hasattr(case, "values") else case
    return f"{name}-{sorted(kwargs)}"


@pytest.mark.parametrize("name,kwargs", CASES, ids=[_case_id(c) for c in CASES])
def test_optimizer_matches_keras(name, kwargs):
    x, y = regression_data()
    ours, theirs = twin_models(keras)
    our_opt = getattr(kerasish.optimizers, name)(**kwargs)
    their_opt = getattr(keras.optimizers, name)(**kwargs)
    our_losses = _fit(ours, kerasish, our_opt, x, y)
    their_losses = _fit(theirs, keras, their_opt, x, y)
    # 12 float32 updates; TF's fused kernels (matmul, pow, sqrt) round differently
    # in the last bits, and each step carries those differences forward.
    np.testing.assert_allclose(our_losses, their_losses, rtol=1e-5)
    assert_weights_close(ours, theirs, rtol=1e-5, atol=1e-6)
    our_vars = [np.asarray(v.value) for v in our_opt.variables]
    their_vars = [v.numpy() for v in their_opt.variables]
    assert len(our_vars) == len(their_vars)
    for a, b in zip(our_vars, their_vars):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_config_round_trip_with_schedule():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    their_config = keras.optimizers.serialize(keras.optimizers.Adam(learning_rate=schedule))
    ours = kerasish.optimizers.deserialize(their_config)
    assert isinstance(ours, kerasish.optimizers.Adam)
    assert isinstance(ours._schedule, kerasish.optimizers.schedules.ExponentialDecay)
    assert float(ours.learning_rate) == pytest.approx(0.1)


def test_keras_loads_our_optimizer_config_with_schedule():
    schedule = kerasish.optimizers.schedules.CosineDecay(0.1, 100, warmup_target=0.5, warmup_steps=5)
    ours = kerasish.optimizers.Adam(learning_rate=schedule, amsgrad=True)
    config = kerasish.optimizers.serialize(ours)
    theirs = keras.optimizers.deserialize(config)
    assert isinstance(theirs, keras.optimizers.Adam) and theirs.amsgrad
    their_schedule = theirs._learning_rate
    assert isinstance(their_schedule, keras.optimizers.schedules.CosineDecay)
    for step in (0, 3, 5, 50, 200):
        # Both compute in float32; cos and the warmup fraction round alike.
        np.testing.assert_allclose(float(schedule(step)), float(their_schedule(step)), rtol=1e-6)


@pytest.mark.parametrize("make", [
    lambda m: m.optimizers.schedules.ExponentialDecay(0.1, 7, 0.6, staircase=True),
    lambda m: m.optimizers.schedules.InverseTimeDecay(0.2, 3, 0.5),
    lambda m: m.optimizers.schedules.PiecewiseConstantDecay([3, 8], [0.3, 0.2, 0.1]),
    lambda m: m.optimizers.schedules.PolynomialDecay(0.1, 10, cycle=True, power=2.0),
    lambda m: m.optimizers.schedules.CosineDecay(0.1, 20, alpha=0.2),
    lambda m: m.optimizers.schedules.CosineDecayRestarts(0.1, 5),
    lambda m: m.optimizers.schedules.CosineDecayRestarts(0.1, 4, t_mul=1.0, m_mul=0.5, alpha=0.1),
    lambda m: m.optimizers.schedules.CosineDecayRestarts(0.2, 3, t_mul=1.5, m_mul=0.9),
])
def test_schedules_match_keras(make):
    ours, theirs = make(kerasish), make(keras)
    for step in range(0, 40, 3):
        # float32 pow/cos: TF and NumPy may differ in the last bit.
        np.testing.assert_allclose(float(ours(np.int64(step))), float(theirs(step)), rtol=1e-6)
    assert ours.get_config() == theirs.get_config()
