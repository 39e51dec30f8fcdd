"""Writes the layers' API reference, one page per category, as keras.io groups them.

    python docs/api_pages.py            # rewrite docs/pages/api/layers/*.md
    python docs/api_pages.py --check    # exit 1 if a page is stale

A layer's category is the package it lives in (`kerasish/layers/rnn/lstm.py`
-> Recurrent layers), so a new layer lands on the right page by being written
in the right place. Each class appears once, under its own name (aliases such
as `Convolution2D` are listed under the class they name). tests/test_docs.py
fails when a page is stale, so a new layer cannot be missing from the reference.
"""

import argparse
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYER_PAGES = os.path.join(REPO, "docs", "pages", "api", "layers")

# package under kerasish.layers -> (page file, title), in nav order. Each page and the
# index say which layers a category has from the classes themselves, so they stay true.
CATEGORIES = {
    "core": ("core", "Core layers"),
    "convolutional": ("convolution", "Convolution layers"),
    "pooling": ("pooling", "Pooling layers"),
    "rnn": ("recurrent", "Recurrent layers"),
    "attention": ("attention", "Attention layers"),
    "normalization": ("normalization", "Normalization layers"),
    "regularization": ("regularization", "Regularization layers"),
    "preprocessing": ("preprocessing", "Preprocessing layers"),
    "merging": ("merging", "Merging layers"),
    "reshaping": ("reshaping", "Reshaping layers"),
    "activations": ("activations", "Activation layers"),
}
OTHER = ("other", "Other layers")


def category_of(cls):
    if cls.__module__ in ("kerasish.layers.layer", "kerasish.layers.input_spec"):
        return "core"  # the Layer base class and InputSpec
    parts = cls.__module__.split(".")
    if len(parts) > 3 and parts[:2] == ["kerasish", "layers"] and parts[2] in CATEGORIES:
        return parts[2]
    return None


def _own_name(cls):
    """The name Keras exports the class under (GroupedQueryAttention is GroupQueryAttention)."""
    from kerasish.saving.serialization_lib import keras_class_name

    return keras_class_name(cls)


def layer_classes(layers_module):
    """name -> class for each public class of kerasish.layers under its own name."""
    found = {}
    for name in dir(layers_module):
        value = getattr(layers_module, name)
        if isinstance(value, type) and not name.startswith("_") and _own_name(value) == name:
            found[name] = value
    return found


def layer_functions(layers_module):
    """Public functions of kerasish.layers: `Input`, `serialize`, the merge shortcuts."""
    return sorted(
        name for name in dir(layers_module)
        if not name.startswith("_") and callable(getattr(layers_module, name))
        and not isinstance(getattr(layers_module, name), type)
        and getattr(getattr(layers_module, name), "__module__", "").startswith("kerasish.")
    )


def aliases_of(layers_module):
    """class name -> the other public names that refer to the same class."""
    aliases = {}
    for name in dir(layers_module):
        value = getattr(layers_module, name)
        if isinstance(value, type) and not name.startswith("_") and _own_name(value) != name:
            aliases.setdefault(_own_name(value), []).append(name)
    return aliases


def pages(layers_module):
    """file name -> page text."""
    grouped = {}
    for name, cls in layer_classes(layers_module).items():
        grouped.setdefault(category_of(cls), []).append(name)
    aliases = aliases_of(layers_module)
    texts, contents = {}, {}
    for key, (slug, title) in list(CATEGORIES.items()) + [(None, OTHER)]:
        names = sorted(grouped.get(key, []), key=str.lower)
        if not names:
            continue
        contents[slug] = ", ".join(f"`{name}`" for name in names)
        lines = [f"# {title}", ""]
        for name in names:
            lines.append(f"::: kerasish.layers.{name}")
            if aliases.get(name):
                alias_list = ", ".join(f"`{a}`" for a in sorted(aliases[name]))
                lines += ["", f"Also available as {alias_list}."]
            lines.append("")
        if key == "core":
            lines += ["## Functions", ""]
            for name in layer_functions(layers_module):
                lines += [f"::: kerasish.layers.{name}", ""]
        texts[f"{slug}.md"] = "\n".join(lines)
    texts["index.md"] = _index(contents)
    return texts


def _index(contents):
    """The index page: a table of the categories and the layers each has."""
    lines = ["# kerasish.layers", "",
             "The layers, grouped as keras.io groups them. Each is `kerasish.layers.<Name>`, "
             "as `keras.layers.<Name>`.", "",
             "| category | layers |", "| --- | --- |"]
    for key, (slug, title) in list(CATEGORIES.items()) + [(None, OTHER)]:
        if slug in contents:
            lines.append(f"| [{title}]({slug}.md) | {contents[slug]} |")
    lines += ["", "The functional shortcuts (`add`, `concatenate`, ...), `serialize`, "
              "`deserialize` and `Input` are on the [core page](core.md) with `InputLayer`.", ""]
    return "\n".join(lines)


def nav_entries(texts):
    """The mkdocs nav lines for the pages (checked against mkdocs.yml by the tests)."""
    entries = ["api/layers/index.md"]
    for key, (slug, title) in list(CATEGORIES.items()) + [(None, OTHER)]:
        if f"{slug}.md" in texts:
            entries.append(f"{title}: api/layers/{slug}.md")
    return entries


def generate():
    sys.path.insert(0, REPO)
    import kerasish.layers

    return pages(kerasish.layers)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is stale")
    args = parser.parse_args(argv)
    texts = generate()
    existing = {name for name in os.listdir(LAYER_PAGES)} if os.path.isdir(LAYER_PAGES) else set()
    stale = sorted(existing - set(texts))
    for name, text in texts.items():
        path = os.path.join(LAYER_PAGES, name)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current != text:
            stale.append(name)
            if not args.check:
                os.makedirs(LAYER_PAGES, exist_ok=True)
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(text)
    if args.check:
        if stale:
            print(f"stale layer pages: {stale}: run python docs/api_pages.py", file=sys.stderr)
            return 1
        return 0
    for name in sorted(existing - set(texts)):
        os.remove(os.path.join(LAYER_PAGES, name))
    print("nav entries:\n" + "\n".join(f"      - {entry}" for entry in nav_entries(texts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
