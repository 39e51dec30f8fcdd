"""Untrusted files declaring huge sizes: a dataset whose declared shape does
not fit the model, or a config asking for a weight of 10**12 elements, is
refused with a clear error naming the entry, before anything that large is
read or allocated (the datasets below would need terabytes)."""

import json
import warnings
import zipfile

import h5py
import numpy as np
import pytest

import kerasish as keras
from kerasish.layers.layer import MAX_WEIGHT_ELEMENTS

HUGE = (10**6, 10**6)  # 4 TB of float32 if anything read it


def small_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="head")])
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((4, 3)), np.ones((4, 2)), verbose=0)  # builds the optimizer's slots
    return model


def replace_with_huge(path, ends_with):
    """Replaces the file's first dataset whose name ends with `ends_with` by
    an empty, chunked one declaring HUGE (a few bytes on disk)."""
    with h5py.File(path, "r+") as f:
        names = []
        f.visititems(lambda name, obj: names.append(name)
                     if isinstance(obj, h5py.Dataset) and name.endswith(ends_with) else None)
        assert names, f"no dataset ending with {ends_with!r} in {path}"
        del f[names[0]]
        f.create_dataset(names[0], shape=HUGE, dtype="float32", chunks=(1, 1))
    return names[0]


@pytest.mark.parametrize("suffix, ends_with", [
    (".weights.h5", "vars/0"),  # Keras 3 weights file
    (".h5", "head/kernel"),  # legacy file (its model_weights group)
])
def test_weights_files_declaring_a_huge_dataset_are_refused_before_reading(
        tmp_path, suffix, ends_with):
    model = small_model()
    path = tmp_path / f"w{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the "legacy format" advice
        model.save_weights(path) if suffix == ".weights.h5" else model.save(path)
    before = [w.copy() for w in model.get_weights()]
    replace_with_huge(path, ends_with)
    with pytest.raises(ValueError, match=r"shape.*\(1000000, 1000000\)"):
        model.load_weights(path)
    for now, then in zip(model.get_weights(), before):
        np.testing.assert_array_equal(now, then)


def test_a_legacy_model_file_declaring_a_huge_weight_is_refused(tmp_path):
    path = tmp_path / "m.h5"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the "legacy format" advice
        small_model().save(path)
    replace_with_huge(path, "head/kernel")
    with pytest.raises(ValueError, match=r"head.*\(3, 2\).*\(1000000, 1000000\)"):
        keras.saving.load_model(path)


def test_a_legacy_optimizer_state_declaring_a_huge_slot_is_dropped(tmp_path):
    path = tmp_path / "m.h5"
    model = small_model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.save(path)
    with h5py.File(path) as f:
        assert "optimizer_weights" in f
    replace_with_huge(path, "kernel_momentum")
    with pytest.warns(UserWarning, match="freshly initialized optimizer"):
        loaded = keras.saving.load_model(path)
    for now, then in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(now, then)


def test_reading_an_own_format_dataset_above_the_bound_is_refused(tmp_path):
    from kerasish.saving import saving_lib

    path = tmp_path / "big.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("vocabulary", shape=(MAX_WEIGHT_ELEMENTS + 1,), dtype="uint8",
                         chunks=(1024,))
    with h5py.File(path) as f, pytest.raises(ValueError, match="vocabulary.*above the limit"):
        saving_lib.read_dataset(f, "vocabulary")


# ----------------------------------------------------- configs asking for too much


def _tampered_archive(tmp_path, model, mutate):
    path = tmp_path / "m.keras"
    model.save(path)
    out = tmp_path / "tampered.keras"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            data = source.read(item)
            if item == "config.json":
                config = json.loads(data)
                mutate(config["config"]["layers"][-1]["config"])
                data = json.dumps(config)
            target.writestr(item, data)
    return out


@pytest.mark.parametrize("make, key, value, weight", [
    (lambda: keras.layers.Dense(2), "units", 10**12, "kernel"),
    (lambda: keras.layers.Embedding(10, 4), "input_dim", 10**9, "embeddings"),
    (lambda: keras.layers.Conv1D(2, 3), "kernel_size", [10**10], "kernel"),
    (lambda: keras.layers.LSTM(2), "units", 10**6, "recurrent_kernel"),
])
def test_keras_files_asking_for_huge_weights_are_refused(tmp_path, make, key, value, weight):
    shape = (5, 3) if key != "input_dim" else (5,)
    model = keras.Sequential([keras.Input(shape), make()])
    path = _tampered_archive(tmp_path, model, lambda config: config.update({key: value}))
    with pytest.raises(ValueError, match=f"weight '{weight}'.*above the limit of {MAX_WEIGHT_ELEMENTS}"):
        keras.saving.load_model(path)


def test_a_legacy_config_asking_for_a_huge_layer_is_refused(tmp_path):
    path = tmp_path / "m.h5"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        small_model().save(path)
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        config["config"]["layers"][-1]["config"]["units"] = 10**12
        f.attrs["model_config"] = json.dumps(config)
    with pytest.raises(ValueError, match="Layer 'head' \\(Dense\\) would create weight 'kernel'"):
        keras.saving.load_model(path)


def test_layers_refuse_a_huge_weight_when_built():
    with pytest.raises(ValueError, match=r"weight 'kernel' of shape \(3, 1000000000000\)"):
        keras.layers.Dense(10**12).build((None, 3))
    keras.layers.Dense(4).build((None, 3))  # ordinary sizes pass
