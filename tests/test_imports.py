"""Importing the studio reads nothing from disk: weights, data and the manifest are looked at when
used, so a module imports the same on a laptop without them, and a setting changed after import
(a test, an instructor's TORCH_HOME) is honoured.

One subprocess imports every studio module with STUDIO_PRETRAINED, TORCH_HOME, STUDIO_DATA_ROOT
and STUDIO_GALLERY pointing at empty folders, and records each open, stat or listing of a path
under them, blamed on the studio module whose top-level code made it.
"""

import json
import pkgutil
import subprocess
import sys

import pytest

import studio
from conftest import REPO

PROBE = r'''
import builtins, json, os, pkgutil, sys
import importlib

roots = [os.path.realpath(os.environ[k]) for k in ("STUDIO_PRETRAINED", "TORCH_HOME", "STUDIO_DATA_ROOT",
                                                    "STUDIO_GALLERY")]
touched = {}


def blame(path):
    try:
        path = os.path.abspath(os.fsdecode(path))
    except TypeError:  # a file descriptor
        return
    if not any(path == r or path.startswith(r + os.sep) for r in roots):
        return
    frame, module = sys._getframe(1), "?"
    while frame is not None:  # the innermost studio module still running its top-level code
        name = frame.f_globals.get("__name__", "")
        if frame.f_code.co_name == "<module>" and name.startswith("studio"):
            module = name
            break
        frame = frame.f_back
    touched.setdefault(module, []).append(path)


def audit(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and args[0] is not None:
        blame(args[0])


sys.addaudithook(audit)
for name in ("stat", "lstat"):
    real = getattr(os, name)

    def watched(path, *a, _real=real, **k):
        blame(path)
        return _real(path, *a, **k)

    setattr(os, name, watched)

import studio
modules = sorted(m.name for m in pkgutil.walk_packages(studio.__path__, "studio."))
for name in modules:
    importlib.import_module(name)
print(json.dumps({"modules": modules, "touched": touched}))
'''

# Modules of the front-end half of issue 15, which computes their settings' defaults at import
# (dream/style: the default backbone looks for weights; gan_gradio: the snapshot epochs from the
# manifest). strict: once they are lazy these tests pass, fail as XPASS, and leave this list.
PENDING: set[str] = set()   # modules still known to read the disk at import (none now)

MODULES = sorted(m.name for m in pkgutil.walk_packages(studio.__path__, "studio."))


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    env = {}
    for key in ("STUDIO_PRETRAINED", "TORCH_HOME", "STUDIO_DATA_ROOT", "STUDIO_GALLERY"):
        env[key] = str(tmp_path_factory.mktemp(key.lower()))
    import os

    out = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env={**os.environ, **env}, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_module_was_imported(probe):
    assert probe["modules"] == MODULES and len(MODULES) > 20


@pytest.mark.parametrize("module", [
    pytest.param(m, marks=pytest.mark.xfail(strict=True, reason="issue 15, front-end half")) if m in PENDING else m
    for m in MODULES])
def test_importing_reads_nothing_from_disk(module, probe):
    assert probe["touched"].get(module, []) == []


def test_nothing_was_touched_outside_a_studio_module(probe):
    assert probe["touched"].get("?", []) == []


def test_snapshot_settings_are_built_on_first_use(tmp_path, monkeypatch):
    """The epoch slider's stops come from the manifest in force when the class is first used."""
    import shutil

    from studio import zoo
    from studio.demos.gan import snapshots as gan_snapshots

    monkeypatch.setenv("STUDIO_PRETRAINED", str(tmp_path))
    shutil.copy(REPO / "pretrained" / zoo.MANIFEST, tmp_path / zoo.MANIFEST)
    gan_snapshots._snapshot_settings.cache_clear()
    try:
        epochs = gan_snapshots.SnapshotSettings.control_of("epoch").choices
        assert epochs == tuple(sorted({e["epoch"] for e in zoo.entries(kind="gan-snapshot")}))
        assert gan_snapshots.SnapshotSettings().epoch == epochs[-1]
    finally:
        gan_snapshots._snapshot_settings.cache_clear()


def test_serving_code_never_imports_the_training_scripts():
    """studio/training/ may use the studio; the studio (what a workshop runs) never uses training."""
    import ast

    offenders = []
    for path in (REPO / "studio").rglob("*.py"):
        if "training" in path.relative_to(REPO / "studio").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):  # from studio.training import x / from studio import training
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            if any(n == "studio.training" or n.startswith("studio.training.") for n in names):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
