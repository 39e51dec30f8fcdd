"""`ConvLSTM2D`: a convolutional LSTM over sequences of images."""

from kerasish.layers.rnn.conv_lstm import ConvLSTM, conv_lstm_docstring


class ConvLSTM2D(ConvLSTM):
    __doc__ = conv_lstm_docstring(2, "images", "rows, cols", """\
    Examples:
        >>> layer = keras.layers.ConvLSTM2D(4, 3, padding="same", return_sequences=True)
        >>> layer(np.ones((2, 5, 8, 8, 1), dtype="float32")).shape
        (2, 5, 8, 8, 4)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 3, 1, 16), (3, 3, 4, 16), (16,)]
""")

    rank = 2
