"""`ConvLSTM2D`: a convolutional LSTM over sequences of images."""

from kerasish.layers.rnn.conv_lstm import ConvLSTM


class ConvLSTM2D(ConvLSTM):
    """2-D convolutional LSTM: an LSTM whose input and recurrent
    transformations are 2-D convolutions, for sequences of images.

    Its weights are `conv_lstm2d/conv_lstm_cell/kernel`
    `(*kernel_size, channels, 4 * filters)`, `recurrent_kernel`
    `(*kernel_size, filters, 4 * filters)` and `bias` `(4 * filters,)`,
    gates in Keras's order i, f, c, o, so weights and files interchange
    with Keras. The recurrent convolution always uses "same" padding and
    stride 1, so the states keep the shape of the input convolution's
    output.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple of 2 ints, the window of both convolutions.
        strides: an int or a tuple of 2 ints, the input convolution's stride.
        padding: `"valid"` or `"same"` (case-insensitive), the input
            convolution's padding.
        data_format: `"channels_last"` (inputs `(batch, time, rows, cols,
            channels)`) or `"channels_first"` (`(batch, time, channels,
            rows, cols)`); None uses `keras.config.image_data_format()`.
        dilation_rate: an int or a tuple of 2 ints; cannot exceed 1 together
            with `strides`.
        activation: activation of the candidate and carried state (default `"tanh"`).
        recurrent_activation: activation of the gates (default `"sigmoid"`).
        use_bias: whether to add a bias.
        kernel_initializer: initializer of the input kernel.
        recurrent_initializer: initializer of the recurrent kernel (default
            `"orthogonal"`).
        bias_initializer: initializer of the bias.
        unit_forget_bias: initialize the forget gate's bias to ones.
        kernel_regularizer: regularizer of the input kernel, or None.
        recurrent_regularizer: regularizer of the recurrent kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        activity_regularizer: regularizer of the output, or None.
        kernel_constraint: constraint of the input kernel, or None.
        recurrent_constraint: constraint of the recurrent kernel, or None.
        bias_constraint: constraint of the bias, or None.
        dropout: fraction of the input dropped in training.
        recurrent_dropout: fraction of the previous output dropped in training.
        seed: an int for reproducible dropout masks.
        return_sequences: return every timestep's output.
        return_state: also return the final states `h` and `c`.
        go_backwards: process the sequence from its end.
        stateful: carry the final states over to the next batch.
        **kwargs: Base layer keyword arguments such as `name` and `dtype`
            (and the generic `RNN`'s `unroll` and `zero_output_for_mask`).

    Input shape:
        5-D: `(batch, time, rows, cols, channels)` with `channels_last`,
        `(batch, time, channels, rows, cols)` with `channels_first`.

    Output shape:
        `(batch, new_rows, new_cols, filters)` (channels first:
        `(batch, filters, new_rows, new_cols)`); with `return_sequences`,
        a time axis after the batch; with `return_state`, a list of the
        output and the two states (each shaped like the last output).

    Returns:
        The output, or `[output, h, c]` with `return_state`.

    Raises:
        ValueError: on a malformed argument, or both `strides` and
            `dilation_rate` above 1; when called, on an input that is not
            5-D, unknown spatial or channel sizes, or a bad mask or
            initial state.

    Examples:
        >>> layer = keras.layers.ConvLSTM2D(4, 3, padding="same", return_sequences=True)
        >>> layer(np.ones((2, 5, 8, 8, 1), dtype="float32")).shape
        (2, 5, 8, 8, 4)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 3, 1, 16), (3, 3, 4, 16), (16,)]
    """

    rank = 2
