"""Data adapters: every kind of data `fit`, `evaluate` and `predict` take, seen
as an iterator of NumPy batches (Keras 3's `trainers/data_adapters`)."""

import collections.abc
import types
import warnings

from kerasish.trainers.data_adapters import data_adapter_utils
from kerasish.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from kerasish.trainers.data_adapters.data_adapter import DataAdapter
from kerasish.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from kerasish.trainers.data_adapters.py_dataset_adapter import PyDataset, PyDatasetAdapter


def get_data_adapter(x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None,
                     shuffle=False, class_weight=None, text=False):
    """The adapter for `x` (and `y`, `sample_weight` when `x` is arrays).

    `text` lets string arrays through as `x` (a model starting with text
    layers).

    Raises:
        ValueError: for targets or weights given apart from a dataset or
            generator, `class_weight` with a generator, or data of an
            unknown type.
    """
    if isinstance(x, DataAdapter):
        return x
    if is_array_data(x):
        x, y, sample_weight = data_adapter_utils.standardize(x, y, sample_weight, text=text)
        return ArrayDataAdapter(x, y, sample_weight, batch_size=batch_size,
                                steps=steps_per_epoch, shuffle=shuffle,
                                class_weight=class_weight)
    kind = data_kind(x)
    _refuse_separate_targets(kind, y, sample_weight)
    if kind == "tf.data.Dataset":
        _warn_shuffle_ignored(shuffle, "a tf.data.Dataset", "The Dataset is expected to "
                              "already be shuffled (via `.shuffle(buffer_size)`).")
        from kerasish.trainers.data_adapters.tf_dataset_adapter import TFDatasetAdapter

        return TFDatasetAdapter(x, class_weight=class_weight)
    if kind == "PyDataset":
        if x.num_batches is None:
            _warn_shuffle_ignored(shuffle, "an infinite PyDataset",
                                  "The PyDataset is expected to already be shuffled.")
        # A dataset from kerasish's data utilities shuffles itself (as Keras's
        # tf.data datasets do); `fit`'s `shuffle` applies to other PyDatasets.
        shuffle = shuffle and not getattr(x, "shuffles_itself", False)
        return PyDatasetAdapter(x, class_weight=class_weight, shuffle=shuffle)
    if class_weight is not None:
        raise ValueError(
            f"Argument `class_weight` is not supported for {kind} inputs. "
            f"Received: class_weight={class_weight}"
        )
    if kind == "torch DataLoader":
        _warn_shuffle_ignored(shuffle, "a torch DataLoader",
                              "The DataLoader is expected to already be shuffled.")
        from kerasish.trainers.data_adapters.torch_data_loader_adapter import (
            TorchDataLoaderAdapter,
        )

        return TorchDataLoaderAdapter(x)
    _warn_shuffle_ignored(shuffle, "a generator",
                          "The generator is expected to yield already-shuffled data.")
    return GeneratorDataAdapter(x)


def is_array_data(x):
    """Whether `x` is arrays (or array-likes, or lists/dicts of them) rather than
    a dataset, a PyDataset or a generator."""
    return data_kind(x) is None


def data_kind(x):
    """The name of a streaming data source (`"generator"`, `"PyDataset"`,
    `"tf.data.Dataset"`, `"torch DataLoader"`), or None for arrays."""
    if isinstance(x, PyDataset):
        return "PyDataset"
    if _has_parent_class(x, ("DatasetV2",), "tensorflow.python"):
        return "tf.data.Dataset"
    if _has_parent_class(x, ("DataLoader",), "torch.utils.data"):
        return "torch DataLoader"
    if isinstance(x, types.GeneratorType) or isinstance(x, collections.abc.Iterator):
        return "generator"
    return None


def _has_parent_class(x, names, module_prefix):
    # By name, so that TensorFlow and PyTorch are never imported for the check.
    return any(parent.__name__ in names and parent.__module__.startswith(module_prefix)
               for parent in type(x).__mro__)


def _refuse_separate_targets(kind, y, sample_weight):
    for name, value, description in (("y", y, "the targets"),
                                     ("sample_weights", sample_weight, "the sample weights")):
        if value is not None:
            raise ValueError(
                f"When providing `x` as a {kind}, `{name}` should not be passed. Instead, "
                f"{description} should be included as part of the {kind}."
            )


def _warn_shuffle_ignored(shuffle, what, expectation):
    if shuffle:
        warnings.warn(
            f"`shuffle=True` was passed, but will be ignored since the data `x` was "
            f"provided as {what}. {expectation}",
            stacklevel=4,
        )
