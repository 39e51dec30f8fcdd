"""`kerasish.models` functions against `keras.models`: clone_model."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras


def _functional(m):
    a, b = m.Input(shape=(3,), name="a"), m.Input(shape=(3,), name="b")
    shared = m.layers.Dense(2, name="shared")
    merged = m.layers.concatenate([shared(a), shared(b)], name="merge")
    return m.Model([a, b], m.layers.Dense(1, name="out")(merged), name="two_towers")


def _sequential(m):
    return m.models.Sequential([m.Input(shape=(4,), name="x"), m.layers.Dense(3, name="hidden"),
                         m.layers.ReLU(name="relu"), m.layers.Dense(1, name="out")],
                        name="stack")


def _summary_of(model):
    return (model.name, [layer.name for layer in model.layers],
            [tuple(w.shape) for w in model.weights], model.count_params())


@pytest.mark.parametrize("build", [_functional, _sequential])
def test_clone_model_matches_keras(build):
    keras = real_keras()
    ours, theirs = build(kerasish), build(keras)
    our_clone, their_clone = kerasish.models.clone_model(ours), keras.models.clone_model(theirs)
    assert _summary_of(our_clone) == _summary_of(their_clone)
    assert type(our_clone).__name__ == type(their_clone).__name__
    # Fresh weights, not copies, in both libraries.
    assert not np.array_equal(our_clone.get_weights()[0], ours.get_weights()[0])


def test_clone_model_with_clone_and_call_functions_matches_keras():
    keras = real_keras()
    names = []
    for m in (kerasish, keras):
        model = _functional(m)

        def rename(layer, m=m):
            config = layer.get_config()
            config["name"] = "copy_of_" + config["name"]
            return layer.__class__.from_config(config)

        def add_dropout(layer, *args, m=m, **kwargs):
            outputs = layer(*args, **kwargs)
            if layer.name.endswith("out"):
                outputs = m.layers.Dropout(0.5, name="after_out")(outputs)
            return outputs

        clone = m.models.clone_model(model, clone_function=rename, call_function=add_dropout)
        names.append([layer.name for layer in clone.layers])
    assert names[0] == names[1]


def test_clone_model_shares_layers_when_clone_function_returns_them():
    for m in (kerasish, real_keras()):
        model = _sequential(m)
        clone = m.models.clone_model(model, clone_function=lambda layer: layer)
        assert clone.layers[0] is model.layers[0]



def test_sequential_input_and_output_behave_as_in_keras():
    """Keras 3.15's Sequential has `.inputs`/`.outputs` once built, but `.input`/`.output`
    only come from a call on KerasTensors: both raise the same AttributeError otherwise."""
    results = []
    for m in (kerasish, real_keras()):
        model = _sequential(m)
        extractor = m.Model(model.inputs, model.get_layer("hidden").output)
        errors = []
        for attribute in ("input", "output"):
            with pytest.raises(AttributeError) as error:
                getattr(model, attribute)
            errors.append(str(error.value))
        results.append((tuple(extractor.output.shape), errors))
    assert results[0] == results[1]
