"""Public-domain paintings for style transfer, fetched like weights: never committed, each file
pinned by its sha256, kept under the data root (STUDIO_DATA_ROOT/paintings).

`python -m studio fetch` downloads the missing ones; a hosted studio fetches them at its first
start. STUDIO_PAINTINGS_URL replaces the sources with one base URL (a mirror, or a local folder as
file:///path/) that holds the same file names. A file whose sha256 differs is refused and removed.

The pinned files are the ones the neural-style examples have used for years (Justin Johnson's
jcjohnson/neural-style repository, examples/inputs): small, well-known JPEGs of paintings whose
painters died more than 70 years ago.
"""

from __future__ import annotations

import hashlib
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from studio import config
from studio.errors import StudioError

SOURCE = "https://raw.githubusercontent.com/jcjohnson/neural-style/master/examples/inputs/"
LICENCE = "public domain (painting); image from jcjohnson/neural-style (MIT)"
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Painting:
    file: str
    title: str
    artist: str
    year: int
    sha256: str

    @property
    def url(self) -> str:
        return (os.environ.get("STUDIO_PAINTINGS_URL", "").strip() or SOURCE).rstrip("/") + "/" + self.file


PAINTINGS = (
    Painting("starry_night.jpg", "The Starry Night", "Vincent van Gogh", 1889,
             "0592ab0f7b51b3ce72608a95e53880bd93971e5b48f93a0ce8dfd3cbccf3d098"),
    Painting("the_scream.jpg", "The Scream", "Edvard Munch", 1893,
             "f3075cddeb974a9ee1d6418f7f33fd05185a7ac7dcb4288bd2805d499a9dcaee"),
    Painting("shipwreck.jpg", "The Shipwreck", "J. M. W. Turner", 1805,
             "4f7cf34e3cd4a5daaf3f421f059ca9a01aaa2a3afd7243d6670c9c8bc001a213"),
    Painting("woman-with-hat-matisse.jpg", "Woman with a Hat", "Henri Matisse", 1905,
             "6a8b2383d9c110354a97a42c74bdcc5341be879cbb842ddb7ab5843dbdf56d53"),
)


def folder() -> Path:
    return config.data_root() / "paintings"


def by_file(name: str) -> Painting | None:
    return next((p for p in PAINTINGS if p.file == name), None)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def present() -> list[Painting]:
    """The paintings on this computer. Only size is checked here (cheap, every page load);
    the hash is checked when a file is fetched, and again when it is opened (load_bytes)."""
    return [p for p in PAINTINGS if (folder() / p.file).is_file()]


def load_bytes(p: Painting) -> bytes:
    data = (folder() / p.file).read_bytes()
    if hashlib.sha256(data).hexdigest() != p.sha256:
        raise StudioError(f"The painting file {p.file} in {folder()} is damaged or was changed. "
                          "Delete it and run `make fetch` again.")
    return data


def fetch(progress=print) -> int:
    """Download the missing paintings, verifying each. Returns how many failed."""
    failures = 0
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    for p in PAINTINGS:
        path = target / p.file
        if path.is_file() and _sha256(path) == p.sha256:
            progress(f"ok      {p.title} ({p.artist}): already in {target}")
            continue
        progress(f"fetch   {p.title} ({p.artist}) <- {p.url}")
        try:
            with urllib.request.urlopen(p.url, timeout=30) as answer:
                data = answer.read(MAX_BYTES + 1)
        except (OSError, ValueError) as exc:   # no network, a bad mirror URL
            failures += 1
            progress(f"FAILED  {p.title}: could not download ({exc.__class__.__name__}: {exc})")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if len(data) > MAX_BYTES or digest != p.sha256:
            failures += 1
            progress(f"FAILED  {p.title}: the download is not the pinned file (sha256 {digest[:12]}…, "
                     f"expected {p.sha256[:12]}…); nothing was kept")
            continue
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)    # atomic: a half-written file is never offered
    return failures


def missing_note() -> str | None:
    """Said once where paintings are offered, when none are on this computer."""
    if present():
        return None
    return ("The studio's public-domain paintings are not on this computer (`make fetch` downloads them "
            "while online). Pick a photo, an image from the instructor's gallery, or upload a painting.")
