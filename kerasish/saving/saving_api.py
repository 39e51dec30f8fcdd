"""`save_model`, `load_model`, `save_weights`, `load_weights`: pick the
format from the file name, as Keras 3 does."""

import os
import warnings
import zipfile

from kerasish.saving import legacy_h5_format, saving_lib


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
    """Saves `model` as a `.keras` archive, or as a legacy `.h5` file."""
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
        return legacy_h5_format.save_model_to_hdf5(model, path, include_optimizer)
    raise ValueError(
        "Invalid filepath extension for saving. Please add either a `.keras` extension for "
        "the native Keras format (recommended) or a `.h5` extension. Use "
        "`model.export(filepath)` if you want to export a SavedModel for use with "
        f"TFLite/TFServing/etc. Received: filepath={path}."
    )


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with `model.save()` (`.keras` or legacy `.h5`)."""
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
        return legacy_h5_format.load_model_from_hdf5(path, custom_objects, compile, safe_mode)
    raise ValueError(
        f"File format not supported: filepath={path}. Keras 3 only supports V3 `.keras` "
        "files and legacy H5 format files (`.h5` extension)."
    )


def save_weights(model, filepath, overwrite=True, **kwargs):
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
        return legacy_h5_format.load_weights(model, path, by_name=bool(by_name),
                                             skip_mismatch=skip_mismatch)
    raise ValueError(
        f"File format not supported: filepath={path}. Keras 3 only supports V3 `.keras` files, "
        "`.weights.h5` files, or legacy H5 format files (`.h5` extension)."
    )
