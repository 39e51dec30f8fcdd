"""`FeatureSpace`: one object that preprocesses a dict of structured-data
columns (numbers, categories, hashed ids, feature crosses) and encodes them
into one vector or a dict of tensors, built on the preprocessing layers."""

import numpy as np

from kerasish.layers.layer import Layer
from kerasish.utils import naming

_FEATURE_OUTPUT_MODES = ("int", "one_hot", "float")
# Where Keras keeps Feature, Cross and TFDIdentity: their configs name it, so
# both libraries read them.
_KERAS_MODULE = "keras.src.layers.preprocessing.feature_space"


def _layers():
    # Imported when used: kerasish.layers imports kerasish.utils.
    from kerasish import layers

    return layers


def _serialize(obj):
    from kerasish.saving.serialization_lib import serialize_keras_object

    return serialize_keras_object(obj)


def _deserialize(config):
    from kerasish.saving.serialization_lib import deserialize_keras_object

    return deserialize_keras_object(config)


def _check_output_mode(output_mode, allowed):
    """`allowed` is a tuple, listed in the error in Keras's order."""
    if output_mode not in allowed:
        choices = "{" + ", ".join(f"'{m}'" for m in allowed) + "}"
        raise ValueError(
            f"Invalid value for argument `output_mode`. Expected one of {choices}. "
            f"Received: output_mode={output_mode}"
        )


class TFDIdentity(Layer):
    """The preprocessor of "float" features: returns its input unchanged.

    Named and saved as Keras's own (`TFDIdentity` in Keras's feature_space
    module), so that FeatureSpace configs are the same in both libraries.

    Args:
        **kwargs: the base `Layer` arguments (`name`, `dtype`).

    Returns:
        A layer.

    Examples:
        >>> from kerasish.utils.feature_space import TFDIdentity
        >>> TFDIdentity()(np.array([[1.5]], dtype="float32"))
        array([[1.5]], dtype=float32)
    """

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


def _serialize_preprocessor(preprocessor):
    if type(preprocessor) is TFDIdentity:
        return {"module": _KERAS_MODULE, "class_name": "TFDIdentity",
                "config": preprocessor.get_config(), "registered_name": "TFDIdentity"}
    return _serialize(preprocessor)


def _deserialize_preprocessor(config):
    if config.get("class_name") == "TFDIdentity":
        return TFDIdentity.from_config(config["config"])
    return _deserialize(config)


class _Spec:
    """What Feature and Cross share: they are rebuilt from their configs."""

    @classmethod
    def from_config(cls, config):
        """Recreates the spec from the dict its `get_config` returned.

        Args:
            config: the dict.

        Returns:
            A new spec of this class.
        """
        return cls(**config)


class Cross(_Spec):
    """A crossing of several categorical features, hashed into `crossing_dim` bins.

    Args:
        feature_names: the names of the crossed features.
        crossing_dim: the number of hash bins of the crossed values.
        output_mode: "one_hot" (default) or "int".

    Returns:
        A cross spec for `FeatureSpace(crosses=[...])`.

    Raises:
        ValueError: for another `output_mode`.

    Examples:
        >>> cross = keras.utils.FeatureSpace.cross(("color", "size"), crossing_dim=8)
        >>> cross.name, cross.crossing_dim
        ('color_X_size', 8)
    """

    def __init__(self, feature_names, crossing_dim, output_mode="one_hot"):
        _check_output_mode(output_mode, ("int", "one_hot"))
        self.feature_names = tuple(feature_names)
        self.crossing_dim = crossing_dim
        self.output_mode = output_mode

    @property
    def name(self):
        """The cross's name: the feature names joined by `_X_`.

        Returns:
            A string.
        """
        return "_X_".join(self.feature_names)

    def get_config(self):
        """The constructor arguments, as Keras saves them.

        Returns:
            A dict.
        """
        return {"feature_names": self.feature_names, "crossing_dim": self.crossing_dim,
                "output_mode": self.output_mode}


