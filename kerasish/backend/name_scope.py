"""`name_scope`: nested name prefixes for variable paths, as `keras.name_scope`."""

_STACK = []


class name_scope:
    """A context manager that opens a sub-namespace `name` for variable paths.

    Scopes nest: inside `name_scope("a")` and `name_scope("b")` the current
    path is `"a/b"` (see `current_path`). Re-entering the scope of the same
    caller under the same name adds no level (`deduplicate`), and
    `override_parent` replaces the enclosing path, as in Keras.

    Args:
        name: The scope's name, a string without "/".
        caller: Optional object opening the scope (a layer).
        deduplicate: Whether the same caller re-entering with the same name
            adds no new level. Defaults to True.
        override_parent: An absolute path replacing the enclosing scopes.

    Raises:
        ValueError: If `name` is not a string or contains "/".

    Examples:
        >>> with keras.name_scope("encoder"):
        ...     with keras.name_scope("block1"):
        ...         keras.name_scope.current_path()
        'encoder/block1'
    """

    def __init__(self, name, caller=None, deduplicate=True, override_parent=None):
        if not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character `/`. "
                             f"Received: name={name}")
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        self.override_parent = override_parent
        if override_parent is None and deduplicate and \
                getattr(caller, "_parent_path", None) is not None:
            self.override_parent = caller._parent_path
        self._pop_on_exit = False

    def __enter__(self):
        if self.deduplicate and _STACK:
            parent = _STACK[-1]
            if self.caller is not None and self.caller is parent.caller and \
                    self.name == parent.name:
                return self
        _STACK.append(self)
        self._pop_on_exit = True
        return self

    def __exit__(self, *exc_info):
        if self._pop_on_exit and _STACK:
            _STACK.pop()
        return False

    @staticmethod
    def current_path():
        """The path of the open scopes, "a/b", or "" outside any scope.

        Returns:
            A string.

        Examples:
            >>> keras.name_scope.current_path()
            ''
        """
        parts = []
        for entry in _STACK:
            if entry.override_parent is not None:
                parts = [p for p in entry.override_parent.split("/") if p]
            parts.append(entry.name)
        return "/".join(parts)
