"""`TextVectorization`: raw strings to token indices or bag-of-words vectors."""

import re

import numpy as np

from kerasish.layers.layer import Layer
from kerasish.layers.preprocessing import adapt_utils, encoding, text_utils
from kerasish.layers.preprocessing.string_lookup import StringLookup

# TensorFlow lowercases ASCII letters only, strips exactly these ASCII
# punctuation characters, and splits on ASCII whitespace.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_PUNCTUATION = re.compile(r"[!\"#$%&()\*\+,\-\./:;<=>?@\[\\\]^_`{|}~']")
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


class TextVectorization(text_utils.TakesStrings, Layer):
    """Turns strings into token indices (for an `Embedding`) or into
    multi-hot, count or TF-IDF vectors, in Keras's steps:

    1. standardize: lowercase (ASCII letters, as TensorFlow) and strip
       ASCII punctuation, or a callable on an array of strings;
    2. split: on whitespace, into characters, or with a callable; or not;
    3. ngrams: add the n-grams of each width (joined by spaces);
    4. look the tokens up in the vocabulary (given, or learned by `adapt`
       with the most frequent tokens first); index 0 is padding ("") and 1
       the out-of-vocabulary token "[UNK]" in "int" mode.

    Inputs are lists or NumPy arrays of strings, of shape `(batch,)` or
    `(batch, 1)`.

    Args:
        max_tokens: the largest vocabulary, special tokens included; None
            for no limit.
        standardize: `"lower_and_strip_punctuation"` (default), `"lower"`,
            `"strip_punctuation"`, None, or a callable.
        split: `"whitespace"` (default), `"character"`, None, or a callable
            returning a list of tokens per string.
        ngrams: None, an int n (n-grams of widths 1..n), or a tuple of widths.
        output_mode: `"int"` (default), `"multi_hot"`, `"count"`,
            `"tf_idf"` or `"one_hot"`.
        output_sequence_length: in "int" mode, pad or truncate every
            sequence to this length; None pads to the longest in the batch.
        pad_to_max_tokens: whether vectors have `max_tokens` entries.
        vocabulary: a list of strings, a file path, or None to `adapt`.
        idf_weights: the IDF weights of a given vocabulary ("tf_idf").
        sparse: must be False: kerasish has no sparse tensors.
        ragged: must be False: kerasish has no ragged tensors.
        encoding: the encoding of byte-string inputs ("utf-8").
        name: the layer's name.
        **kwargs: base layer keywords, and `vocabulary_size` from configs.

    Returns:
        A layer producing int64 sequences or vectors.

    Input shape:
        Strings: a 1-D array `(batch_size,)` or a 2-D array `(batch_size, 1)`.

    Output shape:
        With `output_mode="int"` (the default),
        `(batch_size, output_sequence_length)`, or `(batch_size, longest)` (the most
        tokens in the batch) when `output_sequence_length` is None; with
        `"multi_hot"`, `"count"` or `"tf_idf"`, `(batch_size, vocabulary_size)`,
        `vocabulary_size` being `max_tokens` when `pad_to_max_tokens=True`.

    Raises:
        ValueError: on invalid arguments (Keras's messages), inputs of
            rank 2 with more than one column, or non-string inputs.

    Examples:
        >>> layer = keras.layers.TextVectorization(output_sequence_length=4)
        >>> layer.adapt(["The cat sat.", "The dog ran!"])
        >>> layer.get_vocabulary()
        ['', '[UNK]', 'the', 'sat', 'ran', 'dog', 'cat']
        >>> np.asarray(layer(["the cat ran away"]))
        array([[2, 6, 4, 1]])
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int", output_sequence_length=None,
                 pad_to_max_tokens=False, vocabulary=None, idf_weights=None, sparse=False,
                 ragged=False, encoding="utf-8", name=None, **kwargs):
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        _check_arguments(standardize, split, ngrams, output_mode, output_sequence_length,
                         sparse, ragged)
        self._max_tokens = max_tokens
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._ragged = ragged
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
            sparse=sparse, has_input_vocabulary=self._has_input_vocabulary, encoding=encoding,
            vocabulary_size=vocabulary_size,
        )

    # --------------------------------------------------------- vocabulary
    def get_vocabulary(self, include_special_tokens=True):
        """Returns the vocabulary, the token of each index in order.

        Args:
            include_special_tokens: whether to include "" and "[UNK]".

        Returns:
            A list of strings.
        """
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        """Returns the number of indices, special tokens included.

        Returns:
            An int.
        """
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (and IDF weights in "tf_idf" mode).

        Args:
            vocabulary: a list of strings or a file path.
            idf_weights: one weight per token, for "tf_idf" only.
        """
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # ------------------------------------------------------------ adapting
    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary (and IDF weights) from texts.

        Args:
            data: a list or array of strings, or an iterable of batches of
                strings (or of `(texts, labels)` pairs).
            batch_size: accepted for compatibility with Keras.
            steps: the number of batches of an iterable to read.

        Raises:
            ValueError: if `data` is empty or the layer has a fixed vocabulary.
        """
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray)) or hasattr(data, "value"):
            texts = text_utils.to_string_array(data, self._encoding) if len(data) else None
            if texts is None or texts.size == 0:
                raise ValueError(
                    "adapt() received no data: the array is empty. Expected at least one "
                    f"string. Received: data.shape={np.shape(data)}"
                )
            # One document per string, as Keras expands 1-D data to (n, 1).
            self.update_state(texts[:, None] if texts.ndim == 1 else texts)
        else:
            adapt_utils.update_from_batches(data, steps, self.update_state)
        self.finalize_state()

    def update_state(self, data):
        """Counts the tokens of a batch of texts.

        Args:
            data: a list or array of strings.
        """
        self._lookup_layer.update_state(self._preprocess(data))

    def finalize_state(self):
        """Turns the counted tokens into the vocabulary."""
        self._lookup_layer.finalize_state()

    def reset_state(self):
        """Forgets the tokens counted by `update_state`."""
        self._lookup_layer.reset_state()

    # ------------------------------------------------------- preprocessing
    def _standardized(self, texts):
        if self._standardize in ("lower", "lower_and_strip_punctuation"):
            texts = np.vectorize(lambda t: t.translate(_ASCII_LOWER), otypes=[object])(texts)
        if self._standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            texts = np.vectorize(lambda t: _PUNCTUATION.sub("", t), otypes=[object])(texts)
        if callable(self._standardize):
            texts = text_utils.to_string_array(self._standardize(texts), self._encoding)
        return texts

    def _split_text(self, text):
        if self._split == "whitespace":
            return [token for token in _WHITESPACE.split(text) if token]
        if self._split == "character":
            return list(text)
        return [self._lookup_layer._as_token(t) for t in self._split(text)]

    def _with_ngrams(self, tokens):
        if self._ngrams is None:
            return tokens
        grams = []
        for width in self._ngrams:
            grams += [" ".join(tokens[i:i + width]) for i in range(len(tokens) - width + 1)]
        return grams

    def _preprocess(self, inputs):
        """Texts -> a list of token lists (split), or an array of strings."""
        texts = text_utils.to_string_array(inputs, self._encoding) if np.size(
            getattr(inputs, "value", inputs)) else np.asarray(inputs, dtype=object)
        texts = self._standardized(texts) if texts.size else texts
        if self._split is None:
            if self._ngrams is not None:
                return [self._with_ngrams([t]) for t in texts.ravel().tolist()]
            return texts
        if texts.ndim > 1:
            if texts.shape[-1] != 1:
                raise ValueError(
                    "When using `TextVectorization` to tokenize strings, the input rank must "
                    "be 1 or the last shape dimension must be 1. Received: "
                    f"inputs.shape={texts.shape} with rank={texts.ndim}"
                )
            texts = texts[..., 0]
        texts = np.atleast_1d(texts)
        return [self._with_ngrams(self._split_text(text)) for text in texts.tolist()]

    # ------------------------------------------------------------- calling
    def call(self, inputs):
        tokens = self._preprocess(inputs)
        lookup = self._lookup_layer
        if not isinstance(tokens, list):  # no split: one token per string
            return lookup(tokens)
        rows = [lookup._lookup_indices(np.array(row, dtype=object)) for row in tokens]
        if self._output_mode == "int":
            return self._padded(rows)
        depth = lookup.max_tokens if lookup.pad_to_max_tokens else lookup._frozen_vocab_size
        lookup._ensure_known_vocab_size()
        # Rows of different lengths: pad with an index the encoding ignores.
        width = max((len(r) for r in rows), default=0)
        padded = np.full((len(rows), max(width, 1)), -1, dtype="int64")
        for i, row in enumerate(rows):
            padded[i, :len(row)] = row
        mode = "count" if self._output_mode == "tf_idf" else self._output_mode
        if mode == "one_hot":
            raise ValueError(
                "With `output_mode='one_hot'` and a `split`, Keras returns a ragged tensor "
                "(one vector per token), and kerasish has no ragged tensors. Use "
                "`output_mode='multi_hot'`, or `split=None`."
            )
        encoded = encoding.encode(padded, mode, depth, "int64", drop_out_of_range=True)
        if self._output_mode == "tf_idf":
            return encoded.astype(lookup.idf_weights.dtype) * lookup.idf_weights
        return encoded

    def _padded(self, rows):
        length = self._output_sequence_length
        if length is None:
            length = max((len(r) for r in rows), default=0)
        out = np.zeros((len(rows), length), dtype="int64")
        for i, row in enumerate(rows):
            row = row[:length]
            out[i, :len(row)] = row
        return out

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        lookup = self._lookup_layer
        depth = lookup.max_tokens if lookup.pad_to_max_tokens else lookup._frozen_vocab_size
        if self._split is None:
            return lookup.compute_output_shape(
                tuple(input_shape) + ((1,) if len(input_shape) <= 1 else ()))
        return (input_shape[0], depth)

    # -------------------------------------------------------------- saving
    def get_config(self):
        lookup = self._lookup_layer
        config = super().get_config()
        config.update({
            "max_tokens": lookup.max_tokens,
            "standardize": self._standardize,
            "split": self._split,
            "ngrams": self._ngrams_arg,
            "output_mode": self._output_mode,
            "output_sequence_length": self._output_sequence_length,
            "pad_to_max_tokens": lookup.pad_to_max_tokens,
            "sparse": lookup.sparse,
            "ragged": self._ragged,
            "vocabulary": _listify(lookup.input_vocabulary),
            "idf_weights": _listify(lookup.input_idf_weights),
            "encoding": self._encoding,
            "vocabulary_size": self.vocabulary_size(),
        })
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return cls(**config)

    def save_own_variables(self, store):
        """Writes the IDF weights ("tf_idf") into a weights-file group.

        Args:
            store: a dict-like group.
        """
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store):
        """Reads the IDF weights written by `save_own_variables`.

        Args:
            store: a dict-like group.
        """
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path):
        """Writes a learned vocabulary to `dir_path/vocabulary.txt`.

        Args:
            dir_path: an existing directory.
        """
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path):
        """Reads the vocabulary written by `save_assets`.

        Args:
            dir_path: the directory holding `vocabulary.txt`.
        """
        self._lookup_layer.load_assets(dir_path)


def _listify(value):
    if value is None:
        return None
    return value.tolist() if isinstance(value, np.ndarray) else list(value)


def _check_arguments(standardize, split, ngrams, output_mode, output_sequence_length, sparse,
                     ragged):
    adapt_utils.validate_string_arg(
        standardize, ("lower_and_strip_punctuation", "lower", "strip_punctuation"),
        "TextVectorization", "standardize", allow_none=True, allow_callables=True)
    adapt_utils.validate_string_arg(split, ("whitespace", "character"), "TextVectorization",
                                    "split", allow_none=True, allow_callables=True)
    adapt_utils.validate_string_arg(
        output_mode, ("int", "one_hot", "multi_hot", "count", "tf_idf"), "TextVectorization",
        "output_mode")
    if not (ngrams is None or isinstance(ngrams, int)
            or isinstance(ngrams, tuple) and all(isinstance(item, int) for item in ngrams)):
        raise ValueError(
            f"`ngrams` must be None, an integer, or a tuple of integers. Received: ngrams={ngrams}"
        )
    if output_mode == "int" and not (isinstance(output_sequence_length, int)
                                     or output_sequence_length is None):
        raise ValueError(
            "`output_sequence_length` must be either None or an integer when `output_mode` is "
            f"'int'. Received: output_sequence_length={output_sequence_length}"
        )
    if output_mode != "int" and output_sequence_length is not None:
        raise ValueError(
            "`output_sequence_length` must not be set if `output_mode` is not 'int'. "
            f"Received output_sequence_length={output_sequence_length}."
        )
    if sparse or ragged:
        raise ValueError(
            "kerasish does not support sparse or ragged tensors. "
            f"Received: sparse={sparse}, ragged={ragged}"
        )
