"""The Keras 3 native formats: `.weights.h5` files and `.keras` zip archives.

Where each object's variables live is decided exactly as Keras decides it:
every layer and optimizer reachable from the model gets a group
`<path>/vars` (with a `name` attribute) holding datasets `"0"`, `"1"`, ...
Paths come from attribute names (`optimizer`, `dense1`, ...), and the
objects inside a list attribute are named after their class in snake case,
made unique (`layers/dense`, `layers/dense_1`, ...). Sequential and
Functional models list their `layers` first.

Loading reads and checks every value before assigning any, so a file that
does not match leaves the model as it was. Writing goes to a temporary file
next to the target that is renamed over it at the end, so an interrupted
write never leaves a half-written file in place of a good one.
"""

import contextlib
import datetime
import io
import json
import os
import tempfile
import warnings
import zipfile

import numpy as np

from kerasish.layers.layer import MAX_WEIGHT_ELEMENTS, Layer
from kerasish.optimizers.optimizer import Optimizer
from kerasish.saving import serialization_lib
from kerasish.utils import naming
from kerasish.version import __version__ as kerasish_version

# The Keras release whose file formats kerasish writes.
KERAS_FORMAT_VERSION = "3.15.1"
CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
VARS_FILENAME = "model.weights.h5"


# ------------------------------------------------------------ atomic files
def atomic_write(filepath, write):
    """Calls `write(temp_path)` then renames the temporary file to
    `filepath`; on any error the temporary file is removed and `filepath`
    keeps its previous content."""
    filepath = os.fspath(filepath)
    directory = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(directory, exist_ok=True)
    handle, temp_path = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(filepath)}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        write(temp_path)
        with open(temp_path, "rb") as f:
            os.fsync(f.fileno())
        os.replace(temp_path, filepath)
    except BaseException:
        if os.path.exists(temp_path):
            os.remove(temp_path)
        raise


# ------------------------------------------------------------ the object walk
def _is_saveable(obj):
    return isinstance(obj, (Layer, Optimizer))


def _own_variables(obj):
    """The variables an object stores in its own `vars` group, in Keras's
    order: what the layer's default `save_own_variables` writes; all of an
    optimizer's variables."""
    if isinstance(obj, Optimizer):
        return list(obj.variables)
    return obj._saved_variables()


def _overrides_saving(obj):
    """Whether a layer saves its state its own way (a user's override of
    `save_own_variables`/`load_own_variables`, as Keras allows)."""
    cls = type(obj)
    return isinstance(obj, Layer) and (
        cls.save_own_variables is not Layer.save_own_variables
        or cls.load_own_variables is not Layer.load_own_variables
    )


_SKIPSETS = {}


def _attribute_skipset(obj):
    """Attribute names every plain Layer has: Keras does not look for state
    there (only in what subclasses add, such as `optimizer` or `dense1`)."""
    # Imported here: kerasish.models is still loading when it imports saving.
    from kerasish.models.sequential import Sequential

    kind = "Sequential" if isinstance(obj, Sequential) else "Layer"
    if kind not in _SKIPSETS:
        reference = Layer(name="saving_reference")
        skip = set(dir(reference)) | {"_compile_config"}
        if kind == "Sequential":
            skip.add("_input_layer")
        _SKIPSETS[kind] = skip
    return _SKIPSETS[kind]


def _lists_layers_first(obj):
    # Imported here: kerasish.models is still loading when it imports saving.
    from kerasish.models.functional import Functional
    from kerasish.models.sequential import Sequential

    return isinstance(obj, (Sequential, Functional))


def _children(obj):
    """(attribute name, value) pairs Keras visits below `obj`."""
    if isinstance(obj, Optimizer):
        return
    if _lists_layers_first(obj):
        yield "layers", obj.layers
    skip = _attribute_skipset(obj)
    # Private attributes last, as Keras orders them.
    for name in sorted(dir(obj), key=lambda n: "~" + n if n.startswith("_") else n):
        if name.startswith("__") or name in skip:
            continue
        try:
            value = getattr(obj, name)
        except Exception:  # a property that cannot be computed holds no state
            continue
        yield name, value


def _join(path, name):
    return f"{path}/{name}" if path else name


def collect_entries(model):
    """Returns [(path, object)] for every layer and optimizer below `model`,
    in Keras's visiting order."""
    entries, visited = [], set()
    _visit(model, "", entries, visited)
    return entries


