"""`KerasFileEditor`: inspects and edits the weights stored in `.keras` and `.weights.h5` files."""

import io
import json
import os

import numpy as np

from kerasish.saving import saving_lib
from kerasish.saving.saving_lib import collect_entries

_WEIGHTS_DICT_ERROR = ("Argument `weights` should be a dict where keys are weight names (usually "
                       "'0', '1', etc.) and values are NumPy arrays. Received: type(weights)={}")


def _read_group(group):
    """The arrays below an h5 group as nested dicts: `{object: {"0": array, ...}}`,
    with the `vars` groups Keras writes folded into their object."""
    h5py = saving_lib.h5py_module()
    result = {}
    for key in group.keys():
        link = group.get(key, getclass=True, getlink=True)
        if link in (h5py.ExternalLink, h5py.SoftLink):
            raise ValueError(f"Not allowed: H5 file with {link.__name__}")
        value = group[key]
        if isinstance(value, h5py.Group):
            inner = value["vars"] if "vars" in value.keys() else value
            content = _read_group(inner)
            if "vars" in value.keys():
                content.update(_read_group_without(value, "vars"))
            if content:
                result[key] = content
        elif isinstance(value, h5py.Dataset):
            result[key] = value[()]
    return result


def _read_group_without(group, skipped):
    return {k: v for k, v in _read_group(group).items() if k != skipped}


def _write_group(h5_file, weights, path):
    arrays = {name: value for name, value in weights.items() if not isinstance(value, dict)}
    if arrays:
        vars_group = h5_file.create_group(f"{path}/vars" if path else "vars")
        for name, value in arrays.items():
            vars_group.create_dataset(name, data=np.asarray(value))
    for name, value in weights.items():
        if isinstance(value, dict) and value:
            _write_group(h5_file, value, f"{path}/{name}" if path else name)


