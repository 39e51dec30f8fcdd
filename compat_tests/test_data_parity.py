"""Data input against real Keras: the same generator, PyDataset and timeseries
dataset give the same histories and weights (shuffle off); the same folder of
PNGs gives the same arrays, labels, class names and split."""

import os
import warnings

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, real_keras

X = (np.random.default_rng(0).normal(size=(24, 3))).astype("float32")
Y = (X @ np.array([[0.5], [-1.0], [2.0]], "float32")).astype("float32")


def _pair(input_shape=(3,), flatten=False):
    models = []
    for lib in (kerasish, real_keras()):
        layers = [lib.Input(input_shape)]
        if flatten:
            layers.append(lib.layers.Flatten())
        layers += [lib.layers.Dense(4, activation="tanh"), lib.layers.Dense(1)]
        model = lib.Sequential(layers)
        model.compile(optimizer=lib.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
        models.append(model)
    models[0].set_weights(models[1].get_weights())
    return models


def _compare(ours, theirs, ours_history, theirs_history):
    assert sorted(ours_history.history) == sorted(theirs_history.history)
    for key in theirs_history.history:
        assert_close(ours_history.history[key], theirs_history.history[key], TRAINING, key)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        assert_close(a, b, TRAINING, "weights")


def _fit_both(make_data, **kwargs):
    ours, theirs = _pair()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours_history = ours.fit(make_data(kerasish), verbose=0, shuffle=False, **kwargs)
        theirs_history = theirs.fit(make_data(real_keras()), verbose=0, shuffle=False, **kwargs)
    _compare(ours, theirs, ours_history, theirs_history)
    return ours, theirs


def _generator(lib, n=6, size=4):
    for i in range(n):
        yield X[i * size:(i + 1) * size], Y[i * size:(i + 1) * size]


def _weighted_generator(lib, n=6, size=4):
    weights = np.linspace(0.5, 1.5, 24).astype("float32")
    for i in range(n):
        part = slice(i * size, (i + 1) * size)
        yield X[part], Y[part], weights[part]


def _py_dataset(lib, workers=1, size=5):
    class Batches(lib.utils.PyDataset):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)

        def __len__(self):
            return -(-len(X) // size)

        def __getitem__(self, index):
            return X[index * size:(index + 1) * size], Y[index * size:(index + 1) * size]

    return Batches(workers=workers)


def test_generator_one_epoch():
    _fit_both(_generator, epochs=1)


def test_generator_with_sample_weights():
    _fit_both(_weighted_generator, epochs=1)


def test_exhausted_generator_over_several_epochs_replays_as_keras():
    _fit_both(_generator, epochs=3)


def test_generator_with_steps_per_epoch_across_epochs_and_running_out():
    _fit_both(_generator, epochs=4, steps_per_epoch=2)
    _fit_both(_generator, epochs=2, steps_per_epoch=4)


@pytest.mark.parametrize("workers", [1, 2])
def test_py_dataset_with_last_partial_batch(workers):
    _fit_both(lambda lib: _py_dataset(lib, workers), epochs=3)


def test_py_dataset_validation_data_and_validation_freq():
    ours, theirs = _pair()
    kwargs = dict(batch_size=6, epochs=4, verbose=0, shuffle=False, validation_freq=2)
    ours_history = ours.fit(X, Y, validation_data=_py_dataset(kerasish), **kwargs)
    theirs_history = theirs.fit(X, Y, validation_data=_py_dataset(real_keras()), **kwargs)
    _compare(ours, theirs, ours_history, theirs_history)


def test_evaluate_and_predict_on_a_py_dataset_with_steps():
    ours, theirs = _pair()
    for steps in (None, 2):
        assert_close(ours.evaluate(_py_dataset(kerasish), steps=steps, verbose=0),
                     theirs.evaluate(_py_dataset(real_keras()), steps=steps, verbose=0),
                     TRAINING, "evaluate")
        assert_close(ours.predict(_py_dataset(kerasish), steps=steps, verbose=0),
                     theirs.predict(_py_dataset(real_keras()), steps=steps, verbose=0),
                     TRAINING, "predict")


def test_arrays_with_steps_per_epoch():
    ours, theirs = _pair()
    kwargs = dict(batch_size=5, steps_per_epoch=2, epochs=3, verbose=0, shuffle=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _compare(ours, theirs, ours.fit(X, Y, **kwargs), theirs.fit(X, Y, **kwargs))


def test_timeseries_dataset_same_batches_and_training():
    series = np.sin(np.arange(80, dtype="float32") / 7)[:, None]
    kwargs = dict(sequence_length=6, sequence_stride=2, sampling_rate=2, batch_size=8,
                  start_index=3, end_index=70)
    ours = kerasish.utils.timeseries_dataset_from_array(series, series[12:, 0], **kwargs)
    theirs = real_keras().utils.timeseries_dataset_from_array(series, series[12:, 0], **kwargs)
    theirs_batches = list(theirs.as_numpy_iterator())
    assert len(list(ours)) == len(theirs_batches)
    for (a, b), (c, d) in zip(ours, theirs_batches):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    model_ours, model_theirs = _pair(input_shape=(6, 1), flatten=True)
    h_ours = model_ours.fit(ours, epochs=2, verbose=0)
    h_theirs = model_theirs.fit(theirs, epochs=2, verbose=0)
    _compare(model_ours, model_theirs, h_ours, h_theirs)


def test_timeseries_shuffled_window_order_matches_before_the_tf_buffer_shuffle():
    # Keras shuffles the window starts with np.random.RandomState(seed), then
    # again with a tf.data buffer; the set of windows is the same.
    data = np.arange(40)
    ours = np.concatenate(list(kerasish.utils.timeseries_dataset_from_array(
        data, None, 5, shuffle=True, seed=4, batch_size=7)))
    theirs = np.concatenate(list(real_keras().utils.timeseries_dataset_from_array(
        data, None, 5, shuffle=True, seed=4, batch_size=7).as_numpy_iterator()))
    assert sorted(map(tuple, ours)) == sorted(map(tuple, theirs))


def _png_folder(root, sizes=((9, 11), (12, 8), (10, 10))):
    rng = np.random.default_rng(5)
    for class_name, count in (("bird", 4), ("cat", 5), ("dog", 3)):
        os.makedirs(os.path.join(root, class_name))
        for i in range(count):
            size = sizes[i % len(sizes)]
            pixels = rng.integers(0, 256, size + (3,)).astype("float32")
            kerasish.utils.save_img(os.path.join(root, class_name, f"{i:02d}.png"), pixels,
                                    scale=False)
    os.makedirs(os.path.join(root, "cat", "nested"))
    kerasish.utils.save_img(os.path.join(root, "cat", "nested", "deep.png"),
                            np.full((10, 10, 3), 90.0), scale=False)
    return root


def _both_image_datasets(root, **kwargs):
    kwargs.setdefault("verbose", False)
    return (kerasish.utils.image_dataset_from_directory(root, **kwargs),
            real_keras().utils.image_dataset_from_directory(root, **kwargs))


def _samples(batches):
    return (np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches]))


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_image_dataset_same_arrays_labels_and_order(tmp_path, interpolation):
    pytest.importorskip("PIL")
    root = _png_folder(str(tmp_path))
    ours, theirs = _both_image_datasets(root, image_size=(10, 10), batch_size=4, shuffle=False,
                                        interpolation=interpolation, label_mode="categorical")
    assert ours.class_names == theirs.class_names
    assert ours.file_paths == theirs.file_paths
    ours_batches, theirs_batches = list(ours), list(theirs.as_numpy_iterator())
    assert len(ours_batches) == len(theirs_batches)
    for (a, b), (c, d) in zip(ours_batches, theirs_batches):
        assert a.dtype == c.dtype and b.dtype == d.dtype
        assert_close(a, c, TRAINING, "images")
        np.testing.assert_array_equal(b, d)