def _visit(obj, path, entries, visited):
    if id(obj) in visited:
        return
    entries.append((path, obj))
    visited.add(id(obj))
    for name, child in _children(obj):
        if _is_saveable(child):
            _visit(child, _join(path, name), entries, visited)
        elif isinstance(child, (list, tuple, dict)):
            _visit_container(child, _join(path, name), entries, visited, set())


def _visit_container(container, path, entries, visited, seen_containers):
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    items = list(container.values()) if isinstance(container, dict) else container
    used = {}
    for item in items:
        if _is_saveable(item):
            name = _unique(naming.to_snake_case(type(item).__name__), used)
            _visit(item, _join(path, name), entries, visited)
        elif isinstance(item, (list, tuple, dict)):
            name = _unique("container", used)
            _visit_container(item, _join(path, name), entries, visited, seen_containers)


def _unique(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


# ------------------------------------------------------------ HDF5 helpers
def h5py_module():
    try:
        import h5py
    except ImportError as error:  # pragma: no cover - h5py is a dependency
        raise ImportError("Saving and loading weights requires h5py: pip install h5py") from error
    return h5py


def open_h5(source, filepath):
    """Opens an HDF5 file for reading with an error that names the file."""
    h5py = h5py_module()
    try:
        return h5py.File(source, mode="r")
    except OSError as error:
        raise OSError(
            f"Unable to read '{filepath}': it is not a valid HDF5 file, or it is truncated or "
            f"corrupted ({error})."
        ) from error


def safe_group(parent, name):
    """`parent[name]` if it is a plain group; refuses links out of the file."""
    h5py = h5py_module()
    current = parent
    for part in name.split("/"):
        if part not in current:
            return None
        link = current.get(part, getclass=True, getlink=True)
        if link in (h5py.ExternalLink, h5py.SoftLink):
            raise ValueError(f"Not allowed: H5 file with {link.__name__} at '{name}'")
        current = current[part]
        if not isinstance(current, h5py.Group):
            raise ValueError(f"Invalid H5 file: expected a group at '{name}', found {current}")
    return current


def read_dataset(group, key):
    """The array stored at `group[key]`, refusing links, external data, and
    (before reading) a dataset larger than any weight a layer may create."""
    dataset = open_dataset(group, key)
    if dataset.size > MAX_WEIGHT_ELEMENTS:
        raise ValueError(
            f"Refusing to read dataset '{dataset.name}' of shape {dataset.shape}: "
            f"{dataset.size} elements, above the limit of {MAX_WEIGHT_ELEMENTS} per weight."
        )
    return np.asarray(dataset[()])


def open_dataset(group, key):
    """The dataset at `group[key]`, not yet read (its shape can be checked
    first), refusing links and external data."""
    h5py = h5py_module()
    link = group.get(key, getclass=True, getlink=True)
    if link is None:
        raise KeyError(key)
    if link in (h5py.ExternalLink, h5py.SoftLink):
        raise ValueError(f"Not allowed: H5 file with {link.__name__} at '{key}'")
    dataset = group[key]
    if not isinstance(dataset, h5py.Dataset):
        raise ValueError(f"Invalid H5 file: expected a dataset at '{key}', found {dataset}")
    if dataset.external or dataset.is_virtual:
        raise ValueError(f"Not allowed: H5 file with an external or virtual dataset at '{key}'")
    return dataset


@contextlib.contextmanager
def corrupted_file_errors(filepath):
    """Reports h5py's low-level read errors as a damaged file, by name."""
    try:
        yield
    except (OSError, KeyError) as error:
        raise OSError(
            f"Unable to read '{filepath}': the file is truncated or corrupted ({error})."
        ) from error


def check_shape(variable, value, where, filepath):
    if tuple(variable.shape) != tuple(value.shape):
        raise ValueError(
            f"Cannot load weights from '{filepath}': shape mismatch for {where}, variable "
            f"'{variable.path}'. The model expects shape {tuple(variable.shape)}, the file has "
            f"shape {tuple(value.shape)}."
        )


def assign_all(assignments):
    """Assigns values read and checked beforehand. Every value is converted
    to its variable's dtype first, so a value that cannot be converted fails
    before any variable has changed."""
    converted = []
    assignments = list(assignments)
    # (read_weights adds (layer.load_own_variables, store) for layers that
    # load their own way: they run last, once every value is known to fit.)
    loaders = [(load, store) for load, store in assignments if callable(load)]
    assignments = [(v, x) for v, x in assignments if not callable(v)]
    for variable, value in assignments:
        try:
            converted.append((variable, np.asarray(value).astype(variable.value.dtype)))
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"Cannot load a value of dtype {np.asarray(value).dtype} into variable "
                f"'{variable.path}' of dtype {variable.value.dtype}: {error}"
            ) from None
    for variable, value in converted:
        variable.assign(value)
    for load_own_variables, store in loaders:  # layers that load their own way
        load_own_variables(store)


