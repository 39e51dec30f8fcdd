"""A Griffe extension for the API reference: a name a kerasish namespace
imports from inside kerasish (`from kerasish.layers.core.dense import Dense`
in `kerasish/layers/__init__.py`) is part of that namespace's public API, as
it is at run time (`kerasish.layers.Dense`). Griffe treats imported names as
private unless `__all__` lists them, which would leave most reference pages
empty."""

import griffe


class KerasishPublicImports(griffe.Extension):
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
