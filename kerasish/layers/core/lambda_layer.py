"""`Lambda`: wraps a Python function as a layer."""

import base64
import inspect
import marshal
import types

from kerasish.layers.layer import Layer
from kerasish.saving import serialization_lib


def _is_lambda(fn):
    return isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>"


def _dump_lambda(fn):
    """A lambda as Keras stores it: base64 bytecode, defaults and closure values."""
    code = base64.encodebytes(marshal.dumps(fn.__code__)).decode("ascii")
    closure = tuple(cell.cell_contents for cell in fn.__closure__) if fn.__closure__ else None
    return {"class_name": "__lambda__",
            "config": {"code": code, "defaults": fn.__defaults__, "closure": closure}}


def _make_cell(value):
    return (lambda: value).__closure__[0]


def _load_lambda(config):
    if not isinstance(config, dict) or not isinstance(config.get("code"), str):
        raise ValueError(
            "A stored lambda needs its bytecode as a base64 string under 'code'. "
            f"Received: {config!r}"
        )
    code = marshal.loads(base64.decodebytes(config["code"].encode("ascii")))
    defaults = config.get("defaults")
    closure = config.get("closure")
    cells = tuple(_make_cell(value) for value in closure) if closure else None
    return types.FunctionType(code, globals(), code.co_name,
                              tuple(defaults) if defaults else None, cells)


def _is_stored_lambda(config):
    return isinstance(config, dict) and config.get("class_name") == "__lambda__"


def _refuse_in_safe_mode(safe_mode):
    if safe_mode:
        raise ValueError(
            "Requested the deserialization of a `Lambda` layer whose `function` is a Python "
            "lambda. This carries a potential risk of arbitrary code execution and thus it "
            "is disallowed by default. If you trust the source of the artifact, you can "
            "override this error by passing `safe_mode=False` to the loading function, or "
            "calling `keras.config.enable_unsafe_deserialization()."
        )


class Lambda(Layer):
    """Applies `function(inputs, **arguments)` as a layer, for quick
    stateless computations written with `keras.ops`.

    Its config stores a named function by name and a Python lambda as
    bytecode; a model holding a lambda only reloads with
    `safe_mode=False`, as in Keras (the bytecode could run anything).
    Layers with weights should subclass `Layer` instead.

    Args:
        function: the callable applied to the inputs. It may take `mask`
            and `training` keyword arguments, which the layer passes on.
        output_shape: the output shape without the batch axis (a tuple), or
            a function of the full input shape; None (default) infers it by
            running the function.
        mask: a mask to return, or a function `(inputs, mask) -> mask`; None
            by default.
        arguments: an optional dict of keyword arguments for `function`.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`.

    Input shape:
        Any shape (or structure of arrays) that `function` accepts.

    Output shape:
        The shape of what `function` returns: `(batch_size,) + output_shape`
        when `output_shape` is a tuple, `output_shape(input_shape)` when it is
        a function, and otherwise found by running `function` on a symbolic
        input.

    Raises:
        ValueError: from `from_config`, if the stored function is a lambda
            and safe mode is on.

    Examples:
        >>> double = keras.layers.Lambda(lambda x: x * 2)
        >>> np.asarray(double(np.array([[1.0, 2.0]])))
        array([[2., 4.]], dtype=float32)
        >>> scale = keras.layers.Lambda(keras.ops.multiply, arguments={"x2": 3.0})
        >>> np.asarray(scale(np.array([[1.0]])))
        array([[3.]], dtype=float32)
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.arguments = arguments or {}
        self.function = function
        self.supports_masking = mask is not None
        self.mask = mask
        self._output_shape = output_shape
        parameters = inspect.signature(function).parameters
        self._fn_expects_training_arg = "training" in parameters
        self._fn_expects_mask_arg = "mask" in parameters

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        first = input_shape[0] if isinstance(input_shape, list) else input_shape
        batch = first[0] if first else None
        if self._output_shape and isinstance(self._output_shape[0], (list, tuple)):
            return [(batch,) + tuple(shape) for shape in self._output_shape]
        return (batch,) + tuple(self._output_shape)

    def compute_mask(self, inputs, mask=None):
        """The mask of the output: `mask(inputs, mask)` when the layer's `mask` is a function.

        Args:
            inputs: the layer's inputs.
            mask: the inputs' mask, or None.

        Returns:
            The output's mask, or None.
        """
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def get_config(self):
        config = {"function": _serialize_callable(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (
                _serialize_callable(self._output_shape) if callable(self._output_shape)
                else self._output_shape
            )
        if self.mask is not None:
            config["mask"] = (
                _serialize_callable(self.mask) if callable(self.mask)
                else serialization_lib.serialize_keras_object(self.mask)
            )
        config["arguments"] = serialization_lib.serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Creates the layer from its config, refusing stored lambdas in safe mode.

        Args:
            config: the dict `get_config()` returned.
            custom_objects: an optional dict of names to custom functions.
            safe_mode: True refuses lambdas; None (default) follows the
                ambient loading call (safe unless `safe_mode=False` was passed).

        Returns:
            A new Lambda layer.
        """
        if safe_mode is None:
            safe_mode = serialization_lib.in_safe_mode()
        config = dict(config)
        for key in ("function", "output_shape", "mask"):
            if _is_stored_lambda(config.get(key)):
                _refuse_in_safe_mode(safe_mode)
                config[key] = _load_lambda(config[key]["config"])
            elif key == "function" or isinstance(config.get(key), dict):
                config[key] = serialization_lib.deserialize_keras_object(
                    config[key], custom_objects=custom_objects
                )
        if "output_shape" in config and isinstance(config["output_shape"], list):
            config["output_shape"] = tuple(config["output_shape"])
        return cls(**config)


def _serialize_callable(fn):
    if _is_lambda(fn):
        return _dump_lambda(fn)
    if callable(fn):
        return serialization_lib.serialize_keras_object(fn)
    raise ValueError(
        f"Invalid input type for serialization. Received: {fn} of type {type(fn)}."
    )