# ------------------------------------------------------------ weights files
def write_weights(model, h5_file):
    """Writes the state of `model` into an open, writable h5py File."""
    for path, obj in collect_entries(model):
        group = h5_file.create_group(_join(path, "vars"))
        group.attrs["name"] = obj.name
        if isinstance(obj, Optimizer):
            for index, variable in enumerate(_own_variables(obj)):
                group[str(index)] = np.asarray(variable.value)
            continue
        store = {}
        obj.save_own_variables(store)  # the layer says what its state is
        for key, value in store.items():
            group[key] = np.asarray(value)


def read_weights(model, h5_file, filepath, skip_mismatch=False):
    """Reads `model`'s state from an open h5py File; returns the
    (variable, value) pairs to assign once everything is checked."""
    assignments, problems, own_ways = [], [], []
    for path, obj in collect_entries(model):
        group = safe_group(h5_file, _join(path, "vars"))
        if _overrides_saving(obj):
            # Its own format: read everything, and let the layer load it once
            # every other object has been checked.
            store = {key: read_dataset(group, key) for key in group.keys()} if group else {}
            own_ways.append((obj, store))
            continue
        variables = _own_variables(obj)
        keys = sorted(group.keys(), key=_numeric_key) if group is not None else []
        if len(keys) != len(variables):
            if isinstance(obj, Optimizer):
                warnings.warn(
                    f"Skipping variable loading for optimizer '{obj.name}', because it has "
                    f"{len(variables)} variables whereas the saved optimizer has {len(keys)} "
                    "variables. "
                    + ("This is likely because the optimizer has not been called/built yet."
                       if not obj.built else ""),
                    stacklevel=3,
                )
                continue
            problems.append(
                f"Layer '{obj.name}' (at '{path or '/'}') expected {len(variables)} variables, "
                f"but received {len(keys)} variables during loading. "
                f"Expected: {[v.name for v in variables]}"
            )
            continue
        # Shapes are compared before reading: a dataset declaring a huge shape
        # must not be allocated just to find out that it does not fit.
        values = [open_dataset(group, str(i)) for i in range(len(variables))]
        mismatched = [(v, x) for v, x in zip(variables, values) if tuple(v.shape) != x.shape]
        if mismatched:
            variable, value = mismatched[0]
            problems.append(
                f"{_kind(obj)} '{obj.name}' (at '{path or '/'}'): variable '{variable.path}' "
                f"has shape {tuple(variable.shape)} in the model but {tuple(value.shape)} in "
                "the file."
            )
            continue
        assignments.extend(zip(variables, (np.asarray(x[()]) for x in values)))
    if problems:
        message = (
            f"Cannot load weights from '{filepath}': {len(problems)} objects do not match the "
            "model:\n" + "\n".join(problems)
        )
        if not skip_mismatch:
            raise ValueError(message)
        warnings.warn(message, stacklevel=3)
    assignments.extend((obj.load_own_variables, store) for obj, store in own_ways)
    return assignments


def _kind(obj):
    return "Optimizer" if isinstance(obj, Optimizer) else "Layer"


def _numeric_key(key):
    return (0, int(key)) if key.isdigit() else (1, key)


def save_weights_only(model, filepath):
    if not model.built:
        raise ValueError(
            "You are saving a model that has not yet been built. Try building the model first "
            "by calling it on some data or by using `build()`."
        )

    def write(temp_path):
        with h5py_module().File(temp_path, "w") as f:
            write_weights(model, f)

    atomic_write(filepath, write)


