"""Checks the links of a built site: every internal `href`/`src` resolves to a
file, every `#anchor` to an element of its page, and every folder a URL can
name has an index page (a real web server answers 404 for `/guides/` without
`guides/index.html`).

    mkdocs build --strict -f docs/mkdocs.yml -d /tmp/site && python docs/check_links.py /tmp/site

`mkdocs build --strict` already checks the links written in Markdown; this
checks the HTML it produced: the navigation, the index pages, the links the
API reference and the language switch generate, and their anchors.
Prints each broken link and exits 1 if there is one.
"""

import argparse
import html.parser
import os
import posixpath
import sys
from urllib.parse import unquote, urlsplit


class _PageParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("preconnect",)):
                self.links.append(attrs[name])


def _parse(path, cache):
    if path not in cache:
        parser = _PageParser()
        with open(path, encoding="utf-8") as handle:
            parser.feed(handle.read())
        cache[path] = parser
    return cache[path]


def _target_file(site, page_url, link):
    """The file a link of the page at `page_url` (a path under the site) names,
    or None for a link that leaves the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
        return None, None
    path = unquote(parts.path)
    if not path:
        target = page_url
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))
        if path.endswith("/"):
            target += "/"
    local = os.path.join(site, target.lstrip("/"))
    if target.endswith("/") or os.path.isdir(local):
        local = os.path.join(local, "index.html")
    return local, parts.fragment


def broken_links(site):
    """(page, link, problem) for each internal link of the site that does not resolve."""
    site = os.path.abspath(site)
    cache, problems = {}, []
    for folder, _, files in os.walk(site):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            page = os.path.join(folder, name)
            page_url = "/" + os.path.relpath(page, site).replace(os.sep, "/")
            for link in _parse(page, cache).links:
                target, fragment = _target_file(site, page_url, link)
                if target is None:
                    continue
                if not os.path.isfile(target):
                    problems.append((page_url, link, "no such file"))
                elif fragment and target.endswith(".html") \
                        and unquote(fragment) not in _parse(target, cache).ids:
                    problems.append((page_url, link, "no such anchor"))
    return problems


def folders_without_index(site):
    """Folders holding pages (a `*/index.html` below them) with no index page of their own."""
    site = os.path.abspath(site)
    missing = []
    for folder, folders, files in os.walk(site):
        has_pages = any(os.path.isfile(os.path.join(folder, sub, "index.html")) for sub in folders)
        if has_pages and "index.html" not in files:
            missing.append("/" + os.path.relpath(folder, site).replace(os.sep, "/") + "/")
    return missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="the folder mkdocs built")
    args = parser.parse_args(argv)
    problems = broken_links(args.site)
    for page, link, problem in problems:
        print(f"{page}: {link}: {problem}")
    for folder in folders_without_index(args.site):
        print(f"{folder}: no index.html")
    missing = folders_without_index(args.site)
    print(f"{len(problems)} broken link(s), {len(missing)} folder(s) without an index page")
    return 1 if problems or missing else 0


if __name__ == "__main__":
    sys.exit(main())
