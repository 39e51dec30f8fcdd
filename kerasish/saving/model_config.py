"""The `compile_config` of a model: how Keras records `compile()`'s
arguments in a saved model, and how a loaded model is compiled again."""

import json
import warnings

from kerasish.saving import serialization_lib


def compile_config(model):
    """The compile arguments as Keras writes them (the optimizer as the
    instance in use, with its current hyperparameters)."""
    if not getattr(model, "compiled", False):
        return {}
    arguments = model._compile_config
    return {
        "optimizer": serialization_lib.serialize_keras_object(model.optimizer),
        "loss": serialization_lib.serialize_keras_object(arguments.get("loss")),
        "loss_weights": serialization_lib.serialize_keras_object(arguments.get("loss_weights")),
        "metrics": serialization_lib.serialize_keras_object(arguments.get("metrics")),
        "weighted_metrics": serialization_lib.serialize_keras_object(
            arguments.get("weighted_metrics")
        ),
        "run_eagerly": False,
        "steps_per_execution": 1,
        "jit_compile": False,
    }


def compile_from_config(model, config):
    """Compiles `model` from a compile config and creates the optimizer's
    variables, so that a saved optimizer state can be loaded into them."""
    arguments = serialization_lib.deserialize_keras_object(config)
    if compile_or_warn(model, arguments) and model.built and model.optimizer is not None:
        model.optimizer.build(model.trainable_weights)


def compile_or_warn(model, arguments):
    """Compiles a loaded model; a name its compile config gives that no
    registry knows (a custom loss not passed in `custom_objects`) leaves it
    uncompiled with a warning, so that it still loads for inference (Keras
    loads it and fails at `fit`). Returns whether it compiled."""
    try:
        model.compile(**arguments)
    except ValueError as error:
        if not str(error).startswith("Could not interpret"):
            raise
        warnings.warn(
            f"The model was loaded without being compiled: {error}. Pass the custom objects "
            "in `custom_objects`, or call `compile()` after loading.",
            stacklevel=4,
        )
        return False
    return True


def to_json(model, **kwargs):
    """`model.to_json()`: the model's serialized config as a JSON string.

    Args:
        model: the model.
        **kwargs: passed on to `json.dumps`.

    Returns:
        A JSON string.
    """
    return json.dumps(serialization_lib.serialize_keras_object(model), **kwargs)


def model_from_json(json_string, custom_objects=None):
    """A new model (new weights) from `model.to_json()`'s output.

    Rebuilds the architecture only: weights are newly initialized (copy them
    with `get_weights`/`set_weights` or `save_weights`/`load_weights`). JSON
    written by real Keras's `to_json()` is accepted too.

    Args:
        json_string: the JSON string `model.to_json()` returned.
        custom_objects: an optional dict mapping names to custom classes and
            functions the model uses.

    Returns:
        A new model (compiled again if the JSON holds compile arguments).

    Examples:
        >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
        >>> clone = keras.models.model_from_json(model.to_json())
        >>> type(clone).__name__, clone.output_shape
        ('Sequential', (None, 2))
    """
    return serialization_lib.deserialize_keras_object(
        json.loads(json_string), custom_objects=custom_objects
    )