def load_weights_only(model, filepath, skip_mismatch=False):
    if not model.built:
        raise ValueError(
            "You are loading weights into a model that has not yet been built. Try building "
            "the model first by calling it on some data or by using `build()`."
        )
    filepath = os.fspath(filepath)
    if filepath.endswith(".keras"):
        with _open_archive(filepath) as archive:
            source = io.BytesIO(_read_member(archive, VARS_FILENAME, filepath))
        assignments = _read_weights_source(model, source, filepath, skip_mismatch)
    else:
        assignments = _read_weights_source(model, filepath, filepath, skip_mismatch)
    assign_all(assignments)


def _read_weights_source(model, source, filepath, skip_mismatch):
    with open_h5(source, filepath) as f, corrupted_file_errors(filepath):
        return read_weights(model, f, filepath, skip_mismatch)


# ------------------------------------------------------------ .keras archives
def save_model(model, filepath):
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError(
            f"Invalid `filepath` argument: expected a `.keras` extension. Received: "
            f"filepath={filepath}"
        )
    if not model.built:
        warnings.warn(
            "You are saving a model that has not yet been built. It might not contain any "
            "weights yet. Consider building the model first by calling it on some data.",
            stacklevel=3,
        )
    config_json = json.dumps(serialization_lib.serialize_keras_object(model))
    metadata_json = json.dumps({
        "keras_version": KERAS_FORMAT_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        "kerasish_version": kerasish_version,
    })
    weights = io.BytesIO()
    with h5py_module().File(weights, "w") as f:
        write_weights(model, f)

    assets = _collect_assets(model)

    def write(temp_path):
        with zipfile.ZipFile(temp_path, "w") as archive:
            archive.writestr(METADATA_FILENAME, metadata_json)
            archive.writestr(CONFIG_FILENAME, config_json)
            archive.writestr(VARS_FILENAME, weights.getvalue())
            for name, content in assets:
                archive.writestr(name, content)

    atomic_write(filepath, write)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    filepath = os.fspath(filepath)
    with _open_archive(filepath) as archive:
        config_json = _read_member(archive, CONFIG_FILENAME, filepath)
        weights = _read_member(archive, VARS_FILENAME, filepath)
    try:
        config = json.loads(config_json)
    except ValueError as error:
        raise ValueError(f"The config.json in '{filepath}' is not valid JSON: {error}") from None
    if not compile:
        config["compile_config"] = None
    model = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, safe_mode=safe_mode
    )
    assign_all(_read_weights_source(model, io.BytesIO(weights), filepath, False))
    with _open_archive(filepath) as archive:
        _load_assets(model, archive)
    return model


# ------------------------------------------------------------ assets
# Keras keeps some state as files (a lookup layer's `vocabulary.txt`) under
# `assets/<object path>/` in the archive, written by `save_assets(dir)` and
# read back by `load_assets(dir)`.
def _collect_assets(model):
    assets = []
    for path, obj in collect_entries(model):
        if not hasattr(obj, "save_assets"):
            continue
        with tempfile.TemporaryDirectory() as directory:
            obj.save_assets(directory)
            for name in sorted(os.listdir(directory)):
                with open(os.path.join(directory, name), "rb") as f:
                    assets.append((f"assets/{_join(path, name)}", f.read()))
    return assets


def _load_assets(model, archive):
    names = archive.namelist()
    for path, obj in collect_entries(model):
        if not hasattr(obj, "load_assets"):
            continue
        prefix = f"assets/{path}/" if path else "assets/"
        files = [n for n in names if n.startswith(prefix)
                 and "/" not in n[len(prefix):] and n[len(prefix):] not in ("", ".", "..")]
        with tempfile.TemporaryDirectory() as directory:
            for name in files:
                with open(os.path.join(directory, name[len(prefix):]), "wb") as f:
                    f.write(archive.read(name))
            obj.load_assets(directory)


def _open_archive(filepath):
    if not os.path.exists(filepath):
        raise ValueError(
            f"File not found: filepath={filepath}. Please ensure the file is an accessible "
            "`.keras` zip file."
        )
    try:
        return zipfile.ZipFile(filepath, "r")
    except zipfile.BadZipFile as error:
        raise ValueError(
            f"The file '{filepath}' is not a valid `.keras` archive (a zip file): {error}"
        ) from None


def _read_member(archive, name, filepath):
    names = archive.namelist()
    if name not in names:
        raise ValueError(
            f"The archive '{filepath}' is not a Keras model file: it has no {name}. "
            f"It contains: {names}"
        )
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ValueError(
            f"The member {name} of '{filepath}' is truncated or corrupted: {error}"
        ) from None
