"""House rules of the layout that a refactor could quietly break."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_studio_ui_imports_a_ui_framework():
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "studio").rglob("*.py")
                 if "ui" not in p.relative_to(REPO / "studio").parts[:1]
                 and _imports(p) & {"streamlit", "gradio", "gradio_client"}]
    assert offenders == []


def test_the_layout_exists():
    for name in ["README.md", "requirements.txt", "Makefile", "app.py", "studio", "pages", "pretrained",
                 "tests", "bench", ".ci/run", ".streamlit/config.toml", ".gitignore"]:
        assert (REPO / name).exists(), name


def test_requirements_are_pinned():
    lines = [ln.split("#")[0].strip() for ln in (REPO / "requirements.txt").read_text().splitlines()]
    reqs = [ln for ln in lines if ln]
    assert reqs and all("==" in r for r in reqs)
    assert "torch==2.14.1" in reqs and "torchvision==0.29.1" in reqs


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()
