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
     case object such as `LossCase`, or its id (`"Dense[relu]"`, `Conv2D-3`),
     spelled exactly as the name: `relu` in `Dense[relu]` names the
     activation `relu`, never the layer `ReLU`;
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
# "" is the top-level `keras` namespace; dotted names are submodules.
NAMESPACES = [
    "", "layers", "losses", "metrics", "optimizers", "callbacks", "activations",
    "initializers", "regularizers", "constraints", "ops", "ops.nn", "ops.numpy", "ops.linalg",
    "ops.image", "random", "tree", "utils", "models", "saving", "datasets",
]

# Keras names kerasish leaves out on purpose, each with the reason. They are
# listed in the page and left out of the coverage percentage.
_BACKEND_WRAPPER = "wraps another framework's modules; kerasish has one NumPy backend"
_NEEDS_NETWORK = "downloads data from the internet at run time"
EXCLUDED = {
    "": {
        "applications": "pretrained networks downloaded from the internet",
        "distillation": "knowledge-distillation API for multi-device JAX/TF training",
        "distribution": "multi-device training (JAX/TF); kerasish runs on one CPU",
        "dtype_policies": "mixed precision and quantized dtypes: NumPy on the CPU is float32",
        "mixed_precision": "float16/bfloat16 compute policies for accelerators",
        "quantizers": "int8/float8 quantization for accelerators",
        "Quantizer": "int8/float8 quantization for accelerators",
        "RematScope": "gradient rematerialization, a memory saver for accelerators",
        "remat": "gradient rematerialization, a memory saver for accelerators",
        "device": "places computations on accelerators; kerasish has only the CPU",
        "StatelessScope": "stateless tracing for JAX's jit",
        "SymbolicScope": "symbolic tracing for the compiled backends",
        "src": "Keras's private implementation package",
        "legacy": "Keras 2 pickling shims",
        "wrappers": "scikit-learn wrappers (need scikit-learn)",
    },
    "layers": {
        "JaxLayer": _BACKEND_WRAPPER,
        "FlaxLayer": _BACKEND_WRAPPER,
        "TorchModuleWrapper": _BACKEND_WRAPPER,
        "TFSMLayer": "loads a TensorFlow SavedModel, which needs TensorFlow",
    },
    "callbacks": {
        "RemoteMonitor": "sends logs to a network service",
        "OrbaxCheckpoint": "writes checkpoints through Orbax, a JAX library",
    },
    "optimizers": {
        "LossScaleOptimizer": "float16 loss scaling, for mixed precision kerasish does not have",
        "legacy": "Keras 2 shims for TensorFlow's legacy optimizers",
    },
    "utils": {
        "legacy": "Keras 2 serialization shims",
    },
    "datasets": {
        name: _NEEDS_NETWORK
        for name in ("boston_housing", "california_housing", "cifar10", "cifar100",
                     "fashion_mnist", "imdb", "reuters")
    },
}

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ATTRIBUTE_CHAIN = re.compile(r"\b([A-Za-z_]\w*)\.([a-z]+)\.([A-Za-z_]\w*)")
OPS_GROUP_CHAIN = re.compile(r"\b([A-Za-z_]\w*)\.ops\.(nn|numpy|linalg|image)\.([A-Za-z_]\w*)")
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


def namespace_module(library, namespace):
    """`library` itself for "", else its (dotted) submodule, or None if it has none."""
    module = library
    for part in filter(None, namespace.split(".")):
        module = getattr(module, part, None)
        if module is None:
            return None
    return module


def namespace_title(namespace):
    return f"keras.{namespace}" if namespace else "keras"


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
    """`test_toolkit_metrics_parity.py` -> "metrics"; None for other files.
    A submodule counts by its last part (`test_linalg_parity.py` -> "ops.linalg")."""
    stem = f"_{path.stem}_"
    for namespace in sorted(filter(None, NAMESPACES), key=len, reverse=True):
        if f"_{namespace.split('.')[-1]}_" in stem:
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
    chains = ATTRIBUTE_CHAIN.findall(source) + [
        (root, f"ops.{group}", name) for root, group, name in OPS_GROUP_CHAIN.findall(source)
    ]
    for root, namespace, name in chains:
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
    """namespace -> (words of test names, names spelled in parameters, names
    in shared code).

    In a file named after no namespace (`test_cnn_parity.py`), a class name in
    a test's parameters or id counts for the one namespace that has it."""
    words = {namespace: set() for namespace in NAMESPACES}
    spelled = {namespace: set() for namespace in NAMESPACES}
    shared = {namespace: set() for namespace in NAMESPACES}
    unplaced = set()
    files = set()
    for item in items:
        if not _counts_as_parity(item):
            continue
        files.add(item.path)
        namespace = _namespace_of(item.path)
        if namespace is not None:
            spelled[namespace] |= _parameter_words(item)
            words[namespace].add(item.originalname)
        else:
            unplaced |= {word for word in _parameter_words(item) if word != word.lower()}
    for path in sorted(files):
        for namespace, names in _names_in_shared_code(path.read_text(encoding="utf-8")).items():
            shared[namespace] |= names
    owners = {}
    for namespace in NAMESPACES:
        module = namespace_module(kerasish, namespace)
        for name in public_names(module) if module is not None else ():
            owners.setdefault(name, []).append(namespace)
    for name in unplaced:
        if len(owners.get(name, [])) == 1:
            spelled[owners[name][0]].add(name)
    return words, spelled, shared


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


