__version__ = "0.1.0"


def version():
    """Returns the installed kerasish version, as `keras.version()` does for Keras.

    `keras.__version__` is the same string. It is kerasish's own version,
    not the Keras release whose API it follows (Keras 3).

    Returns:
        The version string, e.g. "0.1.0".

    Examples:
        >>> keras.version() == keras.__version__
        True
    """
    return __version__
