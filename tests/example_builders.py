"""Example constructor arguments for every built-in class, shared by tests/ and
compat_tests/ (their conftest.py files expose `build_example` as a fixture)."""

import inspect

# Example values for constructor arguments without a default, by name, so
# that every built-in class can be instantiated in the config tests.
EXAMPLE_ARGUMENTS = {
    "units": 3, "activation": "relu", "filters": 2, "kernel_size": 3, "pool_size": 2,
    "rate": 0.5, "stddev": 0.1, "target_shape": (3, 1), "dims": (1,), "input_dim": 5,
    "output_dim": 2, "n": 2, "size": 2, "cropping": 1, "padding": 1, "axis": -1,
    "depth_multiplier": 1, "l1": 0.01, "l2": 0.01, "max_value": 1.0, "num_classes": 3,
    "thresholds": 0.5, "initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9,
    "boundaries": [5], "values": [0.1, 0.01], "learning_rate": 0.01,
}
EXAMPLE_ARGUMENTS.update({  # preprocessing layers
    "scale": 0.5, "height": 2, "width": 3, "factor": 0.1, "height_factor": 0.1,
    "width_factor": 0.1, "num_bins": 4,
})
EXAMPLE_ARGUMENTS["max_number"] = 3  # MaxNumBoundingBoxes
# The general-purpose layers, losses and metrics (Lambda, Dot, EinsumDense, ...).
EXAMPLE_ARGUMENTS.update({
    "equation": "ab,bc->ac", "output_shape": 3, "axes": 1, "output_size": 2,
    "function": __import__("kerasish").activations.relu,
    "specificity": 0.5, "sensitivity": 0.5, "recall": 0.5, "precision": 0.5,
    "target_class_ids": [0],
})

# Classes whose arguments all have defaults but that still need one.
EXAMPLE_OVERRIDES = {"InputLayer": {"shape": (3,)}, "Optimizer": {"learning_rate": 0.01}}
EXAMPLE_OVERRIDES.update({"CategoryEncoding": {"num_tokens": 3},
                          "Discretization": {"bin_boundaries": [0.0, 1.0]}})
EXAMPLE_OVERRIDES["EinsumDense"] = {"equation": "abc,cd->abd", "output_shape": (None, 4), "bias_axes": "d"}
EXAMPLE_OVERRIDES["MultiHeadAttention"] = {"num_heads": 2, "key_dim": 4}
EXAMPLE_OVERRIDES["RandomPosterization"] = {"factor": 4}  # bits to keep, 1 to 8
# GroupQueryAttention (Keras's class is GroupedQueryAttention: by argument, for both).
EXAMPLE_ARGUMENTS.update({"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2})

# Recurrent layers and wrappers take other layers (made on demand, see build_example).
LAYER_ARGUMENTS = {
    "cell": lambda layers: layers.GRUCell(2),
    "cells": lambda layers: [layers.SimpleRNNCell(2), layers.LSTMCell(3)],
    "layer": lambda layers: layers.LSTM(2),
    "layers": lambda layers: [layers.AutoContrast(), layers.RandomHue(0.2)],  # Pipeline
}


def build_example(cls):
    """`cls` built with example values for its required arguments."""
    arguments = dict(EXAMPLE_OVERRIDES.get(cls.__name__, {}))
    if "layer" in inspect.signature(cls.__init__).parameters and cls.__name__ != "Bidirectional":
        # A wrapper wraps a layer of its own library (kerasish or keras); Bidirectional
        # needs a recurrent one (LAYER_ARGUMENTS).
        library = __import__(cls.__module__.split(".")[0])
        arguments.setdefault("layer", library.layers.Dense(2))
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        required = parameter.default is inspect.Parameter.empty and parameter.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        if name != "self" and required and name not in arguments and name in LAYER_ARGUMENTS:
            import importlib

            # Keras's own classes (compat_tests build both) get Keras's layers.
            family = "keras.layers" if cls.__module__.startswith("keras.") else "kerasish.layers"
            arguments[name] = LAYER_ARGUMENTS[name](importlib.import_module(family))
        elif name != "self" and required and name not in arguments:
            assert name in EXAMPLE_ARGUMENTS, (
                f"{cls.__name__} needs `{name}`: add an example value to EXAMPLE_ARGUMENTS "
                "in tests/example_builders.py")
            arguments[name] = EXAMPLE_ARGUMENTS[name]
    return cls(**arguments)
