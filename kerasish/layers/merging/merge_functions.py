"""Keras's functional shortcuts for the merging layers: `add(inputs)` is
`Add()(inputs)`, and so on."""

from kerasish.layers.merging.base_merge import Add, Average, Maximum, Minimum, Multiply, Subtract
from kerasish.layers.merging.concatenate import Concatenate


def add(inputs, **kwargs):
    """Adds a list of inputs elementwise: the same as `Add(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Add`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> inputs = keras.Input(shape=(4,))
        >>> residual = keras.layers.add([inputs, keras.layers.Dense(4)(inputs)])
        >>> residual.shape
        (None, 4)
    """
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """Subtracts the second of two inputs from the first: the same as `Subtract(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Subtract`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))
        >>> keras.layers.subtract([a, b]).shape
        (None, 3)
    """
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Multiplies a list of inputs elementwise: the same as `Multiply(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Multiply`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> keras.layers.multiply([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])])
        array([[3., 8.]], dtype=float32)
    """
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Averages a list of inputs elementwise: the same as `Average(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Average`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> keras.layers.average([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])])
        array([[2., 3.]], dtype=float32)
    """
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Takes the elementwise maximum of a list of inputs: the same as `Maximum(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Maximum`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> keras.layers.maximum([np.array([[1.0, 5.0]]), np.array([[3.0, 4.0]])])
        array([[3., 5.]], dtype=float32)
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """Takes the elementwise minimum of a list of inputs: the same as `Minimum(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors or arrays to merge.
        **kwargs: `Minimum`'s keyword arguments, such as `name`.

    Returns:
        The merged tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> keras.layers.minimum([np.array([[1.0, 5.0]]), np.array([[3.0, 4.0]])])
        array([[1., 4.]], dtype=float32)
    """
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Joins a list of inputs along `axis`: the same as `Concatenate(axis)(inputs)`.

    Args:
        inputs: a list of tensors or arrays whose shapes match except along `axis`.
        axis: the axis to join along (default -1).
        **kwargs: `Concatenate`'s other keyword arguments, such as `name`.

    Returns:
        The joined tensor (a KerasTensor for symbolic inputs).

    Examples:
        >>> a, b = keras.Input(shape=(2,)), keras.Input(shape=(3,))
        >>> keras.layers.concatenate([a, b]).shape
        (None, 5)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
