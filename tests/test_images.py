"""studio/images.py: one hostile or odd file per rule, and the export helpers."""

import io
import json
import struct
import zlib

import numpy as np
import pytest
import torch
from PIL import Image

from studio import images
from studio.errors import StudioError


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def photo(size=(64, 48)) -> Image.Image:
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8), "RGB")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb's calling card)."""
    data = bytearray(encode(Image.new("L", (1, 1)), "PNG"))
    ihdr = 8 + 4  # signature, chunk length
    data[ihdr + 4: ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr: ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17: ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP", "TIFF", "GIF"])
def test_allowed_formats_load_as_rgb(fmt):
    loaded = images.load_image(encode(photo(), fmt))
    assert loaded.image.mode == "RGB" and loaded.image.size == (64, 48)


def test_other_formats_and_non_images_are_refused_with_a_sentence():
    for data in (encode(photo(), "TGA"), encode(photo(), "PCX"), b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                 bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8))):
        with pytest.raises(StudioError, match="not an image the studio can read"):
            images.load_image(data)


def test_empty_and_oversized_files(tmp_path):
    with pytest.raises(StudioError, match="empty"):
        images.load_image(b"")
    data = encode(photo(), "PNG")
    with pytest.raises(StudioError, match="larger than"):
        images.load_image(data, max_bytes=len(data) - 1)
    path = tmp_path / "big.png"
    path.write_bytes(data)
    with pytest.raises(StudioError, match="images up to"):
        images.load_image(path, max_bytes=100)
    with pytest.raises(StudioError, match="larger than"):
        images.load_image(io.BytesIO(data), max_bytes=100)


def test_pixel_limit_is_checked_before_decoding():
    assert Image.MAX_IMAGE_PIXELS == images.MAX_PIXELS  # Pillow's guard, set explicitly
    with pytest.raises(StudioError, match="too many pixels"):
        images.load_image(png_claiming(100_000, 100_000))  # Pillow's bomb error
    with pytest.raises(StudioError, match="too many pixels"):
        images.load_image(png_claiming(8_000, 8_000))  # 64 MP: Pillow only warns; we refuse
    with pytest.raises(StudioError, match="more than the 0 million"):
        images.load_image(encode(photo((1000, 1000)), "PNG"), max_pixels=400_000)


