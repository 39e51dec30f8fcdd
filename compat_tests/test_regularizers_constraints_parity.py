"""Regularizers and constraints against Keras: penalty values and their
gradients, constrained weights, configs and string names, and a training
run with regularized and constrained layers (the penalty is part of the
logged loss)."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import (
    public_members,
    REDUCTION,
    TRAINING,
    assert_close,
    assert_same_values_and_grads,
    assert_same_weights,
    real_keras,
    uniform,
)

REGULARIZERS = [("L1", {}), ("L1", {"l1": 0.3}), ("L2", {"l2": 0.05}), ("L1L2", {}),
                ("L1L2", {"l1": 0.02, "l2": 0.1}), ("OrthogonalRegularizer", {}),
                ("OrthogonalRegularizer", {"factor": 0.3, "mode": "columns"})]
CONSTRAINTS = [("MaxNorm", {}), ("MaxNorm", {"max_value": 0.5, "axis": 1}), ("NonNeg", {}),
               ("UnitNorm", {}), ("UnitNorm", {"axis": 1}),
               ("MinMaxNorm", {"min_value": 0.5, "max_value": 1.2, "rate": 0.7})]


def test_every_regularizer_and_constraint_has_a_case():
    names = {n for n, _ in REGULARIZERS} | {n for n, _ in CONSTRAINTS}
    public = {v.__name__ for v in public_members(kerasish.regularizers, {"Regularizer"})}
    public |= {v.__name__ for v in public_members(kerasish.constraints, {"Constraint"})}
    assert sorted(public - names) == []


@pytest.mark.parametrize("name,kwargs", REGULARIZERS, ids=[f"{n}{k}" for n, k in REGULARIZERS])
def test_regularizer_matches_keras(name, kwargs):
    keras = real_keras()
    ours = getattr(kerasish.regularizers, name)(**kwargs)
    theirs = getattr(keras.regularizers, name)(**kwargs)
    weights = uniform(np.random.default_rng(len(name)), (4, 3))
    assert_same_values_and_grads(ours, theirs, [weights], tolerance=REDUCTION, what=name)
    assert ours.get_config() == theirs.get_config()
    assert kerasish.regularizers.serialize(ours) == keras.regularizers.serialize(theirs)


@pytest.mark.parametrize("name,kwargs", CONSTRAINTS, ids=[f"{n}{k}" for n, k in CONSTRAINTS])
def test_constraint_matches_keras(name, kwargs):
    keras = real_keras()
    ours = getattr(kerasish.constraints, name)(**kwargs)
    theirs = getattr(keras.constraints, name)(**kwargs)
    weights = uniform(np.random.default_rng(len(name)), (4, 3))
    our_out = np.asarray(kerasish.ops.convert_to_numpy(ours(weights)))
    their_out = np.asarray(theirs(weights))
    assert our_out.dtype == their_out.dtype == np.float32
    assert_close(our_out, their_out, REDUCTION, name)
    assert ours.get_config() == theirs.get_config()


def test_string_names_resolve_like_keras():
    keras = real_keras()
    for module_name in ("regularizers", "constraints"):
        ours_module, their_module = getattr(kerasish, module_name), getattr(keras, module_name)
        for identifier in ours_module.ALL_OBJECTS_DICT:
            ours, theirs = ours_module.get(identifier), their_module.get(identifier)
            assert type(ours).__name__ == type(theirs).__name__, identifier
            assert ours.get_config() == theirs.get_config(), identifier


def test_training_with_regularizers_and_constraints_matches_keras():
    keras = real_keras()
    models = []
    for m in (kerasish, keras):
        model = m.Sequential([
            m.Input((4,)),
            m.layers.Dense(6, activation="relu", kernel_regularizer=m.regularizers.L2(0.01),
                           bias_regularizer="l1", kernel_constraint=m.constraints.MaxNorm(1.0)),
            m.layers.Dense(2, activity_regularizer=m.regularizers.L1(0.01),
                           bias_constraint=m.constraints.NonNeg()),
        ])
        model.compile(m.optimizers.SGD(0.1, momentum=0.5), "mse", metrics=["mae"])
        models.append(model)
    ours, theirs = models
    rng = np.random.default_rng(11)
    weights = [w + rng.uniform(-0.1, 0.1, w.shape).astype(np.float32) for w in ours.get_weights()]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    x, y = rng.normal(size=(22, 4)).astype(np.float32), rng.normal(size=(22, 2)).astype(np.float32)
    kwargs = {"batch_size": 6, "epochs": 3, "shuffle": False, "verbose": 0, "validation_split": 0.2}
    our_history, their_history = ours.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs)
    assert list(our_history.history) == list(their_history.history)
    for key, values in their_history.history.items():
        assert_close(our_history.history[key], values, TRAINING, f"history[{key!r}]")
    assert_same_weights(ours, theirs, TRAINING)
    assert_close(ours.evaluate(x, y, verbose=0), theirs.evaluate(x, y, verbose=0), TRAINING, "evaluate")
