"""MNIST from torchvision's dataset class, under the configured data root."""

from __future__ import annotations

import functools
from pathlib import Path

import torch

from studio import config
from studio.errors import StudioError


def mnist_present(root: Path | None = None) -> bool:
    raw = (root or config.data_root()) / "MNIST" / "raw"
    names = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    return all((raw / n).exists() for n in names)


@functools.lru_cache(maxsize=4)
def load_mnist(train: bool = False, root: str | None = None, download: bool | None = None):
    """(images, labels): images float32 in [0, 1], shape (N, 1, 28, 28); labels int64 (N,).

    Downloads when allowed (not STUDIO_OFFLINE) and missing; otherwise a clear StudioError.
    """
    from torchvision.datasets import MNIST

    path = Path(root) if root else config.data_root()
    if download is None:
        download = not config.offline()
    if not mnist_present(path) and not download:
        raise StudioError(f"MNIST is not in {path}/MNIST/raw. Run `make fetch` while online, "
                          "or set STUDIO_DATA_ROOT to a folder that has it.")
    try:
        ds = MNIST(root=str(path), train=train, download=download and not mnist_present(path))
    except Exception as exc:  # torchvision raises RuntimeError/URLError/OSError variously
        raise StudioError(f"MNIST could not be loaded or downloaded into {path} ({exc}). "
                          "Run `make fetch` while online, or set STUDIO_DATA_ROOT.") from exc
    images = ds.data.unsqueeze(1).float().div_(255.0)
    return images, ds.targets.clone().long()
