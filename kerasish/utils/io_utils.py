"""Whether kerasish prints progress interactively (progress bars, messages)
or sends it to the `logging` module, as Keras's switches control."""

import sys

_INTERACTIVE_LOGGING = [True]


def enable_interactive_logging():
    """Sends progress bars and messages to standard output (the default).

    Examples:
        >>> keras.utils.enable_interactive_logging()
        >>> keras.utils.is_interactive_logging_enabled()
        True
    """
    _INTERACTIVE_LOGGING[0] = True


def disable_interactive_logging():
    """Sends messages to the `logging` module (logger `"kerasish"`, level
    INFO) instead of standard output, for non-interactive jobs.

    Examples:
        >>> keras.utils.disable_interactive_logging()
        >>> keras.utils.is_interactive_logging_enabled()
        False
        >>> keras.utils.enable_interactive_logging()
    """
    _INTERACTIVE_LOGGING[0] = False


def is_interactive_logging_enabled():
    """Returns whether messages go to standard output (True) or to `logging` (False).

    Returns:
        A bool.

    Examples:
        >>> keras.utils.is_interactive_logging_enabled()
        True
    """
    return _INTERACTIVE_LOGGING[0]


def print_msg(message, line_break=True):
    """Prints `message` to standard output, or logs it when interactive logging is off."""
    if is_interactive_logging_enabled():
        sys.stdout.write(message + ("\n" if line_break else ""))
        sys.stdout.flush()
    else:
        import logging

        logging.getLogger("kerasish").info(message)
