"""`kerasish.utils` helpers against `keras.utils`."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import REDUCTION, assert_close, real_keras

LABELS = [
    (np.array([0, 2, 1, 2]), None),
    (np.array([[1], [0], [3]]), 5),
    (np.array([[0, 1], [2, 0]]), 3),
    (np.array([1.0, 0.0, 2.0]), None),
    (np.array([3], np.uint8), 4),
]


@pytest.mark.parametrize("labels,num_classes", LABELS, ids=[str(i) for i in range(len(LABELS))])
def test_to_categorical_matches_keras(labels, num_classes):
    ours = kerasish.utils.to_categorical(labels, num_classes)
    theirs = real_keras().utils.to_categorical(labels, num_classes)
    # Keras returns float64 for NumPy labels; kerasish returns float32 on
    # purpose (floatx by default, no silent upcast of the training targets).
    assert theirs.dtype == np.float64 and ours.dtype == np.float32
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


# Not axis=0: Keras 3.15's NumPy path replaces a falsy axis by -1 and then
# fails to broadcast (kerasish normalizes along axis 0 as asked).
@pytest.mark.parametrize("axis,order", [(-1, 2), (-1, 1), (1, 3)])
def test_normalize_matches_keras(axis, order):
    x = np.random.default_rng(axis + order).normal(size=(4, 3)).astype(np.float32)
    ours = np.asarray(kerasish.utils.normalize(x, axis=axis, order=order))
    theirs = np.asarray(real_keras().utils.normalize(x, axis=axis, order=order))
    assert ours.dtype == theirs.dtype
    assert_close(ours, theirs, REDUCTION, f"normalize axis={axis} order={order}")


# ------------------------------------------------ the rest of keras.utils

SEQUENCES = [[1, 2, 3], [4, 5], [], [6, 7, 8, 9, 10]]


@pytest.mark.parametrize("kwargs", [
    {},
    {"maxlen": 3},
    {"maxlen": 4, "padding": "post", "truncating": "post", "value": -1},
    {"dtype": "float32", "value": 0.5, "truncating": "post", "maxlen": 2},
])
def test_pad_sequences_matches_keras(kwargs):
    ours = kerasish.utils.pad_sequences(SEQUENCES, **kwargs)
    theirs = real_keras().utils.pad_sequences(SEQUENCES, **kwargs)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)


def test_pad_sequences_of_vectors_and_strings_match_keras():
    vectors = [np.ones((2, 3)), np.zeros((4, 3))]
    for m in (kerasish, real_keras()):
        assert m.utils.pad_sequences(vectors, maxlen=3).shape == (2, 3, 3)
    words = [["a", "bc"], ["d"]]
    np.testing.assert_array_equal(
        kerasish.utils.pad_sequences(words, dtype=object, value=""),
        real_keras().utils.pad_sequences(words, dtype=object, value=""))


@pytest.mark.parametrize("kwargs, message", [
    ({"padding": "middle"}, 'Padding type "middle" not understood'),
    ({"truncating": "x"}, 'Truncating type "x" not understood'),
    ({"value": "pad"}, "is not compatible with `value`'s type"),
])
def test_pad_sequences_errors_match_keras(kwargs, message):
    for m in (kerasish, real_keras()):
        with pytest.raises(ValueError, match=message):
            m.utils.pad_sequences(SEQUENCES, **kwargs)


@pytest.mark.parametrize("data", [np.ones(2), (1,), (1, 2), [1, 2, 3], (1, 2, 3)])
def test_unpack_and_pack_x_y_sample_weight_match_keras(data):
    keras = real_keras()
    ours = kerasish.utils.unpack_x_y_sample_weight(data)
    theirs = keras.utils.unpack_x_y_sample_weight(data)
    assert repr(ours) == repr(theirs)
    assert repr(kerasish.utils.pack_x_y_sample_weight(*ours)) == \
        repr(keras.utils.pack_x_y_sample_weight(*theirs))


@pytest.mark.parametrize("dtype", [None, int, float, bool, "int", np.float64, np.dtype("int8"),
                                   "bfloat16", "uint16"])
def test_standardize_dtype_matches_keras(dtype):
    assert kerasish.utils.standardize_dtype(dtype) == real_keras().utils.standardize_dtype(dtype)


@pytest.mark.parametrize("dtype", ["float", "int23", "complex"])
def test_standardize_dtype_refuses_what_keras_refuses(dtype):
    for m in (kerasish, real_keras()):
        with pytest.raises(ValueError, match="Invalid dtype"):
            m.utils.standardize_dtype(dtype)


@pytest.mark.parametrize("sizes", [
    {"left_size": 0.6}, {"right_size": 3}, {"left_size": 4, "right_size": 2},
    {"left_size": 0.3, "right_size": 0.5},
])
def test_split_dataset_of_arrays_matches_keras(sizes):
    keras = real_keras()
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    ours = kerasish.utils.split_dataset((x, y), **sizes)
    theirs = keras.utils.split_dataset((x, y), **sizes)
    for our_part, their_part in zip(ours, theirs):
        rows = list(their_part.as_numpy_iterator())
        np.testing.assert_array_equal(our_part[0], np.array([r[0] for r in rows]))
        np.testing.assert_array_equal(our_part[1], np.array([r[1] for r in rows]))


@pytest.mark.parametrize("sizes, error", [
    ({}, ValueError), ({"left_size": 1.5}, ValueError), ({"left_size": 0.7, "right_size": 0.6},
                                                         ValueError),
    ({"left_size": "half"}, TypeError), ({"right_size": 10}, ValueError),
])
def test_split_dataset_errors_match_keras(sizes, error):
    x = np.arange(10)
    for m in (kerasish, real_keras()):
        with pytest.raises(error):
            m.utils.split_dataset(x, **sizes)


def test_config_matches_keras():
    for m in (kerasish, real_keras()):
        config = m.utils.Config(a=1, learning_rate=0.1)
        config.b = 2
        config["c"] = 3
        assert (config.a, config.b, config["c"], len(config), list(config)) == \
            (1, 2, 3, 4, ["a", "b", "c", "learning_rate"])
        with pytest.raises(AttributeError, match="Did you mean 'learning_rate'"):
            config.learning_rat
        config.freeze()
        assert config.frozen
        with pytest.raises(ValueError, match="frozen"):
            config.a = 5
        config.unfreeze()
        config.update(d=4)
        assert config.as_dict() == {"a": 1, "learning_rate": 0.1, "b": 2, "c": 3, "d": 4}
        assert config.to_json() == '{"a": 1, "learning_rate": 0.1, "b": 2, "c": 3, "d": 4}'


def test_is_keras_tensor_and_get_source_inputs_match_keras():
    names = []
    for m in (kerasish, real_keras()):
        a, b = m.Input(shape=(2,), name="first"), m.Input(shape=(2,), name="second")
        out = m.layers.Dense(1)(m.layers.concatenate([b, m.layers.Dense(2)(a)]))
        assert m.utils.is_keras_tensor(out) and not m.utils.is_keras_tensor(np.ones(2))
        names.append([t.name for t in m.utils.get_source_inputs(out)])
    assert names[0] == names[1]


def test_registration_and_serialization_helpers_match_keras():
    results = []
    for m in (kerasish, real_keras()):
        @m.utils.register_keras_serializable(package="UtilsParity")
        class Doubler(m.layers.Layer):
            def call(self, x):
                return x * 2

        name = m.utils.get_registered_name(Doubler)
        found = m.utils.get_registered_object(name) is Doubler
        in_custom = m.utils.get_custom_objects()[name] is Doubler
        config = m.utils.serialize_keras_object(Doubler(name="double"))
        rebuilt = m.utils.deserialize_keras_object(config)
        with m.utils.custom_object_scope({"Tripler": Doubler}):
            scoped = m.utils.get_registered_object("Tripler") is Doubler
        with m.utils.CustomObjectScope({"Quad": Doubler}):
            scoped = scoped and m.utils.get_registered_object("Quad") is Doubler
        results.append((name, found, in_custom, config["registered_name"], type(rebuilt).__name__,
                        rebuilt.name, scoped))
    assert results[0] == results[1]


def test_get_file_finds_the_cached_file_where_keras_does(tmp_path):
    cache = tmp_path / "cache"
    (cache / "datasets").mkdir(parents=True)
    (cache / "datasets" / "table.csv").write_text("a,b\n1,2\n")
    import hashlib

    digest = hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    kwargs = {"origin": "https://example.invalid/table.csv", "cache_dir": str(cache),
              "file_hash": digest}
    assert kerasish.utils.get_file(**kwargs) == real_keras().utils.get_file(**kwargs)


def test_get_file_extracts_a_cached_archive_where_keras_does(tmp_path):
    import tarfile

    cache = tmp_path / "cache"
    (cache / "datasets").mkdir(parents=True)
    member = tmp_path / "inside.txt"
    member.write_text("hello")
    with tarfile.open(cache / "datasets" / "bundle.tar.gz", "w:gz") as archive:
        archive.add(member, arcname="inside.txt")
    paths = []
    for m in (kerasish, real_keras()):
        paths.append(m.utils.get_file("bundle.tar.gz", origin="https://example.invalid/b.tgz",
                                      cache_dir=str(cache), extract=True))
    assert paths[0] == paths[1]
    assert (tmp_path / "cache" / "datasets" / "bundle_extracted" / "inside.txt").read_text() == \
        "hello"


def test_interactive_logging_switches_match_keras(capsys, caplog):
    import logging

    for m in (kerasish, real_keras()):
        assert m.utils.is_interactive_logging_enabled()
        m.utils.disable_interactive_logging()
        assert not m.utils.is_interactive_logging_enabled()
        m.utils.enable_interactive_logging()
        assert m.utils.is_interactive_logging_enabled()
    kerasish.utils.disable_interactive_logging()
    try:
        with caplog.at_level(logging.INFO, logger="kerasish"):
            bar = kerasish.utils.Progbar(2, verbose=2)
            bar.update(2, finalize=True)
    finally:
        kerasish.utils.enable_interactive_logging()
    assert capsys.readouterr().out == ""
    assert any("2/2" in record.getMessage() for record in caplog.records)
