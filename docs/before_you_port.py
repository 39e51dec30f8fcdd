"""MkDocs hook: the "Before you port" box of getting started, written from the
compatibility matrix at build time, so its figures follow the matrix.

A page asks for the box with the line `<!-- before-you-port -->`. The box names
the Keras namespaces kerasish does not have at all, those where it has fewer
than half of Keras's names, and what is left out on purpose, each linking to
its table on docs/pages/compatibility.md (written by docs/compat_matrix.py).
"""

import os
import re

MARKER = "<!-- before-you-port -->"
MOSTLY_MISSING_BELOW = 50  # percent of Keras's (not excluded) names
SUMMARY_ROW = re.compile(
    r"^\| \[`(?P<name>[\w.]+)`\]\((?P<anchor>#[\w-]+)\) \| (?P<keras>\d+) \| (?P<excluded>\d+) "
    r"\| (?P<present>\d+) \| (?P<tested>\d+) \| (?P<coverage>\d+)% \|$", re.M)
EXCLUDED_MODULE = re.compile(r"^\| `(?P<name>\w+)` \(module\) \| excluded: (?P<reason>[^|]+) \|", re.M)


def summary(matrix):
    """The matrix's summary table: one dict per namespace."""
    return [dict(match.groupdict(), coverage=int(match["coverage"]), present=int(match["present"]),
                 keras=int(match["keras"]), excluded=int(match["excluded"]))
            for match in SUMMARY_ROW.finditer(matrix)]


def excluded_modules(matrix):
    """reason -> the Keras modules left out on purpose for it (Keras's private `src` aside)."""
    grouped = {}
    for match in EXCLUDED_MODULE.finditer(matrix):
        if match["name"] != "src":
            grouped.setdefault(match["reason"].strip(), []).append(match["name"])
    return grouped


def box(matrix, link="compatibility.md"):
    """The admonition's Markdown."""
    rows = summary(matrix)

    def named(row):
        return f"[`{row['name']}`]({link}{row['anchor']})"

    absent = [named(row) for row in rows if row["present"] == 0]
    partial = [f"{named(row)} ({row['present']} of {row['keras'] - row['excluded']} names)"
               for row in rows if row["present"] and row["coverage"] < MOSTLY_MISSING_BELOW]
    left_out = [f"{', '.join(f'`{name}`' for name in names)}: {reason}"
                for reason, names in excluded_modules(matrix).items()]
    lines = ['!!! warning "Before you port"', "",
             f"    From the [compatibility matrix]({link}), which the test suite keeps current. "
             "Look up the names your program uses there before you port it.", ""]
    if absent:
        lines.append(f"    - **Not in kerasish yet:** {', '.join(absent)}.")
    if partial:
        lines.append(f"    - **Fewer than half of Keras's names:** {', '.join(partial)}.")
    if left_out:
        lines.append("    - **Left out on purpose:**")
        lines += [f"        - {item}" for item in left_out]
    lines += ["", "    Behaviour that differs where the names match is on "
              "[Differences from Keras](differences.md)."]
    return "\n".join(lines)


def on_page_markdown(markdown, page, config, files, **kwargs):
    if MARKER not in markdown:
        return markdown
    with open(os.path.join(config["docs_dir"], "compatibility.md"), encoding="utf-8") as handle:
        matrix = handle.read()
    return markdown.replace(MARKER, box(matrix))
