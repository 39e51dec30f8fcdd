"""Optimizers against real Keras: after the same fit on the same weights,
the weights, the optimizer variables (in order) and the losses agree."""

import re

import numpy as np
import pytest

import kerasish
from compat_tests.toolkit_helpers import assert_weights_close, regression_data, twin_models

keras = pytest.importorskip("keras")

CASES = [
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", {"learning_rate": 0.05}),
    ("Adadelta", {"learning_rate": 1.0}),
    ("Adamax", {"learning_rate": 0.01}),
    ("Nadam", {"learning_rate": 0.01}),
    ("Adam", {"learning_rate": 0.01, "clipnorm": 0.1}),
    ("Adam", {"learning_rate": 0.01, "global_clipnorm": 0.1}),
    ("SGD", {"learning_rate": 0.05, "clipvalue": 0.01}),
    ("RMSprop", {"learning_rate": 0.01, "weight_decay": 0.05}),
]


def _fit(model, module, optimizer, x, y, epochs=3):
    model.compile(optimizer=optimizer, loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=epochs, shuffle=False, verbose=0)
    return history.history["loss"]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{sorted(k)}" for n, k in CASES])
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


def test_slot_names_and_order_match_keras():
    x, y = regression_data(n=8)
    for name, kwargs in [("Adam", {"amsgrad": True}), ("RMSprop", {"momentum": 0.5, "centered": True}),
                         ("Adadelta", {}), ("Adamax", {}), ("Adagrad", {}), ("Nadam", {})]:
        ours, theirs = twin_models(keras)
        our_opt = getattr(kerasish.optimizers, name)(**kwargs)
        their_opt = getattr(keras.optimizers, name)(**kwargs)
        _fit(ours, kerasish, our_opt, x, y, epochs=1)
        _fit(theirs, keras, their_opt, x, y, epochs=1)
        # Keras prefixes layer paths with the model name ("sequential_dense_28_kernel_...");
        # compare what follows the weight name, which is what the optimizer adds.
        # Nadam's unnamed u_product is "variable", "variable_1", ... in Keras (a
        # process-wide counter); compare without that counter.
        def suffixes(variables):
            names = [re.sub(r"^.*?_(kernel|bias)_", r"\1_", v.name) for v in variables]
            return [re.sub(r"^variable_\d+$", "variable", n) for n in names]

        assert suffixes(our_opt.variables) == suffixes(their_opt.variables), name
        assert [str(v.value.dtype) for v in our_opt.variables] == [v.dtype for v in their_opt.variables]


@pytest.mark.parametrize("name", ["sgd", "adam", "RMSprop", "adamw", "adagrad", "adadelta",
                                  "adamax", "nadam"])
def test_string_names_and_defaults(name):
    ours = kerasish.optimizers.get(name)
    theirs = keras.optimizers.get(name)
    our_config, their_config = ours.get_config(), theirs.get_config()
    our_config.pop("name"), their_config.pop("name")
    assert our_config == their_config


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
])
def test_schedules_match_keras(make):
    ours, theirs = make(kerasish), make(keras)
    for step in range(0, 40, 3):
        # float32 pow/cos: TF and NumPy may differ in the last bit.
        np.testing.assert_allclose(float(ours(np.int64(step))), float(theirs(step)), rtol=1e-6)
    assert ours.get_config() == theirs.get_config()
