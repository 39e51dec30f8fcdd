"""`InputSpec`: what a layer expects of its inputs (rank, shape, axis sizes, dtype)."""


class InputSpec:
    """Describes the inputs a layer accepts, for `assert_input_compatibility`.

    Args:
        dtype: the expected dtype, or None for any.
        shape: the expected shape (None for any size of an axis), or None.
        ndim: the expected rank, or None.
        max_ndim: the largest accepted rank, or None.
        min_ndim: the smallest accepted rank, or None.
        axes: a dict `{axis: size}` of required axis sizes, or None.
        allow_last_axis_squeeze: whether a trailing axis of size 1 may be
            missing (or extra) when comparing ranks and shapes.
        name: the input's name, or None.
        optional: whether the input may be None.

    Raises:
        ValueError: if `shape` and `ndim` disagree, or an axis in `axes` is
            beyond `ndim`/`max_ndim`.

    Examples:
        >>> spec = keras.layers.InputSpec(ndim=3, axes={-1: 4})
        >>> spec
        InputSpec(ndim=3, axes={-1: 4})
        >>> keras.layers.InputSpec.from_config(spec.get_config()).axes
        {-1: 4}
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtype
        if shape is not None:
            self.ndim = len(shape)
            self.shape = tuple(shape)
        else:
            self.ndim = ndim
            self.shape = None
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.optional = optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        limit = self.ndim if self.ndim is not None else self.max_ndim
        if self.axes and limit is not None and max(self.axes) >= limit:
            raise ValueError(f"Axis {max(self.axes)} is greater than the maximum allowed value: "
                             f"{limit - 1}")

    def __repr__(self):
        parts = [f"dtype={self.dtype}" if self.dtype else "",
                 f"shape={self.shape}" if self.shape else "",
                 f"ndim={self.ndim}" if self.ndim else "",
                 f"max_ndim={self.max_ndim}" if self.max_ndim else "",
                 f"min_ndim={self.min_ndim}" if self.min_ndim else "",
                 f"axes={self.axes}" if self.axes else ""]
        return f"InputSpec({', '.join(p for p in parts if p)})"

    def get_config(self):
        """Returns the spec's arguments as a dict.

        Returns:
            A dict with `dtype`, `shape`, `ndim`, `max_ndim`, `min_ndim`,
            `axes` and `optional`.
        """
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
                "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes,
                "optional": self.optional}

    @classmethod
    def from_config(cls, config):
        """Creates a spec from `get_config()`'s dict.

        Args:
            config: the dict.

        Returns:
            A new InputSpec.
        """
        return cls(**config)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises Keras's error when `inputs` do not meet `input_spec`.

    Args:
        input_spec: an InputSpec, a list of them (one per input), or None.
        inputs: a tensor or array, or a list of them.
        layer_name: the layer's name, for the messages.

    Raises:
        ValueError: if the number of inputs, a rank, an axis size, or the
            shape does not match.

    Examples:
        >>> from kerasish.layers.input_spec import assert_input_compatibility
        >>> spec = keras.layers.InputSpec(ndim=2)
        >>> assert_input_compatibility(spec, np.ones((2, 3, 4)), "dense")
        Traceback (most recent call last):
        ...
        ValueError: Input 0 with name 'None' of layer 'dense' is incompatible with the layer: expected ndim=2, found ndim=3. Full shape received: (2, 3, 4)
    """
    if not input_spec:
        return
    specs = list(input_spec) if isinstance(input_spec, (list, tuple)) else [input_spec]
    inputs = _inputs_in_spec_order(specs, inputs)
    if len(inputs) != len(specs):
        names = [spec.name for spec in specs if spec is not None]
        if len(names) == len(specs) and all(names):
            example = ", ".join(f"'{n}': ..." for n in names)
            raise ValueError(
                f'Layer "{layer_name}" expects {len(specs)} named input(s) with keys {names}, '
                f"but it received {len(inputs)} input tensors. Pass inputs as a dict, e.g. "
                f"`layer({{{example}}})`."
            )
        raise ValueError(f'Layer "{layer_name}" expects {len(specs)} input(s), but it received '
                         f"{len(inputs)} input tensors. Inputs received: {inputs}")
    for index, (spec, x) in enumerate(zip(specs, inputs)):
        if spec is None or (x is None and spec.optional):
            continue
        if not hasattr(x, "shape"):
            raise ValueError(f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) "
                             f"as input for layer '{layer_name}'.")
        _check_one(spec, tuple(x.shape), index, layer_name, _dtype_name(x))


def _inputs_in_spec_order(specs, inputs):
    """The inputs as a flat list; a dict is read in the order of the specs'
    names when every spec has one, as Keras does."""
    if isinstance(inputs, dict):
        names = [spec.name if spec is not None else None for spec in specs]
        if all(names):
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(
                    f'Missing data for input "{missing[0]}". You passed a data dictionary with '
                    f"keys {list(inputs.keys())}. Expected the following keys: {names}"
                )
            return [inputs[name] for name in names]
        return list(inputs.values())
    return list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]


def _dtype_name(x):
    dtype = getattr(x, "dtype", None)
    return getattr(dtype, "name", None if dtype is None else str(dtype))


def _check_one(spec, shape, index, layer_name, dtype):
    # Keras 3.15's wording, which names the spec's input (often 'None').
    prefix = (f"Input {index} with name '{spec.name}' of layer '{layer_name}' is incompatible "
              "with the layer:")
    rank = len(shape)
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and rank != spec.ndim:
        raise ValueError(f"{prefix} expected ndim={spec.ndim}, found ndim={rank}. "
                         f"Full shape received: {shape}")
    if spec.max_ndim is not None and rank > spec.max_ndim:
        raise ValueError(f"{prefix} expected max_ndim={spec.max_ndim}, found ndim={rank}")
    if spec.min_ndim is not None and rank < spec.min_ndim:
        raise ValueError(f"{prefix} expected min_ndim={spec.min_ndim}, found ndim={rank}. "
                         f"Full shape received: {shape}")
    if spec.dtype is not None and dtype is not None and dtype != spec.dtype:
        raise ValueError(f"{prefix} expected dtype={spec.dtype}, found dtype={dtype}")
    for axis, size in spec.axes.items():
        if size is not None and -rank <= axis < rank and shape[axis] not in (size, None):
            raise ValueError(f"{prefix} expected axis {axis} of input shape to have value {size}, "
                             f"but received input with shape {shape}")
    if spec.shape is not None:
        expected_shape, found_shape = spec.shape, shape
        if spec.allow_last_axis_squeeze:  # a trailing axis of 1 may be missing on either side
            found_shape = found_shape[:-1] if found_shape and found_shape[-1] == 1 else found_shape
            expected_shape = expected_shape[:-1] if expected_shape and expected_shape[-1] == 1 \
                else expected_shape
        for expected, found in zip(expected_shape, found_shape):
            if expected is not None and found is not None and expected != found:
                raise ValueError(f"{prefix} expected shape={spec.shape}, found shape={found_shape}")
