"""Unit tests of the preprocessing and augmentation layers (parity with
Keras is in compat_tests/test_preprocessing_parity.py)."""

import numpy as np
import pytest

import kerasish as keras
from tests.layer_checks import check_layer

layers = keras.layers


def values(x):
    return np.asarray(getattr(x, "value", x))


# -------------------------------------------------------------- shared checks
@pytest.mark.parametrize("make_layer,shape,num_weights", [
    (lambda: layers.Rescaling(0.5, offset=1.0), (2, 3), 0),
    (lambda: layers.Rescaling([1.0, 2.0, 3.0]), (2, 4, 3), 0),
    (lambda: layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0]), (3, 2), 0),
    (lambda: layers.Normalization(mean=1.0, variance=4.0, invert=True), (3, 2), 0),
    (lambda: layers.Normalization(axis=(1, 2)), (2, 3, 2), 3),
    (lambda: layers.Resizing(3, 5), (2, 4, 4, 2), 0),
    (lambda: layers.Resizing(5, 2, interpolation="bicubic"), (1, 3, 4, 1), 0),
    (lambda: layers.Resizing(3, 3, interpolation="lanczos3", antialias=True), (1, 6, 5, 1), 0),
    (lambda: layers.Resizing(2, 4, pad_to_aspect_ratio=True), (1, 4, 3, 2), 0),
    (lambda: layers.CenterCrop(2, 3), (2, 4, 5, 1), 0),
    (lambda: layers.CenterCrop(5, 5), (1, 3, 4, 1), 0),
])
def test_layer_checks(make_layer, shape, num_weights):
    check_layer(make_layer, input_shape=shape, num_weights=num_weights, num_trainable=0)


# ------------------------------------------------------------------ Rescaling
def test_rescaling_casts_integers_and_offsets():
    out = layers.Rescaling(1 / 127.5, offset=-1)(np.array([[0, 255]], dtype="uint8"))
    assert values(out).dtype == np.float32
    np.testing.assert_allclose(values(out), [[-1.0, 1.0]], atol=1e-6)


# -------------------------------------------------------------- Normalization
def test_normalization_adapt_combines_batches_exactly():
    data = np.random.default_rng(0).normal(5, 3, (50, 4)).astype("float32")
    whole, batched = layers.Normalization(), layers.Normalization()
    whole.adapt(data)
    batched.adapt(iter([data[:13], data[13:40], data[40:]]))
    np.testing.assert_allclose(whole.get_weights()[0], data.mean(0), rtol=1e-5)
    np.testing.assert_allclose(whole.get_weights()[1], data.var(0), rtol=1e-5)
    for a, b in zip(whole.get_weights()[:2], batched.get_weights()[:2]):
        np.testing.assert_allclose(a, b, rtol=1e-5)
    out = values(whole(data))
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(0), 1, atol=1e-4)


def test_normalization_invert_undoes_normalization():
    data = np.random.default_rng(1).normal(2, 4, (20, 3)).astype("float32")
    forward = layers.Normalization()
    forward.adapt(data)
    mean, variance, _ = forward.get_weights()
    backward = layers.Normalization(mean=mean, variance=variance, invert=True)
    np.testing.assert_allclose(values(backward(forward(data))), data, rtol=1e-5, atol=1e-5)


def test_normalization_adapt_on_data_set_of_pairs():
    x = np.arange(12, dtype="float32").reshape(6, 2)
    layer = layers.Normalization()
    layer.adapt([(x[:3], np.zeros(3)), (x[3:], np.zeros(3))])
    np.testing.assert_allclose(layer.get_weights()[0], x.mean(0))


@pytest.mark.parametrize("kwargs,message", [
    ({"mean": 1.0}, "both `mean` and `variance` must be set"),
    ({"mean": [1.0, 2.0], "variance": [1.0]}, "must have the same shape"),
    ({"mean": np.ones((2, 2)), "variance": np.ones((2, 2))}, "The rank of `mean`"),
])
def test_normalization_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.Normalization(**kwargs)


