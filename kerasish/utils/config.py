"""`Config`: a dict whose entries are also attributes, and that can be frozen."""

import copy
import json


class Config:
    """A container of settings readable as `config.name` or `config["name"]`.

    Freezing it (`freeze()`) refuses further changes, which protects a
    configuration shared by several parts of a program.

    Args:
        **kwargs: the initial settings.

    Raises:
        ValueError: when a frozen config is changed.
        AttributeError: when an unknown setting is read as an attribute.

    Examples:
        >>> config = keras.utils.Config(learning_rate=0.1, momentum=0.9)
        >>> config.learning_rate, config["momentum"]
        (0.1, 0.9)
        >>> config.epochs = 10
        >>> config.freeze()
        >>> config.epochs = 20
        Traceback (most recent call last):
        ...
        ValueError: Cannot mutate attribute(s) because the config is frozen.
        >>> config.as_dict()
        {'learning_rate': 0.1, 'momentum': 0.9, 'epochs': 10}
    """

    def __init__(self, **kwargs):
        object.__setattr__(self, "_config", dict(kwargs))
        object.__setattr__(self, "_frozen", False)

    @property
    def frozen(self):
        """Whether the config refuses changes."""
        return self._frozen

    def freeze(self):
        """Refuses all further changes."""
        object.__setattr__(self, "_frozen", True)

    def unfreeze(self):
        """Allows changes again."""
        object.__setattr__(self, "_frozen", False)

    def _raise_if_frozen(self):
        if self._frozen:
            raise ValueError("Cannot mutate attribute(s) because the config is frozen.")

    def as_dict(self):
        """A shallow copy of the settings, as a dict."""
        return copy.copy(self._config)

    def to_json(self):
        """The settings as a JSON string."""
        return json.dumps(self._config)

    def keys(self):
        """The settings' names."""
        return self._config.keys()

    def values(self):
        """The settings' values."""
        return self._config.values()

    def items(self):
        """(name, value) pairs."""
        return self._config.items()

    def get(self, keyname, value=None):
        """The setting `keyname`, or `value` when there is none."""
        return self._config.get(keyname, value)

    def pop(self, *args):
        """Removes a setting and returns its value, as `dict.pop`."""
        self._raise_if_frozen()
        return self._config.pop(*args)

    def update(self, *args, **kwargs):
        """Adds or replaces settings, as `dict.update`."""
        self._raise_if_frozen()
        self._config.update(*args, **kwargs)

    def __setattr__(self, name, value):
        if name in type(self).__dict__ or name.startswith("__"):
            return object.__setattr__(self, name, value)
        self._raise_if_frozen()
        self._config[name] = value

    def __getattr__(self, name):
        config = object.__getattribute__(self, "_config")
        if name in config:
            return config[name]
        message = f"Unknown attribute: '{name}'."
        import difflib

        close = difflib.get_close_matches(name, config.keys(), n=1, cutoff=0.7)
        if close:
            message += f" Did you mean '{close[0]}'?"
        raise AttributeError(message)

    def __setitem__(self, key, item):
        self._raise_if_frozen()
        self._config[key] = item

    def __getitem__(self, key):
        return self._config[key]

    def __delitem__(self, key):
        self._raise_if_frozen()
        del self._config[key]

    def __contains__(self, item):
        return item in self._config

    def __iter__(self):
        return iter(sorted(self._config))

    def __len__(self):
        return len(self._config)

    def __repr__(self):
        return f"<Config {self._config}>"