class Feature(_Spec):
    """One input column: its dtype, the layer that preprocesses it and its encoding.

    Args:
        dtype: the column's dtype ("float32", "int32", "string", ...).
        preprocessor: the layer applied to the column (or its serialized
            config).
        output_mode: "float" (the preprocessor's output as is), "int" (an
            integer index, not encoded) or "one_hot" (the index one-hot
            encoded).

    Returns:
        A feature spec for `FeatureSpace(features={...})`.

    Raises:
        ValueError: for another `output_mode`.

    Examples:
        >>> feature = keras.utils.FeatureSpace.feature(
        ...     dtype="float32", preprocessor=keras.layers.Rescaling(0.5), output_mode="float")
        >>> feature.dtype, feature.output_mode
        ('float32', 'float')
    """

    def __init__(self, dtype, preprocessor, output_mode):
        _check_output_mode(output_mode, _FEATURE_OUTPUT_MODES)
        self.dtype = dtype
        if isinstance(preprocessor, dict):
            preprocessor = _deserialize_preprocessor(preprocessor)
        self.preprocessor = preprocessor
        self.output_mode = output_mode

    def get_config(self):
        """The dtype, the serialized preprocessor and the output mode.

        Returns:
            A dict.
        """
        return {"dtype": self.dtype, "preprocessor": _serialize_preprocessor(self.preprocessor),
                "output_mode": self.output_mode}


def _serialize_spec(spec):
    """A Feature or Cross written as Keras writes it."""
    return {"module": _KERAS_MODULE, "class_name": type(spec).__name__,
            "config": _serialize(spec.get_config()), "registered_name": type(spec).__name__}


def _from_serialized(value, cls):
    """A Feature or Cross from its serialized dict (as `get_config` writes it)."""
    if value.get("class_name") == cls.__name__:
        return cls.from_config(value["config"])
    return _deserialize(value)


