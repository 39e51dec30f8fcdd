"""Helpers shared by the data adapters: checking and converting user arrays,
the validation split, class weights, and how a batch packs `x`, `y` and
`sample_weight` (`pack_x_y_sample_weight` / `unpack_x_y_sample_weight`)."""

import math
import warnings

import numpy as np

from kerasish.utils import validation


def standardize(x, y=None, sample_weight=None, check_finite=True, text=False):
    """Validates and converts user data into numeric arrays with one batch
    axis; with `text` (a model starting with text layers) `x` may be strings."""
    if x is None:
        raise ValueError("Argument `x` is required: pass the input data. Received: x=None")
    x = validation.map_structure(_text_or_numeric if text else _numeric_x, x)
    y = validation.map_structure(lambda a: validation.to_numeric_array(a, "y"), y)
    if sample_weight is not None:
        sample_weight = validation.to_numeric_array(sample_weight, "sample_weight")
    validation.check_lengths(x, y, sample_weight)
    if check_finite:
        for array in validation.flatten(x):
            if array.dtype.kind not in "US":
                validation.check_finite(array, "x")
        for array in validation.flatten(y):
            validation.check_finite(array, "y")
    return x, y, sample_weight


def _numeric_x(value):
    return validation.to_numeric_array(value, "x")


def _text_or_numeric(value):
    """Input data as an array: text stays text (for TextVectorization and the
    lookup layers, which refuse what they cannot read); the rest numeric."""
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value)
        if array.dtype.kind in "US" and array.ndim > 0:
            return array
    return _numeric_x(value)


def num_samples(x):
    return validation.flatten(x)[0].shape[0]


def train_validation_split(x, y, sample_weight, validation_split):
    is_number = isinstance(validation_split, (int, float, np.floating, np.integer))
    if not is_number or isinstance(validation_split, bool) or not 0 <= validation_split < 1:
        raise ValueError(
            "`validation_split` must be a float in [0, 1). "
            f"Received: validation_split={validation_split}"
        )
    total = num_samples(x)
    split_at = int(math.floor(total * (1.0 - validation_split)))
    if split_at == 0 or split_at == total:
        raise ValueError(
            f"Training data contains {total} samples, which is not sufficient to split it "
            "into a validation and training set as specified by "
            f"`validation_split={validation_split}`. Either provide more data, or a "
            "different value for the `validation_split` argument."
        )

    def part(start, end):
        return lambda a: a[start:end]

    train = tuple(validation.map_structure(part(0, split_at), d) for d in (x, y, sample_weight))
    val = tuple(validation.map_structure(part(split_at, total), d) for d in (x, y, sample_weight))
    return train, val


def class_weight_to_sample_weights(y, class_weight):
    """Per-sample weights from a {class index: weight} dict, as Keras computes
    them: one-hot targets are argmax-ed, and classes missing from the dict
    weigh 1.0 (kerasish also warns about those, as they are often a typo)."""
    if not isinstance(class_weight, dict):
        raise ValueError(
            "Expected `class_weight` to be a dict with keys from 0 to one less than the "
            f"number of classes. Received: class_weight={class_weight}"
        )
    bad_keys = [k for k in class_weight if isinstance(k, bool) or not isinstance(k, (int, np.integer))]
    if bad_keys:
        raise ValueError(
            "Expected `class_weight` keys to be integer class indices. "
            f"Received: class_weight={class_weight}"
        )
    if len(validation.flatten(y)) != 1:
        raise ValueError("`class_weight` is only supported for Models with a single output.")
    labels = np.asarray(validation.flatten(y)[0])
    if labels.ndim > 1:
        labels = labels.argmax(axis=-1) if labels.shape[-1] != 1 else labels[..., 0]
    labels = np.round(labels).astype(np.int64)
    present = np.unique(labels)
    missing = [int(c) for c in present if int(c) not in class_weight]
    if missing:
        warnings.warn(
            f"`class_weight` has no entry for classes {missing} found in `y`; they get "
            f"weight 1.0. Received: class_weight={class_weight}",
            stacklevel=3,
        )
    lookup = {int(c): class_weight.get(int(c), 1.0) for c in present}
    weights = np.array([lookup[int(c)] for c in present], dtype=np.float32)
    return weights[np.searchsorted(present, labels)]


