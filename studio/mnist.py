"""MNIST from torchvision's dataset class, under the configured data root."""

from __future__ import annotations

from pathlib import Path

from studio import config
from studio.errors import StudioError
from studio.caches import cached


def mnist_present(root: Path | None = None) -> bool:
    raw = (root or config.data_root()) / "MNIST" / "raw"
    names = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    return all((raw / n).exists() for n in names)


@cached(maxsize=4)
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


TEST_SIZE = 10_000
MOST_DIGITS = 16


def parse_test_indices(text: str, most: int = MOST_DIGITS) -> list[int]:
    """'3, 17 42' -> [3, 17, 42]: MNIST test digit numbers, checked, with a sentence for anything else."""
    parts = str(text or "").replace(",", " ").split()
    if not parts:
        raise StudioError("Type at least one test digit number, e.g. 0, 7, 42.")
    # isdigit() alone accepts '²' and other digits int() refuses: only ASCII digits are numbers here.
    bad = next((p for p in parts if not (p.isascii() and p.isdigit())), None)
    if bad is not None:
        raise StudioError(f"Test digit numbers are whole numbers separated by commas; '{bad[:20]}' is not one.")
    numbers = [int(p) for p in parts]
    out = [n for n in numbers if n >= TEST_SIZE]
    if out:
        raise StudioError(f"MNIST has test digits 0 to {TEST_SIZE - 1}; {str(out[0])[:20]} is not one of them.")
    if len(numbers) > most:
        raise StudioError(f"Pick at most {most} digits at a time (you typed {len(numbers)}).")
    return numbers
