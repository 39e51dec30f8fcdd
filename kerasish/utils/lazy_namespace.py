"""Namespaces whose names are imported on first use (PEP 562).

A namespace package (`kerasish.layers`, `kerasish.ops`, ...) keeps a table
`{public name: module path}`; `attach` gives the package a module-level
`__getattr__` that imports the module the first time the name is read, and a
`__dir__` that lists every name of the table, so `dir()`, tab completion and
`from package import *` see the whole namespace while `import kerasish`
imports only what it needs.

A table value is a module path, absolute (`"kerasish.layers.rnn.lstm"`) or
relative to the package (`".rnn.lstm"`), holding an attribute of the same
name, or `"module:attribute"` when the attribute has another name (Keras's
aliases, `"Convolution2D": ".convolutional.conv2d:Conv2D"`). Submodules
that load on first use (`kerasish.export`) are listed apart, by name."""

import importlib
import sys
import types
from collections.abc import Mapping


def resolve(package, target, name):
    """The object a table entry `name: target` of `package` stands for."""
    module_path, _, attribute = target.partition(":")
    module = importlib.import_module(module_path, package)
    return getattr(module, attribute or name)


def attach(namespace, table, submodules=(), wrap=None):
    """Makes `table`'s names attributes of the package whose globals are `namespace`.

    Sets `__getattr__`, `__dir__` and `_LAZY_NAMES` (the names of the
    table and submodules) in `namespace`; a resolved name is stored in it, so
    later reads are plain attribute reads.

    Args:
        namespace: the package's `globals()`.
        table: a dict `{public name: module path}` (see the module docstring).
        submodules: names of the package's submodules to import on first use.
        wrap: optional `wrap(name, value) -> value`, applied to each name as
            it loads (`kerasish.ops` makes its ops accept KerasTensors so).
    """
    package = namespace["__name__"]

    def __getattr__(name):
        if name in submodules:
            value = importlib.import_module(f"{package}.{name}")
        elif name in table:
            value = resolve(package, table[name], name)
        else:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        if wrap is not None:
            value = wrap(name, value)
        namespace[name] = value
        return value

    def __dir__():
        return sorted(set(namespace) | set(table) | set(submodules))

    namespace["__getattr__"] = __getattr__
    namespace["__dir__"] = __dir__
    namespace["_LAZY_NAMES"] = (*table, *submodules)  # for the tests that check every name loads
    namespace["_LAZY_TABLE"] = table
    sys.modules[package].__class__ = _LazyPackage


class _LazyPackage(types.ModuleType):
    """A lazy namespace's module: a name of its table keeps meaning the
    table's object when a submodule of the same name is imported.

    Python sets a package's attribute to a submodule when the submodule is
    first imported; `kerasish.ops.conv` is the op `conv`, defined in the
    module ops/conv.py, and must stay the op after `import kerasish.ops.conv`.
    """

    def __setattr__(self, name, value):
        is_submodule = isinstance(value, types.ModuleType) and (
            value.__name__ == f"{self.__name__}.{name}"
        )
        if is_submodule and name in self.__dict__.get("_LAZY_TABLE", ()):
            return
        super().__setattr__(name, value)


class LazyObjects(Mapping):
    """A read-only `{name: object}` dict whose objects are imported when read.

    The built-in objects of a family (`kerasish.layers.ALL_OBJECTS_DICT`)
    are one of these, made from the family's table, so looking up one class
    by name imports only its module.

    Args:
        package: the package the table's relative paths start from.
        table: a dict `{name: module path}` (see the module docstring).
    """

    def __init__(self, package, table):
        self._package = package
        self._table = dict(table)
        self._loaded = {}

    def __getitem__(self, name):
        if name not in self._loaded:
            self._loaded[name] = resolve(self._package, self._table[name], name)
        return self._loaded[name]

    def __iter__(self):
        return iter(self._table)

    def __len__(self):
        return len(self._table)

    def __contains__(self, name):
        return name in self._table

    def __repr__(self):
        return f"LazyObjects({self._package!r}, {len(self)} names)"