def test_normalization_adapt_errors():
    with pytest.raises(ValueError, match="adapt\\(\\) received an empty iterable"):
        layers.Normalization().adapt([])
    with pytest.raises(ValueError, match="the array is empty"):
        layers.Normalization().adapt(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="expects numeric inputs"):
        layers.Normalization().adapt(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="expects numeric inputs"):
        layers.Normalization(mean=0.0, variance=1.0)(np.array([["a"]]))
    layer = layers.Normalization()
    layer.adapt(np.ones((4, 3)))
    with pytest.raises(ValueError, match="incompatible shape"):
        layer.adapt(np.ones((4, 2)))
    with pytest.raises(ValueError, match="must be in the range"):
        layers.Normalization(axis=3).build((None, 2))


def test_normalization_config_round_trip_keeps_tuple_axis():
    layer = layers.Normalization(axis=(1, 2), mean=1.0, variance=2.0)
    clone = layers.Normalization.from_config(layer.get_config())
    assert clone.axis == (1, 2) and clone.get_config() == layer.get_config()


# ------------------------------------------------------------- Discretization
def test_discretization_buckets_and_encodings():
    layer = layers.Discretization(bin_boundaries=[0.0, 1.0])
    np.testing.assert_array_equal(values(layer(np.array([[-1.0, 0.0, 0.5, 1.0, 7.0]]))),
                                  [[0, 1, 1, 2, 2]])
    one_hot = layers.Discretization(bin_boundaries=[0.0], output_mode="one_hot")
    np.testing.assert_array_equal(values(one_hot(np.array([[-1.0], [2.0]]))), [[1, 0], [0, 1]])
    counts = layers.Discretization(bin_boundaries=[0.0], output_mode="count")
    np.testing.assert_array_equal(values(counts(np.array([[-1.0, 2.0, 3.0]]))), [[1, 2]])


def test_discretization_adapt_and_config_round_trip():
    layer = layers.Discretization(num_bins=4, epsilon=0.001)
    layer.adapt(np.arange(1000, dtype="float32"))
    assert len(layer.bin_boundaries) == 3
    np.testing.assert_allclose(layer.bin_boundaries, [249, 499, 749], atol=2)
    clone = layers.Discretization.from_config(layer.get_config())
    assert clone.bin_boundaries == layer.bin_boundaries
    x = np.array([[10.0, 300.0, 600.0, 900.0]])
    np.testing.assert_array_equal(values(clone(x)), [[0, 1, 2, 3]])


@pytest.mark.parametrize("kwargs,message", [
    ({}, "You need to set either `num_bins` or `bin_boundaries`"),
    ({"num_bins": 2, "bin_boundaries": [1.0]}, "should not be set"),
    ({"num_bins": -1}, "`num_bins` must be greater than or equal to 0"),
    ({"num_bins": 2, "output_mode": "tf_idf"}, "Unknown value for `output_mode`"),
])
def test_discretization_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.Discretization(**kwargs)


def test_discretization_adapt_errors():
    with pytest.raises(ValueError, match="Cannot adapt a Discretization layer"):
        layers.Discretization(bin_boundaries=[1.0]).adapt(np.ones(3))
    with pytest.raises(ValueError, match="empty iterable"):
        layers.Discretization(num_bins=2).adapt([])
    with pytest.raises(ValueError, match="received no data"):
        layers.Discretization(num_bins=2).adapt(np.zeros((0,)))
    with pytest.raises(ValueError, match="expects numeric inputs"):
        layers.Discretization(num_bins=2).adapt(np.array(["a", "b"]))
    with pytest.raises(ValueError, match="call `adapt\\(dataset\\)`"):
        layers.Discretization(num_bins=2)(np.ones((1, 2)))


