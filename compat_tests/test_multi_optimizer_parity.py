"""MultiOptimizer and OptimizerMap against real Keras: a model whose layers
train with different optimizers ends with the same weights, optimizer
variables and losses, and the configs are the same."""

import json
import warnings

import numpy as np
import pytest

import kerasish
from compat_tests.toolkit_helpers import assert_weights_close, regression_data

keras = pytest.importorskip("keras")

# The optimizer classes this file covers (test_optimizers_parity's meta test reads it).
COVERED = ["MultiOptimizer"]


def _model(module):
    return module.Sequential([
        module.Input((5,)),
        module.layers.Dense(8, activation="relu", name="enc"),
        module.layers.Dense(1, name="head"),
    ])


def _multi_optimizer(module, encoder_kwargs):
    # Named: automatic names count up per process, differently in each library.
    optimizers = module.optimizers
    mapping = optimizers.OptimizerMap(
        optimizers.SGD(0.05, momentum=0.5, name="head_sgd"),
        {".*enc/.*": optimizers.Adam(**encoder_kwargs, name="encoder_adam")},
    )
    return optimizers.MultiOptimizer(mapping, name="multi")


@pytest.mark.parametrize("encoder_kwargs", [
    {"learning_rate": 0.01},
    {"learning_rate": 0.01, "use_ema": True, "ema_momentum": 0.8},
], ids=["adam+sgd", "adam-ema+sgd"])
def test_two_optimizers_train_like_keras(encoder_kwargs):
    x, y = regression_data()
    kerasish.utils.set_random_seed(3)
    ours, theirs = _model(kerasish), _model(keras)
    theirs.set_weights(ours.get_weights())
    results = []
    for module, model in ((kerasish, ours), (keras, theirs)):
        optimizer = _multi_optimizer(module, encoder_kwargs)
        model.compile(optimizer=optimizer, loss="mse")
        history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
        results.append((optimizer, history.history["loss"]))
    (our_opt, our_losses), (their_opt, their_losses) = results
    np.testing.assert_allclose(our_losses, their_losses, rtol=1e-5)
    assert_weights_close(ours, theirs, rtol=1e-5, atol=1e-6)
    assert [type(o).__name__ for o in our_opt.optimizers] == ["Adam", "SGD"]
    assert int(our_opt.iterations.numpy()) == int(their_opt.iterations.numpy()) == 12
    for mine, real in zip(our_opt.optimizers, their_opt.optimizers):
        assert int(mine.iterations.numpy()) == int(real.iterations.numpy())


def test_configs_match_keras_and_load_on_the_other_side():
    ours = _multi_optimizer(kerasish, {"learning_rate": 0.01})
    theirs = _multi_optimizer(keras, {"learning_rate": 0.01})
    our_config = json.loads(json.dumps(kerasish.optimizers.serialize(ours)))
    their_config = json.loads(json.dumps(keras.optimizers.serialize(theirs)))
    assert our_config == their_config
    by_keras = keras.saving.deserialize_keras_object(our_config)
    by_us = kerasish.saving.deserialize_keras_object(their_config)
    assert type(by_keras).__name__ == type(by_us).__name__ == "MultiOptimizer"
    assert [type(o).__name__ for o in by_us.optimizers] == ["Adam", "SGD"]


def test_lookups_and_errors_match_keras():
    results = []
    for module in (kerasish, keras):
        optimizers = module.optimizers
        mapping = optimizers.OptimizerMap(optimizers.RMSprop())
        mapping["encoder/layer_0/dense"] = optimizers.Adam()
        mapping["encoder/.*"] = optimizers.SGD()
        mapping["e.*"] = optimizers.Adam()
        found = [type(mapping[k]).__name__ for k in ("encoder/layer_0/dense", "decoder", "xyz")]
        errors = []
        for action in (lambda: mapping["encoder/x"],
                       lambda: mapping.__setitem__("e.*", optimizers.SGD()),
                       lambda: mapping.__setitem__("k", "sgd"),
                       lambda: optimizers.MultiOptimizer(mapping).learning_rate):
            with pytest.raises(Exception) as info:
                action()
            # The messages up to the objects' reprs, which differ between libraries.
            message = str(info.value).split(" Received")[0].split(" with value")[0]
            errors.append((type(info.value).__name__, message))
        results.append((found, len(mapping), errors))
    assert results[0] == results[1]


def test_keras_files_with_a_multi_optimizer_load_both_ways(tmp_path):
    x, y = regression_data()
    saved = {}
    for module in (kerasish, keras):
        model = _model(module)
        model.compile(optimizer=_multi_optimizer(module, {"learning_rate": 0.01}), loss="mse")
        model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
        path = str(tmp_path / f"{module.__name__}.keras")
        model.save(path)
        saved[module.__name__] = (path, [np.asarray(v.numpy()) for v in model.optimizer.variables])
    for loader, saver in ((kerasish, "keras"), (keras, "kerasish")):
        path, expected = saved[saver]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no "Skipping variable loading" on either side
            restored = loader.saving.load_model(path)
        loaded = [np.asarray(v.numpy()) for v in restored.optimizer.variables]
        assert [v.path for v in restored.optimizer.variables][:4] == [
            "multi/iteration", "multi/learning_rate", "encoder_adam/iteration",
            "encoder_adam/learning_rate"]
        assert len(loaded) == len(expected)
        for a, b in zip(loaded, expected):
            np.testing.assert_allclose(a, b, rtol=1e-6)
