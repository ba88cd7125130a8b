"""A set of pictures the class brings: several uploads at once, or a ZIP of them.

Every file goes through `studio.images.load_image` (the one safe loader) as its original bytes,
then is cropped to a centred square and resized, as in the course notes. A file that cannot be
used is refused with its name and the reason; the rest still count. The whole set is bounded:
at most MAX_SET_FILES pictures and MAX_SET_BYTES of file data, counted after unpacking ZIPs, and MAX_SET_PIXELS of decoded pixels, read from each file's
header before it is decoded (forty 49-megapixel PNGs compress to a few MB). Each picture is shrunk as
it is decoded. Only the first MAX_LISTED refusals are named; the rest are counted in one line, so a ZIP
of 250,000 entries gives a short answer, not 250,000 warnings.

ZIPs are read in memory, never extracted to disk. Entries are refused (by name, with a reason)
when their path climbs out of the archive (`../`) or is absolute, when they are encrypted, and
when they are themselves archives (no ZIP inside a ZIP). Each entry is read with a bounded read,
so a header that lies about its size (a ZIP bomb) cannot make the studio read more than it allows.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import torch
from PIL import Image, ImageOps

from studio.errors import StudioError
from studio.images import MAX_BYTES, SAMPLES, load_image, load_sample
from studio.caches import cached

MAX_SET_FILES = 200
MAX_SET_BYTES = 200 * 1024 * 1024
MAX_SET_PIXELS = 600_000_000   # decoded: fifty 12-megapixel photos (a JPEG decodes at 1/8 scale: 64x fewer)
MAX_LISTED = 20                # refusals named one by one; the rest are counted
MIN_SET_FILES = 2            # a mean of one picture is that picture
ZIP_MAGIC = b"PK\x03\x04"
# What archives made on a Mac or Windows carry beside the pictures: skipped without a notice.
JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass
class ImageSet:
    """Pictures as one tensor (N, 3, side, side) in [0, 1], with their names and what was refused."""

    images: torch.Tensor
    names: list[str]
    refused: list[tuple[str, str]] = field(default_factory=list)   # (file name, why)
    notices: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.names)

    def refused_lines(self) -> list[str]:
        return [f"{name} was left out: {why}" for name, why in self.refused]


class Refusals(list):
    """(name, why) pairs, the first MAX_LISTED of them kept; the rest only counted (see unlisted())."""

    def __init__(self):
        super().__init__()
        self.more = 0

    def append(self, item: tuple[str, str]) -> None:
        if len(self) < MAX_LISTED:
            super().append(item)
        else:
            self.more += 1

    def __iadd__(self, other):
        for item in other:
            self.append(item)
        self.more += getattr(other, "more", 0)
        return self

    def total(self) -> int:   # every refusal, named or not
        return len(self) + self.more

    def unlisted(self) -> str | None:
        """One sentence for the refusals not named (None when all are named)."""
        if not self.more:
            return None
        return (f"…and {self.more:,} more entries were not read (the set holds at most {MAX_SET_FILES} "
                f"pictures, {MAX_SET_BYTES // 2**20} MB and {MAX_SET_PIXELS // 10**6} million pixels).")


def _name_and_data(item) -> tuple[str, bytes]:
    """An Upload (name, data), or a plain (name, bytes) pair."""
    if isinstance(item, tuple):
        return str(item[0]), bytes(item[1])
    return str(item.name), bytes(item.data)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def is_zip(name: str, data: bytes) -> bool:
    return name.lower().endswith(".zip") or data[:4] == ZIP_MAGIC


def _junk(name: str) -> bool:
    base = posixpath.basename(name)
    return name.startswith("__MACOSX/") or base.startswith("._") or base in JUNK


def zip_entries(archive_name: str, data: bytes, budget: int = MAX_SET_BYTES,
                max_files: int = MAX_SET_FILES) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """(files, refused) from a ZIP's bytes: files as (name inside the archive, bytes).

    At most `max_files` files and `budget` bytes are read; what is beyond is refused by name.
    """
    if len(data) > MAX_BYTES:
        raise StudioError(f"{archive_name} is larger than {_mb(MAX_BYTES)}, the most one upload may be.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise StudioError(f"{archive_name} is not a ZIP archive the studio can read.") from None
    files: list[tuple[str, bytes]] = []
    refused = Refusals()
    used = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        if info.is_dir() or _junk(name):
            continue
        shown = f"{archive_name}/{name}"
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or (parts and parts[0].endswith(":")):
            refused.append((shown, "its path points outside the archive, so it is not opened."))
            continue
        if info.flag_bits & 0x1:
            refused.append((shown, "it is encrypted."))
            continue
        if name.lower().endswith((".zip", ".tar", ".gz", ".tgz", ".7z", ".rar")):
            refused.append((shown, "it is an archive inside the archive; only pictures are opened."))
            continue
        if len(files) >= max_files:
            refused.append((shown, f"the set already holds {max_files} pictures, the most it may."))
            continue
        room = min(MAX_BYTES, budget - used)
        if info.file_size > room:
            refused.append((shown, f"it would take the set past {_mb(budget)} of pictures."
                            if room < MAX_BYTES else f"it is larger than {_mb(MAX_BYTES)}."))
            continue
        try:
            with archive.open(info) as fh:
                content = fh.read(room + 1)       # bounded, whatever the header claims
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError, RuntimeError):
            refused.append((shown, "it is damaged or compressed in a way the studio cannot read."))
            continue
        if len(content) > room:
            refused.append((shown, "it unpacks to more than its header says (a ZIP bomb?)."))
            continue
        if content[:4] == ZIP_MAGIC:
            refused.append((shown, "it is an archive inside the archive; only pictures are opened."))
            continue
        files.append((name, content))
        used += len(content)
    return files, refused


def square(img: Image.Image, side: int) -> Image.Image:
    """The centred square crop of a picture, resized to side×side (as in the course notes)."""
    return ImageOps.fit(img, (side, side), Image.LANCZOS, centering=(0.5, 0.5))


def to_array(img: Image.Image) -> np.ndarray:
    return np.asarray(img, dtype=np.uint8)


@cached(maxsize=4)
def sample_set(side: int) -> tuple[torch.Tensor, tuple[str, ...]]:
    """The scikit-image sample photos, square-cropped: (8, 3, side, side) and their names."""
    arrays = [to_array(square(load_sample(name), side)) for name in SAMPLES]
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float().div_(255.0), tuple(SAMPLES)


def decoded_pixels(data: bytes, max_side: int) -> int:
    """How many pixels decoding a file will make, from its header alone (0 when the header is
    unreadable: the loader then refuses it with its own sentence). A large JPEG decodes at 1/2, 1/4
    or 1/8 scale (load_image's draft mode), so it costs that much less."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height, fmt = *img.size, img.format
    except Exception:
        return 0
    scale = 1
    while fmt == "JPEG" and scale < 8 and min(width, height) >= 2 * scale * max_side:
        scale *= 2
    return (width // scale) * (height // scale)


def load_set(items: Iterable, side: int = 128, *, max_files: int = MAX_SET_FILES,
             max_bytes: int = MAX_SET_BYTES, max_pixels: int = MAX_SET_PIXELS) -> ImageSet:
    """Uploads (or (name, bytes) pairs), ZIPs among them, as one square-cropped image set.

    Refused files are named with the reason; StudioError only when fewer than MIN_SET_FILES remain.
    """
    files: list[tuple[str, bytes]] = []
    refused = Refusals()
    used = 0
    for item in items or ():
        name, data = _name_and_data(item)
        if is_zip(name, data):
            try:
                inner, bad = zip_entries(name, data, budget=max_bytes - used, max_files=max_files - len(files))
            except StudioError as exc:
                refused.append((name, str(exc)))
                continue
            files += [(f"{name}/{inner_name}", content) for inner_name, content in inner]
            refused += bad
            used += sum(len(d) for _, d in inner)
            continue
        if len(files) >= max_files:
            refused.append((name, f"the set already holds {max_files} pictures, the most it may."))
        elif used + len(data) > max_bytes:
            refused.append((name, f"it would take the set past {_mb(max_bytes)} of pictures."))
        else:
            files.append((name, data))
            used += len(data)

    arrays, names = [], []
    # A long side of 4x the square leaves every usual aspect ratio room to crop, and lets JPEGs
    # decode at a reduced scale (load_image's draft mode): a phone photo opens several times faster.
    max_side, pixels = max(4 * side, 256), 0
    for name, data in files:
        cost = decoded_pixels(data, max_side)
        if pixels + cost > max_pixels:
            refused.append((name, f"it would take the set past {max_pixels // 10**6} million pixels "
                                  "(counted before decoding). Use smaller pictures."))
            continue
        try:
            loaded = load_image(data, max_side=max_side)
        except StudioError as exc:
            refused.append((name, str(exc)))
            continue
        pixels += cost
        arrays.append(to_array(square(loaded.image, side)))   # shrunk at once; the decoded picture goes
        names.append(posixpath.basename(name) or name)
        del loaded

    notices = []
    if refused.total():
        notices.append(f"{refused.total():,} file(s) were left out; the other {len(names)} are counted.")
    if refused.unlisted():
        notices.append(refused.unlisted())
    if len(names) < MIN_SET_FILES:
        reasons = "; ".join(f"{n}: {why}" for n, why in refused[:5])
        raise StudioError(f"A set needs at least {MIN_SET_FILES} pictures that open; "
                          f"{len(names)} did." + (f" Left out: {reasons}" if reasons else ""))
    stack = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float().div_(255.0)
    return ImageSet(images=stack.contiguous(), names=names, refused=refused, notices=notices)
