"""The images a picker offers: built-in sample photos, the fetched public-domain paintings and
an instructor's gallery folder.

A choice is a key, 'sample:<name>', 'painting:<file>' or 'gallery:<file>', so a setting, a URL or
a caption can name it; an upload is used instead of the key when there is one. Gallery files are
loaded as safely as uploads: a folder of someone's downloads is not trusted either.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from studio import config, images, paintings
from studio.errors import StudioError

UPLOAD_MAX_SIDE = 1024


def gallery_names() -> list[str]:
    """Image files in the instructor's folder (STUDIO_GALLERY), sorted; [] when unset."""
    folder = config.gallery_dir()
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in images.UPLOAD_SUFFIXES)


def choices() -> list[str]:
    """Every image a picker offers: 'sample:<name>' built-ins, 'painting:<file>' fetched paintings,
    'gallery:<file>' from the instructor's folder."""
    return ([f"sample:{n}" for n in images.sample_names()] + [f"painting:{p.file}" for p in paintings.present()]
            + [f"gallery:{n}" for n in gallery_names()])


def choice_label(key: str) -> str:
    kind, _, name = key.partition(":")
    if kind == "sample":
        return images.SAMPLES.get(name, name)
    if kind == "painting" and paintings.by_file(name):
        p = paintings.by_file(name)
        return f"{p.title} ({p.artist}, {p.year})"
    if kind == "gallery":
        return f"Gallery: {Path(name).stem.replace('_', ' ').replace('-', ' ')}"
    return f"Upload: {name}"


def default_painting() -> str:
    """The first fetched painting, else one from the instructor's gallery, else a colourful sample."""
    fetched, names = paintings.present(), gallery_names()
    if fetched:
        return f"painting:{fetched[0].file}"
    return f"gallery:{names[0]}" if names else "sample:hubble_deep_field"


def load_choice(key: str) -> images.LoadedImage:
    kind, _, name = key.partition(":")
    if kind == "sample":
        return images.LoadedImage(image=images.load_sample(name))
    if kind == "painting" and paintings.by_file(name) in paintings.present():
        return images.LoadedImage(image=load_upload(paintings.load_bytes(paintings.by_file(name))).image)
    if kind == "painting" and paintings.by_file(name) is not None:
        raise StudioError(f"The painting '{name[:80]}' is not on this computer yet: `make fetch` downloads the "
                          "studio's four paintings once while online.")
    if kind == "gallery" and name in gallery_names():
        # the instructor's own files: loaded as safely as uploads, without notes meant for students
        return images.LoadedImage(image=load_upload(config.gallery_dir() / name).image)
    raise StudioError(f"There is no image '{name[:80]}' to pick. Choose one from the list or upload one.")


def resolve(key: str, upload: images.Upload | None = None) -> images.LoadedImage:
    """A picker's image: the upload when there is one, else the named built-in or gallery image."""
    return load_upload(upload) if upload else load_choice(key)


def short_name(key: str, upload: images.Upload | None = None) -> str:
    """How a picked image is named in captions (an upload by its name and content hash)."""
    if upload:
        return upload.label
    name = key.partition(":")[2] or key
    return Path(name).stem


def load_upload(source: images.Upload | bytes | str | Path) -> images.LoadedImage:
    """An uploaded image, safely decoded to RGB, with notes on what was changed."""
    loaded = images.load_image(source, max_side=UPLOAD_MAX_SIDE)
    data = source.data if isinstance(source, images.Upload) else \
        source if isinstance(source, bytes) else Path(source).read_bytes()
    with Image.open(io.BytesIO(data)) as raw:   # already checked by load_image: only the header is read
        if raw.mode in ("RGBA", "LA", "PA") or "transparency" in raw.info:
            loaded.notices.append("Transparent parts of this image were filled with white.")
    if images.is_grey(loaded.image):
        loaded.notices.append("This image is black and white.")
    return loaded