class FeatureSpace(Layer):
    """Preprocesses and encodes a dict of structured-data features in one step.

    Each feature is named by its key in `features` and described by a
    string preset or a spec made by the class methods (`float`,
    `float_normalized`, `float_rescaled`, `float_discretized`,
    `integer_categorical`, `string_categorical`, `integer_hashed`,
    `string_hashed`, or `feature` for your own layer). `adapt` learns the
    state of the preprocessors that need data (means and variances,
    vocabularies, bin boundaries). Calling the FeatureSpace on a dict of
    columns returns the encoded features: one float32 matrix
    (`output_mode="concat"`, the features in sorted name order, then the
    crosses) or a dict. `get_inputs` and `get_encoded_features` give the
    symbolic inputs and outputs to build a model on.

    Crosses (`crosses=[("a", "b"), ...]`) hash the combined values of
    categorical features with `keras.layers.HashedCrossing`.

    Args:
        features: dict of feature name to a preset name ("float",
            "float_normalized", "float_rescaled", "float_discretized",
            "integer_categorical", "string_categorical", "integer_hashed",
            "string_hashed") or a spec from the class methods.
        output_mode: "concat" (default) or "dict".
        crosses: optional list of tuples of feature names, or `cross(...)`
            specs.
        crossing_dim: hash bins of the crosses given as tuples. Defaults to
            32.
        hashing_dim: hash bins of the "*_hashed" presets. Defaults to 32.
        num_discretization_bins: bins of the "float_discretized" preset.
            Defaults to 32.
        name: the layer's name.

    Returns:
        A layer called on a dict of columns.

    Raises:
        ValueError: for empty `features`, an unknown preset, a cross of
            unknown features, or another `output_mode`.

    Examples:
        >>> space = keras.utils.FeatureSpace(
        ...     {"price": "float_normalized", "color": "string_categorical"})
        >>> data = {"price": np.array([1.0, 2.0, 3.0]),
        ...         "color": np.array(["red", "blue", "red"])}
        >>> space.adapt(data)
        >>> encoded = space(data)
        >>> encoded.shape  # color one-hot (OOV, red, blue), then price
        (3, 4)
        >>> encoded[0].round(4)
        array([ 0.    ,  1.    ,  0.    , -1.2247], dtype=float32)
    """

    # ------------------------------------------------------------ feature specs
    @classmethod
    def cross(cls, feature_names, crossing_dim, output_mode="one_hot"):
        """A cross of categorical features (see `Cross`).

        Args:
            feature_names: the crossed features' names.
            crossing_dim: the number of hash bins.
            output_mode: "one_hot" (default) or "int".

        Returns:
            A `Cross`.

        Examples:
            >>> keras.utils.FeatureSpace.cross(("a", "b"), 4).name
            'a_X_b'
        """
        return Cross(feature_names, crossing_dim, output_mode=output_mode)

    @classmethod
    def feature(cls, dtype, preprocessor, output_mode):
        """A feature with your own preprocessing layer (see `Feature`).

        Args:
            dtype: the column's dtype.
            preprocessor: the layer applied to the column.
            output_mode: "float", "int" or "one_hot".

        Returns:
            A `Feature`.

        Examples:
            >>> spec = keras.utils.FeatureSpace.feature(
            ...     "float32", keras.layers.Rescaling(2.0), "float")
            >>> type(spec.preprocessor).__name__
            'Rescaling'
        """
        return Feature(dtype, preprocessor, output_mode)

    @classmethod
    def float(cls, name=None):
        """A float feature passed through unchanged.

        Args:
            name: the feature's name, for its preprocessor's name.

        Returns:
            A `Feature`.

        Examples:
            >>> keras.utils.FeatureSpace.float(name="x").output_mode
            'float'
        """
        name = name or naming.auto_name("float")
        preprocessor = TFDIdentity(dtype="float32", name=f"{name}_preprocessor")
        return Feature(dtype="float32", preprocessor=preprocessor, output_mode="float")

    @classmethod
    def float_rescaled(cls, scale=1.0, offset=0.0, name=None):
        """A float feature scaled as `x * scale + offset`.

        Args:
            scale: the factor. Defaults to 1.0.
            offset: the added value. Defaults to 0.0.
            name: the feature's name.

        Returns:
            A `Feature` with a `Rescaling` preprocessor.

        Examples:
            >>> keras.utils.FeatureSpace.float_rescaled(scale=0.5).preprocessor.scale
            0.5
        """
        name = name or naming.auto_name("float_rescaled")
        preprocessor = _layers().Rescaling(scale=scale, offset=offset,
                                           name=f"{name}_preprocessor")
        return Feature(dtype="float32", preprocessor=preprocessor, output_mode="float")

    @classmethod
    def float_normalized(cls, name=None):
        """A float feature standardized with the mean and variance `adapt` learns.

        Args:
            name: the feature's name.

        Returns:
            A `Feature` with a `Normalization` preprocessor.

        Examples:
            >>> type(keras.utils.FeatureSpace.float_normalized().preprocessor).__name__
            'Normalization'
        """
        name = name or naming.auto_name("float_normalized")
        preprocessor = _layers().Normalization(axis=-1, name=f"{name}_preprocessor")
        return Feature(dtype="float32", preprocessor=preprocessor, output_mode="float")

    @classmethod
    def float_discretized(cls, num_bins, bin_boundaries=None, output_mode="one_hot", name=None):
        """A float feature cut into bins (learned by `adapt` unless given).

        Args:
            num_bins: the number of bins.
            bin_boundaries: optional fixed boundaries.
            output_mode: "one_hot" (default) or "int".
            name: the feature's name.

        Returns:
            A `Feature` with a `Discretization` preprocessor.

        Examples:
            >>> spec = keras.utils.FeatureSpace.float_discretized(num_bins=4)
            >>> spec.preprocessor.num_bins
            4
        """
        name = name or naming.auto_name("float_discretized")
        preprocessor = _layers().Discretization(num_bins=num_bins, bin_boundaries=bin_boundaries,
                                                name=f"{name}_preprocessor")
        return Feature(dtype="float32", preprocessor=preprocessor, output_mode=output_mode)

    @classmethod
    def integer_categorical(cls, max_tokens=None, num_oov_indices=1, output_mode="one_hot",
                            name=None):
        """An integer category, indexed by the vocabulary `adapt` learns.

        Args:
            max_tokens: the largest vocabulary size, or None.
            num_oov_indices: indices for unknown values. Defaults to 1.
            output_mode: "one_hot" (default) or "int".
            name: the feature's name.

        Returns:
            A `Feature` with an `IntegerLookup` preprocessor.

        Examples:
            >>> type(keras.utils.FeatureSpace.integer_categorical().preprocessor).__name__
            'IntegerLookup'
        """
        return _lookup_feature("IntegerLookup", "int32", "integer_categorical", name,
                               max_tokens, num_oov_indices, output_mode)

    @classmethod
    def string_categorical(cls, max_tokens=None, num_oov_indices=1, output_mode="one_hot",
                           name=None):
        """Like `integer_categorical`, for strings: a `StringLookup` vocabulary.

        Args:
            max_tokens: the vocabulary's size limit (None: no limit).
            num_oov_indices: how many indices unknown strings share.
            output_mode: "one_hot" (the default) or "int".
            name: the feature's name.

        Returns:
            A string `Feature`.

        Examples:
            >>> keras.utils.FeatureSpace.string_categorical(max_tokens=5).dtype
            'string'
        """
        return _lookup_feature("StringLookup", "string", "string_categorical", name,
                               max_tokens, num_oov_indices, output_mode)

    @classmethod
    def string_hashed(cls, num_bins, output_mode="one_hot", name=None):
        """A string category hashed into `num_bins` bins (no vocabulary).

        Args:
            num_bins: the number of hash bins.
            output_mode: "one_hot" (default) or "int".
            name: the feature's name.

        Returns:
            A `Feature` with a `Hashing` preprocessor.

        Examples:
            >>> keras.utils.FeatureSpace.string_hashed(num_bins=8).preprocessor.num_bins
            8
        """
        return _hashed_feature("string", "string_hashed", name, num_bins, output_mode)

    @classmethod
    def integer_hashed(cls, num_bins, output_mode="one_hot", name=None):
        """Like `string_hashed`, for integer ids.

        Args:
            num_bins: how many bins the ids are hashed into.
            output_mode: "one_hot" (the default) or "int".
            name: the feature's name.

        Returns:
            An int32 `Feature`.

        Examples:
            >>> keras.utils.FeatureSpace.integer_hashed(num_bins=8).dtype
            'int32'
        """
        return _hashed_feature("int32", "integer_hashed", name, num_bins, output_mode)

    # ------------------------------------------------------------------ setup
    def __init__(self, features, output_mode="concat", crosses=None, crossing_dim=32,
                 hashing_dim=32, num_discretization_bins=32, name=None):
        super().__init__(name=name)
        if not features:
            raise ValueError("The `features` argument cannot be None or empty.")
        self.crossing_dim = crossing_dim
        self.hashing_dim = hashing_dim
        self.num_discretization_bins = num_discretization_bins
        self.features = {n: self._standardize_feature(n, v) for n, v in features.items()}
        self.crosses = [self._standardize_cross(c, set(features)) for c in crosses or ()]
        self.crosses_by_name = {cross.name: cross for cross in self.crosses}
        _check_output_mode(output_mode, ("dict", "concat"))
        self.output_mode = output_mode
        self.preprocessors = {n: f.preprocessor for n, f in self.features.items()}
        self.crossers = {cross.name: self._crosser(cross) for cross in self.crosses}
        self.one_hot_encoders = {}
        self.concat = None
        self.inputs = None
        self.encoded_features = None
        self._is_adapted = False
        self._sublayers_built = False

    def _standardize_feature(self, name, feature):
        if isinstance(feature, Feature):
            return feature
        if isinstance(feature, dict):
            return _from_serialized(feature, Feature)
        presets = {
            "float": lambda: self.float(name=name),
            "float_normalized": lambda: self.float_normalized(name=name),
            "float_rescaled": lambda: self.float_rescaled(name=name),
            "float_discretized": lambda: self.float_discretized(
                name=name, num_bins=self.num_discretization_bins),
            "integer_categorical": lambda: self.integer_categorical(name=name),
            "string_categorical": lambda: self.string_categorical(name=name),
            "integer_hashed": lambda: self.integer_hashed(self.hashing_dim, name=name),
            "string_hashed": lambda: self.string_hashed(self.hashing_dim, name=name),
        }
        if not isinstance(feature, str) or feature not in presets:
            raise ValueError(f"Invalid feature type: {feature}")
        return presets[feature]()

    def _standardize_cross(self, cross, feature_names):
        if isinstance(cross, dict):
            cross = _from_serialized(cross, Cross)
        if isinstance(cross, Cross):
            return cross
        if not self.crossing_dim:
            raise ValueError(
                "When specifying `crosses`, the argument `crossing_dim` (dimensionality of the "
                "crossing space) should be specified as well."
            )
        if any(key not in feature_names for key in cross):
            raise ValueError(
                "All features referenced in the `crosses` argument should be present in the "
                f"`features` dict. Received unknown features: {cross}"
            )
        return Cross(cross, crossing_dim=self.crossing_dim)

    @staticmethod
    def _crosser(cross):
        hashed_crossing = getattr(_layers(), "HashedCrossing", None)
        if hashed_crossing is None:  # pragma: no cover - until HashedCrossing is merged
            raise ValueError("Feature crosses need `keras.layers.HashedCrossing`, which this "
                             "kerasish build does not have.")
        return hashed_crossing(cross.crossing_dim, name=cross.name)

    # ------------------------------------------------------------------ adapt
    def _adaptable_names(self):
        layers = _layers()
        names = []
        for name, preprocessor in self.preprocessors.items():
            if isinstance(preprocessor, layers.Normalization) and \
                    getattr(preprocessor, "input_mean", None) is not None:
                continue  # given its mean and variance: nothing to learn
            if isinstance(preprocessor, layers.TextVectorization) and \
                    getattr(preprocessor, "_has_input_vocabulary", False):
                continue
            if hasattr(preprocessor, "adapt"):
                names.append(name)
        return names

    def adapt(self, dataset):
        """Learns the preprocessors' state (statistics, vocabularies, bins) from data.

        Args:
            dataset: a dict of feature name to array or list (one value per
                sample), or an iterable of such dicts (batches), such as a
                data set yielding feature dicts.

        Raises:
            ValueError: when `dataset` is neither, or lacks a feature.
        """
        columns = _columns(dataset, self._adaptable_names())
        for name, values in columns.items():
            values = np.asarray(values)
            if values.ndim <= 1:  # one value per sample: a column, so axis -1 is the feature
                values = values.reshape(-1, 1)
            self.preprocessors[name].adapt(values)
        self._is_adapted = True
        self.get_encoded_features()  # builds the encoders and the symbolic graph
        self.built = True
        self._sublayers_built = True

    def _check_if_adapted(self):
        if not self._is_adapted:
            if self._adaptable_names():
                raise ValueError("You need to call `.adapt(dataset)` on the FeatureSpace before "
                                 "you can start using it.")
            self._is_adapted = True

    def _check_if_built(self):
        if not self._sublayers_built:
            self._check_if_adapted()
            self.get_encoded_features()
            self._sublayers_built = True

    # --------------------------------------------------------- symbolic graph
    def get_inputs(self):
        """The symbolic inputs, one `keras.Input((1,))` per feature, to build a model on.

        Returns:
            A dict of feature name to `KerasTensor`.

        Raises:
            ValueError: when the FeatureSpace needs `adapt` first.
        """
        self._check_if_built()
        return self.inputs

    def get_encoded_features(self):
        """The encoded features computed from `get_inputs()`, symbolically.

        Returns:
            A `KerasTensor` (concat mode) or a dict of them (dict mode).

        Raises:
            ValueError: when the FeatureSpace needs `adapt` first, or a
                feature cannot be one-hot encoded or concatenated.
        """
        self._check_if_adapted()
        if self.encoded_features is None:
            from kerasish.layers import Input

            self.inputs = {name: Input(shape=(1,), dtype=feature.dtype, name=name)
                           for name, feature in self.features.items()}
            values = self._preprocess_and_cross(self.inputs)
            self._make_encoders(values)
            self.encoded_features = self._merge(values)
        return self.encoded_features

    # --------------------------------------------------------------- encoding
    def _ordered_names(self):
        """The features in sorted order, then the crosses in sorted order."""
        return sorted(self.features) + sorted(self.crosses_by_name)

    def _spec_and_layer(self, name):
        if name in self.features:
            return self.features[name], self.preprocessors[name]
        return self.crosses_by_name[name], self.crossers[name]

    def _preprocess_and_cross(self, data):
        values = {n: self.preprocessors[n](data[n]) for n in sorted(self.features)}
        for name in sorted(self.crosses_by_name):
            crossed = self.crosses_by_name[name].feature_names
            values[name] = self.crossers[name]([values[f] for f in crossed])
        return values

    def _make_encoders(self, values):
        """One CategoryEncoding per one-hot feature or cross, and the concat
        layer; Keras's errors for what cannot be encoded or concatenated."""
        layers = _layers()
        for name in self._ordered_names():
            spec, layer = self._spec_and_layer(name)
            dtype = _output_dtype(layer, values[name])
            if spec.output_mode == "one_hot":
                if not dtype.startswith("int"):
                    raise ValueError(
                        f"Feature '{name}' has `output_mode='one_hot'`. Thus its preprocessor "
                        f"should return an integer dtype. Instead it returns a {dtype} dtype."
                    )
                self.one_hot_encoders[name] = layers.CategoryEncoding(
                    num_tokens=_cardinality(name, layer), output_mode="multi_hot")
            elif self.output_mode == "concat" and (dtype.startswith("int") or dtype == "string"):
                raise ValueError(
                    f"Cannot concatenate features because feature '{name}' has not been "
                    f"encoded (it has dtype {dtype}). Consider using `output_mode='dict'`."
                )
        if self.output_mode == "concat":
            self.concat = layers.Concatenate(axis=-1)

    def _merge(self, values):
        encoded = {}
        for name in self._ordered_names():
            encoder = self.one_hot_encoders.get(name)
            encoded[name] = encoder(values[name]) if encoder is not None else values[name]
        if self.output_mode == "dict":
            return encoded
        return self.concat(list(encoded.values()))

    # ------------------------------------------------------------------- call
    def __call__(self, data):
        self._check_if_built()
        if not isinstance(data, dict):
            raise ValueError(f"A FeatureSpace can only be called with a dict. Received: "
                             f"data={data} (of type {type(data)}")
        if any(_is_symbolic(x) for x in data.values()):
            return self._merge(self._preprocess_and_cross(data))
        data = {key: _as_array(value) for key, value in data.items()}
        rebatched = False
        for name, x in data.items():
            if x.ndim == 0:  # one sample: a batch of one, squeezed again at the end
                data[name] = x.reshape(1, 1)
                rebatched = True
            elif x.ndim == 1:
                data[name] = x[:, None]
        merged = self._merge(self._preprocess_and_cross(data))
        if rebatched:
            if self.output_mode == "concat":
                return _squeeze_batch(merged)
            return {n: _squeeze_batch(x) if len(x.shape) == 2 and x.shape[0] == 1 else x
                    for n, x in merged.items()}
        return merged

    # ----------------------------------------------------------------- saving
    def get_config(self):
        return {
            "features": {name: _serialize_spec(f) for name, f in self.features.items()},
            "output_mode": self.output_mode,
            "crosses": [_serialize_spec(cross) for cross in self.crosses],
            "crossing_dim": self.crossing_dim,
            "hashing_dim": self.hashing_dim,
            "num_discretization_bins": self.num_discretization_bins,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_build_config(self):
        return {name: feature.preprocessor.get_build_config()
                for name, feature in self.features.items()}

    def build_from_config(self, config):
        for name, build_config in config.items():
            preprocessor = self.features[name].preprocessor
            if not preprocessor.built and build_config:
                preprocessor.build_from_config(build_config)
        self._is_adapted = True

    def save(self, filepath):
        """Saves the FeatureSpace (configuration and learned state) to a `.keras` file.

        Reload it with `keras.saving.load_model`.

        Args:
            filepath: a path ending in `.keras`.

        Examples:
            >>> import os, tempfile
            >>> space = keras.utils.FeatureSpace({"x": "float_normalized"})
            >>> space.adapt({"x": np.array([1.0, 3.0])})
            >>> path = os.path.join(tempfile.mkdtemp(), "space.keras")
            >>> space.save(path)
            >>> restored = keras.saving.load_model(path)
            >>> restored({"x": np.array([3.0])})
            array([[1.]], dtype=float32)
        """
        from kerasish.saving import saving_lib

        saving_lib.save_model(self, filepath)

    def save_own_variables(self, store):
        return  # the preprocessors save their own state

    def load_own_variables(self, store):
        return


def _lookup_feature(layer_name, dtype, kind, name, max_tokens, num_oov_indices, output_mode):
    name = name or naming.auto_name(kind)
    preprocessor = getattr(_layers(), layer_name)(
        name=f"{name}_preprocessor", max_tokens=max_tokens, num_oov_indices=num_oov_indices)
    return Feature(dtype=dtype, preprocessor=preprocessor, output_mode=output_mode)


def _hashed_feature(dtype, kind, name, num_bins, output_mode):
    name = name or naming.auto_name(kind)
    preprocessor = _layers().Hashing(name=f"{name}_preprocessor", num_bins=num_bins)
    return Feature(dtype=dtype, preprocessor=preprocessor, output_mode=output_mode)


def _is_symbolic(x):
    from kerasish.backend.keras_tensor import KerasTensor

    return isinstance(x, KerasTensor)


def _as_array(value):
    array = np.asarray(getattr(value, "numpy", lambda: value)())
    if array.dtype.kind in "US" or array.dtype == object:
        return array.astype(object) if array.dtype.kind == "S" else array
    return array


def _squeeze_batch(x):
    if x.shape[0] != 1:
        raise ValueError(f"Expected rebatched data to have batch size 1. Received: shape={x.shape}")
    return np.asarray(x)[0]


# The index-producing layers, whose integer outputs kerasish's symbolic
# shapes do not always type: their dtype is known from the layer.
_INDEX_LAYERS = ("IntegerLookup", "StringLookup", "Hashing", "HashedCrossing", "Discretization")


def _output_dtype(layer, value):
    layers = _layers()
    index_layers = tuple(getattr(layers, n) for n in _INDEX_LAYERS if hasattr(layers, n))
    if isinstance(layer, index_layers) and getattr(layer, "output_mode", "int") == "int" \
            and not getattr(layer, "invert", False):
        return "int64"
    dtype = getattr(value, "dtype", None)
    return str(getattr(dtype, "name", dtype))


def _cardinality(name, preprocessor):
    """The size of the index space a preprocessor's integer outputs live in."""
    layers = _layers()
    if isinstance(preprocessor, (layers.IntegerLookup, layers.StringLookup)):
        return preprocessor.vocabulary_size()
    if isinstance(preprocessor, layers.CategoryEncoding):
        return preprocessor.num_tokens
    hashed = tuple(getattr(layers, n) for n in ("Hashing", "HashedCrossing", "Discretization")
                   if hasattr(layers, n))
    if isinstance(preprocessor, hashed):
        return preprocessor.num_bins
    raise ValueError(
        f"Feature '{name}' has `output_mode='one_hot'`. However it isn't a standard feature and "
        "the dimensionality of its output space is not known, thus it cannot be one-hot "
        "encoded. Try using `output_mode='int'`."
    )


def _columns(dataset, names):
    """The values of each named feature, from a dict of columns or an
    iterable of dict batches."""
    if isinstance(dataset, dict):
        batches = [dataset]
    elif hasattr(dataset, "__iter__") and not isinstance(dataset, (str, bytes, np.ndarray)):
        batches = dataset
    else:
        raise ValueError(
            "`adapt()` can only be called on a dataset of feature dicts or a dict of "
            f"arrays/lists. Received instead: {dataset} (of type {type(dataset)})"
        )
    columns = {name: [] for name in names}
    for batch in batches:
        if not isinstance(batch, dict):
            raise ValueError("`adapt()` needs the dataset to yield dicts of features. "
                             f"Received an element of type {type(batch)}")
        for name in names:
            if name not in batch:
                raise ValueError(f"`adapt()` data has no feature '{name}'. "
                                 f"Received keys: {list(batch)}")
            columns[name].append(np.asarray(_as_array(batch[name])).reshape(-1))
    return {name: np.concatenate(parts) for name, parts in columns.items() if parts}
