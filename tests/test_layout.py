"""The house rules of the layout (DESIGN.md, "Layout"): a demo in one folder, found from it; shared code
below the demos; only front-end files import a front end; adding a demo touches its folder and a page stub."""

from __future__ import annotations

import ast
import importlib
import sys
import textwrap

import pytest

from conftest import REPO

STUDIO = REPO / "studio"
APPS = {"studio/gradio_app.py", "studio/streamlit_app.py", "studio/render.py", "studio/__main__.py"}


def _imports(path) -> list[tuple[int, str]]:
    """Every module a file imports, dotted, with the line (from x import y counts x and x.y)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.lineno, node.module)] + [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def _files():
    return [p for p in STUDIO.rglob("*.py") if "training" not in p.relative_to(STUDIO).parts]


def _demo_of(module: str) -> str | None:
    """The demo folder a dotted name is in (studio.demos.dream.dream -> dream); None for the registry."""
    parts = module.split(".")
    if len(parts) > 2 and parts[:2] == ["studio", "demos"] and (STUDIO / "demos" / parts[2]).is_dir():
        return parts[2]
    return None


def test_only_front_end_files_import_streamlit_or_gradio():
    offenders = []
    for path in _files():
        rel = path.relative_to(REPO).as_posix()
        front = (path.name in ("streamlit.py", "gradio.py") and "demos" in path.parts) or rel.startswith("studio/ui/") \
            or rel in ("studio/gradio_app.py", "studio/streamlit_app.py")
        for line, name in _imports(path):
            if name.split(".")[0] in ("streamlit", "gradio", "gradio_client") and not front:
                offenders.append(f"{rel}:{line} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_shared_code_imports_no_demo_and_no_demo_imports_another():
    """Shared modules (studio/*.py, studio/ui/, studio/models/) sit below the demos: only the apps that walk
    the registry import a demo. A demo uses shared code, never another demo's folder."""
    offenders = []
    for path in _files():
        rel = path.relative_to(REPO).as_posix()
        mine = _demo_of(".".join(path.relative_to(REPO).with_suffix("").parts))
        for line, name in _imports(path):
            theirs = _demo_of(name)
            if theirs is None or rel in APPS or theirs == mine:
                continue
            offenders.append(f"{rel}:{line} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_every_demo_is_one_folder_with_its_two_front_ends_and_a_page_stub():
    from studio.demos import DEMOS

    assert [d.key for d in DEMOS] == ["dream", "style", "vae", "gan", "denoise", "foundations", "families"]
    for d in DEMOS:
        folder = STUDIO / "demos" / d.key
        assert {"streamlit.py", "gradio.py", "texts.py", "presets.py"} <= {p.name for p in folder.iterdir()}, d.key
        stub = (REPO / d.page).read_text()
        assert f'demo_page("{d.key}")' in stub, d.page


def test_the_workshop_path_shows_every_demo_once_foundations_first():
    """Both home pages show the demos in the order of one path (studio.demos.WORKSHOP), numbered."""
    from studio.demos import DEMOS, WORKSHOP, workshop

    steps = workshop()
    assert [n for n, _, _ in steps] == list(range(1, len(DEMOS) + 1))
    assert sorted(d.key for _, _, d in steps) == sorted(d.key for d in DEMOS)
    assert steps[0][2].key == "foundations" and steps[0][1].title == "Start here"
    assert [d.key for _, _, d in steps] == [k for stage in WORKSHOP for k in stage.keys]


def test_a_new_demo_is_found_from_its_folder_alone(tmp_path, monkeypatch):
    """Adding a demo touches its folder (and a page stub, which Streamlit needs): no list elsewhere."""
    import studio.demos as registry
    from studio import presets

    folder = tmp_path / "toy"
    folder.mkdir()
    (folder / "__init__.py").write_text(textwrap.dedent('''
        from studio.demos.demo import Demo
        DEMO = Demo("toy", "Toy", "🧸", "pages/8_Toy.py", "Teaches nothing.", "nothing")
    '''))
    (folder / "presets.py").write_text(textwrap.dedent('''
        from studio.presets import Preset
        SECTIONS = {}
        VIEWS = ("toy",)
        PRESETS = (Preset("toy", "toy-preset", "A toy", "Nothing at all.", {}),)
    '''))
    monkeypatch.setattr(registry, "__path__", [*registry.__path__, str(tmp_path)])
    monkeypatch.setattr(registry, "_FOUND", [])
    monkeypatch.setattr(presets, "_GATHERED", {})
    try:
        assert [d.key for d in registry.DEMOS][-2:] == ["families", "toy"]
        assert registry.demo("toy").title == "Toy" and presets.get("toy-preset").demo == "toy"
        last, stage, toy = registry.workshop()[-1]       # the workshop path shows it too, after the path
        assert (last, stage.title, toy.key) == (8, "More", "toy")
    finally:
        sys.modules.pop("studio.demos.toy", None)
        sys.modules.pop("studio.demos.toy.presets", None)


@pytest.mark.parametrize("module", ["studio.presets", "studio.demos", "studio.ui.gradio_ui", "studio.ui.streamlit_ui"])
def test_listing_demos_and_presets_loads_no_model(module):
    """The registry and the presets are data: reading them imports no network and no front end's demo code."""
    import subprocess

    code = (f"import importlib, sys; m = importlib.import_module('{module}'); "
            "from studio import presets; presets.listing(); "
            "bad = [n for n in sys.modules if n.startswith(('studio.models', 'torchvision')) "
            "or n.endswith(('.streamlit', '.gradio')) and n.startswith('studio.demos')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def test_the_layout_exists():
    for name in ["README.md", "requirements.txt", "Makefile", "app.py", "studio", "pages", "pretrained",
                 "tests", "bench", ".ci/run", ".streamlit/config.toml", ".gitignore", "studio/demos", "studio/models"]:
        assert (REPO / name).exists(), name


def test_requirements_are_pinned():
    lines = [ln.split("#")[0].strip() for ln in (REPO / "requirements.txt").read_text().splitlines()]
    reqs = [ln for ln in lines if ln]
    assert reqs and all("==" in r for r in reqs)
    assert "torch==2.14.1" in reqs and "torchvision==0.29.1" in reqs


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()
