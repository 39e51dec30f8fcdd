"""The documentation site (docs/) builds and says what is true.

* `mkdocs build --strict` passes: no broken link, no page missing from the
  nav, the API reference renders (skipped without mkdocs, except under CI);
  in the built HTML every internal link and anchor resolves and every folder
  has an index page (docs/check_links.py).
* The guides index, the examples page and the ops reference list every
  guide, example script and op module.
* Getting started shows the README's commands exactly.
* Every ```python block of the guides runs.
* Every test a page cites (`path::test_name`) exists.
* Every kerasish namespace has an API reference page.

No TensorFlow here; the claims about real Keras are checked in
compat_tests/test_docs_claims.py.
"""

import contextlib
import importlib.util
import io
import os
import re
import subprocess
import sys
import warnings

import pytest

from tests.ci_env import IN_CI

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(REPO, "docs")
PAGES = os.path.join(DOCS, "pages")

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
CITED_TEST = re.compile(r"((?:tests|compat_tests)/[\w/]+\.py)::(test_\w+)")


def _read(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as handle:
        return handle.read()


def _blocks(text, language):
    return [code for lang, code in FENCE.findall(text) if lang == language]


def _pages():
    for folder, _, files in os.walk(PAGES):
        for name in sorted(files):
            if name.endswith(".md"):
                yield os.path.relpath(os.path.join(folder, name), PAGES)


def test_site_builds_with_strict(tmp_path):
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec(
        "mkdocstrings_handlers"
    ) is None:
        if IN_CI:
            pytest.fail("CI must build the docs: pip install '.[test]' installs mkdocs")
        pytest.skip("mkdocs, mkdocs-material or mkdocstrings[python] not installed: "
                    "pip install '.[test]'")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "-f", os.path.join(DOCS, "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=REPO, capture_output=True, text=True, timeout=600, env=env,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (tmp_path / "site" / "api" / "layers" / "index.html").exists()
    check_links = _docs_module("check_links")
    assert not check_links.broken_links(str(tmp_path / "site"))
    assert not check_links.folders_without_index(str(tmp_path / "site"))
    assert not layers_without_rendered_shapes(tmp_path / "site" / "api" / "layers")


def layers_without_rendered_shapes(layer_pages):
    """The layer classes whose page entry lacks the Input shape section their
    docstring has: a docstring computed at import time (`__doc__ = ...`, a
    class made by a factory) is invisible to Griffe unless the extension
    docs/griffe_public_api.py takes it from the imported class."""
    from tests.test_docstrings import SHAPE_SECTION_EXEMPTIONS, public_layer_classes

    html = "".join(page.read_text(encoding="utf-8") for page in layer_pages.glob("*/index.html"))
    entries = re.split(r'(?=id="kerasish\.layers\.[A-Za-z0-9_]+")', html)
    rendered = {
        re.match(r'id="kerasish\.layers\.([A-Za-z0-9_]+)"', entry).group(1)
        for entry in entries[1:] if 'class="input-shape"' in entry
    }
    return [name for name, _ in public_layer_classes()
            if name not in SHAPE_SECTION_EXEMPTIONS and name not in rendered]


def _docs_module(name):
    """A script of docs/ imported as a module."""
    sys.path.insert(0, DOCS)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(DOCS)


def test_link_check_finds_broken_links_and_missing_index_pages(tmp_path):
    """docs/check_links.py on a small site with one of each fault."""
    (tmp_path / "guides" / "a").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="top"></p><a href="guides/a/">a</a><a href="b/#nope">b</a>'
        '<a href="missing.html">m</a><a href="#top">t</a><a href="https://keras.io/x">k</a>')
    (tmp_path / "guides" / "a" / "index.html").write_text('<a href="../../#top">home</a>')
    (tmp_path / "b" / "index.html").write_text('<h1 id="yes"></h1>')
    check_links = _docs_module("check_links")
    assert check_links.broken_links(str(tmp_path)) == [
        ("/index.html", "b/#nope", "no such anchor"),
        ("/index.html", "missing.html", "no such file"),
    ]
    assert check_links.folders_without_index(str(tmp_path)) == ["/guides/"]


def test_getting_started_shows_the_readme_commands():
    readme = _blocks(_read(REPO, "README.md"), "bash")[0]
    page = _blocks(_read(PAGES, "getting-started.md"), "bash")[0]
    assert page == readme


PAGES_WITH_RUNNABLE_CODE = ["getting-started.md", "getting-started.zh.md"] + [
    os.path.join("guides", name) for name in sorted(os.listdir(os.path.join(PAGES, "guides")))
]


@pytest.mark.parametrize("page", PAGES_WITH_RUNNABLE_CODE)
def test_python_blocks_run(page, tmp_path, monkeypatch):
    """The ```python blocks of a page run in order in one namespace, as a
    reader pasting them would (```py marks code that needs more, e.g. Keras)."""
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": f"docs_{page}"}
    for index, code in enumerate(_blocks(_read(PAGES, page), "python")):
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            exec(compile(code, f"{page} block {index + 1}", "exec"), namespace)


def test_cited_tests_exist():
    cited = set()
    for page in _pages():
        cited.update(CITED_TEST.findall(_read(PAGES, page)))
    assert cited, "the pages cite no test; the regular expression must be wrong"
    missing = []
    for path, name in sorted(cited):
        source = os.path.join(REPO, path)
        if not os.path.exists(source) or not re.search(rf"^def {name}\(", _read(source), re.M):
            missing.append(f"{path}::{name}")
    assert not missing, f"pages cite tests that do not exist: {missing}"


def test_every_namespace_has_an_api_page():
    package = os.path.join(REPO, "kerasish")
    namespaces = sorted(
        name for name in os.listdir(package)
        if os.path.exists(os.path.join(package, name, "__init__.py"))
        and name not in ("trainers",)  # internal: its public methods are on Model
    ) + ["config"]
    nav = _read(DOCS, "mkdocs.yml")

    def has_page(name):
        # A namespace has one page (api/ops.md) or a folder of them (api/layers/index.md).
        return any(page in nav and os.path.exists(os.path.join(PAGES, page))
                   for page in (f"api/{name}.md", f"api/{name}/index.md"))

    missing = [n for n in namespaces if not has_page(n)]
    assert not missing, f"add docs/pages/api/<name>.md and a nav entry for: {missing}"


def test_layer_reference_pages_are_current():
    """docs/api_pages.py writes one page per layer category; a new layer must appear."""
    result = subprocess.run([sys.executable, os.path.join(DOCS, "api_pages.py"), "--check"],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_layer_reference_pages_are_in_the_nav():
    api_pages = _docs_module("api_pages")
    nav = _read(DOCS, "mkdocs.yml")
    missing = [entry for entry in api_pages.nav_entries(api_pages.generate()) if entry not in nav]
    assert not missing, f"add to docs/mkdocs.yml's API reference: {missing}"


def test_guides_index_lists_every_guide():
    guides = sorted(name for name in os.listdir(os.path.join(PAGES, "guides"))
                    if name.endswith(".md") and name != "index.md" and ".zh." not in name)
    index = _read(PAGES, "guides", "index.md")
    missing = [name for name in guides if f"]({name})" not in index]
    assert not missing, f"list these guides in docs/pages/guides/index.md: {missing}"


def test_examples_page_describes_every_example():
    """docs/pages/examples.md has a section (### `name.py`) for each script in examples/."""
    scripts = sorted(name for name in os.listdir(os.path.join(REPO, "examples"))
                     if name.endswith(".py"))
    page = _read(PAGES, "examples.md")
    missing = [name for name in scripts if f"### `{name}`" not in page]
    assert not missing, f"describe these examples in docs/pages/examples.md: {missing}"


def test_ops_page_documents_every_op():
    """docs/pages/api/ops.md documents each module that defines a `kerasish.ops` function."""
    import inspect

    import kerasish.ops

    documented = set(re.findall(r"^::: (kerasish\.ops\.\w+)", _read(PAGES, "api", "ops.md"), re.M))
    missing = set()
    for namespace in (kerasish.ops, kerasish.ops.image):
        for name in dir(namespace):
            value = getattr(namespace, name)
            if not name.startswith("_") and inspect.isfunction(value) \
                    and value.__module__ not in documented:
                missing.add(f"{name} ({value.__module__})")
    assert not missing, f"add their modules to docs/pages/api/ops.md: {sorted(missing)}"


def test_before_you_port_box_reads_the_matrix():
    """Getting started's box (docs/before_you_port.py) finds every namespace of the matrix."""
    before_you_port = _docs_module("before_you_port")
    matrix = _read(PAGES, "compatibility.md")
    namespaces = re.findall(r"^## (keras[\w.]*)$", matrix, re.M)
    rows = before_you_port.summary(matrix)
    assert [row["name"] for row in rows] == namespaces
    box = before_you_port.box(matrix)
    for row in rows:
        listed = f"[`{row['name']}`]" in box
        assert listed == (row["coverage"] < before_you_port.MOSTLY_MISSING_BELOW), row
    assert before_you_port.MARKER in _read(PAGES, "getting-started.md")


def test_every_section_title_of_the_nav_has_a_chinese_title():
    """The Chinese edition's sidebar: each titled nav entry (`- Guides:`, `- FAQ: guides/faq.md`)
    other than a module name (`kerasish.ops`) is translated in the i18n plugin's nav_translations."""
    config = _read(DOCS, "mkdocs.yml")
    nav = config[config.index("\nnav:"):]
    titles = set(re.findall(r"^\s*- ([^:\n]+):", nav, re.M)) - {"nav"}
    titles = {t for t in titles if not t.startswith("kerasish")}
    translations = config[config.index("nav_translations:"):config.index("- mkdocstrings:")]
    translated = set(re.findall(r"^\s+([^:\n]+): \S", translations, re.M))
    missing = sorted(titles - translated)
    assert not missing, f"add Chinese titles to nav_translations in docs/mkdocs.yml: {missing}"
