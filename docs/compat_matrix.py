"""Writes docs/pages/compatibility.md: which public names of real Keras exist
in kerasish, and which of those the parity suite (compat_tests/) compares
against Keras.

    python docs/compat_matrix.py            # rewrite the page
    python docs/compat_matrix.py --check    # exit 1 if the page is stale

Needs real Keras (the `test` extra). Nothing in the page is typed by hand:

* "in kerasish": the name is a public attribute of the kerasish namespace
  (a module counts only where Keras's name is a module too).
* "parity-tested": a test collected from compat_tests/test_<namespace>_*.py
  names it, either in its parameters (the strings it is parametrized with,
  including the string fields of case objects such as `LossCase`) or as a
  whole word of the test function's name (`test_shape_dtype_and_...`).
  Tests marked skip or xfail do not count.
"""

import argparse
import contextlib
import dataclasses
import io
import os
import re
import sys
import types

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.path.join(REPO, "docs", "pages", "compatibility.md")
NAMESPACES = [
    "layers", "losses", "metrics", "optimizers", "callbacks", "activations",
    "initializers", "ops", "utils", "datasets",
]
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# ------------------------------------------------------------------ names


def public_names(module):
    """Public attribute names of `module`, each mapped to whether it is a module."""
    return {
        name: isinstance(getattr(module, name), types.ModuleType)
        for name in dir(module)
        if not name.startswith("_")
    }


def supported(keras_is_module, ours):
    """A kerasish name counts when it exists and is a module only where Keras's is."""
    if keras_is_module is None or ours is None:
        return False
    return ours == keras_is_module


# ---------------------------------------------------- parity-tested names


class _Collector:
    """A pytest plugin that keeps the collected test items."""

    def __init__(self):
        self.items = []

    def pytest_collection_finish(self, session):
        self.items = list(session.items)


def collect_compat_items():
    import pytest

    collector = _Collector()
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = pytest.main(
            ["--collect-only", "-qq", "-p", "no:cacheprovider", "-o", "addopts=",
             os.path.join(REPO, "compat_tests")],
            plugins=[collector],
        )
    if code != 0:
        raise SystemExit(f"collecting compat_tests failed (exit {code}):\n{output.getvalue()}")
    return collector.items


def _strings_in(value):
    """The strings a test parameter carries: itself, the items of a list or
    tuple, the string fields of a dataclass."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings_in(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name) for f in dataclasses.fields(value)
                if isinstance(getattr(value, f.name), str)]
    return []


def _counts_as_parity(item):
    return not any(item.iter_markers("skip")) and not any(item.iter_markers("xfail"))


def _namespace_of(item):
    """`test_losses_parity.py` -> "losses"; None for files about no namespace."""
    stem = item.path.stem
    for namespace in NAMESPACES:
        if stem.startswith(f"test_{namespace}_"):
            return namespace
    return None


def words_in_parameters(item):
    words = set()
    callspec = getattr(item, "callspec", None)
    for value in (callspec.params.values() if callspec else []):
        for text in _strings_in(value):
            words.update(IDENTIFIER.findall(text))
    return words


def parity_tested(items):
    """namespace -> (words its tests are parametrized with, its test function names)."""
    words = {namespace: set() for namespace in NAMESPACES}
    functions = {namespace: set() for namespace in NAMESPACES}
    for item in items:
        namespace = _namespace_of(item)
        if namespace is None or not _counts_as_parity(item):
            continue
        words[namespace] |= words_in_parameters(item)
        functions[namespace].add(item.originalname)
    return words, functions


def is_tested(name, words, functions):
    """`name` is a parameter word, or a whole word of a test function's name."""
    return name in words or any(f"_{name}_" in f"_{function}_" for function in functions)


# ------------------------------------------------------------------ page


def rows(namespace, keras, kerasish, words, functions):
    theirs = public_names(getattr(keras, namespace))
    ours = public_names(getattr(kerasish, namespace))
    table = []
    for name in sorted(theirs, key=str.lower):
        here = supported(theirs[name], ours.get(name))
        checked = here and is_tested(name, words[namespace], functions[namespace])
        table.append((name, theirs[name], here, checked))
    only_ours = sorted(n for n, is_module in ours.items() if n not in theirs and not is_module)
    return table, only_ours


def render(keras, kerasish, words, functions):
    lines = [
        "# Compatibility matrix",
        "",
        "<!-- Generated by docs/compat_matrix.py; do not edit by hand. -->",
        "",
        f"Every public name of Keras {keras.__version__}'s namespaces, and whether kerasish "
        f"{kerasish.__version__} has it. **Parity-tested** means a test in `compat_tests/` "
        "compares it with real Keras (values, gradients, configs or names, depending on "
        "the family); the mark is read from the collected tests by "
        "`docs/compat_matrix.py`, which also writes this page "
        "(`python docs/compat_matrix.py`). A CI test fails when the page is stale.",
        "",
        "| namespace | Keras names | in kerasish | parity-tested |",
        "| --- | ---: | ---: | ---: |",
    ]
    sections = []
    for namespace in NAMESPACES:
        table, only_ours = rows(namespace, keras, kerasish, words, functions)
        have = sum(1 for row in table if row[2])
        checked = sum(1 for row in table if row[3])
        lines.append(f"| [`keras.{namespace}`](#keras{namespace}) | {len(table)} | {have} | {checked} |")
        sections += ["", f"## keras.{namespace}", "",
                     f"{have} of {len(table)} names in kerasish, {checked} parity-tested.", "",
                     "| name | in kerasish | parity-tested |", "| --- | :---: | :---: |"]
        for name, is_module, here, check in table:
            label = f"`{name}`" + (" (module)" if is_module else "")
            sections.append(f"| {label} | {'yes' if here else '-'} | {'yes' if check else '-'} |")
        if only_ours:
            sections += ["", "kerasish only (helpers, not Keras API): "
                         + ", ".join(f"`{name}`" for name in only_ours) + "."]
    return "\n".join(lines + sections) + "\n"


def generate():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    sys.path.insert(0, REPO)
    import keras

    import kerasish

    words, functions = parity_tested(collect_compat_items())
    return render(keras, kerasish, words, functions)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the committed page differs from a fresh generation")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        with open(PAGE, encoding="utf-8") as handle:
            if handle.read() != text:
                print(f"{PAGE} is stale: run python docs/compat_matrix.py", file=sys.stderr)
                return 1
        return 0
    with open(PAGE, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {os.path.relpath(PAGE, REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
