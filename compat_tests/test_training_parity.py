"""Whole training runs: randomized Sequential models trained by kerasish and
by Keras from identical initial weights with shuffle=False must give the same
fit history (same keys in the same order, same values), final weights,
evaluate results (list and dict) and predictions.

Each seed draws a configuration: depth 0-3, hidden activations, the
head/loss pairing, the batch size (dividing the sample count or not), the
validation source, sample weights and the optimizer. The seeds cycle through
every head and every activation, so each is trained at least once.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, assert_same_weights, real_keras

ACTIVATIONS = sorted(
    name for name in kerasish.activations.ALL_OBJECTS_DICT
    # exponential can overflow float32 on random nets and then both sides
    # compare inf/nan, which tests nothing; it is covered op by op. glu halves
    # the last axis (a Dense's units would not match) and threshold has
    # required arguments: neither works as `Dense(activation=name)`.
    if name not in ("exponential", "glu", "threshold")
)


@dataclass
class Head:
    label: str
    activation: str
    loss: Callable  # module -> loss argument of compile()
    targets: Callable  # (rng, n, units) -> y
    units: int
    metrics: Callable  # module -> metrics argument of compile()


def _one_hot(rng, n, units):
    return np.eye(units, dtype=np.float32)[rng.integers(0, units, n)]


def _labels(rng, n, units):
    return rng.integers(0, units, n).astype(np.int64)


def _binary(rng, n, units):
    return (rng.random((n, units)) < 0.5).astype(np.float32)


def _regression(rng, n, units):
    return rng.normal(size=(n, units)).astype(np.float32)


HEADS = [
    Head("softmax+categorical_crossentropy", "softmax", lambda m: "categorical_crossentropy",
         _one_hot, 3, lambda m: ["accuracy", "categorical_crossentropy"]),
    Head("softmax+sparse_categorical_crossentropy", "softmax",
         lambda m: "sparse_categorical_crossentropy", _labels, 4,
         lambda m: ["accuracy", m.metrics.SparseTopKCategoricalAccuracy(k=2)]),
    Head("sigmoid+binary_crossentropy", "sigmoid", lambda m: "binary_crossentropy", _binary, 1,
         lambda m: ["accuracy", "binary_crossentropy"]),
    Head("linear+mse", None, lambda m: "mse", _regression, 2, lambda m: ["mae"]),
    Head("linear+mae", "linear", lambda m: "mae", _regression, 1,
         lambda m: [m.metrics.RootMeanSquaredError()]),
    Head("logits+CategoricalCrossentropy(from_logits)", None,
         lambda m: m.losses.CategoricalCrossentropy(from_logits=True), _one_hot, 3,
         lambda m: ["categorical_accuracy"]),
    Head("logits+SparseCategoricalCrossentropy(from_logits)", None,
         lambda m: m.losses.SparseCategoricalCrossentropy(from_logits=True), _labels, 3,
         lambda m: ["sparse_categorical_accuracy"]),
    Head("logits+BinaryCrossentropy(from_logits)", None,
         lambda m: m.losses.BinaryCrossentropy(from_logits=True), _binary, 2,
         lambda m: [m.metrics.BinaryAccuracy()]),
]


@dataclass
class RunConfig:
    seed: int
    head: Head
    hidden: list  # (units, activation) per hidden layer
    features: int
    samples: int
    batch_size: int
    epochs: int
    validation: str  # "none", "split" or "data"
    sample_weight: bool
    optimizer: tuple  # (class name, constructor arguments)

    def __str__(self):
        layers = ",".join(f"{u}{a}" for u, a in self.hidden) or "-"
        return (f"{self.seed}:{self.head.label}:[{layers}]:n{self.samples}b{self.batch_size}"
                f":{self.validation}{':sw' if self.sample_weight else ''}:{self.optimizer[0]}")


def draw_config(seed):
    rng = np.random.default_rng(seed)
    depth = seed % 4
    # Each hidden layer takes the next activation in turn, across the seeds,
    # so that len(ACTIVATIONS) hidden layers in all cover every one.
    first = sum(s % 4 for s in range(seed))
    hidden = [
        (int(rng.integers(2, 7)), ACTIVATIONS[(first + i) % len(ACTIVATIONS)])
        for i in range(depth)
    ]
    samples = int(rng.integers(12, 30))
    batch_size = [4, 5, 8, samples, 32][seed % 5]
    optimizer = [
        ("SGD", {"learning_rate": 0.05}),
        ("SGD", {"learning_rate": 0.02, "momentum": 0.9}),
        ("SGD", {"learning_rate": 0.02, "momentum": 0.5, "nesterov": True}),
        ("Adam", {"learning_rate": 0.01}),
        ("RMSprop", {"learning_rate": 0.01}),
        ("Nadam", {"learning_rate": 0.01}),
        ("Adagrad", {"learning_rate": 0.05}),
    ][seed % 7]
    return RunConfig(
        seed=seed, head=HEADS[seed % len(HEADS)], hidden=hidden,
        features=int(rng.integers(1, 6)), samples=samples, batch_size=batch_size,
        epochs=2 + seed % 2, validation=["none", "split", "data"][seed % 3],
        sample_weight=seed % 4 == 1, optimizer=optimizer,
    )


SEEDS = range(20)
CONFIGS = [draw_config(seed) for seed in SEEDS]


def test_configs_cover_every_head_and_activation():
    assert {c.head.label for c in CONFIGS} == {h.label for h in HEADS}
    used = {a for c in CONFIGS for _, a in c.hidden}
    assert used == set(ACTIVATIONS)
    assert {c.samples % c.batch_size == 0 for c in CONFIGS} == {True, False}
    assert {c.validation for c in CONFIGS} == {"none", "split", "data"}
    assert {c.sample_weight for c in CONFIGS} == {True, False}
    assert {len(c.hidden) for c in CONFIGS} == {0, 1, 2, 3}


def _model(module, config):
    layers = [module.Input((config.features,))]
    layers += [module.layers.Dense(units, activation=act) for units, act in config.hidden]
    layers.append(module.layers.Dense(config.head.units, activation=config.head.activation))
    model = module.Sequential(layers)
    model.compile(
        optimizer=getattr(module.optimizers, config.optimizer[0])(**config.optimizer[1]),
        loss=config.head.loss(module),
        metrics=config.head.metrics(module),
    )
    return model


def _data(config):
    rng = np.random.default_rng(1000 + config.seed)
    n = config.samples
    x = rng.normal(size=(n, config.features)).astype(np.float32)
    y = config.head.targets(rng, n, config.head.units)
    weights = rng.uniform(0.2, 2.0, n).astype(np.float32) if config.sample_weight else None
    x_val = rng.normal(size=(7, config.features)).astype(np.float32)
    y_val = config.head.targets(rng, 7, config.head.units)
    return x, y, weights, (x_val, y_val)


def _fit_kwargs(config, validation_data):
    kwargs = {"batch_size": config.batch_size, "epochs": config.epochs, "shuffle": False,
              "verbose": 0}
    if config.validation == "split":
        kwargs["validation_split"] = 0.25
    elif config.validation == "data":
        kwargs["validation_data"] = validation_data
    return kwargs


def _with_nonzero_biases(weights, seed):
    """Zero biases behind a dead relu/relu6 unit put an exact 0 into the next
    layer's activation, where selu/elu have a kink. There TensorFlow's own
    fit is not reproducible (two identical Keras runs differ by up to 5e-3
    in the bias update, while tf.GradientTape agrees with kerasish), so the
    runs start from small random biases instead."""
    rng = np.random.default_rng(seed)
    return [w + rng.uniform(-0.1, 0.1, w.shape).astype(w.dtype) if w.ndim == 1 else w
            for w in weights]


@pytest.fixture(scope="module", params=CONFIGS, ids=str)
def trained_pair(request):
    """Both models trained on one configuration (shared by the tests below)."""
    config = request.param
    keras = real_keras()
    ours, theirs = _model(kerasish, config), _model(keras, config)
    ours.set_weights(_with_nonzero_biases(ours.get_weights(), config.seed))
    theirs.set_weights(ours.get_weights())
    x, y, weights, validation_data = _data(config)
    kwargs = _fit_kwargs(config, validation_data)
    our_history = ours.fit(x, y, sample_weight=weights, **kwargs)
    their_history = theirs.fit(x, y, sample_weight=weights, **kwargs)
    return config, ours, theirs, our_history, their_history, (x, y, weights)


def test_fit_history_matches(trained_pair):
    config, _, _, ours, theirs, _ = trained_pair
    assert list(ours.history) == list(theirs.history)
    assert ours.epoch == theirs.epoch
    for key, values in theirs.history.items():
        assert all(type(v) is float for v in ours.history[key]), key
        assert_close(ours.history[key], values, TRAINING, f"{config} history[{key!r}]")
    assert ours.params == theirs.params


def test_final_weights_match(trained_pair):
    config, ours, theirs, _, _, _ = trained_pair
    assert_same_weights(ours, theirs, TRAINING, f"{config} weights")


def test_evaluate_matches(trained_pair):
    config, ours, theirs, _, _, (x, y, weights) = trained_pair
    batch = config.batch_size
    our_list = ours.evaluate(x, y, batch_size=batch, sample_weight=weights, verbose=0)
    their_list = theirs.evaluate(x, y, batch_size=batch, sample_weight=weights, verbose=0)
    assert type(our_list) is type(their_list) is list
    assert all(type(v) is float for v in our_list)
    assert_close(our_list, their_list, TRAINING, f"{config} evaluate")
    our_dict = ours.evaluate(x, y, batch_size=batch, verbose=0, return_dict=True)
    their_dict = theirs.evaluate(x, y, batch_size=batch, verbose=0, return_dict=True)
    assert list(our_dict) == list(their_dict)
    assert all(type(v) is float for v in our_dict.values())
    assert_close(list(our_dict.values()), list(their_dict.values()), TRAINING, f"{config} evaluate dict")


def test_predict_matches(trained_pair):
    config, ours, theirs, _, _, (x, _, _) = trained_pair
    our_pred = ours.predict(x, batch_size=config.batch_size, verbose=0)
    their_pred = theirs.predict(x, batch_size=config.batch_size, verbose=0)
    assert our_pred.dtype == their_pred.dtype == np.float32
    assert_close(our_pred, their_pred, TRAINING, f"{config} predict")


def _compiled_pair(head, module_kwargs):
    keras = real_keras()
    models = []
    for m in (kerasish, keras):
        model = m.Sequential([m.Input((4,)), m.layers.Dense(5, activation="tanh"),
                              m.layers.Dense(head.units, activation=head.activation)])
        model.compile(m.optimizers.SGD(0.05, momentum=0.5), head.loss(m), **module_kwargs(m))
        models.append(model)
    models[0].set_weights(_with_nonzero_biases(models[0].get_weights(), 3))
    models[1].set_weights(models[0].get_weights())
    return models


def _assert_same_run(ours, theirs, our_history, their_history, what):
    assert list(our_history.history) == list(their_history.history), what
    for key, values in their_history.history.items():
        assert_close(our_history.history[key], values, TRAINING, f"{what} history[{key!r}]")
    assert_same_weights(ours, theirs, TRAINING, f"{what} weights")


def test_weighted_metrics_and_weighted_validation_data_match():
    head = HEADS[2]  # sigmoid + binary_crossentropy
    ours, theirs = _compiled_pair(head, lambda m: {
        "metrics": ["accuracy", "mse"], "weighted_metrics": ["accuracy", m.metrics.MeanAbsoluteError()]})
    rng = np.random.default_rng(5)
    x, x_val = rng.normal(size=(18, 4)).astype(np.float32), rng.normal(size=(6, 4)).astype(np.float32)
    y, y_val = _binary(rng, 18, 1), _binary(rng, 6, 1)
    w, w_val = rng.uniform(0, 2, 18).astype(np.float32), rng.uniform(0, 2, 6).astype(np.float32)
    kwargs = {"batch_size": 5, "epochs": 2, "shuffle": False, "verbose": 0, "sample_weight": w,
              "validation_data": (x_val, y_val, w_val)}
    _assert_same_run(ours, theirs, ours.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs),
                     "weighted metrics")


def test_class_weight_matches():
    head = HEADS[1]  # softmax + sparse_categorical_crossentropy
    ours, theirs = _compiled_pair(head, lambda m: {"metrics": ["accuracy"]})
    rng = np.random.default_rng(6)
    x, y = rng.normal(size=(20, 4)).astype(np.float32), _labels(rng, 20, head.units)
    kwargs = {"batch_size": 6, "epochs": 2, "shuffle": False, "verbose": 0,
              "class_weight": {0: 0.5, 1: 2.0, 2: 1.0, 3: 3.0}, "validation_split": 0.2}
    _assert_same_run(ours, theirs, ours.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs),
                     "class_weight")


def test_model_without_input_built_by_build_matches():
    keras = real_keras()
    models = []
    for m in (kerasish, keras):
        model = m.Sequential([m.layers.Dense(4, activation="relu"), m.layers.Dense(3, activation="softmax")])
        model.build((None, 5))
        model.compile(m.optimizers.SGD(0.1), "sparse_categorical_crossentropy", metrics=["accuracy"])
        models.append(model)
    ours, theirs = models
    assert [w.shape for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    ours.set_weights(_with_nonzero_biases(ours.get_weights(), 9))
    theirs.set_weights(ours.get_weights())
    rng = np.random.default_rng(9)
    x, y = rng.normal(size=(14, 5)).astype(np.float32), _labels(rng, 14, 3)
    kwargs = {"batch_size": 4, "epochs": 2, "shuffle": False, "verbose": 0}
    _assert_same_run(ours, theirs, ours.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs), "built")
    assert_close(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), TRAINING, "predict")
