"""Every optimizer in `kerasish.optimizers` against `keras.optimizers`: from
the same variables and the same gradients, several steps give the same new
variables, the same slot variables (momentums, ...) and iteration count, and
the optimizers have the same config.

A new optimizer (or option) gets covered by one line in OPTIMIZERS.
"""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras, reset_names, uniform

OPTIMIZERS = [
    ("SGD", {}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.5, "nesterov": True}),
    ("SGD", {"learning_rate": 0.1, "clipnorm": 0.5}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "clipvalue": 0.1}),
    ("SGD", {"learning_rate": 0.1, "global_clipnorm": 0.7}),
    ("SGD", {"learning_rate": 0.1, "weight_decay": 0.05}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01,
             "global_clipnorm": 1.0}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.01, "amsgrad": True, "clipnorm": 0.5}),
    ("AdamW", {"learning_rate": 0.01}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", {"learning_rate": 0.05}),
    ("Adadelta", {"learning_rate": 1.0}),
    ("Adamax", {"learning_rate": 0.01, "weight_decay": 0.01}),
    ("Nadam", {"learning_rate": 0.01}),
    ("Lion", {"learning_rate": 0.01}),
    ("Lion", {"learning_rate": 0.01, "beta_1": 0.5, "weight_decay": 0.1}),
    ("Lamb", {"learning_rate": 0.01}),
    ("Lamb", {"learning_rate": 0.01, "clipnorm": 0.5}),
    ("Ftrl", {"learning_rate": 0.1}),
    ("Ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
              "l2_regularization_strength": 0.02, "l2_shrinkage_regularization_strength": 0.01,
              "beta": 0.1, "initial_accumulator_value": 0.5, "learning_rate_power": -0.3}),
    ("Adafactor", {}),
    ("Adafactor", {"learning_rate": 0.01, "relative_step": False, "clip_threshold": 0.5}),
    ("Muon", {"learning_rate": 0.01}),
    ("Muon", {"learning_rate": 0.01, "nesterov": False, "rms_rate": None, "adam_lr_ratio": 0.5,
              "weight_decay": 0.1, "adam_weight_decay": 0.2}),
    ("ScheduleFreeAdamW", {}),
    ("ScheduleFreeAdamW", {"learning_rate": 0.01, "warmup_steps": 3, "weight_decay": 0.01}),
    # Exponential moving averages of the weights ("average" slots).
    ("Adam", {"learning_rate": 0.01, "use_ema": True}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "use_ema": True, "ema_momentum": 0.5,
             "ema_overwrite_frequency": 2}),
]
SHAPES = [(3, 2), (2,), (1, 4, 2)]
STEPS = 4

CASES = [pytest.param(name, kwargs, id=f"{name}{kwargs}") for name, kwargs in OPTIMIZERS]


def _optimizer_classes():
    return sorted(
        name for name in dir(kerasish.optimizers)  # dir(): the namespace loads its names lazily
        if isinstance(obj := getattr(kerasish.optimizers, name), type)
        and issubclass(obj, kerasish.optimizers.Optimizer)
        and obj is not kerasish.optimizers.Optimizer
    )


def test_every_optimizer_has_a_case():
    from compat_tests.test_toolkit_optimizers_parity import CASES as TOOLKIT_CASES

    toolkit = [case.values if hasattr(case, "values") else case for case in TOOLKIT_CASES]
    covered = {name for name, _ in OPTIMIZERS + toolkit}
    from compat_tests.test_multi_optimizer_parity import COVERED as MULTI_COVERED

    covered |= set(MULTI_COVERED)
    missing = [n for n in _optimizer_classes() if n not in covered]
    assert not missing, f"add these optimizers to OPTIMIZERS in {__file__}: {missing}"


@pytest.mark.parametrize("name,kwargs", CASES)
def test_optimizer_steps_match_keras(name, kwargs):
    keras = real_keras()
    # Unnamed slots (Nadam's u_product) are named from a global counter in both
    # libraries: start both counters from zero, whatever ran before.
    reset_names()
    rng = np.random.default_rng(len(str(kwargs)))
    initial = [uniform(rng, shape) for shape in SHAPES]
    ours = getattr(kerasish.optimizers, name)(**kwargs)
    theirs = getattr(keras.optimizers, name)(**kwargs)
    our_vars = [kerasish.Variable(v.copy(), name=f"v{i}") for i, v in enumerate(initial)]
    their_vars = [keras.Variable(v.copy(), name=f"v{i}") for i, v in enumerate(initial)]
    for step in range(STEPS):
        # Gradients large enough that clipping acts on some steps.
        grads = [uniform(rng, shape, -1.5, 1.5) for shape in SHAPES]
        ours.apply_gradients(list(zip([g.copy() for g in grads], our_vars)))
        theirs.apply_gradients(list(zip(grads, their_vars)))
        for index, (v_ours, v_theirs) in enumerate(zip(our_vars, their_vars)):
            assert_close(v_ours.value, np.asarray(v_theirs), REDUCTION, f"step {step} variable {index}")
            assert v_ours.value.dtype == np.float32
        assert int(ours.iterations.value) == int(theirs.iterations) == step + 1
    our_slots, their_slots = ours.variables, theirs.variables
    assert len(our_slots) == len(their_slots)
    for v_ours, v_theirs in zip(our_slots, their_slots):
        assert v_ours.name == v_theirs.name
        assert_close(v_ours.value, np.asarray(v_theirs), REDUCTION, f"optimizer variable {v_theirs.name}")


@pytest.mark.parametrize("name,kwargs", CASES)
def test_optimizer_config_matches_keras(name, kwargs):
    keras = real_keras()
    reset_names()
    ours = getattr(kerasish.optimizers, name)(**kwargs).get_config()
    theirs = getattr(keras.optimizers, name)(**kwargs).get_config()
    assert list(ours) == list(theirs)
    assert ours == theirs


def test_optimizer_strings_resolve_like_keras():
    keras = real_keras()
    for identifier in kerasish.optimizers.ALL_OBJECTS_DICT:
        if identifier == "optimizer":  # the abstract base class, which neither resolves
            continue
        reset_names()
        ours, theirs = kerasish.optimizers.get(identifier), keras.optimizers.get(identifier)
        assert type(ours).__name__ == type(theirs).__name__
        assert ours.get_config() == theirs.get_config()


def _model_with_an_unused_weight(library):
    class Scale(library.layers.Layer):
        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")
            self.unused = self.add_weight(shape=(2,), initializer="ones", name="unused")

        def call(self, inputs):
            return inputs * self.scale

    model = library.Sequential([library.Input((3,)), Scale(name="scale_layer")], name="model")
    model.compile(library.optimizers.AdamW(0.1, weight_decay=0.5), "mse")
    return model


def test_a_weight_the_loss_does_not_reach_is_left_alone_like_keras():
    keras = real_keras()
    x = np.random.default_rng(0).normal(size=(8, 3)).astype(np.float32)
    y = 2 * x
    results = []
    for library in (kerasish, keras):
        model = _model_with_an_unused_weight(library)
        with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['model/scale_layer/unused'\]"):
            model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
        results.append([np.asarray(v) for v in model.weights + model.optimizer.variables])
    ours, theirs = results
    assert len(ours) == len(theirs)
    for our_value, their_value in zip(ours, theirs):
        assert_close(our_value, their_value, REDUCTION, "weights and optimizer slots")
    np.testing.assert_array_equal(ours[1], np.ones(2, np.float32))  # neither decayed nor moved
