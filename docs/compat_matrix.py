"""Writes docs/pages/compatibility.md: which public names of real Keras exist
in kerasish, and which of those the parity suite (compat_tests/) compares
against Keras.

    python docs/compat_matrix.py            # rewrite the page
    python docs/compat_matrix.py --check    # exit 1 if the page is stale

Needs real Keras (the `test` extra). Nothing in the page is typed by hand:

* "in kerasish": the name is a public attribute of the kerasish namespace
  (a module counts only where Keras's name is a module too).
* "parity-tested": a collected, not skipped, test of compat_tests/ names it
  in one of three ways (see `names_tested_by`):
  1. its parameters: a string it is parametrized with, or a string field of a
     case object such as `LossCase`, or its id (`"Dense[relu]"`, `Conv2D-3`);
  2. its function's name (`test_early_stopping_matches_keras` names
     EarlyStopping, `test_shape_dtype_and_is_tensor_...` names is_tensor);
  3. code of its file run on either library (`m.metrics.AUC()` with `m` being
     kerasish or keras), or called through both `kerasish.<namespace>.<name>`
     and `keras.<namespace>.<name>`.
  Rules 1 and 2 count only in files named after the namespace
  (`test_losses_parity.py`, `test_toolkit_metrics_parity.py`); in other files
  (`test_cnn_parity.py`) a class name in a test's parameters or id counts for
  the one namespace that has a class of that name.
  compat_tests/test_docs_claims.py is left out: it pins differences.
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
    "initializers", "ops", "utils", "datasets", "random", "tree",
]
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ATTRIBUTE_CHAIN = re.compile(r"\b([A-Za-z_]\w*)\.([a-z]+)\.([A-Za-z_]\w*)")
LIBRARY_ROOTS = {"kerasish", "keras"}
# Names that never stand for "kerasish or keras": other libraries, and Keras 2.
OTHER_ROOTS = {"np", "numpy", "tf", "tensorflow", "tf_keras", "self"}
NOT_PARITY_FILES = {"test_docs_claims.py"}


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
    if item.path.name in NOT_PARITY_FILES:
        return False
    return not any(item.iter_markers("skip")) and not any(item.iter_markers("xfail"))


def _namespace_of(path):
    """`test_toolkit_metrics_parity.py` -> "metrics"; None for other files."""
    stem = f"_{path.stem}_"
    for namespace in NAMESPACES:
        if f"_{namespace}_" in stem:
            return namespace
    return None


def _parameter_words(item):
    """Identifiers in the test's parameters and in its id (`Conv2D-3`)."""
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return set()
    words = set(IDENTIFIER.findall(callspec.id))
    for value in callspec.params.values():
        for text in _strings_in(value):
            words.update(IDENTIFIER.findall(text))
    return words


def _names_in_shared_code(source):
    """namespace -> names the file reaches through a variable that stands for
    either library, or through both kerasish and keras."""
    found = {namespace: set() for namespace in NAMESPACES}
    rooted = {}
    for root, namespace, name in ATTRIBUTE_CHAIN.findall(source):
        if namespace not in found:
            continue
        if root in LIBRARY_ROOTS:
            rooted.setdefault((namespace, name), set()).add(root)
        elif root not in OTHER_ROOTS:
            found[namespace].add(name)
    for (namespace, name), roots in rooted.items():
        if {"kerasish", "keras"} <= roots:
            found[namespace].add(name)
    return found


def names_tested_by(items, kerasish):
    """namespace -> (words of parameters and test names, names in shared code).

    In a file named after no namespace (`test_cnn_parity.py`), a class name in
    a test's parameters or id counts for the one namespace that has it."""
    words = {namespace: set() for namespace in NAMESPACES}
    shared = {namespace: set() for namespace in NAMESPACES}
    unplaced = set()
    files = set()
    for item in items:
        if not _counts_as_parity(item):
            continue
        files.add(item.path)
        namespace = _namespace_of(item.path)
        if namespace is not None:
            words[namespace] |= _parameter_words(item)
            words[namespace].add(item.originalname)
        else:
            unplaced |= {word for word in _parameter_words(item) if word != word.lower()}
    for path in sorted(files):
        for namespace, names in _names_in_shared_code(path.read_text(encoding="utf-8")).items():
            shared[namespace] |= names
    owners = {}
    for namespace in NAMESPACES:
        for name in public_names(getattr(kerasish, namespace)):
            owners.setdefault(name, []).append(namespace)
    for name in unplaced:
        if len(owners.get(name, [])) == 1:
            shared[owners[name][0]].add(name)
    return words, shared


def _named_by_word(name, word):
    """`name` is `word`, or a run of its underscore-separated parts: as they
    are for a snake_case name (`is_tensor` in `test_shape_dtype_and_is_tensor_...`),
    and for a CamelCase name the whole word or two or more parts joined
    (`early_stopping` in `test_early_stopping_matches_keras`; a lone `layer`
    in `test_layer_config_matches_keras` does not name the base class Layer)."""
    if name == word:
        return True
    parts = word.lower().split("_")
    if name != name.lower():
        wanted = name.lower()
        return word.lower() == wanted or any(
            "".join(parts[i:j]) == wanted
            for i in range(len(parts)) for j in range(i + 2, len(parts) + 1)
        )
    return f"_{name.lower()}_" in f"_{'_'.join(parts)}_"


def is_tested(name, is_module, words, shared):
    """Modules count only when shared code reaches them (rule 3): a word such
    as `numpy` in `convert_to_numpy` says nothing about `keras.ops.numpy`."""
    if name in shared:
        return True
    return not is_module and any(_named_by_word(name, word) for word in words)


# ------------------------------------------------------------------ page


def rows(namespace, keras, kerasish, words, shared):
    theirs = public_names(getattr(keras, namespace))
    ours = public_names(getattr(kerasish, namespace))
    table = []
    for name in sorted(theirs, key=str.lower):
        here = supported(theirs[name], ours.get(name))
        checked = here and is_tested(name, theirs[name], words[namespace], shared[namespace])
        table.append((name, theirs[name], here, checked))
    only_ours = sorted(n for n, is_module in ours.items() if n not in theirs and not is_module)
    return table, only_ours


def render(keras, kerasish, words, shared):
    lines = [
        "# Compatibility matrix",
        "",
        "<!-- Generated by docs/compat_matrix.py; do not edit by hand. -->",
        "",
        f"Every public name of Keras {keras.__version__}'s namespaces, and whether kerasish "
        f"{kerasish.__version__} has it. **Parity-tested** means a test in `compat_tests/` "
        "compares it with real Keras (values, gradients, configs, printed output or names, "
        "depending on the family). `docs/compat_matrix.py` reads that mark from the tests "
        "pytest collects: a name counts when a test is parametrized with it, when a test's "
        "function name names it (`test_early_stopping_matches_keras`), or when a test file "
        "runs it through code shared by both libraries (`m.metrics.AUC()` with `m` either "
        "library). The script writes this page (`python docs/compat_matrix.py`), and a CI "
        "test fails when the page is stale.",
        "",
        "| namespace | Keras names | in kerasish | parity-tested |",
        "| --- | ---: | ---: | ---: |",
    ]
    sections = []
    for namespace in NAMESPACES:
        table, only_ours = rows(namespace, keras, kerasish, words, shared)
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

    words, shared = names_tested_by(collect_compat_items(), kerasish)
    return render(keras, kerasish, words, shared)


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
