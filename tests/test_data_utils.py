"""timeseries_dataset_from_array, image/text_dataset_from_directory and the
image helpers (Pillow, the optional `kerasish[images]` extra)."""

import builtins
import os

import numpy as np
import pytest

import kerasish as keras

pytest.importorskip("PIL")


def test_timeseries_windows_targets_and_batches():
    data = np.arange(20, dtype="float32")
    dataset = keras.utils.timeseries_dataset_from_array(
        data, data[4:] * 10, sequence_length=4, sequence_stride=2, sampling_rate=1, batch_size=3)
    batches = list(dataset)
    windows = np.concatenate([w for w, _ in batches])
    targets = np.concatenate([t for _, t in batches])
    starts = np.arange(0, 16, 2)
    np.testing.assert_array_equal(windows, starts[:, None] + np.arange(4))
    np.testing.assert_array_equal(targets, (starts + 4) * 10)
    assert [len(w) for w, _ in batches] == [3, 3, 2]


def test_timeseries_sampling_rate_start_end_and_no_targets():
    data = np.arange(50).reshape(25, 2)
    dataset = keras.utils.timeseries_dataset_from_array(
        data, None, sequence_length=3, sampling_rate=2, start_index=5, end_index=20,
        batch_size=None)
    first = next(iter(dataset))
    np.testing.assert_array_equal(first, data[[5, 7, 9]])
    assert len(dataset) == 15 - 4


def test_timeseries_shuffle_is_seeded_and_covers_every_window():
    data = np.arange(30)
    a = keras.utils.timeseries_dataset_from_array(data, None, 5, shuffle=True, seed=3,
                                                  batch_size=8)
    b = keras.utils.timeseries_dataset_from_array(data, None, 5, shuffle=True, seed=3,
                                                  batch_size=8)
    first_a, first_b = next(iter(a)), next(iter(b))
    np.testing.assert_array_equal(first_a, first_b)
    every = np.concatenate(list(a))[:, 0]
    assert sorted(every.tolist()) == list(range(26)) and every.tolist() != list(range(26))


@pytest.mark.parametrize("kwargs, message", [
    ({"start_index": -1}, "`start_index` must be 0 or greater"),
    ({"end_index": 100}, "`end_index` must be lower than the length"),
    ({"sampling_rate": 0}, "`sampling_rate` must be higher than 0"),
    ({"sequence_stride": 50}, "`sequence_stride` must be lower than the length"),
])
def test_timeseries_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keras.utils.timeseries_dataset_from_array(np.arange(20), None, 3, **kwargs)


