"""Where the studio finds data and weights. Settings, never paths assumed inside the repo.

Environment variables (all optional):
- STUDIO_DATA_ROOT   datasets root; MNIST lives in <root>/MNIST/raw (torchvision layout).
                     Default: ~/.cache/studio/data
- TORCH_HOME         torch's own cache; ImageNet backbone weights live in <TORCH_HOME>/hub/checkpoints.
- STUDIO_PRETRAINED  folder with our own weights and manifest.json. Default: the repo's pretrained/
- STUDIO_GALLERY     an instructor's folder of extra images offered next to the built-in ones.
- STUDIO_OFFLINE=1   never touch the network (missing things give a message instead).
- STUDIO_DEVICE      cpu | cuda | cuda:1 | mps: overrides the automatic choice.
- STUDIO_THREADS     CPU threads torch may use.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else default


def data_root() -> Path:
    return _path_from_env("STUDIO_DATA_ROOT", Path.home() / ".cache" / "studio" / "data")


def pretrained_dir() -> Path:
    return _path_from_env("STUDIO_PRETRAINED", REPO_ROOT / "pretrained")


def gallery_dir() -> Path | None:
    value = os.environ.get("STUDIO_GALLERY", "").strip()
    return Path(value).expanduser() if value else None


def offline() -> bool:
    return os.environ.get("STUDIO_OFFLINE", "").strip().lower() in {"1", "true", "yes"}


def torch_checkpoints_dir() -> Path:
    """Where torchvision's weights API caches downloads (honours TORCH_HOME)."""
    import torch.hub

    return Path(torch.hub.get_dir()) / "checkpoints"