def test_truncated_and_tiny_images():
    data = encode(photo((256, 256)), "JPEG", quality=95)
    with pytest.raises(StudioError, match="damaged"):
        images.load_image(data[: len(data) // 2])
    with pytest.raises(StudioError, match="at least"):
        images.load_image(encode(photo((4, 4)), "PNG"))


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    data = encode(photo((40, 20)), "JPEG", exif=exif)
    assert images.load_image(data).image.size == (20, 40)


def test_first_frame_of_an_animated_gif_with_a_notice():
    frames = [Image.new("RGB", (32, 32), c) for c in ("red", "blue")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50)
    loaded = images.load_image(data)
    assert loaded.image.getpixel((5, 5)) == (255, 0, 0)
    assert any("first frame" in n for n in loaded.notices)


def test_long_side_is_capped_with_a_notice():
    loaded = images.load_image(encode(photo((3000, 1000)), "PNG"), max_side=1024)
    assert loaded.image.size == (1024, 341) and loaded.original_size == (3000, 1000)
    assert "scaled down" in loaded.notices[0]
    big_jpeg = images.load_image(encode(photo((4000, 3000)), "JPEG"), max_side=1024)  # decoded at 1/2 scale
    assert big_jpeg.image.size == (1024, 768) and big_jpeg.original_size == (4000, 3000)


@pytest.mark.parametrize("mode,value,expected", [
    ("1", 1, (255, 255, 255)),
    ("L", 100, (100, 100, 100)),
    ("LA", (100, 0), (255, 255, 255)),          # transparent -> white background
    ("LA", (100, 255), (100, 100, 100)),
    ("RGBA", (255, 0, 0, 0), (255, 255, 255)),
    ("RGBA", (255, 0, 0, 255), (255, 0, 0)),
    ("CMYK", (0, 255, 255, 0), (255, 0, 0)),
    ("I;16", 65535, (255, 255, 255)),
])
def test_every_mode_becomes_rgb(mode, value, expected):
    out = images.to_rgb(Image.new(mode, (10, 10), value))
    assert out.mode == "RGB" and out.getpixel((3, 3)) == expected


def test_palette_transparency_and_numeric_modes():
    p = Image.new("P", (10, 10), 0)
    p.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    p.putpixel((0, 0), 1)
    p.info["transparency"] = 0
    rgb = images.load_image(encode(p, "PNG")).image
    assert rgb.getpixel((0, 0)) == (255, 0, 0) and rgb.getpixel((5, 5)) == (255, 255, 255)
    ramp = np.linspace(-5.0, 5.0, 100, dtype=np.float32).reshape(10, 10)
    for img in (Image.fromarray(ramp, "F"), Image.fromarray((ramp * 1000).astype(np.int32), "I")):
        out = images.load_image(encode(img, "TIFF")).image
        assert out.getpixel((0, 0)) == (0, 0, 0) and out.getpixel((9, 9)) == (255, 255, 255)
    wide = Image.fromarray(np.full((10, 10), 65535, dtype=np.uint16))
    assert images.load_image(encode(wide, "PNG")).image.getpixel((1, 1)) == (255, 255, 255)


def test_built_in_samples_load_offline():
    for name in images.sample_names():
        img = images.load_sample(name)
        assert img.mode == "RGB" and min(img.size) >= 256
    with pytest.raises(StudioError, match="no built-in image"):
        images.load_sample("nope")


def test_tensor_round_trip():
    img = photo()
    t = images.to_tensor(img)
    assert t.shape == (1, 3, 48, 64) and t.dtype == torch.float32 and 0 <= t.min() and t.max() <= 1
    assert np.array_equal(np.asarray(images.to_pil(t)), np.asarray(img))
    assert images.to_pil(torch.zeros(1, 28, 28)).mode == "L"


@pytest.mark.parametrize("anchor", ["la", "mt", "lm"])
def test_stamped_text_is_pixel_for_pixel_pillows(anchor):
    """stamp_text renders a text once and pastes it after: the picture must not change for it (at the
    whole pixel that Pillow's draw would start from; stamp_text rounds a fractional position)."""
    from PIL import ImageChops, ImageDraw

    for text, size, xy in (("88.8 dB", 57, (40.5, 30)), ("mean PSNR · SSIM", 31, (200, 80.25)), ("∞", 20, (7, 9))):
        drawn = Image.new("L", (400, 160), 255)
        ImageDraw.Draw(drawn).text(tuple(map(round, xy)), text, fill=30, font=images.font(size), anchor=anchor)
        assert np.asarray(drawn).min() < 128, text
        for _ in range(2):   # rendered, then from the cache
            stamped = Image.new("L", (400, 160), 255)
            images.stamp_text(stamped, xy, text, size, 30, anchor=anchor)
            assert ImageChops.difference(drawn, stamped).getbbox() is None, (text, anchor)


def test_a_sheets_new_numbers_are_pillows_pixels_drawn_from_glyphs_rendered_once(monkeypatch):
    """Issue 22: a denoising sheet shows ~50 numbers, most of them new on every slider move (18.3 dB, 0.87),
    and rendering each took 0.3 ms holding the interpreter. Left-anchored texts are put together from
    glyphs rendered once: the very pixels of Pillow's own rendering of the whole text, for every number a
    sheet can show, and a few hundred of them render only their dozen glyphs."""
    from PIL import ImageChops, ImageDraw

    numbers = [f"{v / 10:.1f} dB" for v in range(0, 1000, 7)] + [f"{v / 100:.2f}" for v in range(101)] + ["∞ dB"]
    for size in (57, 89, 23):   # a sheet's numbers beside 144-px and 224-px digits, and a small cell's
        for anchor in ("lm", "la"):
            for text in numbers[::9] + ["your digit", "7 · 3"]:
                drawn = Image.new("L", (300, 120), 255)
                ImageDraw.Draw(drawn).text((10, 60), text, fill=30, font=images.font(size), anchor=anchor)
                stamped = Image.new("L", (300, 120), 255)
                images.stamp_text(stamped, (10, 60), text, size, 30, anchor=anchor)
                assert ImageChops.difference(drawn, stamped).getbbox() is None, (text, size, anchor)
    renders = []
    pillows = ImageDraw.ImageDraw.text
    monkeypatch.setattr(ImageDraw.ImageDraw, "text", lambda self, *a, **kw: renders.append(a) or pillows(self, *a, **kw))
    images._text_mask.clear(), images._glyph.clear()
    for text in numbers:
        images.stamp_text(Image.new("L", (300, 120), 255), (10, 60), text, 57, 30, anchor="lm")
    assert len(numbers) > 200 and len(renders) <= len(set("".join(numbers)))


@pytest.mark.parametrize("deflater", ["ISA-L", "zlib"])
@pytest.mark.parametrize("mode", ["L", "LA", "RGB", "RGBA", "P", "1"])
def test_png_holds_the_exact_pixels_and_settings_in_every_mode(mode, deflater, monkeypatch):
    """png_bytes writes 8-bit L/LA/RGB/RGBA itself (every row Up-filtered, a CRC per chunk, deflated by
    ISA-L as installed, or zlib where it is not) and other modes with Pillow: each must read back as the
    very same pixels, mode and texts, non-Latin-1 included, and at most a few per cent larger than
    Pillow's own file at the same zlib level."""
    from skimage import data as samples

    if deflater == "zlib":
        monkeypatch.setattr(images, "_isal_compress", None)
    else:
        assert images._isal_compress is not None, "requirements.txt installs isal: the fast deflate is missing"

    picture = Image.fromarray(samples.astronaut()).convert(mode)   # a photo: what a dream's result is like
    settings, caption = {"noise": "gaussian", "σ": 0.5}, "Denoising → σ 0.5 × 6 digits"
    data = images.png_bytes(picture, settings, caption)
    back = Image.open(io.BytesIO(data))
    back.load()   # checks every chunk's CRC and the deflate stream
    assert back.mode == mode and back.size == picture.size
    assert np.array_equal(np.asarray(back), np.asarray(picture))
    assert back.text == {"Description": caption, "studio:settings": json.dumps(settings, sort_keys=True)}
    pillows = io.BytesIO()
    picture.save(pillows, "PNG", compress_level=1)
    assert len(data) <= 1.05 * len(pillows.getvalue()) + 200   # + the texts


def test_contact_sheet_caption_png_and_gif():
    tiles = [photo((50, 50)) for _ in range(5)]
    sheet = images.contact_sheet(tiles, [f"layer {i}" for i in range(5)], columns=3, cell=100,
                                 caption="DeepDream · octaves=4")
    assert sheet.width == 3 * 100 + 4 * 4 and sheet.height > 2 * 100
    top_left = np.asarray(sheet.crop((4, 4, 104, 104)))
    assert top_left.std() > 10  # the tile is there, scaled up, not blank
    data = images.png_bytes(sheet, {"octaves": 4}, caption="DeepDream · octaves=4")
    info = Image.open(io.BytesIO(data)).info
    assert info["studio:settings"] == '{"octaves": 4}' and info["Description"].startswith("DeepDream")
    frames = [Image.new("RGB", (50, 50), (40 * i, 0, 0)) for i in range(5)]
    gif = Image.open(io.BytesIO(images.gif_bytes(frames, duration_ms=50)))
    assert gif.n_frames == 5
    with pytest.raises(StudioError):
        images.gif_bytes([])
