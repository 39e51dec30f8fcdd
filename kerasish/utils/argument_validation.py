"""Validation of the tuple, padding and data-format arguments that
convolution and pooling layers and ops share, with Keras's messages."""

from kerasish.backend import config


def standardize_tuple(value, n, name, allow_zero=False):
    """An int or an iterable of `n` ints -> a tuple of `n` positive ints."""
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            values = None
        if values is None or len(values) != n or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise ValueError(
                f"The `{name}` argument must be a tuple of {n} integers. "
                f"Received {name}={value}"
            )
    smallest = 0 if allow_zero else 1
    bad = {v for v in values if v < smallest}  # a set, printed as Keras prints it
    if bad:
        requirement = ">= 0" if allow_zero else "> 0"
        raise ValueError(
            f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}, "
            f"including values {bad} that do not satisfy `value {requirement}`"
        )
    return values


def standardize_padding(padding, allow_causal=False):
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    normalized = str(padding).lower()
    if normalized not in allowed:
        # Keras prints a set, whose order varies from run to run; sorted here.
        choices = "{" + ", ".join(repr(choice) for choice in sorted(allowed)) + "}"
        raise ValueError(
            f"The `padding` argument must be a list/tuple or one of {choices}. "
            f"Received: {padding}"
        )
    return normalized


def standardize_data_format(data_format):
    if data_format is None:
        return config.image_data_format()
    normalized = str(data_format).lower()
    if normalized not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    return normalized
