"""`ConvLSTM1D`: a convolutional LSTM over sequences of 1-D signals."""

from kerasish.layers.rnn.conv_lstm import ConvLSTM, conv_lstm_docstring


class ConvLSTM1D(ConvLSTM):
    __doc__ = conv_lstm_docstring(1, "1-D signals", "steps", """\
    Examples:
        >>> layer = keras.layers.ConvLSTM1D(4, 3)
        >>> layer(np.ones((2, 5, 10, 3), dtype="float32")).shape
        (2, 8, 4)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 3, 16), (3, 4, 16), (16,)]
""")

    rank = 1