def unpack_x_y_sample_weight(data):
    """Splits a batch into its inputs, targets and sample weights.

    A batch is `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)` (a list
    counts as a tuple), the forms `fit` takes from generators and datasets
    and the form `train_step(data)` receives. Use it at the start of a
    custom `train_step`.

    Args:
        data: the batch.

    Returns:
        A tuple `(x, y, sample_weight)`; missing parts are None.

    Raises:
        ValueError: if `data` is a tuple of more than three items.

    Examples:
        >>> x, y, sw = keras.utils.unpack_x_y_sample_weight((np.ones((2, 3)), np.zeros(2)))
        >>> x.shape, y.shape, sw
        ((2, 3), (2,), None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
        f"`(x, y, sample_weight)`, found: {data}"
    )


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """Packs inputs, targets and sample weights into one batch, as `fit` passes it.

    Args:
        x: the inputs.
        y: the targets, or None.
        sample_weight: the sample weights, or None.

    Returns:
        `x` alone when there are no targets and `x` is not a list or tuple,
        `(x,)` when it is one, `(x, y)` without weights, else
        `(x, y, sample_weight)`.

    Examples:
        >>> keras.utils.pack_x_y_sample_weight(np.ones(2), np.zeros(2))
        (array([1., 1.]), array([0., 0.]))
        >>> keras.utils.pack_x_y_sample_weight([np.ones(2)])
        ([array([1., 1.])],)
    """
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def batch_signature(batch):
    """The structure and per-sample shapes of a batch, to compare batches:
    nested tuples of ("array", shape without the batch axis) leaves."""
    if isinstance(batch, dict):
        return ("dict", tuple((key, batch_signature(batch[key])) for key in sorted(batch)))
    if isinstance(batch, (list, tuple)):
        return (type(batch).__name__, tuple(batch_signature(item) for item in batch))
    if batch is None:
        return None
    return ("array", tuple(np.shape(batch)[1:]))


def relax_signatures(first, second):
    """The signature both batches fit: dims that differ become None (a variable
    dimension, as Keras infers one from the first two batches)."""
    if first is None or second is None or first[0] != second[0]:
        return first if first == second else _mismatch(first, second)
    if first[0] == "array":
        if len(first[1]) != len(second[1]):
            return _mismatch(first, second)
        return ("array", tuple(a if a == b else None for a, b in zip(first[1], second[1])))
    if len(first[1]) != len(second[1]):
        return _mismatch(first, second)
    if first[0] == "dict":
        if [k for k, _ in first[1]] != [k for k, _ in second[1]]:
            return _mismatch(first, second)
        return ("dict", tuple((k, relax_signatures(a, b)) for (k, a), (_, b) in zip(first[1], second[1])))
    return (first[0], tuple(relax_signatures(a, b) for a, b in zip(first[1], second[1])))


class SignatureMismatch(ValueError):
    """Two batches of one data source differ in structure or shape."""


def _mismatch(first, second):
    raise SignatureMismatch(f"{_describe(first)} vs {_describe(second)}")


def fits_signature(batch_sig, expected):
    """Whether a batch's signature matches `expected` (None dims match any)."""
    try:
        return relax_signatures(expected, batch_sig) == expected
    except SignatureMismatch:
        return False


def describe_signature(signature):
    """A short readable form of a signature, for error messages."""
    return _describe(signature)


def _describe(signature):
    if signature is None:
        return "None"
    kind, content = signature
    if kind == "array":
        return "array of shape " + str((None,) + tuple(content))
    if kind == "dict":
        return "{" + ", ".join(f"{k!r}: {_describe(v)}" for k, v in content) + "}"
    opening, closing = ("[", "]") if kind == "list" else ("(", ")")
    return opening + ", ".join(_describe(item) for item in content) + closing


def to_numpy_batch(batch):
    """A batch from a generator or dataset with every leaf a numeric NumPy
    array (float64 cast to floatx once, as for arrays given to `fit`)."""
    if isinstance(batch, dict):
        return {key: to_numpy_batch(value) for key, value in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_numpy_batch(item) for item in batch)
    if batch is None:
        return None
    if hasattr(batch, "numpy") and not isinstance(batch, np.ndarray):
        batch = batch.numpy()  # a tf.Tensor or a torch.Tensor
    array = np.asarray(batch)
    if array.dtype.kind in "USO":
        return array  # strings (texts for a TextVectorization layer) pass as they are
    return validation.to_numeric_array(array, "x")


class BatchChecker:
    """Checks that every batch of a data source has the structure and shapes of
    its first batches, so a source that changes mid-epoch gets a clear error
    instead of a failure deep inside a layer. Dimensions that differ between
    the first two batches are variable (Keras infers its spec from them)."""

    batches_for_spec = 2

    def __init__(self, source_name):
        self.source_name = source_name
        self.signature = None
        self.batches_seen = 0

    def check(self, batch, index):
        signature = batch_signature(batch)
        if self.batches_seen < self.batches_for_spec:
            self.batches_seen += 1
            try:
                self.signature = (signature if self.signature is None
                                  else relax_signatures(self.signature, signature))
            except SignatureMismatch:
                self._raise(signature, index)
        elif not fits_signature(signature, self.signature):
            self._raise(signature, index)
        return batch

    def _raise(self, signature, index):
        raise ValueError(
            f"The {self.source_name} yielded batches of different structures or shapes: "
            f"batch {index} is {describe_signature(signature)}, but the first batches "
            f"were {describe_signature(self.signature)} (None: the batch axis, or a "
            "dimension that varies between the first two batches). Every batch must have "
            "the same structure, and the same shape apart from the batch size."
        )


def add_class_weights(batch, class_weight):
    """`(x, y)` becomes `(x, y, sample_weight)` from `class_weight`."""
    if class_weight is None or not isinstance(batch, tuple):
        return batch
    if len(batch) == 3:
        raise ValueError("You cannot specify `class_weight` and `sample_weight` at the same time.")
    if len(batch) == 2:
        return batch + (class_weight_to_sample_weights(batch[1], class_weight),)
    return batch