class KerasFileEditor:
    """Opens a saved model's weights for inspection and surgery: list them
    (`summary`), check them against a model (`compare`), rename, delete or
    add objects and weights, then write a `.weights.h5` file (`save`) that
    `model.load_weights` reads.

    The weights are held in `weights_dict`, nested dicts of NumPy arrays
    keyed as in the file (`{"layers": {"dense": {"0": kernel, "1": bias}}}`).

    Args:
        filepath: a `.keras` or `.weights.h5` file.

    Raises:
        ValueError: if the file has another extension or holds links.

    Examples:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, name="dense")])
        >>> model.save_weights("model.weights.h5")
        >>> editor = keras.saving.KerasFileEditor("model.weights.h5")
        >>> [w.shape for w in editor.weights_dict["layers"]["dense"].values()]
        [(2, 3), (3,)]
        >>> editor.rename_object("dense", "renamed")
        >>> sorted(editor.weights_dict["layers"])
        ['renamed']
    """

    def __init__(self, filepath):
        self.filepath = os.fspath(filepath)
        self.config = None
        self.metadata = None
        h5py = saving_lib.h5py_module()
        if self.filepath.endswith(".keras"):
            import zipfile

            with zipfile.ZipFile(self.filepath) as archive:
                self.config = json.loads(archive.read(saving_lib.CONFIG_FILENAME))
                self.metadata = json.loads(archive.read(saving_lib.METADATA_FILENAME))
                data = io.BytesIO(archive.read(saving_lib.VARS_FILENAME))
            with h5py.File(data, "r") as h5_file:
                self.weights_dict = _read_group(h5_file)
        elif self.filepath.endswith(".weights.h5"):
            with h5py.File(self.filepath, "r") as h5_file:
                self.weights_dict = _read_group(h5_file)
        else:
            raise ValueError("Invalid filename: expected a `.keras` `.weights.h5` extension. "
                             f"Received: filepath={self.filepath}")

    def summary(self):
        """Prints the file's path, the Keras version that saved it and the tree of weights."""
        print(f"Keras model file '{self.filepath}'")
        if self.metadata is not None:
            print(f"Saved with Keras {self.metadata.get('keras_version')} - "
                  f"date: {self.metadata.get('date_saved')}")
        self._print_tree(self.weights_dict, "")

    def _print_tree(self, weights, indent):
        for name, value in weights.items():
            if isinstance(value, dict):
                print(f"{indent}{name}")
                self._print_tree(value, indent + "    ")
            else:
                print(f"{indent}{name}: shape={np.shape(value)}, dtype={np.asarray(value).dtype}")

    def compare(self, reference_model):
        """Checks the file's weights against a model's, as `load_weights` would.

        Args:
            reference_model: a built model.

        Returns:
            A dict `{"status": "success" | "error", "error_count": n,
            "match_count": m}`; mismatches are printed.
        """
        errors = matches = 0
        for path, obj in collect_entries(reference_model):
            stored = self._get(path.split("/") if path else [])
            variables = saving_lib._own_variables(obj)
            if not variables:
                continue
            if stored is None:
                print(f"Object {path} missing from file")
                errors += 1
                continue
            arrays = [v for v in stored.values() if not isinstance(v, dict)]
            if len(arrays) != len(variables) or any(
                    np.shape(a) != tuple(v.shape) for a, v in zip(arrays, variables)):
                print(f"Object {path}: weights {[np.shape(a) for a in arrays]} in the file, "
                      f"{[tuple(v.shape) for v in variables]} in the model")
                errors += 1
            else:
                matches += 1
        return {"status": "error" if errors else "success", "error_count": errors,
                "match_count": matches}

    def _get(self, parts):
        node = self.weights_dict
        for part in parts:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def _find(self, object_name):
        """The dict holding `object_name` (a path, or a name found once in the tree)."""
        if "/" in object_name:
            *parents, name = object_name.split("/")
            parent = self._get(parents)
            if parent is None or name not in parent:
                raise ValueError(f"Path '{object_name}' not found in model.")
            return parent, name
        found = []

        def search(node):
            for key, value in node.items():
                if key == object_name and isinstance(value, dict):
                    found.append(node)
                if isinstance(value, dict):
                    search(value)

        search(self.weights_dict)
        if not found:
            raise ValueError(f"Object '{object_name}' not found in model. Use the full path "
                             "or a name from `summary()`.")
        if len(found) > 1:
            raise ValueError(f"Name '{object_name}' occurs more than once in the model; "
                             "try passing a complete path")
        return found[0], object_name

    def rename_object(self, object_name, new_name):
        """Renames an object (a layer, an optimizer, ...) of the file.

        Args:
            object_name: its name or full path (`"layers/dense"`).
            new_name: the new name.

        Raises:
            ValueError: if the object is not found or its name is ambiguous.
        """
        parent, name = self._find(object_name)
        parent[new_name] = parent.pop(name)

    def delete_object(self, object_name):
        """Removes an object and its weights from the file.

        Args:
            object_name: its name or full path.

        Raises:
            ValueError: if the object is not found or its name is ambiguous.
        """
        parent, name = self._find(object_name)
        parent.pop(name)

    def add_object(self, object_path, weights):
        """Adds an object with its weights.

        Args:
            object_path: the new object's path (`"layers/new_dense"`).
            weights: a dict `{"0": array, ...}`.

        Raises:
            ValueError: if `weights` is not a dict or the parent path is missing.
        """
        if not isinstance(weights, dict):
            raise ValueError(_WEIGHTS_DICT_ERROR.format(type(weights)))
        *parents, name = object_path.split("/")
        parent = self._get(parents)
        if parent is None:
            raise ValueError(f"Path '{'/'.join(parents)}' not found in model.")
        parent[name] = dict(weights)

    def delete_weight(self, object_name, weight_name):
        """Removes one weight of an object.

        Args:
            object_name: the object's name or full path.
            weight_name: the weight's key (`"0"`, `"1"`, ...).

        Raises:
            ValueError: if the object or the weight is not found.
        """
        parent, name = self._find(object_name)
        if weight_name not in parent[name]:
            raise ValueError(f"Weight {weight_name} not found in object {object_name}. Weights "
                             f"found: {list(parent[name].keys())}")
        parent[name].pop(weight_name)

    def add_weights(self, object_name, weights):
        """Adds (or replaces) weights of an object.

        Args:
            object_name: the object's name or full path.
            weights: a dict `{"2": array, ...}`.

        Raises:
            ValueError: if `weights` is not a dict or the object is not found.
        """
        if not isinstance(weights, dict):
            raise ValueError(_WEIGHTS_DICT_ERROR.format(type(weights)))
        parent, name = self._find(object_name)
        parent[name].update(weights)

    def save(self, filepath):
        """Writes the (edited) weights to a `.weights.h5` file, in Keras's layout.

        Args:
            filepath: the path of the new file, ending in `.weights.h5`.

        Raises:
            ValueError: if `filepath` does not end in `.weights.h5`.
        """
        filepath = os.fspath(filepath)
        if not filepath.endswith(".weights.h5"):
            raise ValueError("Invalid `filepath` argument: expected a `.weights.h5` extension. "
                             f"Received: filepath={filepath}")
        h5py = saving_lib.h5py_module()
        with h5py.File(filepath, "w") as h5_file:
            _write_group(h5_file, self.weights_dict, "")

    def resave_weights(self, filepath):
        """The same as `save`.

        Args:
            filepath: the path of the new file, ending in `.weights.h5`.
        """
        self.save(filepath)