def is_tested(name, is_module, words, spelled, shared):
    """Modules count only when shared code reaches them (rule 3): a word such
    as `numpy` in `convert_to_numpy` says nothing about `keras.ops.numpy`.
    Parameters must spell the name exactly (rule 1); test names may name it
    in snake_case (rule 2)."""
    if name in shared:
        return True
    if is_module:
        return False
    return name in spelled or any(_named_by_word(name, word) for word in words)


# ------------------------------------------------------------------ page


def rows(namespace, keras, kerasish, evidence):
    theirs = public_names(namespace_module(keras, namespace))
    our_module = namespace_module(kerasish, namespace)
    ours = public_names(our_module) if our_module is not None else {}
    excluded = EXCLUDED.get(namespace, {})
    table = []
    for name in sorted(theirs, key=str.lower):
        here = supported(theirs[name], ours.get(name))
        checked = here and is_tested(name, theirs[name], *(found[namespace] for found in evidence))
        table.append((name, theirs[name], here, checked, excluded.get(name)))
    only_ours = sorted(n for n, is_module in ours.items() if n not in theirs and not is_module)
    return table, only_ours


def coverage(table):
    """(names counted, present, parity-tested, percent present): excluded names
    that kerasish lacks are not counted."""
    counted = [row for row in table if row[2] or row[4] is None]
    have = sum(1 for row in counted if row[2])
    checked = sum(1 for row in counted if row[3])
    percent = 100.0 * have / len(counted) if counted else 100.0
    return len(counted), have, checked, percent


def render(keras, kerasish, evidence):
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
        "library). **Excluded** names are left out on purpose, with the reason in the "
        "namespace's table; they do not count in the coverage. The script writes this page "
        "(`python docs/compat_matrix.py`), and a CI test fails when the page is stale.",
        "",
        "| namespace | Keras names | excluded | in kerasish | parity-tested | coverage |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    sections = []
    for namespace in NAMESPACES:
        title = namespace_title(namespace)
        anchor = title.replace(".", "")
        table, only_ours = rows(namespace, keras, kerasish, evidence)
        counted, have, checked, percent = coverage(table)
        lines.append(f"| [`{title}`](#{anchor}) | {len(table)} | {len(table) - counted} | "
                     f"{have} | {checked} | {percent:.0f}% |")
        sections += ["", f"## {title}", "",
                     f"{have} of {counted} names in kerasish ({percent:.0f}%), {checked} "
                     f"parity-tested; {len(table) - counted} excluded.", "",
                     *_table_head(namespace)]
        for name, is_module, here, check, reason in table:
            label = f"`{name}`" + (" (module)" if is_module else "")
            status = "yes" if here else (f"excluded: {reason}" if reason else "-")
            row = f"| {label} | {status} | {'yes' if check else '-'} |"
            if namespace == "layers":
                row += f" {'yes' if here and _exports(kerasish, name) else '-'} |"
            sections.append(row)
        if only_ours:
            sections += ["", "kerasish only (helpers, not Keras API): "
                         + ", ".join(f"`{name}`" for name in only_ours) + "."]
    return "\n".join(lines + sections) + "\n"


def _table_head(namespace):
    """Layers get a fourth column: whether `Model.export(format="onnx")` converts them."""
    if namespace == "layers":
        return ["| name | in kerasish | parity-tested | exports to ONNX |",
                "| --- | :---: | :---: | :---: |"]
    return ["| name | in kerasish | parity-tested |", "| --- | :---: | :---: |"]


def _exports(kerasish, name):
    layer_class = getattr(kerasish.layers, name, None)
    return getattr(layer_class, "__name__", None) in kerasish.export.exportable_layers()


def generate():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    sys.path.insert(0, REPO)
    import keras

    import kerasish

    evidence = names_tested_by(collect_compat_items(), kerasish)
    return render(keras, kerasish, evidence)


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
