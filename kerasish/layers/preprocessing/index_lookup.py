"""`IndexLookup`: the shared machinery of `StringLookup` and `IntegerLookup`,
mapping tokens to vocabulary indices (or back), with Keras's layout of the
index space:

    [mask token (int mode only)] [OOV indices ...] [vocabulary tokens ...]

The vocabulary is given or learned by `adapt()` (most frequent tokens
first, ties broken by the larger token, as Keras sorts them). It is saved as
Keras saves it: in the config when it was given, otherwise as an asset file
`vocabulary.txt` in the .keras archive (and `idf_weights` in the weights
file for "tf_idf").
"""

import collections
import os

import numpy as np

from kerasish.backend import config as backend_config
from kerasish.layers.layer import Layer
from kerasish.layers.preprocessing import adapt_utils, encoding, hash_functions, text_utils

_INT64_MAX = np.iinfo(np.int64).max


class IndexLookup(text_utils.TakesStrings, Layer):
    """Maps tokens to indices (or indices back to tokens with `invert`).

    Not used directly: `StringLookup` and `IntegerLookup` fix the token type.
    See those classes for the arguments.
    """

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 sparse=False, pad_to_max_tokens=False, oov_method="floormod", name=None,
                 salt=None, **kwargs):
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        _check_arguments(self.__class__.__name__, max_tokens, pad_to_max_tokens,
                         num_oov_indices, oov_method, output_mode, invert, sparse, idf_weights)
        salt = _standardize_salt(salt, vocabulary_dtype, oov_method)
        frozen_vocab_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword argument(s): {kwargs}")
        super().__init__(name=name)
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = salt
        self._frozen_vocab_size = frozen_vocab_size
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_input_vocabulary
        self._tokens = []  # the vocabulary after the special indices, in index order
        self._index_of = {}
        self.idf_weights = None
        self._reset_counts()
        if output_mode == "tf_idf" and has_input_vocabulary and idf_weights is None:
            raise ValueError(
                "When specifying the `vocabulary` argument, in TF-IDF output mode, the "
                "`idf_weights` argument must also be provided."
            )
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    built_at_init = True

    # ------------------------------------------------------- index layout
    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        """Returns the number of indices: special ones plus vocabulary tokens.

        Returns:
            An int.
        """
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True):
        """Returns the vocabulary, the token of each index in order.

        Args:
            include_special_tokens: whether to include the mask and OOV tokens
                at the start (Keras's layout).

        Returns:
            A list of tokens (`str` or `int`).
        """
        specials = [self.oov_token] * self._token_start_index()
        if self.mask_token is not None and self.output_mode == "int":
            specials[0] = self.mask_token
        vocabulary = specials + list(self._tokens)
        return vocabulary if include_special_tokens else vocabulary[self._token_start_index():]

    # ---------------------------------------------------------- vocabulary
    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (and, for "tf_idf", the IDF weights).

        The vocabulary may start with the special tokens in Keras's layout,
        or leave them out.

        Args:
            vocabulary: a list or array of tokens, or the path of a text
                file with one token per line.
            idf_weights: for "tf_idf" only, one weight per vocabulary token.

        Raises:
            ValueError: on an empty vocabulary, repeated tokens, special
                tokens in the wrong place, a vocabulary longer than
                `max_tokens`, or IDF weights that do not fit.
        """
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        elif idf_weights is not None:
            raise ValueError(
                "`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: "
                f"output_mode={self.output_mode} and idf_weights={idf_weights}"
            )
        if isinstance(vocabulary, (str, os.PathLike)):
            vocabulary = self._read_vocabulary_file(vocabulary)
        values = vocabulary if isinstance(vocabulary, list) else np.asarray(
            getattr(vocabulary, "value", vocabulary), dtype=object).ravel().tolist()
        vocabulary = [self._as_token(v) for v in values]
        if not vocabulary:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        tokens, found_specials = self._strip_special_tokens(vocabulary)
        self._check_tokens(vocabulary, tokens)
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            self._set_given_idf_weights(idf_weights, vocabulary, found_specials)

    def _special_tokens(self):
        return [self.mask_token] * self._oov_start_index() + [self.oov_token] * self.num_oov_indices

    def _strip_special_tokens(self, vocabulary):
        specials = self._special_tokens()
        if vocabulary[:len(specials)] == specials:
            return vocabulary[len(specials):], True
        return vocabulary, False

    def _check_tokens(self, vocabulary, tokens):
        counts = collections.Counter(tokens)
        repeated = [token for token, count in counts.items() if count > 1]
        if repeated:
            raise ValueError(
                "The passed vocabulary has at least one repeated term. Please uniquify your "
                f"dataset. The repeated terms are: {repeated}"
            )
        specials = self._special_tokens()
        for token, name in ((self.mask_token, "mask_token"), (self.oov_token, "oov_token")):
            reserved = token is not None and token in counts
            if reserved and (name == "mask_token" or self.invert):
                index = max(i for i, v in enumerate(vocabulary) if v == token)
                raise ValueError(
                    f"Found reserved {'mask' if name == 'mask_token' else 'OOV'} token at "
                    "unexpected location in `vocabulary`. Note that passed `vocabulary` does "
                    "not need to include the OOV and mask tokens. Either remove all mask and "
                    "OOV tokens, or include them only at the start of the vocabulary in "
                    f"precisely this order: {specials}. Received: {name}={token} at "
                    f"vocabulary index [{index}]"
                )
        size = self._token_start_index() + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                "Attempted to set a vocabulary larger than the maximum vocab size. Received "
                f"vocabulary size is {size}; `max_tokens` is {self.max_tokens}."
            )

    def _set_tokens(self, tokens):
        start = self._token_start_index()
        self._tokens = list(tokens)
        self._index_of = {token: start + i for i, token in enumerate(self._tokens)}
        self._record_vocabulary_size()

    def _set_given_idf_weights(self, idf_weights, vocabulary, found_specials):
        weights = np.asarray(idf_weights, dtype="float64")
        if len(vocabulary) != len(weights):
            raise ValueError(
                "`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
                f"{len(weights)}; len(vocabulary) is {len(vocabulary)}"
            )
        if weights.ndim != 1:
            raise ValueError(
                f"TF-IDF data must be a 1-index array. Received: type(idf_weights)="
                f"{type(idf_weights)}"
            )
        front = 0 if found_specials else self._token_start_index()
        front_value = 0 if found_specials else np.average(weights)
        back = 0
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = self.max_tokens - front - len(weights)
        padded = np.pad(weights, (front, back), "constant", constant_values=(front_value, 0))
        self.idf_weights = padded.astype(backend_config.floatx())

    def _record_vocabulary_size(self):
        if self.output_mode != "int" and not self.pad_to_max_tokens:
            size = self.vocabulary_size()
            if self._frozen_vocab_size is not None and self._frozen_vocab_size != size \
                    and self._called:
                raise RuntimeError(
                    f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                    "the vocabulary size cannot be changed after the layer is called. Old "
                    f"vocab size is {self._frozen_vocab_size}, new vocab size is {size}"
                )
        self._frozen_vocab_size = self.vocabulary_size()

    _called = False

    def _read_vocabulary_file(self, path):
        if not os.path.exists(path):
            raise ValueError(f"Vocabulary file {path} does not exist.")
        if self.output_mode == "tf_idf":
            raise ValueError(
                "output_mode `'tf_idf'` does not support loading a vocabulary from file."
            )
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        return lines

    # ------------------------------------------------------------ adapting
    def _reset_counts(self):
        self._token_counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    def reset_state(self):
        """Forgets the token counts gathered by `update_state`."""
        if not self._has_input_vocabulary:
            self._reset_counts()

    def adapt(self, data, steps=None):
        """Learns the vocabulary from `data`: the most frequent tokens.

        An array (or list) of rank 1 holds one token per sample; an iterable
        that is not a list or array yields batches.

        Args:
            data: an array or list of tokens, or an iterable of batches.
            steps: the number of batches of an iterable to read; all when None.

        Raises:
            ValueError: if the layer was given a vocabulary, or `data` is
                empty.
        """
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray)) or hasattr(data, "value"):
            array = self._to_tokens_array(data)
            if array.size == 0:
                raise ValueError(_empty_data_message(array.shape))
            self.update_state(array[:, None] if array.ndim == 1 else array)
        else:
            adapt_utils.update_from_batches(data, steps, self.update_state)
        self.finalize_state()

    def update_state(self, data):
        """Counts the tokens of a batch (each row of a 2-D batch is a document).

        Args:
            data: tokens: a scalar, a 1-D batch (one document) or a 2-D batch.

        Raises:
            ValueError: if the layer was given a vocabulary.
        """
        if self._has_input_vocabulary:
            raise ValueError(
                f"Cannot adapt layer '{self.name}' after setting a static vocabulary via "
                "`vocabulary` argument or `set_vocabulary()` method."
            )
        documents = self._documents(data)
        for document in documents:
            self._token_counts.update(document)
        if self.output_mode == "tf_idf":
            for document in documents:
                self._document_counts.update(set(document))
            self._num_documents += len(documents)

    def _documents(self, data):
        """Rows of tokens: a list of lists (ragged rows are allowed)."""
        if isinstance(data, list) and data and isinstance(data[0], list):
            return [[self._as_token(t) for t in row] for row in data]
        array = self._to_tokens_array(data)
        if array.ndim == 0:
            array = array[None]
        if array.ndim == 1:
            array = array[None]
        return [[self._as_token(t) for t in row.ravel().tolist()] for row in array]

    def finalize_state(self):
        """Turns the counted tokens into the vocabulary (and IDF weights)."""
        if self._has_input_vocabulary or not self._token_counts:
            self._record_vocabulary_size()
            return
        counts = dict(self._token_counts)
        counts.pop(self.mask_token, None)
        counts.pop(self.oov_token, None)
        # Most frequent first; among equal counts the larger token first
        # (strings compared as UTF-8 bytes), as Keras's reversed lexsort.
        ordered = sorted(counts, key=lambda t: (counts[t], self._sort_key(t)), reverse=True)
        if self.max_tokens:
            ordered = ordered[:self.max_tokens - self._token_start_index()]
        if self.output_mode == "tf_idf":
            self.idf_weights = self._learned_idf_weights(ordered)
        self._set_tokens(ordered)
        self._reset_counts()

    def _learned_idf_weights(self, tokens):
        document_counts = np.array([self._document_counts[t] for t in tokens], dtype="float64")
        idf = np.log(1 + self._num_documents / (1 + document_counts)).astype(
            backend_config.floatx())
        front = np.full(self._token_start_index(), idf.mean() if idf.size else np.nan,
                        dtype=idf.dtype)
        weights = np.concatenate([front, idf])
        if self.pad_to_max_tokens and self.max_tokens is not None:
            weights = np.pad(weights, (0, self.max_tokens - weights.size))
        return weights.astype(backend_config.floatx())

    # ------------------------------------------------------------- calling
    def call(self, inputs):
        self._ensure_known_vocab_size()
        self._called = True
        if self.invert:
            return self._lookup_tokens(inputs)
        tokens = self._to_tokens_array(inputs)
        indices = self._lookup_indices(tokens)
        if self.output_mode == "int":
            return indices
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        encoded = encoding.encode(indices, mode, depth, "int64", drop_out_of_range=True)
        if self.output_mode == "tf_idf":
            return encoded.astype(self.idf_weights.dtype) * self.idf_weights
        return encoded

    def _lookup_indices(self, tokens):
        flat = [self._as_token(t) for t in tokens.ravel().tolist()]
        default = -1 if self.num_oov_indices != 1 else self._oov_start_index()
        indices = np.array([self._index_of.get(t, default) for t in flat], dtype="int64")
        is_oov = np.array([t not in self._index_of for t in flat], dtype=bool)
        if self.mask_token is not None:
            is_mask = np.array([t == self.mask_token for t in flat], dtype=bool)
            is_oov &= ~is_mask
            indices[is_mask] = 0 if self.output_mode == "int" else _INT64_MAX
        if is_oov.any():
            indices[is_oov] = self._oov_indices([t for t, o in zip(flat, is_oov) if o])
        return indices.reshape(tokens.shape)

    def _oov_indices(self, oov_tokens):
        if self.num_oov_indices == 0:
            raise ValueError(
                "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV values "
                f"{oov_tokens}, consider setting `num_oov_indices=1`."
            )
        start = self._oov_start_index()
        if self.num_oov_indices == 1:
            return start
        if self.vocabulary_dtype != "string" and self.oov_method != "farmhash":
            return [start + int(t) % self.num_oov_indices for t in oov_tokens]
        return [start + hash_functions.hash_bucket(t, self.num_oov_indices, self.salt)
                for t in oov_tokens]

    def _lookup_tokens(self, indices):
        indices = np.asarray(getattr(indices, "value", indices)).astype("int64")
        start = self._token_start_index()
        flat = []
        for index in indices.ravel().tolist():
            if self.mask_token is not None and index == 0:
                flat.append(self.mask_token)
            elif start <= index < start + len(self._tokens):
                flat.append(self._tokens[index - start])
            else:
                flat.append(self.oov_token)
        return self._tokens_output_array(flat).reshape(indices.shape)

    def _ensure_known_vocab_size(self):
        if self.output_mode == "int" or self.pad_to_max_tokens:
            return
        if self._frozen_vocab_size is None:
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "you must set the layer's vocabulary before calling it. Either pass a "
                "`vocabulary` argument to the layer, or call `adapt` with some sample data."
            )

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        input_shape = tuple(input_shape)
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        return input_shape[:-1] + (depth,)

    # ------------------------------------------------ token type (subclasses)
    def _as_token(self, value):
        raise NotImplementedError

    def _sort_key(self, token):
        return token

    def _to_tokens_array(self, data):
        raise NotImplementedError

    def _tokens_output_array(self, tokens):
        return np.array(tokens)

    # -------------------------------------------------------------- saving
    def get_config(self):
        config = super().get_config()
        config.update({
            "invert": self.invert,
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token,
            "mask_token": self.mask_token,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary_dtype": self.vocabulary_dtype,
            "idf_weights": _listify(self.input_idf_weights),
            "vocabulary": _listify(self.input_vocabulary),
            "vocabulary_size": self._frozen_vocab_size,
            "oov_method": self.oov_method,
            "salt": self.salt,
        })
        return config

    def get_build_config(self):
        return {}

    def build_from_config(self, config):
        self.built = True

    def save_own_variables(self, store):
        """Writes the IDF weights ("tf_idf" mode) into a weights-file group.

        Args:
            store: a dict-like group (an h5py group when saving).
        """
        if self.output_mode == "tf_idf" and self.idf_weights is not None:
            store["idf_weights"] = np.asarray(self.idf_weights)

    def load_own_variables(self, store):
        """Reads the IDF weights written by `save_own_variables`.

        Args:
            store: a dict-like group (an h5py group when loading).
        """
        if self.output_mode == "tf_idf" and "idf_weights" in store:
            self.idf_weights = np.asarray(store["idf_weights"][()]).astype(backend_config.floatx())

    def save_assets(self, dir_path):
        """Writes a learned vocabulary to `dir_path/vocabulary.txt`, as Keras does.

        Args:
            dir_path: an existing directory.
        """
        if self.input_vocabulary is not None:
            return  # a given vocabulary is in the config
        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(str(token) for token in self.get_vocabulary()))

    def load_assets(self, dir_path):
        """Reads the vocabulary written by `save_assets`.

        Args:
            dir_path: the directory holding `vocabulary.txt`.
        """
        if self.input_vocabulary is not None:
            return
        path = os.path.join(dir_path, "vocabulary.txt")
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        if not lines:
            return
        values = [self._as_token(line) for line in lines]
        tokens, _ = self._strip_special_tokens(values)
        self._check_tokens(values, tokens)
        self._set_tokens(tokens)


def _listify(value):
    if value is None:
        return None
    if isinstance(value, np.ndarray):
        return value.tolist()
    return list(value) if isinstance(value, tuple) else value


def _empty_data_message(shape):
    return (
        "adapt() received no data: the array is empty. Expected at least one token. "
        f"Received: data.shape={shape}"
    )


def _check_arguments(class_name, max_tokens, pad_to_max_tokens, num_oov_indices, oov_method,
                     output_mode, invert, sparse, idf_weights):
    if max_tokens is not None and max_tokens <= 1:
        raise ValueError(
            f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}"
        )
    if pad_to_max_tokens and max_tokens is None:
        raise ValueError(
            f"If pad_to_max_tokens is True, must set `max_tokens`. Received: "
            f"max_tokens={max_tokens}"
        )
    if num_oov_indices < 0:
        raise ValueError(
            "`num_oov_indices` must be greater than or equal to 0. Received: "
            f"num_oov_indices={num_oov_indices}"
        )
    adapt_utils.validate_string_arg(oov_method, ("floormod", "farmhash"), class_name,
                                    "oov_method")
    adapt_utils.validate_string_arg(
        output_mode, ("int", "one_hot", "multi_hot", "count", "tf_idf"), class_name,
        "output_mode")
    if invert and output_mode != "int":
        raise ValueError(
            f"`output_mode` must be `'int'` when `invert` is true. Received: "
            f"output_mode={output_mode}"
        )
    if sparse and output_mode == "int":
        raise ValueError(
            "`sparse` may only be true if `output_mode` is `'one_hot'`, `'multi_hot'`, "
            f"`'count'` or `'tf_idf'`. Received: sparse={sparse} and output_mode={output_mode}"
        )
    if sparse:
        raise ValueError("kerasish does not support sparse tensors. Received: sparse=True")
    if idf_weights is not None and output_mode != "tf_idf":
        raise ValueError(
            "`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: "
            f"idf_weights={idf_weights} and output_mode={output_mode}"
        )


def _standardize_salt(salt, vocabulary_dtype, oov_method):
    if salt is None:
        return None
    if vocabulary_dtype != "string" and oov_method != "farmhash":
        raise ValueError(
            "`salt` can only be used when `oov_method='farmhash'`. "
            f"Received: oov_method={oov_method}"
        )
    if isinstance(salt, (tuple, list)) and len(salt) == 2:
        return list(salt)
    if isinstance(salt, int):
        return [salt, salt]
    raise ValueError(
        "The `salt` argument for `IndexLookup` can only be a tuple of 2 integers, or a single "
        f"integer. Received: salt={salt}."
    )
