"""`ConvLSTM3D`: a convolutional LSTM over sequences of volumes."""

from kerasish.layers.rnn.conv_lstm import ConvLSTM, conv_lstm_docstring


class ConvLSTM3D(ConvLSTM):
    __doc__ = conv_lstm_docstring(3, "volumes", "depth, rows, cols", """\
    Examples:
        >>> layer = keras.layers.ConvLSTM3D(2, 2, return_state=True)
        >>> output, h, c = layer(np.ones((1, 3, 4, 4, 4, 1), dtype="float32"))
        >>> output.shape, c.shape
        ((1, 3, 3, 3, 2), (1, 3, 3, 3, 2))
""")

    rank = 3
