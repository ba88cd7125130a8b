"""Slide-ready exports: a 1920×1080 PNG with a title, the result(s) large and a short caption
readable from the back of a lecture hall; every setting stays in the PNG's text chunk, so
`settings_from_png` (and a page the PNG is dropped on) can make the picture again."""

from __future__ import annotations

import io
import json
from typing import Any, Sequence

from PIL import Image, ImageDraw, ImageFont

from studio import images
from studio.errors import StudioError
from studio.caches import cached

SIZE = (1920, 1080)
MARGIN = 56
TITLE_PX = 64
CAPTION_PX = 32          # ≥ 28 px: readable from the back row on a projector
CAPTION_LINES = 3        # the full settings are in the text chunk; the slide says the gist
GAP = 24
SETTINGS_KEY = "studio:settings"
MAX_SETTINGS_TEXT = 16_384   # a slide's whole state is 1-3 kB; a text 5x larger than any page's is not ours
FONTS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@cached(maxsize=None)
def font(px: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans where the system has it (it sets σ, ε, z₁ and arrows); else Pillow's own font."""
    for name in FONTS:
        try:
            return ImageFont.truetype(name, px)
        except OSError:
            continue
    return images.font(px)


def _fit(img: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Scale to fit the box: small pictures (MNIST sheets) by whole steps of nearest neighbour so
    pixels stay crisp squares, large ones smoothly."""
    img = images.to_rgb(img)
    scale = min(box[0] / img.width, box[1] / img.height)
    if scale >= 2:
        scale = int(scale)
        return img.resize((img.width * scale, img.height * scale), Image.NEAREST)
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.NEAREST if scale > 1 else Image.LANCZOS)


def _lines(text: str, px: int, width: int, most: int) -> list[str]:
    """The text wrapped to `width`, each of its lines ('\n') starting a line of its own (a race's A and B
    stay apart); past `most` lines the last one kept ends in '…'."""
    fnt = font(px)
    lines = images._wrap("\n".join(" ".join(part.split()) for part in text.strip().split("\n")), fnt, width)
    if len(lines) > most:
        lines = lines[:most]
        while lines[-1] and fnt.getlength(lines[-1] + " …") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    return lines


def _layout(pictures: Sequence[Image.Image], caption: str) -> tuple[int, int, int, list[str]]:
    """(top, bottom, share, caption lines): the band the pictures fill and each one's width."""
    width = SIZE[0] - 2 * MARGIN
    top = MARGIN // 2 + TITLE_PX + GAP
    cap_lines = _lines(caption, CAPTION_PX, width, CAPTION_LINES) if caption else []
    line_h = CAPTION_PX + CAPTION_PX // 4
    bottom = SIZE[1] - MARGIN // 2 - len(cap_lines) * line_h - (GAP if cap_lines else 0)
    # the pictures share the width, each as large as its share and the height allow
    share = (width - GAP * (len(pictures) - 1)) // len(pictures)
    return top, bottom, share, cap_lines


def caption_lines(caption: str) -> tuple[list[str], int]:
    """The caption's lines as a slide sets them, and the width of their box (px)."""
    width = SIZE[0] - 2 * MARGIN
    return _lines(caption, CAPTION_PX, width, CAPTION_LINES), width


def scale_on_slide(result: Image.Image, caption: str = "") -> float:
    """How much a single result is enlarged (>1) or reduced on its slide: text drawn in the result
    at n px reads as n × this on the slide."""
    top, bottom, share, _ = _layout([result], caption)
    return _fit(images.without_caption(result), (share, bottom - top)).height / images.without_caption(result).height


def slide(results: Image.Image | Sequence[Image.Image], title: str, caption: str = "") -> Image.Image:
    """A 1920×1080 slide: the title on top, the result(s) side by side as large as fits, the caption below."""
    # a sheet's own small caption band gives way to the slide's readable caption
    pictures = [images.without_caption(p) for p in ([results] if isinstance(results, Image.Image) else results)]
    if not pictures:
        raise StudioError("There is no result to put on a slide yet.")
    out = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(out)
    title_lines = _lines(title, TITLE_PX, SIZE[0] - 2 * MARGIN, 1)
    draw.text((MARGIN, MARGIN // 2), title_lines[0], fill=(20, 20, 20), font=font(TITLE_PX))
    top, bottom, share, cap_lines = _layout(pictures, caption)
    fitted = [_fit(p, (share, bottom - top)) for p in pictures]
    total = sum(f.width for f in fitted) + GAP * (len(fitted) - 1)
    x = (SIZE[0] - total) // 2
    height = max(f.height for f in fitted)
    for f in fitted:
        out.paste(f, (x, top + (bottom - top - height) // 2 + (height - f.height) // 2))
        x += f.width + GAP
    line_h = CAPTION_PX + CAPTION_PX // 4
    for i, line in enumerate(cap_lines):
        draw.text((MARGIN, bottom + GAP + i * line_h), line, fill=(50, 50, 50), font=font(CAPTION_PX))
    return out


def title_of(caption: str) -> str:
    """A slide title from a page's caption: its first part ('DeepDream', 'VAE manifold')."""
    return caption.split(" · ")[0].strip() or "Studio"


def slide_png(results: Image.Image | Sequence[Image.Image], title: str, caption: str,
              settings: dict[str, Any]) -> bytes:
    """The slide as PNG bytes, the full caption and every setting in its text chunks."""
    return images.png_bytes(slide(results, title, caption), settings, caption)


def settings_from_png(data: bytes) -> dict[str, Any]:
    """The settings a studio PNG (a download or a slide) carries; StudioError for any other file."""
    if len(data) > images.MAX_BYTES:
        raise StudioError(f"This file is larger than {images.MAX_BYTES // 2**20} MB, the most the studio accepts.")
    try:
        with Image.open(io.BytesIO(data), formats=("PNG",)) as img:
            text = img.text.get(SETTINGS_KEY) if hasattr(img, "text") else None
    except Exception:
        raise StudioError("This is not a PNG file, so it carries no studio settings.") from None
    if not text:
        raise StudioError("This PNG carries no studio settings: only PNGs saved by the studio can restore a page.")
    if len(text) > MAX_SETTINGS_TEXT:   # bounded before parsing: a hostile text can be deep or huge
        raise StudioError("The settings in this PNG are far longer than any the studio writes, so they were not read.")
    try:
        settings = json.loads(text)
    except (ValueError, RecursionError):   # RecursionError: thousands of nested brackets
        raise StudioError("The settings in this PNG are damaged.") from None
    if not isinstance(settings, dict):
        raise StudioError("The settings in this PNG are damaged.")
    return settings
