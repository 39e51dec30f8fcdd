"""A Griffe extension for the API reference: a name a kerasish namespace
imports from inside kerasish (`from kerasish.layers.core.dense import Dense`
in `kerasish/layers/__init__.py`) is part of that namespace's public API, as
it is at run time (`kerasish.layers.Dense`). Griffe treats imported names as
private unless `__all__` lists them, which would leave most reference pages
empty.

Some modules make functions with a factory (`sin = _unary(np.sin, ...)`);
read from the source they are undocumented attributes, so the extension takes
each such function, with its signature and docstring, from the imported module.

Some packages compute `__all__` (`[cls.__name__ for cls in RNN_LAYERS]`), which
Griffe cannot read from the source; their `from ... import *` would bring in
nothing. The extension takes such a list from the imported module instead.

Namespaces that import their names on first use (`kerasish.layers`, see
kerasish/utils/lazy_namespace.py) have no import statement for them at all:
the extension reads them from the imported namespace and adds each as an alias
of the class or function it is."""

import importlib
import sys

import griffe


class KerasishPublicImports(griffe.Extension):
    def on_module_members(self, *, mod, **kwargs):
        if mod.package.path != "kerasish":
            return
        # Before Griffe expands the package's `from ... import *`.
        if "__all__" in mod.members and not mod.exports:
            mod.exports = _computed_exports(mod)
            _document_made_functions(mod)
        _document_made_classes(mod)
        if {"lazy_namespace", "_lazy_namespace"} & set(mod.members):
            _add_lazy_members(mod)

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


def _add_lazy_members(module):
    """Aliases for the names a lazy namespace's `__getattr__` resolves."""
    import inspect

    runtime = _imported(module)
    for name in dir(runtime):
        if name.startswith("_") or name in module.members:
            continue
        value = getattr(runtime, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            target = f"{value.__module__}.{value.__qualname__}"
            module.set_member(name, griffe.Alias(name, target, parent=module))


def _computed_exports(module):
    """The `__all__` a module computes at import time."""
    return list(_imported(module).__all__)


def _checkout(module):
    return str(module.package.filepath.parent.parent)


def _imported(module):
    """The module imported from the checkout being documented, not another installed copy."""
    sys.path.insert(0, _checkout(module))
    try:
        return importlib.import_module(module.path)
    finally:
        sys.path.pop(0)


def _document_made_classes(module):
    """Replaces, by their imported selves, the classes a factory makes
    (`AdaptiveMaxPooling1D = adaptive_pooling_class(...)`, an attribute in the
    source) and those whose docstring is computed (`__doc__ = template(...)`),
    so their pages show the docstring."""
    candidates = [
        name for name, member in module.members.items()
        if not name.startswith("_") and not member.is_alias
        and (member.is_attribute or (member.is_class and member.docstring is None))
    ]
    if not candidates:
        return
    runtime = _imported(module)
    made = [
        name for name in candidates
        if isinstance(getattr(runtime, name, None), type)
        and getattr(runtime, name).__module__ == module.path and getattr(runtime, name).__doc__
    ]
    _set_inspected_members(module, made)


def _set_inspected_members(module, names):
    """Replaces `names` by the members Griffe finds in the imported module,
    parsed as the rest of the site is (mkdocs.yml's docstring style and options)."""
    if not names:
        return
    docstring = module.docstring
    inspected = griffe.inspect(module.path, import_paths=[_checkout(module)],
                               docstring_parser=docstring.parser if docstring else None,
                               docstring_options=docstring.parser_options if docstring else None)
    for name in names:
        module.set_member(name, inspected.members[name])


def _document_made_functions(module):
    """Adds the functions the module makes at import time (`globals()[name] = ...`,
    `name = factory(...)`), which the source alone does not show as functions."""
    runtime = _imported(module)
    made = []
    for name in module.exports:
        value = getattr(runtime, name, None)
        member = module.members.get(name)
        if (callable(value) and getattr(value, "__module__", None) == module.path
                and value.__doc__ and (member is None or member.is_attribute)):
            made.append(name)
    _set_inspected_members(module, made)
