"""Safe image loading, tensor <-> PIL, captioned contact sheets, PNG and GIF export.

User images are hostile until proven otherwise: the file size is checked before reading,
the pixel count before decoding (Pillow's decompression-bomb guard is set explicitly), only
a short list of formats is parsed, and every mode Pillow knows is turned into plain RGB.
Each failure is a StudioError with a sentence a student understands.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Sequence

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont, ImageOps, PngImagePlugin, UnidentifiedImageError

from studio.caches import cached
from studio.errors import StudioError

ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "TIFF", "GIF")
# The file names both front ends offer for upload (and an instructor's gallery may hold).
UPLOAD_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".gif")
MAX_BYTES = 20 * 1024 * 1024          # also Streamlit's and Gradio's upload limit
MAX_PIXELS = 50_000_000               # checked from the header, before any decoding
DEFAULT_MAX_SIDE = 2048
MIN_SIDE = 8


SAMPLES = {
    "astronaut": "Eileen Collins, NASA astronaut",
    "chelsea": "Chelsea the cat",
    "coffee": "A cup of coffee",
    "rocket": "A rocket on the launch pad",
    "hubble_deep_field": "Hubble deep field (colourful galaxies)",
    "immunohistochemistry": "Stained tissue under a microscope",
    "retina": "A human retina",
    "colorwheel": "A colour wheel",
}


@dataclass(frozen=True)
class Upload:
    """An uploaded file exactly as the person sent it: no UI component has decoded it."""
    name: str
    data: bytes

    @property
    def digest(self) -> str:
        """A short content hash: captions name an upload by it, so a slide says which file it was."""
        return hashlib.sha256(self.data).hexdigest()[:8]

    @property
    def label(self) -> str:
        """How captions name it: the file's stem and its content hash."""
        return f"{Path(self.name).stem[:40] or 'upload'}#{self.digest}"


@dataclass
class LoadedImage:
    image: Image.Image                 # RGB, long side within the cap
    notices: list[str] = field(default_factory=list)
    original_size: tuple[int, int] = (0, 0)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _read_bytes(source: bytes | str | Path | BinaryIO | Upload, max_bytes: int) -> bytes:
    if isinstance(source, Upload):
        source = source.data
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise StudioError(f"There is no image file at {path}.")
        if path.stat().st_size > max_bytes:
            raise StudioError(f"This file is {_mb(path.stat().st_size)}; images up to {_mb(max_bytes)} are accepted. "
                              "Save a smaller copy and try again.")
        data = path.read_bytes()
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise StudioError(f"This file is larger than {_mb(max_bytes)}, the most the studio accepts. "
                          "Save a smaller copy and try again.")
    if not data:
        raise StudioError("The file is empty.")
    return data


