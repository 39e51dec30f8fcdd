"""Copies the benchmark report (tables and charts) into the performance guide.

    python benchmarks/run.py                # writes benchmarks/results/
    python docs/copy_benchmark_report.py    # copies it into the docs
    python docs/copy_benchmark_report.py /tmp/bench   # from another --output-dir

The report's text replaces what lies between the two `benchmark-report`
markers of docs/pages/guides/performance.md, one heading level down; each
chart it shows is copied to docs/pages/images/benchmark_<name>.png. Nothing
is edited by hand, so rerunning the benchmark and this script updates the page.
"""

import argparse
import glob
import os
import re
import shutil

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.path.join(REPO, "docs", "pages", "guides", "performance.md")
IMAGES = os.path.join(REPO, "docs", "pages", "images")
START = "<!-- benchmark-report:start (python docs/copy_benchmark_report.py writes this part) -->"
END = "<!-- benchmark-report:end -->"
IMAGE_LINK = re.compile(r"!\[([^\]]*)\]\(([^)/]+\.png)\)")


def page_section(report):
    """The report as page text: its title dropped, its headings one level
    down (the page's section is `##`), its chart links pointing at the copies,
    and the project's own targets left out (a page for users; the targets are
    in the report and benchmarks/README.md)."""
    lines = _without_targets(report.strip().splitlines())
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    text = "\n".join("#" + line if line.startswith("#") else line for line in lines).strip()
    return IMAGE_LINK.sub(lambda m: f"![{m.group(1)}](../images/benchmark_{m.group(2)})", text)


def _without_targets(lines):
    """The lines without the `### Targets ...` section (up to the next heading)."""
    kept, skipping = [], False
    for line in lines:
        if line.startswith("#"):
            skipping = line.lstrip("#").strip().startswith("Targets")
        if not skipping:
            kept.append(line)
    return kept


def charts(report):
    return IMAGE_LINK.findall(report)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report_dir", nargs="?",
                        default=os.path.join(REPO, "benchmarks", "results"),
                        help="where benchmarks/run.py wrote report.md and the charts")
    args = parser.parse_args()
    with open(os.path.join(args.report_dir, "report.md"), encoding="utf-8") as handle:
        report = handle.read()
    with open(PAGE, encoding="utf-8") as handle:
        page = handle.read()
    if START not in page or END not in page:
        raise SystemExit(f"{PAGE} lost its markers; put back:\n{START}\n{END}")

    for stale in glob.glob(os.path.join(IMAGES, "benchmark_*.png")):
        os.remove(stale)
    for _, name in charts(report):
        shutil.copyfile(os.path.join(args.report_dir, name),
                        os.path.join(IMAGES, f"benchmark_{name}"))

    before, rest = page.split(START, 1)
    after = rest.split(END, 1)[1]
    with open(PAGE, "w", encoding="utf-8") as handle:
        handle.write(f"{before}{START}\n\n{page_section(report)}\n\n{END}{after}")
    print(f"copied {args.report_dir}/report.md and {len(charts(report))} chart(s) into "
          f"{os.path.relpath(PAGE, REPO)}")


if __name__ == "__main__":
    main()
