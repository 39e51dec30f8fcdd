"""`save_model`, `load_model`, `save_weights`, `load_weights`: pick the
format from the file name, as Keras 3 does."""

import os
import warnings
import zipfile

from kerasish.saving import saving_lib


def _legacy_h5_format():
    """The legacy HDF5 format's module, imported only when an `.h5` model file
    is used (loading a `.keras` file, as serving does, never needs it)."""
    from kerasish.saving import legacy_h5_format

    return legacy_h5_format


def _is_legacy_h5(path):
    return path.endswith((".h5", ".hdf5"))


def _may_write(path, overwrite):
    """With `overwrite=False` and an existing file, asks the user first."""
    if overwrite or not os.path.exists(path):
        return True
    answer = input(f"[WARNING] {path} already exists - overwrite? [y/n]").strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves `model` as a `.keras` archive, or as a legacy `.h5` file.

    A `.keras` file is a zip archive in Keras 3's format: `config.json` (the
    architecture and compile arguments), `model.weights.h5` (the weights and
    the optimizer's state) and `metadata.json`. Real Keras loads it with
    `keras.saving.load_model`. The file is written to a temporary name and
    renamed, so an interrupted save never leaves a truncated file. A `.h5`
    path writes Keras 2's legacy HDF5 format, with a warning.

    Args:
        model: the model to save.
        filepath: a path ending in `.keras` or `.h5`/`.hdf5`, a string or
            `os.PathLike`.
        overwrite: whether to replace an existing file without asking;
            False asks on the console (and cancels on "n").
        zipped: None or True; `zipped=False` (an unzipped directory) is
            not supported.
        **kwargs: `include_optimizer` (legacy `.h5` only, default True), and
            Keras 2's `save_format`, accepted only when it agrees with the
            file name.

    Returns:
        None.

    Raises:
        ValueError: on an unknown keyword argument, a `save_format` with a
            path that is neither `.keras` nor `.h5`, `zipped=False`, or an
            unsupported file extension.

    Examples:
        >>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
        >>> keras.saving.save_model(model, "tiny.keras")
        >>> restored = keras.saving.load_model("tiny.keras")
        >>> x = np.ones((1, 3))
        >>> bool(np.allclose(restored.predict(x, verbose=0), model.predict(x, verbose=0)))
        True
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", None)
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs.keys())}")
    path = os.fspath(filepath)
    if save_format and not path.endswith((".h5", ".hdf5", ".keras")):
        raise ValueError(
            "The `save_format` argument is deprecated in Keras 3. Please remove this argument "
            "and pass a file path with either `.keras` or `.h5` extension."
            f"Received: save_format={save_format}"
        )
    if zipped is False:
        raise ValueError("kerasish saves `.keras` models as zip archives only (`zipped=True`).")
    if not _may_write(path, overwrite):
        return
    if path.endswith(".keras"):
        return saving_lib.save_model(model, path)
    if _is_legacy_h5(path):
        warnings.warn(
            "You are saving your model as an HDF5 file via `model.save()` or "
            "`keras.saving.save_model(model)`. This file format is considered legacy. We "
            "recommend using instead the native Keras format, e.g. "
            "`model.save('my_model.keras')` or `keras.saving.save_model(model, "
            "'my_model.keras')`. ",
            stacklevel=3,
        )
        return _legacy_h5_format().save_model_to_hdf5(model, path, include_optimizer)
    raise ValueError(
        "Invalid filepath extension for saving. Please add either a `.keras` extension for "
        "the native Keras format (recommended) or a `.h5` extension. Use "
        "`model.export(filepath)` if you want to export a SavedModel for use with "
        f"TFLite/TFServing/etc. Received: filepath={path}."
    )


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with `model.save()` (`.keras` or legacy `.h5`).

    Files saved by kerasish or by real Keras (3, or 2 for `.h5`) are both
    accepted. The model is rebuilt from its config, its weights are
    restored and, when it was saved compiled, it is compiled again with its
    optimizer state, ready to resume training.

    Args:
        filepath: the path of a `.keras` archive or a legacy `.h5`/`.hdf5`
            file, a string or `os.PathLike`.
        custom_objects: an optional dict mapping names to custom layers,
            losses, metrics or functions used by the model (not needed for
            objects registered with `register_keras_serializable`).
        compile: whether to compile the loaded model with the saved compile
            arguments (default True).
        safe_mode: whether to refuse lambdas stored as bytecode in the
            config (default True); only disable it for trusted files.

    Returns:
        The loaded model.

    Raises:
        ValueError: if the file does not exist, is not a valid archive or
            HDF5 file, or has an unsupported extension.
        TypeError: if a class or function the model uses cannot be found
            (raised by the deserialization).

    Examples:
        >>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> model.save("model.keras")
        >>> restored = keras.models.load_model("model.keras")
        >>> restored.output_shape, restored.compiled
        ((None, 1), True)
    """
    path = os.fspath(filepath)
    if path.endswith(".keras"):
        if os.path.exists(path) and not zipfile.is_zipfile(path):
            raise ValueError(
                f"The file '{path}' is not a valid `.keras` archive: it is not a zip file "
                "(or it is truncated or corrupted)."
            )
        return saving_lib.load_model(path, custom_objects, compile, safe_mode)
    if _is_legacy_h5(path):
        if not os.path.exists(path):
            raise ValueError(f"File not found: filepath={path}.")
        return _legacy_h5_format().load_model_from_hdf5(path, custom_objects, compile, safe_mode)
    raise ValueError(
        f"File format not supported: filepath={path}. Keras 3 only supports V3 `.keras` "
        "files and legacy H5 format files (`.h5` extension)."
    )


def save_weights(model, filepath, overwrite=True, **kwargs):
    """Saves a model's weights (not its architecture) to a `.weights.h5` file.

    The file has Keras 3's layout, so real Keras can load it into the same
    architecture, and vice versa. `model.save_weights(filepath)` is the same.

    Args:
        model: a built model.
        filepath: a path ending in `.weights.h5`.
        overwrite: whether to replace an existing file without asking.
        **kwargs: Keras's `max_shard_size`, which is refused (no sharding).

    Raises:
        ValueError: on an unknown keyword argument or `max_shard_size`, if
            the name does not end in `.weights.h5`, or (when writing) if the
            model is not built.

    Examples:
        >>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        >>> keras.saving.save_weights(model, "tiny.weights.h5")
        >>> copy = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        >>> keras.saving.load_weights(copy, "tiny.weights.h5")
        >>> bool(np.array_equal(copy.get_weights()[0], model.get_weights()[0]))
        True
    """
    max_shard_size = kwargs.pop("max_shard_size", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    path = os.fspath(filepath)
    if max_shard_size is not None:
        raise ValueError("kerasish does not write sharded weights (`max_shard_size`).")
    if not path.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={path}")
    if not _may_write(path, overwrite):
        return
    saving_lib.save_weights_only(model, path)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads weights from a file into a built model of the same architecture.

    Accepts `.weights.h5` files (from `save_weights`), the weights inside a
    `.keras` archive, and legacy `.h5` files, written by kerasish or Keras.
    Weights are matched by the model's structure, as in Keras 3. The
    assignment happens only once every weight was read and checked, so a
    failure leaves the model unchanged. `model.load_weights(filepath)` is the
    same.

    Args:
        model: a built model.
        filepath: the path of a `.weights.h5`, `.keras` or `.h5` file.
        skip_mismatch: whether to skip layers whose weight count or shapes
            differ (with a warning) instead of raising.
        **kwargs: `by_name=True` (legacy `.h5` files only) matches layers
            by name.

    Returns:
        None.

    Raises:
        FileNotFoundError: if there is no file at `filepath`.
        ValueError: on an unknown keyword argument, `by_name` with a
            non-legacy file, an unsupported extension, an unbuilt model, or
            weights that do not fit the model.

    Examples:
        >>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        >>> model.save_weights("model.weights.h5")
        >>> copy = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        >>> copy.load_weights("model.weights.h5")
        >>> bool(np.array_equal(copy.get_weights()[1], model.get_weights()[1]))
        True
    """
    by_name = kwargs.pop("by_name", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise FileNotFoundError(f"Unable to load weights: no file at filepath={path}")
    if path.endswith((".keras", ".weights.h5")):
        if by_name is not None:
            raise ValueError(
                "`by_name` only supports loading legacy '.h5' or '.hdf5' files. "
                f"Received: {path}"
            )
        return saving_lib.load_weights_only(model, path, skip_mismatch=skip_mismatch)
    if _is_legacy_h5(path):
        return _legacy_h5_format().load_weights(model, path, by_name=bool(by_name),
                                             skip_mismatch=skip_mismatch)
    raise ValueError(
        f"File format not supported: filepath={path}. Keras 3 only supports V3 `.keras` files, "
        "`.weights.h5` files, or legacy H5 format files (`.h5` extension)."
    )
