"""Whether ops record a graph: `no_grad()` switches recording off.

Function.apply (tensor.py) reads `_RECORDING[0]` on every op.
"""

_RECORDING = [True]


class no_grad:
    """A context manager inside which ops record no graph.

    Inside the `with` block every op returns a plain NumPy array, even when
    its inputs are trainable variables. `predict`, `evaluate` and the
    optimizers' updates run this way. Blocks may be nested; recording resumes
    when the outermost block exits, even through an exception.

    Examples:
        >>> w = keras.Variable(np.ones((2, 2), dtype="float32"))
        >>> type(keras.ops.matmul(w, w)).__name__
        'Tensor'
        >>> with keras.backend.no_grad():
        ...     type(keras.ops.matmul(w, w)).__name__
        'ndarray'
    """

    def __enter__(self):
        self._previous = _RECORDING[0]
        _RECORDING[0] = False
        return self

    def __exit__(self, *exc_info):
        _RECORDING[0] = self._previous
        return False


def is_recording():
    """Tells whether ops currently record a graph for gradients.

    Returns:
        False inside a `no_grad()` block, True otherwise.

    Examples:
        >>> keras.backend.is_recording()
        True
        >>> with keras.backend.no_grad():
        ...     keras.backend.is_recording()
        False
    """
    return _RECORDING[0]
