"""Strings as the text layers see them: NumPy arrays of Python `str`, from
lists, `str`/`bytes`/object arrays or kerasish tensors."""

import numpy as np


def to_string_array(inputs, encoding="utf-8"):
    """`inputs` as an object array of `str` (bytes are decoded)."""
    array = np.asarray(getattr(inputs, "value", inputs))
    if array.dtype.kind == "U":
        return array.astype(object)
    if array.dtype.kind == "S":
        return np.vectorize(lambda b: b.decode(encoding), otypes=[object])(array)
    if array.dtype.kind == "O":
        return np.vectorize(
            lambda v: v.decode(encoding) if isinstance(v, bytes) else str(v), otypes=[object]
        )(array) if array.size else array
    raise ValueError(
        f"Expected string inputs (a list or array of `str` or `bytes`). "
        f"Received: inputs with dtype={array.dtype}"
    )


def is_string_array(array):
    return array.dtype.kind in "USO"


class TakesStrings:
    """Mixed into layers whose inputs may be text (lookups, hashing,
    TextVectorization): inputs come in as arrays of any dtype (each layer
    refuses what it cannot read), and models holding them accept strings."""

    _string_inputs = True

    def _convert_inputs(self, inputs):
        return np.asarray(getattr(inputs, "value", inputs))

    def _maybe_build(self, inputs):
        # Built without recording the shape of eager data: these layers have
        # no weights, and a recorded shape would make a later symbolic call
        # (`layer(keras.Input(...))`) dry-run the layer on numeric zeros.
        self.built = True