# ----------------------------------------------------------- CategoryEncoding
def test_category_encoding_modes():
    x = np.array([[1, 1], [0, 2]])
    np.testing.assert_array_equal(values(layers.CategoryEncoding(3)(x)), [[0, 1, 0], [1, 0, 1]])
    np.testing.assert_array_equal(values(layers.CategoryEncoding(3, "count")(x)),
                                  [[0, 2, 0], [1, 0, 1]])
    one_hot = values(layers.CategoryEncoding(3, "one_hot")(np.array([[2], [0]])))
    np.testing.assert_array_equal(one_hot, [[0, 0, 1], [1, 0, 0]])
    assert one_hot.dtype == np.float32


@pytest.mark.parametrize("kwargs,message", [
    ({}, "num_tokens must be set"),
    ({"num_tokens": 0}, "`num_tokens` must be >= 1"),
    ({"num_tokens": 2, "output_mode": "int"}, "Unknown arg for output_mode"),
])
def test_category_encoding_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.CategoryEncoding(**kwargs)


def test_category_encoding_call_errors():
    with pytest.raises(ValueError, match="0 <= values < num_tokens"):
        layers.CategoryEncoding(3)(np.array([[3]]))
    with pytest.raises(ValueError, match="`count_weights` is not used"):
        layers.CategoryEncoding(3)(np.array([[1]]), count_weights=np.ones((1, 1)))


# ------------------------------------------------------- Resizing, CenterCrop
def test_resizing_identity_and_shapes():
    x = np.random.default_rng(0).uniform(size=(2, 5, 4, 3)).astype("float32")
    for method in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5"):
        np.testing.assert_allclose(values(layers.Resizing(5, 4, interpolation=method)(x)), x,
                                   atol=1e-6)
    out = layers.Resizing(7, 2, data_format="channels_first")(x)
    assert values(out).shape == (2, 5, 7, 2)
    assert layers.Resizing(7, 2).compute_output_shape((None, 5, 4, 3)) == (None, 7, 2, 3)
    assert values(layers.Resizing(3, 3)(x[0])).shape == (3, 3, 3)


def test_resizing_nearest_upsamples_by_repeating():
    x = np.arange(4, dtype="float32").reshape(1, 2, 2, 1)
    out = values(layers.Resizing(4, 4, interpolation="nearest")(x))[0, :, :, 0]
    np.testing.assert_array_equal(out, np.repeat(np.repeat([[0, 1], [2, 3]], 2, 0), 2, 1))


def test_resizing_argument_errors():
    with pytest.raises(ValueError, match="Invalid value for argument `interpolation`"):
        layers.Resizing(2, 2, interpolation="cubic")
    with pytest.raises(ValueError, match="Only `'constant'` is supported"):
        layers.Resizing(2, 2, fill_mode="reflect")
    with pytest.raises(ValueError, match="Only one of `pad_to_aspect_ratio`"):
        layers.Resizing(2, 2, pad_to_aspect_ratio=True, crop_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="Expected image tensor to have rank 3"):
        layers.Resizing(2, 2)(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="does not take a `factor` argument"):
        layers.CenterCrop(2, 2, factor=0.5)


def test_center_crop_takes_the_middle():
    x = np.arange(30, dtype="float32").reshape(5, 6, 1)
    np.testing.assert_array_equal(values(layers.CenterCrop(3, 2)(x))[..., 0],
                                  [[8, 9], [14, 15], [20, 21]])


# ------------------------------------------------------- augmentation layers
AUGMENTATION = [
    lambda seed=None: layers.RandomFlip(seed=seed),
    lambda seed=None: layers.RandomRotation(0.3, seed=seed),
    lambda seed=None: layers.RandomZoom(0.3, seed=seed),
    lambda seed=None: layers.RandomTranslation(0.3, 0.2, seed=seed),
    lambda seed=None: layers.RandomContrast(0.5, seed=seed),
    lambda seed=None: layers.RandomBrightness(0.3, seed=seed),
    lambda seed=None: layers.RandomCrop(3, 4, seed=seed),
]
IMAGES = np.random.default_rng(0).uniform(0, 255, (4, 6, 7, 3)).astype("float32")