def to_rgb(img: Image.Image) -> Image.Image:
    """Any Pillow mode to RGB: transparency over white, 16-bit and float data rescaled."""
    mode = img.mode
    if mode == "RGB":
        return img
    if mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
        mode = img.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if mode.startswith("I;16"):
        arr = np.asarray(img, dtype=np.float64) / 257.0
        return Image.fromarray(arr.round().clip(0, 255).astype(np.uint8), "L").convert("RGB")
    if mode in ("I", "F"):
        # Arbitrary integer or float data: stretch its own range onto 0..255.
        arr = np.asarray(img, dtype=np.float64)
        arr = np.nan_to_num(arr, nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = float(arr.min()), float(arr.max())
        arr = (arr - lo) / (hi - lo) * 255.0 if hi > lo else np.zeros_like(arr)
        return Image.fromarray(arr.round().astype(np.uint8), "L").convert("RGB")
    return img.convert("RGB")  # 1, L, CMYK, YCbCr, LAB, HSV


def configure_pillow() -> None:
    """Pillow's own guard at the studio's limit, so it does not depend on Pillow's default: opening
    anything larger than 2x this raises DecompressionBombError even before our own check runs. Set
    by the loader (and start_up), not at import: importing the studio changes no library's settings."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def load_image(source: bytes | str | Path | BinaryIO | Upload, *, max_side: int = DEFAULT_MAX_SIDE,
               max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> LoadedImage:
    """Open a user's image safely as RGB, scaled so its long side is at most max_side."""
    data = _read_bytes(source, max_bytes)
    notices: list[str] = []
    configure_pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise StudioError(f"This image has too many pixels (more than {max_pixels / 1e6:.0f} million). "
                          "Resize it before uploading.") from None
    except UnidentifiedImageError:
        raise StudioError("This file is not an image the studio can read. "
                          "Use PNG, JPEG, WebP, BMP, TIFF or GIF.") from None
    except Exception:  # malformed headers raise assorted errors inside plugins
        raise StudioError("This image file is damaged and cannot be opened. Save it again, or try another.") from None

    width, height = img.size
    if width * height > max_pixels:
        raise StudioError(f"This image is {width}×{height} pixels, more than the {max_pixels / 1e6:.0f} million "
                          "the studio accepts. Resize it before uploading.")
    if min(width, height) < MIN_SIDE:
        raise StudioError(f"This image is only {width}×{height} pixels; it needs at least {MIN_SIDE} on each side.")
    if getattr(img, "n_frames", 1) > 1:
        img.seek(0)
        notices.append("This is an animated image: its first frame is used.")
    if img.format == "JPEG" and min(width, height) >= 2 * max_side:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: a 12 MP photo opens several times faster.
        img.draft("RGB", (max_side, max_side))
    try:
        img.load()
        draft_scale = width / img.size[0]
        img = ImageOps.exif_transpose(img) or img
        img = to_rgb(img)
    except Exception:  # truncated data, broken EXIF, exotic sub-formats
        raise StudioError("This image file is damaged or incomplete and cannot be decoded. Save it again, "
                          "or try another.") from None

    original = (round(img.size[0] * draft_scale), round(img.size[1] * draft_scale))
    if max(original) > max_side:
        img = fit_long_side(img, max_side)
        notices.append(f"Your image ({original[0]}×{original[1]}) was scaled down to "
                       f"{img.size[0]}×{img.size[1]} so it runs quickly.")
    return LoadedImage(image=img, notices=notices, original_size=original)


def is_grey(img: Image.Image) -> bool:
    """True when every pixel's channels agree (within rounding): a black-and-white picture."""
    t = to_tensor(img)
    return bool((t - t.mean(1, keepdim=True)).abs().max() < 2 / 255)


def fit_long_side(img: Image.Image, long_side: int) -> Image.Image:
    """Resize so the longer side is `long_side` (up or down), keeping the aspect ratio."""
    w, h = img.size
    scale = long_side / max(w, h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return img if size == img.size else img.resize(size, Image.LANCZOS)


# --- built-in examples ------------------------------------------------------------------------

def sample_names() -> list[str]:
    return list(SAMPLES)


def load_sample(name: str) -> Image.Image:
    """A scikit-image sample photo (they ship with the package: no network)."""
    if name not in SAMPLES:
        raise StudioError(f"There is no built-in image called '{name[:40]}'. Choose one of: {', '.join(SAMPLES)}.")
    import skimage.data

    arr = getattr(skimage.data, name)()
    return to_rgb(Image.fromarray(arr))


# --- tensors ----------------------------------------------------------------------------------

def to_tensor(img: Image.Image, device: torch.device | str = "cpu") -> torch.Tensor:
    """RGB PIL image -> (1, 3, H, W) float32 in [0, 1]."""
    arr = np.asarray(to_rgb(img), dtype=np.float32) / 255.0
    return torch.from_numpy(arr).permute(2, 0, 1).unsqueeze(0).contiguous().to(device)


def to_pil(tensor: torch.Tensor) -> Image.Image:
    """(1|3, H, W) or (1, C, H, W) tensor in [0, 1] -> PIL image (L for one channel)."""
    t = tensor.detach().float().cpu()
    if t.dim() == 4:
        t = t[0]
    arr = (t.clamp(0, 1).permute(1, 2, 0).numpy() * 255.0).round().astype(np.uint8)
    return Image.fromarray(arr[..., 0], "L") if arr.shape[2] == 1 else Image.fromarray(arr, "RGB")


# --- output for slides -----------------------------------------------------------------------

@cached(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's built-in font at `size` px, made once per size: making it decodes the whole font (0.1 ms),
    and the same few sizes are asked for again and again (a sheet's titles and numbers, measured and drawn).
    (Shared by threads: Pillow holds the GIL while it draws text.)"""
    return ImageFont.load_default(size=size)


@cached(maxsize=1024)   # a mask is 5–20 kB (a number at 57–89 px): at most ~20 MB held
def _text_mask(text: str, size: int, anchor: str) -> tuple[Image.Image, int, int]:
    """`text` at `size` px as a mask, and its box's offset from the anchor point."""
    box = font(size).getbbox(text, anchor=anchor)
    glyphs = _from_glyphs(text, size, anchor, box)
    return (_rendered(text, size, anchor, box) if glyphs is None else glyphs), box[0], box[1]


def _rendered(text: str, size: int, anchor: str, box: tuple[int, int, int, int]) -> Image.Image:
    """Pillow's rendering of `text` as a mask of its box (left, top, right, bottom from the anchor point)."""
    left, top, right, bottom = box
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)))
    ImageDraw.Draw(mask).text((-left, -top), text, fill=255, font=font(size), anchor=anchor)
    return mask


def _from_glyphs(text: str, size: int, anchor: str, box: tuple[int, int, int, int]) -> Image.Image | None:
    """A left-anchored one-line text's mask put together from its glyphs, each rendered once (_glyph):
    the very pixels of Pillow's rendering of the whole text, which (in its basic layout) sets each glyph at
    its pen position rounded to a whole pixel, kerning included. A sheet's numbers are new on every slider
    move (18.3 dB, 0.87: hundreds of them), and rendering each took 0.3 ms holding the interpreter; a dozen
    glyphs draw them all. None where that does not hold (other anchors, several lines, a glyph outside the box)."""
    if anchor[0] != "l" or "\n" in text:
        return None
    left, top, right, bottom = box
    mask = np.zeros((max(1, bottom - top), max(1, right - left)), np.uint8)
    pen = 0.0
    for i, char in enumerate(text):
        pen += _advance(text[i - 1], char, size) if i else 0.0
        glyph = _glyph(char, size, anchor)
        if glyph is None:   # a space: nothing to draw
            continue
        pixels, g_left, g_top = glyph
        x, y = round(pen) + g_left - left, g_top - top
        if x < 0 or y < 0 or y + pixels.shape[0] > mask.shape[0] or x + pixels.shape[1] > mask.shape[1]:
            return None
        region = mask[y:y + pixels.shape[0], x:x + pixels.shape[1]]
        np.maximum(region, pixels, out=region)   # neighbours' antialiased edges, as Pillow's bitmap blending
    return Image.fromarray(mask)


@cached(maxsize=1024)
def _glyph(char: str, size: int, anchor: str) -> tuple[np.ndarray, int, int] | None:
    """One character at `size` px as Pillow renders it alone at the anchor: its pixels and offset; None if blank."""
    box = left, top, right, bottom = font(size).getbbox(char, anchor=anchor)
    if right <= left or bottom <= top:
        return None
    return np.asarray(_rendered(char, size, anchor, box)), left, top


@cached(maxsize=4096)
def _advance(before: str, char: str, size: int) -> float:
    """How far the pen moves past `before` when `char` follows (its advance and the pair's kerning)."""
    fnt = font(size)
    return fnt.getlength(before + char) - fnt.getlength(char)


def stamp_text(img: Image.Image, xy: tuple[float, float], text: str, size: int, fill, anchor: str = "la") -> None:
    """ImageDraw.text at whole pixels (xy is rounded) for texts a picture draws again on every change
    (a sheet's titles and numbers): each (text, size, anchor) is made once (_text_mask) and then pasted.
    Pillow holds the GIL while it renders text, so on a busy server that time is taken from every other request."""
    mask, left, top = _text_mask(text, size, anchor)
    img.paste(fill, (round(xy[0]) + left, round(xy[1]) + top), mask)


def _wrap(text: str, fnt: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}".strip()
            if fnt.getlength(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def with_caption(img: Image.Image, caption: str, font_size: int | None = None) -> Image.Image:
    """The image with its caption set in a white band underneath (for slides)."""
    img = to_rgb(img)
    size = font_size or max(12, img.width // 48)
    fnt, pad = font(size), size // 2
    lines = _wrap(caption, fnt, img.width - 2 * pad)
    band = pad * 2 + len(lines) * (size + size // 4)
    out = Image.new("RGB", (img.width, img.height + band), "white")
    out.paste(img, (0, 0))
    draw = ImageDraw.Draw(out)
    for i, line in enumerate(lines):
        draw.text((pad, img.height + pad + i * (size + size // 4)), line, fill=(40, 40, 40), font=fnt)
    out.info[CAPTION_BAND] = band   # so exports do not print the caption a second time
    return out


CAPTION_BAND = "studio:caption_band"


def has_caption(img: Image.Image) -> bool:
    """True for a picture that already carries its caption band (a sheet made with one)."""
    return bool(img.info.get(CAPTION_BAND))


def without_caption(img: Image.Image) -> Image.Image:
    """The picture without the caption band with_caption() added (a slide sets its own caption)."""
    band = int(img.info.get(CAPTION_BAND) or 0)
    return img.crop((0, 0, img.width, img.height - band)) if 0 < band < img.height else img


def captioned(img: Image.Image, caption: str) -> Image.Image:
    """The picture with its caption underneath, once: a sheet that has it already is left as it is."""
    return img if has_caption(img) else with_caption(img, caption)


def label_px(cell: int) -> int:
    """A contact sheet's label size: a ninth of the cell. On a slide the sheet is scaled as a whole,
    and labels of 1/14 (17 px under the 240 px GAN epoch sheet) came out at 20 px there, too small
    for the back row; a ninth comes out at ≥ 28 px."""
    return max(12, cell // 9)


def contact_sheet(images: Sequence[Image.Image], labels: Sequence[str] | None = None, *,
                  columns: int | None = None, cell: int = 256, caption: str | None = None,
                  background: str = "white") -> Image.Image:
    """Images in a grid, each scaled to fit a cell and labelled underneath; optional caption."""
    if not images:
        raise StudioError("There are no images to put on a sheet.")
    n = len(images)
    columns = columns or min(n, max(1, round(n ** 0.5 + 0.49)))
    rows = -(-n // columns)
    label_size = label_px(cell)
    label_h = (label_size + label_size // 2) if labels else 0
    gap = max(4, cell // 32)
    # Cells are `cell` wide and as tall as the tallest tile needs: landscape photos leave no bands.
    cell_h = min(cell, max(round(cell * im.height / im.width) for im in images))
    sheet = Image.new("RGB", (columns * (cell + gap) + gap, rows * (cell_h + label_h + gap) + gap), background)
    draw = ImageDraw.Draw(sheet)
    for i, img in enumerate(images):
        r, c = divmod(i, columns)
        x0, y0 = gap + c * (cell + gap), gap + r * (cell_h + label_h + gap)
        tile = to_rgb(img)
        scale = min(cell / tile.width, cell_h / tile.height)
        size = (max(1, round(tile.width * scale)), max(1, round(tile.height * scale)))
        # small images (MNIST) are enlarged crisply, large ones reduced smoothly
        tile = tile.resize(size, Image.NEAREST if scale > 1 else Image.LANCZOS)
        sheet.paste(tile, (x0 + (cell - tile.width) // 2, y0 + (cell_h - tile.height) // 2))
        if labels:
            text, size = labels[i], label_size
            while size > 10 and font(size).getlength(text) > cell:   # a long label shrinks to its cell
                size -= 1
            draw.text((x0 + cell / 2, y0 + cell_h + label_size // 4 + (label_size - size) // 2), text,
                      fill=(30, 30, 30), font=font(size), anchor="mt")
    return with_caption(sheet, caption) if caption else sheet


def png_bytes(img: Image.Image, settings: dict[str, Any] | None = None, caption: str | None = None) -> bytes:
    """PNG with the settings stored in its text chunks, so a slide can be reproduced."""
    texts = {}
    if caption:
        texts["Description"] = caption
    if settings is not None:
        texts["studio:settings"] = json.dumps(settings, sort_keys=True, default=str)
    if img.mode in _PNG_COLOUR_TYPES:
        return _png_up_filtered(img, texts)
    info = PngImagePlugin.PngInfo()   # other modes (palette, 1-bit, 16-bit): Pillow's writer
    for key, text in texts.items():
        info.add_text(key, text)
    buf = io.BytesIO()
    img.save(buf, format="PNG", pnginfo=info, compress_level=1)
    return buf.getvalue()


_PNG_COLOUR_TYPES = {"L": 0, "RGB": 2, "LA": 4, "RGBA": 6}   # 8 bits a channel, PNG's colour type

try:   # Intel's ISA-L writes zlib's format, which any viewer reads
    from isal.isal_zlib import compress as _isal_compress
except ImportError:   # a machine without its wheel (requirements.txt installs it)
    _isal_compress = None


def deflate(data) -> bytes:
    """A PNG's image data at compression level 1: ISA-L's where installed (4-5x faster than zlib's; a
    denoising sheet's file 2 % larger, a photo's 3 % smaller), else zlib's. Both let go of the interpreter."""
    return _isal_compress(data, 1) if _isal_compress else zlib.compress(data, 1)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    # the CRC runs on over the data (not kind + data: a copy of every IDAT)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def _png_up_filtered(img: Image.Image, texts: dict[str, str]) -> bytes:
    """The PNG of an 8-bit L, LA, RGB or RGBA image, every row filtered by PNG's "Up" filter (its
    difference from the row above, in numpy) and deflated at level 1 (deflate). Pillow tries all five filters
    on every row: twice the time, for files within 2 % of this size (zlib's: a denoising sheet 129 vs 131 kB,
    a 512-px photo 455 vs 462 kB), and results are written on every slider move. Texts as Pillow
    writes them: tEXt where Latin-1 holds them, else iTXt (UTF-8)."""
    pixels = np.asarray(img).reshape(img.height, -1)
    rows = np.empty((img.height, pixels.shape[1] + 1), np.uint8)
    rows[:, 0] = 2                    # filter type "Up"; for the first row it means the row itself
    rows[0, 1:] = pixels[0]
    np.subtract(pixels[1:], pixels[:-1], out=rows[1:, 1:])   # uint8: wraps modulo 256, as PNG's filter does
    chunks = [_png_chunk(b"IHDR", struct.pack(">IIBBBBB", img.width, img.height, 8, _PNG_COLOUR_TYPES[img.mode],
                                              0, 0, 0))]
    for key, text in texts.items():
        try:
            chunks.append(_png_chunk(b"tEXt", key.encode("latin-1") + b"\0" + text.encode("latin-1")))
        except UnicodeEncodeError:
            chunks.append(_png_chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")))
    chunks.append(_png_chunk(b"IDAT", deflate(rows)))   # the array as it is, without the GIL
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks) + _png_chunk(b"IEND", b"")


def gif_bytes(frames: Iterable[Image.Image], duration_ms: int = 120, loop: int = 0,
              max_side: int | None = None) -> bytes:
    """An animated GIF of the frames (a shared palette keeps colours steady)."""
    frames = [to_rgb(f) for f in frames]
    if not frames:
        raise StudioError("There are no frames to animate yet.")
    if max_side:
        frames = [fit_long_side(f, max_side) if max(f.size) > max_side else f for f in frames]
    size = frames[0].size
    frames = [f if f.size == size else f.resize(size, Image.LANCZOS) for f in frames]
    # One palette for every frame (no flicker), learnt from up to 8 frames side by side so
    # colours that appear only early or late in the sequence are kept.
    picks = frames[:: max(1, len(frames) // 8)][:8]
    strip = Image.new("RGB", (size[0] * len(picks), size[1]))
    for i, f in enumerate(picks):
        strip.paste(f, (i * size[0], 0))
    palette = strip.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    quantized = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    buf = io.BytesIO()
    quantized[0].save(buf, format="GIF", save_all=True, append_images=quantized[1:],
                      duration=duration_ms, loop=loop, optimize=False)
    return buf.getvalue()