def test_timeseries_dataset_trains_a_model():
    data = np.sin(np.arange(200, dtype="float32") / 10)[:, None]
    dataset = keras.utils.timeseries_dataset_from_array(data[:-8], data[8:, 0], 8, batch_size=32)
    model = keras.Sequential([keras.Input((8, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(dataset, epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def _image_folder(root, counts=(3, 4), size=(10, 12), mode="RGB"):
    rng = np.random.default_rng(0)
    channels = {"RGB": 3, "RGBA": 4, "L": 1}[mode]
    for class_index, count in enumerate(counts):
        folder = os.path.join(root, f"class_{class_index}")
        os.makedirs(folder)
        for i in range(count):
            pixels = rng.integers(0, 256, size=size + (channels,)).astype("float32")
            keras.utils.save_img(os.path.join(folder, f"img_{i}.png"), pixels, scale=False)
    return root


def test_image_dataset_labels_class_names_and_pixels(tmp_path):
    root = _image_folder(str(tmp_path))
    dataset = keras.utils.image_dataset_from_directory(
        root, image_size=(10, 12), batch_size=4, shuffle=False, verbose=False)
    assert dataset.class_names == ["class_0", "class_1"]
    images, labels = next(iter(dataset))
    assert images.shape == (4, 10, 12, 3) and images.dtype == np.float32
    assert labels.tolist() == [0, 0, 0, 1]
    expected = keras.utils.img_to_array(keras.utils.load_img(dataset.file_paths[0]))
    np.testing.assert_array_equal(images[0], expected)


def test_image_dataset_split_is_disjoint_and_complete(tmp_path):
    root = _image_folder(str(tmp_path), counts=(5, 5))
    train, val = keras.utils.image_dataset_from_directory(
        root, image_size=(5, 6), validation_split=0.3, subset="both", seed=7, verbose=False)
    assert len(train.file_paths) == 7 and len(val.file_paths) == 3
    assert not set(train.file_paths) & set(val.file_paths)
    again = keras.utils.image_dataset_from_directory(
        root, image_size=(5, 6), validation_split=0.3, subset="validation", seed=7,
        verbose=False)
    assert again.file_paths == val.file_paths


@pytest.mark.parametrize("label_mode, shape, dtype", [
    ("int", (7,), "int32"), ("categorical", (7, 2), "float32"), ("binary", (7, 1), "float32"),
])
def test_image_dataset_label_modes(tmp_path, label_mode, shape, dtype):
    root = _image_folder(str(tmp_path))
    dataset = keras.utils.image_dataset_from_directory(
        root, image_size=8, label_mode=label_mode, batch_size=None, shuffle=False, verbose=False)
    labels = np.stack([label for _, label in dataset])
    assert labels.shape == shape and labels.dtype == dtype


def test_image_dataset_color_modes_and_resizing(tmp_path):
    root = _image_folder(str(tmp_path), mode="RGBA")
    for color_mode, channels in (("grayscale", 1), ("rgba", 4), ("rgb", 3)):
        dataset = keras.utils.image_dataset_from_directory(
            root, image_size=(4, 7), color_mode=color_mode, labels=None, shuffle=False,
            verbose=False, crop_to_aspect_ratio=color_mode == "rgb")
        assert next(iter(dataset)).shape == (7, 4, 7, channels)


def test_tensorflow_style_bilinear_resize_halves_by_averaging():
    from kerasish.utils.image_utils import resize_like_tensorflow

    image = np.arange(16, dtype="float32").reshape(4, 4, 1)
    half = resize_like_tensorflow(image, (2, 2), "bilinear")
    np.testing.assert_allclose(half[..., 0], [[2.5, 4.5], [10.5, 12.5]])
    nearest = resize_like_tensorflow(image, (2, 2), "nearest")
    np.testing.assert_array_equal(nearest[..., 0], [[5, 7], [13, 15]])


@pytest.mark.parametrize("kwargs, message", [
    ({"label_mode": "sparse"}, "`label_mode` argument must be one of"),
    ({"color_mode": "cmyk"}, "`color_mode` must be one of"),
    ({"image_size": (1, 2, 3)}, "Invalid `image_size` value"),
    ({"validation_split": 0.2}, "If `subset` is set, `validation_split` must be set"),
    ({"validation_split": 0.2, "subset": "training"}, "you must provide a `seed`"),
    ({"interpolation": "magic"}, "Argument `interpolation` should be one of"),
    ({"labels": "folders"}, "`labels` argument should be a list/tuple"),
    ({"label_mode": "binary", "class_names": ["class_0"]}, "exactly 2 class_names"),
])
def test_image_dataset_bad_arguments(tmp_path, kwargs, message):
    root = _image_folder(str(tmp_path))
    with pytest.raises(ValueError, match=message):
        keras.utils.image_dataset_from_directory(root, verbose=False, **kwargs)


def test_image_dataset_of_an_empty_folder(tmp_path):
    os.makedirs(tmp_path / "only_class")
    with pytest.raises(ValueError, match="No images found"):
        keras.utils.image_dataset_from_directory(str(tmp_path), verbose=False)


def test_image_dataset_feeds_fit_with_validation(tmp_path):
    root = _image_folder(str(tmp_path), counts=(4, 4), size=(6, 6))
    train, val = keras.utils.image_dataset_from_directory(
        root, image_size=(6, 6), batch_size=3, validation_split=0.25, subset="both", seed=1,
        verbose=False)
    train, val = train.map(lambda x, y: (x / 255.0, y)), val.map(lambda x, y: (x / 255.0, y))
    model = keras.Sequential([keras.Input((6, 6, 3)),
                              keras.layers.Flatten(), keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(train, validation_data=val, epochs=2, verbose=0)
    assert sorted(history.history) == ["loss", "val_loss"]


def test_text_dataset(tmp_path):
    for label, texts in (("neg", ["awful", "bad film"]), ("pos", ["great", "loved it", "fine"])):
        os.makedirs(tmp_path / label)
        for i, text in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "pos" / "notes.md").write_text("ignored")
    dataset = keras.utils.text_dataset_from_directory(
        str(tmp_path), batch_size=2, shuffle=False, max_length=5, verbose=False)
    assert dataset.class_names == ["neg", "pos"] and len(dataset) == 3
    texts, labels = next(iter(dataset))
    assert texts.tolist() == ["awful", "bad f"] and labels.tolist() == [0, 0]
    train = keras.utils.text_dataset_from_directory(
        str(tmp_path), validation_split=0.4, subset="training", seed=2, verbose=False)
    assert len(train.file_paths) == 3


def test_image_helpers_round_trip(tmp_path):
    pixels = np.random.default_rng(1).integers(0, 256, (5, 7, 3)).astype("float32")
    path = str(tmp_path / "x.png")
    keras.utils.save_img(path, pixels, scale=False)
    loaded = keras.utils.img_to_array(keras.utils.load_img(path))
    np.testing.assert_array_equal(loaded, pixels)
    first = keras.utils.img_to_array(keras.utils.load_img(path), data_format="channels_first")
    assert first.shape == (3, 5, 7)
    gray = keras.utils.load_img(path, color_mode="grayscale", target_size=(3, 4))
    assert gray.size == (4, 3) and keras.utils.img_to_array(gray).shape == (3, 4, 1)
    image = keras.utils.array_to_img(pixels)
    assert image.size == (7, 5) and image.mode == "RGB"
    with pytest.raises(ValueError, match="Expected image array to have rank 3"):
        keras.utils.array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="color_mode must be"):
        keras.utils.load_img(path, color_mode="cmyk")
    with pytest.raises(TypeError, match="path should be path-like"):
        keras.utils.load_img(3)


def test_missing_pillow_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def no_pillow(name, *args, **kwargs):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError("No module named 'PIL'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pillow)
    with pytest.raises(ImportError, match=r'pip install "kerasish\[images\]"'):
        keras.utils.array_to_img(np.zeros((2, 2, 3)))