@pytest.mark.parametrize("make_layer", AUGMENTATION)
def test_augmentation_is_identity_at_inference_and_random_in_training(make_layer):
    layer = make_layer(seed=1)
    np.testing.assert_array_equal(values(layer(IMAGES, training=False)), IMAGES)
    first, second = values(layer(IMAGES, training=True)), values(layer(IMAGES))
    assert not np.array_equal(first, second)  # each call draws anew
    assert np.isfinite(first).all() and first.min() >= 0 and first.max() <= 255 + 1e-3
    model = keras.Sequential([keras.Input((6, 7, 3)), make_layer(seed=2)])
    np.testing.assert_array_equal(model.predict(IMAGES, verbose=0), IMAGES)


@pytest.mark.parametrize("make_layer", AUGMENTATION)
def test_augmentation_is_reproducible_by_seed_and_by_set_random_seed(make_layer):
    a, b = make_layer(seed=7), make_layer(seed=7)
    np.testing.assert_array_equal(values(a(IMAGES)), values(b(IMAGES)))
    keras.utils.set_random_seed(3)
    first = values(make_layer()(IMAGES))
    keras.utils.set_random_seed(3)
    np.testing.assert_array_equal(values(make_layer()(IMAGES)), first)


@pytest.mark.parametrize("make_layer", AUGMENTATION)
def test_augmentation_config_round_trip_and_single_images(make_layer):
    layer = make_layer(seed=4)
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    single = values(layer(IMAGES[0]))
    assert single.ndim == 3