@pytest.mark.parametrize("subset", ["training", "validation"])
def test_image_dataset_same_split_with_shuffle_and_seed(tmp_path, subset):
    pytest.importorskip("PIL")
    root = _png_folder(str(tmp_path))
    ours, theirs = _both_image_datasets(root, image_size=(10, 10), batch_size=3, seed=11,
                                        validation_split=0.3, subset=subset)
    assert ours.class_names == theirs.class_names
    # The file order and split come from the seed; Keras's tf.data buffer
    # shuffle then reorders the samples, so match each of Keras's samples
    # with the closest of ours.
    assert ours.file_paths == theirs.file_paths
    ours_images, ours_labels = _samples(list(ours))
    theirs_images, theirs_labels = _samples(list(theirs.as_numpy_iterator()))
    assert len(ours_images) == len(theirs_images)
    for image, label in zip(theirs_images, theirs_labels):
        match = np.argmin(np.abs(ours_images - image).reshape(len(ours_images), -1).max(axis=1))
        assert_close(ours_images[match], image, TRAINING, "image")
        assert ours_labels[match] == label


def test_image_dataset_grayscale_binary_and_crop(tmp_path):
    pytest.importorskip("PIL")
    root = os.path.join(str(tmp_path), "data")
    _png_folder(root)
    import shutil

    shutil.rmtree(os.path.join(root, "dog"))
    ours, theirs = _both_image_datasets(root, image_size=(6, 8), batch_size=None, shuffle=False,
                                        label_mode="binary", crop_to_aspect_ratio=True,
                                        interpolation="nearest")
    for (a, b), (c, d) in zip(ours, theirs.as_numpy_iterator()):
        assert_close(a, c, TRAINING, "image")
        np.testing.assert_array_equal(b, d)


def test_text_dataset_same_files_labels_and_split(tmp_path):
    for label, texts in (("neg", ["awful", "bad film", "no"]), ("pos", ["great", "fine"])):
        os.makedirs(tmp_path / label)
        for i, text in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(text)
    kwargs = dict(batch_size=2, seed=3, validation_split=0.4, subset="training",
                  verbose=False, label_mode="categorical")
    ours = kerasish.utils.text_dataset_from_directory(str(tmp_path), **kwargs)
    theirs = real_keras().utils.text_dataset_from_directory(str(tmp_path), **kwargs)
    assert ours.class_names == theirs.class_names
    ours_pairs = sorted((t, tuple(l)) for texts, labels in ours for t, l in zip(texts, labels))
    theirs_pairs = sorted((t.decode(), tuple(l)) for texts, labels in theirs.as_numpy_iterator()
                          for t, l in zip(texts, labels))
    assert ours_pairs == theirs_pairs
