"""A loss for some outputs only: Keras trains the branch the loss reaches, takes
targets only for those outputs, and leaves the weights the loss does not reach
untouched (the optimizer skips variables without a gradient, so Adam's and
RMSprop's slots and SGD's momentum never move there). kerasish must give the
same history and the same final weights, from the same initial weights."""

import warnings

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, assert_same_weights, real_keras

OPTIMIZERS = {
    "adam": lambda m: m.optimizers.Adam(learning_rate=0.05),
    "rmsprop": lambda m: m.optimizers.RMSprop(learning_rate=0.02),
    "sgd_momentum": lambda m: m.optimizers.SGD(learning_rate=0.05, momentum=0.9),
}

# (outputs as, loss argument, targets given, the head the loss reaches) for a
# model with two heads; targets only for the reached head in each case. As a
# list the outputs are [used, unused].
LAYOUTS = {
    "dict": ("dict", {"used": "mse"}, lambda y: {"used": y}, "used"),
    "list_with_none": ("list", ["mse", None], lambda y: y, "used"),
    "list_with_none_targets_as_list": ("list", [None, "mse"], lambda y: [y], "unused"),
}


def _model(module, outputs_as, seed_weights=None):
    inputs = module.Input((3,), name="x")
    trunk = module.layers.Dense(4, activation="tanh", name="trunk")(inputs)
    used = module.layers.Dense(2, name="used")(trunk)
    unused = module.layers.Dense(2, name="unused")(trunk)
    outputs = {"used": used, "unused": unused} if outputs_as == "dict" else [used, unused]
    model = module.Model(inputs, outputs)
    if seed_weights is not None:
        model.set_weights(seed_weights)
    return model


def _fit(module, layout, optimizer, weights, x, y):
    outputs_as, loss, targets, _ = LAYOUTS[layout]
    model = _model(module, outputs_as, weights)
    model.compile(optimizer=OPTIMIZERS[optimizer](module), loss=loss)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras warns about the unreached variables
        history = model.fit(x, targets(y), epochs=3, batch_size=4, shuffle=False, verbose=0)
    return model, history.history


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_unreached_branch_is_left_alone(layout, optimizer):
    keras = real_keras()
    rng = np.random.default_rng(7)
    x = rng.normal(size=(12, 3)).astype(np.float32)
    y = rng.normal(size=(12, 2)).astype(np.float32)
    initial = _model(keras, LAYOUTS[layout][0]).get_weights()

    ours, our_history = _fit(kerasish, layout, optimizer, initial, x, y)
    theirs, their_history = _fit(keras, layout, optimizer, initial, x, y)

    assert list(our_history) == list(their_history)
    for key in their_history:
        assert_close(our_history[key], their_history[key], TRAINING, f"history[{key!r}]")
    assert_same_weights(ours, theirs, TRAINING)
    unreached = "unused" if LAYOUTS[layout][3] == "used" else "used"
    # The loss reaches one head only: the other keeps its initial weights.
    before = _model(kerasish, LAYOUTS[layout][0], initial).get_layer(unreached).get_weights()
    for model in (ours, theirs):
        for now, then in zip(model.get_layer(unreached).get_weights(), before):
            np.testing.assert_array_equal(np.asarray(now), then)


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_slots_of_an_unreached_branch_stay_still(optimizer):
    """Both heads trained first, then only one with the same optimizer: the
    other head's slots are non-zero, so a zero gradient (instead of a skip)
    would keep moving its weights through momentum."""
    keras = real_keras()
    rng = np.random.default_rng(3)
    x = rng.normal(size=(8, 3)).astype(np.float32)
    y = rng.normal(size=(8, 2)).astype(np.float32)
    initial = _model(keras, "dict").get_weights()
    results = []
    for module in (kerasish, keras):
        model = _model(module, "dict", initial)
        model.compile(optimizer=OPTIMIZERS[optimizer](module), loss="mse")
        model.fit(x, {"used": y, "unused": y}, epochs=2, batch_size=4, shuffle=False, verbose=0)
        after_both = model.get_layer("unused").get_weights()
        model.compile(optimizer=model.optimizer, loss={"used": "mse"})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            history = model.fit(x, {"used": y}, epochs=2, batch_size=4, shuffle=False, verbose=0)
        for now, then in zip(model.get_layer("unused").get_weights(), after_both):
            np.testing.assert_array_equal(np.asarray(now), np.asarray(then))
        results.append((model, history.history))
    (ours, our_history), (theirs, their_history) = results
    assert list(our_history) == list(their_history)
    for key in their_history:
        assert_close(our_history[key], their_history[key], TRAINING, f"history[{key!r}]")
    assert_same_weights(ours, theirs, TRAINING)


def test_loss_weights_sample_weights_and_evaluate_with_one_loss():
    keras = real_keras()
    rng = np.random.default_rng(5)
    x = rng.normal(size=(8, 3)).astype(np.float32)
    y = rng.normal(size=(8, 2)).astype(np.float32)
    initial = _model(keras, "dict").get_weights()
    results = []
    for module in (kerasish, keras):
        model = _model(module, "dict", initial)
        model.compile(optimizer=module.optimizers.Adam(0.01), loss={"used": "mse"},
                      loss_weights={"used": 2.0})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            history = model.fit(x, {"used": y}, epochs=2, verbose=0, shuffle=False,
                                sample_weight=np.linspace(0.5, 1.5, 8))
        results.append((history.history, model.evaluate(x, {"used": y}, verbose=0, return_dict=True)))
    (our_history, our_eval), (their_history, their_eval) = results
    assert list(our_history) == list(their_history) and list(our_eval) == list(their_eval)
    for key in their_history:
        assert_close(our_history[key], their_history[key], TRAINING, f"history[{key!r}]")
        assert_close(our_eval[key], their_eval[key], TRAINING, f"evaluate[{key!r}]")
