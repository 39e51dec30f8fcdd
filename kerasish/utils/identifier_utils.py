"""The error raised for a name no registry knows, with the names it may be a typo of."""

from kerasish.saving import serialization_lib


def unknown_identifier_error(kind, identifier, known_names):
    """A ValueError in Keras's wording ("Could not interpret <kind> identifier:
    ..."), followed by the known names closest to a misspelled string.

    The Keras wording comes first and unchanged so code matching Keras's
    message keeps matching; the suggestions only follow it.
    """
    message = f"Could not interpret {kind} identifier: {identifier}"
    if isinstance(identifier, str):
        import difflib  # only when a name is wrong: keeps `import kerasish` light

        names = sorted({name for name in known_names if isinstance(name, str)})
        # Case-insensitive matching catches "MSE" vs "mse" and "Adam" vs "adam".
        lowered = {name.lower(): name for name in names}
        close = difflib.get_close_matches(identifier.lower(), list(lowered), n=5, cutoff=0.6)
        if close:
            suggestions = ", ".join(repr(lowered[name]) for name in close)
            message += f". Did you mean one of: {suggestions}?"
    return ValueError(message)


def custom_object_names():
    """Names registered with `register_keras_serializable` or in an open
    `custom_object_scope`, which `get` accepts too."""
    names = set(serialization_lib._CUSTOM_OBJECTS)
    for scope in serialization_lib._SCOPE_STACK:
        names.update(scope)
    return names