def test_augmentation_trains_inside_fit():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((6, 7, 3)), layers.Rescaling(1 / 255), layers.RandomRotation(0.1),
        layers.RandomZoom(0.1), layers.RandomTranslation(0.1, 0.1), layers.RandomFlip(),
        layers.Flatten(), layers.Dense(2, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy")
    history = model.fit(IMAGES, np.array([0, 1, 0, 1]), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()


def test_geometric_gradients_flow_to_the_images():
    from kerasish.backend.tensor import Tensor, gradients

    x = Tensor(IMAGES[:1].copy())
    out = layers.RandomRotation((0.1, 0.1), fill_mode="constant")(x)
    grad = gradients(keras.ops.sum(out), [x])[0]
    assert np.asarray(grad).shape == IMAGES[:1].shape and np.asarray(grad).sum() > 0


def test_rotation_by_a_quarter_turn_rotates_pixels():
    image = np.arange(9, dtype="float32").reshape(1, 3, 3, 1)
    out = values(layers.RandomRotation((0.25, 0.25))(image))[0, :, :, 0]
    np.testing.assert_allclose(out, np.rot90(image[0, :, :, 0], 1), atol=1e-5)


@pytest.mark.parametrize("make_layer,error,message", [
    (lambda: layers.RandomRotation(-1.5), ValueError, "The `factor` argument should be"),
    (lambda: layers.RandomRotation(0.1, fill_mode="mirror"), NotImplementedError,
     "Unknown `fill_mode` mirror"),
    (lambda: layers.RandomZoom(0.1, interpolation="bicubic"), NotImplementedError,
     "Unknown `interpolation` bicubic"),
    (lambda: layers.RandomZoom(-1.0), ValueError, "in the range \\(-1.0, 1.0\\]"),
    (lambda: layers.RandomTranslation(0.1, 1.5), ValueError, "in the range \\[-1.0, 1.0\\]"),
    (lambda: layers.RandomContrast(-0.2), ValueError, "in the range \\[0, 1\\]"),
    (lambda: layers.RandomBrightness(0.1, value_range=5), ValueError,
     "`value_range` argument should be a list of two numbers"),
    (lambda: layers.RandomFlip("diagonal"), ValueError, "unknown mode argument"),
])
def test_augmentation_argument_errors(make_layer, error, message):
    with pytest.raises(error, match=message):
        make_layer()


def test_augmentation_refuses_strings_and_wrong_ranks():
    with pytest.raises(ValueError, match="expects numeric inputs"):
        layers.RandomFlip()(np.array([["a"]]))
    with pytest.raises(ValueError, match="Expected image tensor to have rank 3"):
        layers.RandomRotation(0.1)(np.ones((2, 3), "float32"))


# ------------------------------------------------------------ hash functions
# Reference values: TensorFlow's to_hash_bucket_fast / _strong with 2**63 - 1
# buckets (that is, the 64-bit hash modulo 2**63 - 1).
HASH_CASES = ["", "a", "abc", "hello world", "x" * 17, "y" * 40,
              "The quick brown fox jumps over the lazy dog, twice over: the quick brown fox!"]
FARMHASH_REFERENCE = [1936946117179621456, 3694432073954588132, 2640714258260161385,
                      6381520714923946011, 2082709914559524774, 276292113409495006,
                      5889638197559659744]
SIPHASH_REFERENCE = [443797209252341628, 5158252350249958646, 5862226954915230110,
                     1015233985318741639, 3111895715772102225, 546253200436764653,
                     3640804455294623576]


def test_fingerprint64_and_siphash_match_tensorflow_reference_values():
    from kerasish.layers.preprocessing import hash_functions

    for text, farm, sip in zip(HASH_CASES, FARMHASH_REFERENCE, SIPHASH_REFERENCE):
        assert hash_functions.fingerprint64(text.encode()) % (2**63 - 1) == farm
        assert hash_functions.siphash64(text.encode(), (1, 2)) % (2**63 - 1) == sip


# ------------------------------------------------------------------- Hashing
def test_hashing_ints_hash_as_decimal_text_and_mask_goes_to_bin_zero():
    from kerasish.layers.preprocessing import hash_functions

    out = values(layers.Hashing(10)(np.array([[12], [-3]])))
    expected = [[hash_functions.fingerprint64(b"12") % 10],
                [hash_functions.fingerprint64(b"-3") % 10]]
    np.testing.assert_array_equal(out, expected)
    masked = values(layers.Hashing(4, mask_value="")(np.array([["", "a"]])))
    assert masked[0, 0] == 0 and 1 <= masked[0, 1] <= 3
    assert values(layers.Hashing(4, output_mode="multi_hot")(np.array([["a", "b"]]))).shape == (1, 4)


@pytest.mark.parametrize("kwargs,message", [
    ({"num_bins": 0}, "cannot be `None` or non-positive"),
    ({"num_bins": 3, "output_mode": "tf_idf"}, "Invalid value for argument `output_mode`"),
    ({"num_bins": 3, "salt": "x"}, "can only be a tuple of size 2"),
    ({"num_bins": 3, "dtype": "float32"}, "`dtype` should be an integer type"),
])
def test_hashing_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.Hashing(**kwargs)


# ------------------------------------------------------------------- lookups
def test_string_lookup_layout_masks_and_oov():
    layer = layers.StringLookup(vocabulary=["a", "b"], mask_token="", num_oov_indices=2)
    assert layer.get_vocabulary() == ["", "[UNK]", "[UNK]", "a", "b"]
    out = values(layer(np.array([["a", "", "b", "zzz"]])))
    assert out[0, 0] == 3 and out[0, 1] == 0 and out[0, 2] == 4 and out[0, 3] in (1, 2)
    inverse = layers.StringLookup(vocabulary=["a", "b"], invert=True)
    np.testing.assert_array_equal(values(inverse(np.array([1, 2, 7]))), ["a", "b", "[UNK]"])
    counts = layers.StringLookup(vocabulary=["a", "b"], output_mode="count")
    np.testing.assert_array_equal(values(counts(np.array([["a", "a", "q"]]))), [[1, 2, 0]])


def test_lookup_adapt_orders_by_frequency_then_token():
    layer = layers.StringLookup()
    layer.adapt(np.array(["b", "a", "c", "a", "b", "d"]))
    assert layer.get_vocabulary() == ["[UNK]", "b", "a", "d", "c"]
    integers = layers.IntegerLookup(max_tokens=3)
    integers.adapt(np.array([5, 5, 7, 7, 7, 1]))
    assert integers.get_vocabulary() == [-1, 7, 5]
    tfidf = layers.StringLookup(output_mode="tf_idf")
    tfidf.adapt(np.array([["a", "b"], ["a", "a"]]))
    idf = np.log(1 + 2 / (1 + np.array([2, 1])))
    np.testing.assert_allclose(tfidf.idf_weights, np.r_[idf.mean(), idf], rtol=1e-6)


@pytest.mark.parametrize("make_layer,error,message", [
    (lambda: layers.StringLookup(vocabulary=["a", "b", "a"]), ValueError, "repeated term"),
    (lambda: layers.StringLookup(vocabulary=[]), ValueError, "Cannot set an empty vocabulary"),
    (lambda: layers.StringLookup(vocabulary=["a", ""], mask_token=""), ValueError,
     "Found reserved mask token"),
    (lambda: layers.StringLookup(invert=True, output_mode="count"), ValueError,
     "must be `'int'` when `invert` is true"),
    (lambda: layers.StringLookup(max_tokens=1), ValueError, "must be greater than 1"),
    (lambda: layers.StringLookup(vocabulary=["a"], output_mode="tf_idf"), ValueError,
     "the `idf_weights` argument must also be provided"),
    (lambda: layers.IntegerLookup(num_oov_indices=-1), ValueError, "must >= 0"),
    (lambda: layers.IntegerLookup(vocabulary=[1, 2, 3], max_tokens=3), ValueError,
     "larger than the maximum vocab size"),
    (lambda: layers.StringLookup(output_mode="multi_hot")(np.array([["a"]])), RuntimeError,
     "you must set the layer's vocabulary before calling it"),
])
def test_lookup_errors(make_layer, error, message):
    with pytest.raises(error, match=message):
        make_layer()


def test_lookup_call_and_adapt_errors():
    strict = layers.StringLookup(vocabulary=["a"], num_oov_indices=0)
    with pytest.raises(ValueError, match="When `num_oov_indices=0` all inputs"):
        strict(np.array(["b"]))
    with pytest.raises(ValueError, match="expects string inputs"):
        layers.StringLookup(vocabulary=["a"])(np.array([1.5]))
    with pytest.raises(ValueError, match="expects integer inputs"):
        layers.IntegerLookup(vocabulary=[1])(np.array(["a"]))
    with pytest.raises(ValueError, match="Cannot adapt layer"):
        layers.StringLookup(vocabulary=["a"]).adapt(np.array(["a"]))
    with pytest.raises(ValueError, match="empty iterable"):
        layers.StringLookup().adapt(iter([]))
    with pytest.raises(ValueError, match="the array is empty"):
        layers.IntegerLookup().adapt(np.array([], dtype="int64"))


# --------------------------------------------------------- TextVectorization
def test_text_vectorization_standardizes_splits_and_pads():
    layer = layers.TextVectorization(vocabulary=["hello", "world", "hello world"], ngrams=2)
    out = values(layer(np.array(["Hello, WORLD!", "world\thello  there"])))
    vocab = layer.get_vocabulary()
    assert vocab[:2] == ["", "[UNK]"]
    assert [vocab[i] for i in out[0] if i] == ["hello", "world", "hello world"]
    assert [vocab[i] for i in out[1] if i] == ["world", "hello", "[UNK]", "[UNK]", "[UNK]"]
    fixed = layers.TextVectorization(vocabulary=["a"], output_sequence_length=3)
    np.testing.assert_array_equal(values(fixed(["a a a a", "b"])), [[2, 2, 2], [1, 0, 0]])
    lowercase_ascii = layers.TextVectorization(vocabulary=["äb"], standardize="lower")
    np.testing.assert_array_equal(values(lowercase_ascii(["ÄB äB"])), [[1, 2]])


def test_text_vectorization_modes_and_callables():
    texts = ["a b b", "c"]
    counts = layers.TextVectorization(output_mode="count")
    counts.adapt(texts)
    assert counts.get_vocabulary() == ["[UNK]", "b", "c", "a"]
    np.testing.assert_array_equal(values(counts(["b b a z"])), [[1, 2, 0, 1]])
    custom = layers.TextVectorization(standardize=lambda t: np.char.upper(t.astype(str)),
                                      split=lambda t: t.split("-"))
    custom.adapt(["x-y", "y"])
    assert custom.get_vocabulary() == ["", "[UNK]", "Y", "X"]


@pytest.mark.parametrize("kwargs,message", [
    ({"standardize": "upper"}, "Unknown value for `standardize`"),
    ({"split": "comma"}, "Unknown value for `split`"),
    ({"ngrams": [1, 2]}, "`ngrams` must be None, an integer, or a tuple"),
    ({"output_mode": "count", "output_sequence_length": 3}, "must not be set"),
    ({"output_sequence_length": 2.5}, "must be either None or an integer"),
])
def test_text_vectorization_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.TextVectorization(**kwargs)


def test_text_vectorization_input_errors():
    layer = layers.TextVectorization(vocabulary=["a"])
    with pytest.raises(ValueError, match="the last shape dimension must be 1"):
        layer(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="Expected string inputs"):
        layer(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="received no data"):
        layers.TextVectorization().adapt([])
    one_hot = layers.TextVectorization(vocabulary=["a"], output_mode="one_hot")
    with pytest.raises(ValueError, match="kerasish has no ragged tensors"):
        one_hot(["a a"])


# -------------------------------------------------------------------- saving
def _round_trip(model, x, tmp_path):
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6)
    return loaded


def test_adapted_state_round_trips_through_keras_files(tmp_path):
    data = np.random.default_rng(0).normal(size=(20, 3)).astype("float32")
    normalization, discretization = layers.Normalization(), layers.Discretization(num_bins=3)
    normalization.adapt(data)
    discretization.adapt(data)
    model = keras.Sequential([keras.Input((3,)), normalization, discretization,
                              layers.CategoryEncoding(3, "count")])
    loaded = _round_trip(model, data, tmp_path)
    assert loaded.layers[1].bin_boundaries == discretization.bin_boundaries


@pytest.mark.parametrize("output_mode", ["int", "multi_hot", "tf_idf"])
def test_learned_vocabularies_round_trip_through_keras_files(tmp_path, output_mode):
    texts = np.array(["the cat sat", "the dog ran", "a cat ran away"])
    vectorize = layers.TextVectorization(output_mode=output_mode, max_tokens=6)
    vectorize.adapt(texts)
    head = layers.Embedding(6, 2) if output_mode == "int" else layers.Dense(2)
    model = keras.Sequential([vectorize, head])
    model(texts)
    loaded = _round_trip(model, texts, tmp_path)
    assert loaded.layers[0].get_vocabulary() == vectorize.get_vocabulary()
    lookup = layers.IntegerLookup(output_mode="one_hot")
    lookup.adapt(np.array([3, 3, 9, 4]))
    ids = np.array([[3], [4], [8]])
    model = keras.Sequential([lookup, layers.Dense(2)])
    model(ids)
    assert _round_trip(model, ids, tmp_path).layers[0].get_vocabulary() == [-1, 3, 9, 4]
