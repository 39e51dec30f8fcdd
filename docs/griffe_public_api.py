"""A Griffe extension for the API reference: a name a kerasish namespace
imports from inside kerasish (`from kerasish.layers.core.dense import Dense`
in `kerasish/layers/__init__.py`) is part of that namespace's public API, as
it is at run time (`kerasish.layers.Dense`). Griffe treats imported names as
private unless `__all__` lists them, which would leave most reference pages
empty.

Some packages compute `__all__` (`[cls.__name__ for cls in RNN_LAYERS]`), which
Griffe cannot read from the source; their `from ... import *` would bring in
nothing. The extension takes such a list from the imported module instead."""

import importlib
import sys

import griffe


class KerasishPublicImports(griffe.Extension):
    def on_module_members(self, *, mod, **kwargs):
        # Before Griffe expands the package's `from ... import *`.
        if mod.package.path == "kerasish" and "__all__" in mod.members and not mod.exports:
            mod.exports = _computed_exports(mod)

    def on_package(self, *, pkg, **kwargs):
        if pkg.path != "kerasish":
            return
        for namespace in pkg.modules.values():
            _publish_imported_members(namespace)


def _publish_imported_members(module):
    for name, member in module.members.items():
        if name.startswith("_") or not member.is_alias or member.public is not None:
            continue
        if not member.target_path.startswith("kerasish."):
            continue
        try:
            if member.final_target.is_module:
                continue
        except griffe.AliasResolutionError:
            continue
        member.public = True


def _computed_exports(module):
    """The `__all__` a module computes at import time, from the checkout being documented."""
    sys.path.insert(0, str(module.package.filepath.parent.parent))
    try:
        return list(importlib.import_module(module.path).__all__)
    finally:
        sys.path.pop(0)
