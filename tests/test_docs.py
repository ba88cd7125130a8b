"""The README and docs/ against the code: they fail when the docs drift (a demo without its row or
page, a broken link or picture, a moved module, a make target the README does not list)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest

from studio.demos import DEMOS

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
PAGES = [README, *DOCS]
README_MOST_BYTES = 12_000      # "a README read in five minutes" (issue 21)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _name(path: Path) -> str:
    return str(path.relative_to(REPO))


# --- the README itself -------------------------------------------------------------------------------

def test_readme_is_short():
    size = len(README.read_bytes())
    assert size <= README_MOST_BYTES, f"README.md is {size} bytes; move detail into docs/ (at most {README_MOST_BYTES})"


def _front_matter() -> dict[str, str]:
    text = _text(README)
    assert text.startswith("---\n"), "README.md must start with the Hugging Face Spaces front matter"
    block = text[4:text.index("\n---\n", 4)]
    return dict(line.split(": ", 1) for line in block.splitlines())


def test_readme_starts_with_the_spaces_front_matter():
    meta = _front_matter()
    assert meta["sdk"] == "gradio"
    assert meta["app_file"] == "app.py" and (REPO / meta["app_file"]).is_file()
    assert meta["python_version"] == '"3.11"'
    for key in ("title", "emoji", "colorFrom", "colorTo", "sdk_version", "pinned", "license"):
        assert key in meta, key


def test_the_spaces_gradio_version_is_the_pinned_one():
    pins = dict(line.split("==") for line in _text(REPO / "requirements.txt").splitlines()
                if "==" in line and not line.startswith("#"))
    assert _front_matter()["sdk_version"] == pins["gradio"].split()[0]


def _demo_rows() -> list[str]:
    text = _text(README)
    section = text[text.index("\n## Demos"):]
    section = section[:section.index("\n## ", 4)]
    return [line for line in section.splitlines() if line.startswith("| ") and "](docs/" in line]


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.key)
def test_every_demo_has_a_readme_row_and_its_page(demo):
    rows = [row for row in _demo_rows() if f"(docs/{demo.key}.md)" in row]
    assert len(rows) == 1, f"README's demo table needs one row linking docs/{demo.key}.md"
    assert f"{demo.icon} {demo.title}" in rows[0]
    assert "<img " in rows[0] and "width=" in rows[0], "each row shows one small picture"
    page = REPO / "docs" / f"{demo.key}.md"
    assert page.is_file()
    assert _text(page).startswith(f"# {demo.icon} {demo.title}")


def test_the_demo_table_has_no_demo_the_registry_lacks():
    keys = {d.key for d in DEMOS}
    linked = {m for row in _demo_rows() for m in re.findall(r"\(docs/(\w+)\.md\)", row)}
    assert linked == keys


def test_the_readme_lists_the_makefile_help_targets():
    helped = set(re.findall(r'^\t@echo "make (\w+)', _text(REPO / "Makefile"), re.M))
    text = _text(README)
    section = text[text.index("\n## Two commands"):]
    section = section[:section.index("\n## ", 4)]
    listed = set(re.findall(r"\bmake (\w+)", section))
    assert helped and listed == helped


# --- links and pictures ------------------------------------------------------------------------------

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)|<img [^>]*src=\"([^\"]+)\"")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation (and emoji) dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", _text(path), flags=re.S)
    return {_slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def _links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", _text(path), flags=re.S)   # code blocks hold no links
    return [a or b for a, b in LINK.findall(text)]


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_and_picture_exists(page):
    broken = []
    for target in _links(page):
        if re.match(r"[a-z]+:", target):
            continue                                  # http(s), mailto: not checked offline
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(f"{target} (no such heading)")
    assert broken == [], f"{_name(page)}: {broken}"


def test_the_docs_link_each_other_from_the_readme():
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in _links(README)}
    for page in DOCS:
        reached = page.resolve() in linked or any(page.resolve() in {(d.parent / t.partition("#")[0]).resolve()
                                                                     for t in _links(d)} for d in DOCS)
        assert reached, f"nothing links {_name(page)}"


# --- paths and modules named in the text ---------------------------------------------------------------

PATH = re.compile(r"(?<![\w/.~$-])((?:studio|tests|bench|pages|pretrained)/[\w/.<>*…-]*)")
DOTTED = re.compile(r"(?<![\w/.-])(studio(?:\.\w+)+)")


def _placeholder(path: str) -> bool:
    return any(c in path for c in "<>*…") or "/N_" in path


def _paths(page: Path) -> set[str]:
    found = set()
    for m in PATH.findall(_text(page)):
        m = m.rstrip(".,;:")
        if not _placeholder(m):
            found.add(m)
    return found


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_path_named_exists(page):
    missing = sorted(p for p in _paths(page) if not (REPO / p).exists())
    assert missing == [], f"{_name(page)} names files that are not there: {missing}"


def _resolve(dotted: str) -> bool:
    """A dotted name: the longest prefix that is a module, then attributes of it (a class, a
    function, a field of a dataclass)."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        module = ".".join(parts[:i])
        try:
            spec = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            continue
        obj = importlib.import_module(module)
        for attr in parts[i:]:
            if attr in getattr(obj, "__dataclass_fields__", {}):
                return True
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_module_and_name_exists(page):
    names = {m.rstrip(".") for m in DOTTED.findall(_text(page))}
    missing = sorted(n for n in names if not _resolve(n))
    assert missing == [], f"{_name(page)} names modules or attributes that are not there: {missing}"


def _python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", _text(page), re.S)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_python_example_parses_and_its_imports_exist(page):
    """The API examples are not run here (they need weights and data), but they parse and import
    only what exists."""
    missing = []
    for block in _python_blocks(page):
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("studio"):
                missing += [f"{node.module}.{a.name}" for a in node.names if not _resolve(f"{node.module}.{a.name}")]
            elif isinstance(node, ast.Import):
                missing += [a.name for a in node.names if a.name.startswith("studio") and not _resolve(a.name)]
    assert missing == [], f"{_name(page)}: {missing}"


def test_the_checks_see_what_they_check():
    """The patterns find the paths and names the docs use (a guard against a pattern that finds nothing)."""
    every_path = set().union(*(_paths(p) for p in PAGES))
    assert {"studio/demos/dream/dream.py", "bench/dream.py", "tests/test_dream.py"} <= every_path
    every_name = {m for p in PAGES for m in DOTTED.findall(_text(p))}
    assert "studio.demos.dream.dream.DreamSettings" in every_name
    assert not _resolve("studio.dream.DreamSettings") and not _resolve("studio.demos.dream.dream.NoSuchThing")
