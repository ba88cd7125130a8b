"""A hostile tester's folder of "images", made in the test (nothing is committed): odd modes,
16-bit and float data, transparency, CMYK, EXIF rotation, tiny and huge sizes, a decompression
bomb, truncated and empty files, text, HTML and SVG under image names, random bytes.

Each entry: (file name, bytes, expect) where expect is "picture" (the loader must give a picture)
or "message" (it must refuse with a sentence).
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image


def _save(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _gradient(mode: str = "RGB", size=(96, 64)) -> Image.Image:
    y, x = np.mgrid[0:size[1], 0:size[0]]
    rgb = np.stack([x * 255 // size[0], y * 255 // size[1], (x + y) % 256], -1).astype(np.uint8)
    return Image.fromarray(rgb, "RGB").convert(mode) if mode != "RGB" else Image.fromarray(rgb, "RGB")


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge image over a few bytes of data (a decompression bomb shape)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)   # 1-bit grey
    rows = zlib.compress(b"\x00" * (1 + (width + 7) // 8) * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def files() -> list[tuple[str, bytes, str]]:
    out = []
    for mode in ("1", "L", "LA", "P", "RGBA", "I;16", "I", "F"):
        img = _gradient("L") if mode in ("I;16", "I", "F") else _gradient(mode if mode != "P" else "RGB")
        if mode == "P":
            img = img.convert("P", palette=Image.ADAPTIVE)
        elif mode == "I;16":
            img = Image.fromarray((np.asarray(img, np.uint16) * 257), "I;16")
        elif mode == "I":
            img = img.convert("I")
        elif mode == "F":
            img = Image.fromarray(np.asarray(img, np.float32) / 255.0, "F")
        fmt = "TIFF" if mode in ("I", "F") else "PNG"
        out.append((f"mode-{mode.replace(';', '')}.{fmt.lower()}", _save(img, fmt), "picture"))
    clear = Image.new("RGBA", (80, 80), (0, 0, 0, 0))
    clear.paste((20, 20, 20, 255), (30, 10, 50, 70))
    out.append(("mostly-transparent.png", _save(clear, "PNG"), "picture"))
    out.append(("cmyk.jpg", _save(_gradient("CMYK"), "JPEG"), "picture"))
    exif = Image.Exif()
    exif[0x0112] = 6   # rotate 90° on display
    out.append(("exif-rotated.jpg", _save(_gradient(), "JPEG", exif=exif), "picture"))
    out.append(("animated.gif", _save(_gradient("P"), "GIF", save_all=True,
                                      append_images=[_gradient("P").rotate(90)]), "picture"))
    out.append(("one-pixel.png", _save(Image.new("RGB", (1, 1), "red"), "PNG"), "message"))
    out.append(("sliver.png", _save(Image.new("RGB", (3000, 4), "red"), "PNG"), "message"))
    out.append(("huge-dimensions.png", _png_header_only(12000, 9000), "message"))
    out.append(("decompression-bomb.png", _png_header_only(40000, 40000), "message"))
    jpeg = _save(_gradient(size=(400, 300)), "JPEG")
    out.append(("truncated.jpg", jpeg[: len(jpeg) // 3], "message"))
    out.append(("empty.png", b"", "message"))
    out.append(("text.png", b"just some words, not a picture\n" * 20, "message"))
    out.append(("page.jpg", b"<!doctype html><html><body><script>alert(1)</script></body></html>", "message"))
    out.append(("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
                                b'<circle cx="32" cy="32" r="30"/></svg>', "message"))
    out.append(("noise.webp", np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes(), "message"))
    return out


# What must never reach a person: Gradio's wrapper, a traceback, a Python exception's name.
RAW_MARKERS = ("Could not preprocess", "Traceback", "Error:", "Exception", "DecompressionBomb", "UnidentifiedImage",
               "ValueError", "TypeError", "OSError", "KeyError", "AttributeError", "RuntimeError")


def raw_marker(text: str) -> str | None:
    return next((m for m in RAW_MARKERS if m in text), None)
