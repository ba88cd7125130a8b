"""Registry of our own pretrained models: pretrained/manifest.json + safetensors files.

Every file is listed in the manifest with its sha256, architecture, the command that
made it, seed, epochs, wall time and measured metrics. Loading verifies the hash, so a
tampered or truncated file is refused with a clear message instead of loading garbage.

Architectures register themselves with @architecture("name"); an entry's "arch" and
"config" fields rebuild the module, and its weights load strictly into it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from studio import config
from studio.errors import StudioError

try:  # POSIX; the lock dies with its process. Windows has no fcntl: see _locked.
    import fcntl
except ImportError:
    fcntl = None

MANIFEST = "manifest.json"
LOCK = ".manifest.lock"
STALE_LOCK_SECONDS = 120  # a save takes well under a second; an older lock file was left by a crash

_ARCHITECTURES: dict[str, Callable[..., torch.nn.Module]] = {}
_verified: dict[tuple[str, int, int], str] = {}


def architecture(name: str):
    """Class decorator: make an nn.Module buildable from a manifest entry's "arch"."""

    def register(cls):
        _ARCHITECTURES[name] = cls
        return cls

    return register


def _ensure_architectures() -> None:
    """Import the modules that define the demos' architectures (the demo registry names them),
    so registration happens before the first load without zoo knowing the demos."""
    from studio.demos import model_modules

    for module in model_modules():
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(module)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(root: Path | None = None) -> list[dict[str, Any]]:
    path = (root or config.pretrained_dir()) / MANIFEST
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise StudioError(f"The model list {path} is unreadable ({exc}).") from exc
    return list(data.get("models", []))


def entries(root: Path | None = None, **match: Any) -> list[dict[str, Any]]:
    """Manifest entries whose fields equal every keyword given, e.g. kind="vae"."""
    return [e for e in read_manifest(root) if all(e.get(k) == v for k, v in match.items())]


def entry(name: str, root: Path | None = None) -> dict[str, Any]:
    for e in read_manifest(root):
        if e["name"] == name:
            return e
    raise StudioError(
        f"The model '{name}' is not in the studio's pretrained/ folder. "
        "Retrain it with `make zoo` or restore the folder from the repository."
    )


def load_tensors(name: str, root: Path | None = None) -> dict[str, torch.Tensor]:
    """The entry's tensors as float32 (files may be stored in fp16), hash verified."""
    root = root or config.pretrained_dir()
    e = entry(name, root)
    path = root / e["file"]
    if not path.exists():
        raise StudioError(f"The weights file {e['file']} for '{name}' is missing from {root}.")
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if _verified.get(key) != e["sha256"]:
        if sha256_of(path) != e["sha256"]:
            raise StudioError(
                f"The weights file {e['file']} does not match its recorded checksum: it was "
                "changed or is incomplete. Restore it from the repository or retrain with `make zoo`."
            )
        _verified[key] = e["sha256"]
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError) as exc:
        raise StudioError(f"The weights file {e['file']} could not be read ({exc}).") from exc
    return {k: (v.float() if v.is_floating_point() else v) for k, v in tensors.items()}


def verify_all(root: Path | None = None) -> list[str]:
    """Problems with the shipped files (missing, checksum mismatch), as sentences; [] when all is well."""
    root = root or config.pretrained_dir()
    problems = []
    for e in read_manifest(root):
        try:
            load_tensors(e["name"], root)
        except StudioError as exc:
            problems.append(str(exc))
    return problems


def load_model(name: str, device: torch.device | str = "cpu", root: Path | None = None) -> torch.nn.Module:
    """Rebuild the entry's architecture, load its verified weights, eval mode."""
    e = entry(name, root)
    _ensure_architectures()
    build = _ARCHITECTURES.get(e["arch"])
    if build is None:
        raise StudioError(f"The model '{name}' needs architecture '{e['arch']}', which this studio does not know.")
    model = build(**e.get("config", {}))
    model.load_state_dict(load_tensors(name, root), strict=True)
    return model.to(device).eval()


@contextlib.contextmanager
def _locked(root: Path):
    """One writer of the manifest at a time, across processes."""
    root.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        with _lock_file(root / LOCK):
            yield
        return
    with open(root / LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def _lock_file(path: Path, timeout: float = 60.0):
    """A lock that works on every OS: whoever creates the file (O_EXCL) holds it.

    A lock file older than STALE_LOCK_SECONDS was left by a crashed writer and is broken.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            with contextlib.suppress(FileNotFoundError):
                if time.time() - path.stat().st_mtime > STALE_LOCK_SECONDS:
                    path.unlink()
                    continue
            if time.monotonic() > deadline:
                raise StudioError(f"The model list in {path.parent} is locked by another program (remove "
                                  f"{path.name} if none is running).") from None
            time.sleep(0.05)
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)


def save(name: str, tensors: dict[str, torch.Tensor], meta: dict[str, Any],
         root: Path | None = None, fp16: bool = False) -> dict[str, Any]:
    """Write <name>.safetensors and its manifest entry (replacing an older one of that name).

    Several training scripts may save at once; a file lock keeps the manifest whole.
    """
    root = root or config.pretrained_dir()
    file = f"{name}.safetensors"
    out = {}
    for k, v in tensors.items():
        v = v.detach().cpu().contiguous()
        out[k] = v.half() if fp16 and v.is_floating_point() else v
    with _locked(root):
        tmp = root / f".{file}.tmp"
        save_file(out, str(tmp))
        os.replace(tmp, root / file)
        record = {"name": name, "file": file, "sha256": sha256_of(root / file), **meta}
        models = [e for e in read_manifest(root) if e["name"] != name]
        _write_manifest(root, models + [record])
    return record


def update(name: str, fields: dict[str, Any], root: Path | None = None) -> dict[str, Any]:
    """Replace some fields of an entry (metrics measured again, notes), leaving its weights and hash alone."""
    root = root or config.pretrained_dir()
    if {"name", "file", "sha256"} & set(fields):
        raise StudioError("An entry's name, file and sha256 belong to its weights; save them with zoo.save.")
    with _locked(root):
        models = read_manifest(root)
        found = [e for e in models if e["name"] == name]
        if not found:
            raise StudioError(f"The model '{name}' is not in {root}, so it cannot be updated.")
        record = {**found[0], **fields}
        _write_manifest(root, [e for e in models if e["name"] != name] + [record])
    return record


def remove(names: set[str] | list[str], root: Path | None = None) -> list[str]:
    """Delete these entries and their files (e.g. snapshots of an earlier, longer run)."""
    root = root or config.pretrained_dir()
    with _locked(root):
        models = read_manifest(root)
        gone = [e for e in models if e["name"] in set(names)]
        for e in gone:
            (root / e["file"]).unlink(missing_ok=True)
        if gone:
            _write_manifest(root, [e for e in models if e not in gone])
    return [e["name"] for e in gone]


def _write_manifest(root: Path, models: list[dict[str, Any]]) -> None:
    """Sorted, atomically replaced, world-readable (mkstemp would leave it 0600)."""
    models = sorted(models, key=lambda e: e["name"])
    fd, tmp_manifest = tempfile.mkstemp(dir=root, suffix=".json")
    with os.fdopen(fd, "w") as fh:
        json.dump({"models": models}, fh, indent=2)
        fh.write("\n")
    os.chmod(tmp_manifest, 0o644)
    os.replace(tmp_manifest, root / MANIFEST)
