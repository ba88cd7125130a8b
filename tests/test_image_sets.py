"""A class's own set of pictures (several uploads or a ZIP): bounded in files, bytes and decoded pixels,
with a short answer however many entries an archive holds."""

from __future__ import annotations

import io
import zipfile

import numpy as np
from PIL import Image

from studio import image_sets
from studio.controls import literal


def _png(side: int, value: int = 0) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.full((side, side, 3), value, np.uint8)).save(out, "PNG")
    return out.getvalue()


def test_a_zip_of_thousands_of_entries_names_twenty_and_counts_the_rest():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(250):
            zf.writestr(f"pic{i:03d}.png", _png(16, i))
        for i in range(5000):
            zf.writestr(f"junk/{i}.png", b"x")
    got = image_sets.load_set([("class.zip", buf.getvalue())], side=16)
    assert len(got) == 200                                      # the most a set holds
    assert len(got.refused) == image_sets.MAX_LISTED            # named, one line each
    assert got.refused.total() == 5050                          # 50 past the limit + 5,000 never read
    assert any("…and 5,030 more entries were not read" in n for n in got.notices), got.notices


def test_the_decoded_pixels_are_budgeted_from_the_headers_before_decoding(monkeypatch):
    big = _png(7000)                                            # 49 megapixels in about 200 kB
    assert len(big) < 1_000_000 and 40 * 49_000_000 > image_sets.MAX_SET_PIXELS
    decoded = []
    real = image_sets.load_image
    monkeypatch.setattr(image_sets, "load_image", lambda data, **kw: decoded.append(1) or real(data, **kw))
    got = image_sets.load_set([(f"big{i}.png", big) for i in range(3)] + [("small.png", _png(32))], side=16,
                              max_pixels=100_000_000)
    assert len(decoded) == 3 and len(got) == 3                  # two 49 MP pictures and the small one
    assert "million pixels" in dict(got.refused)["big2.png"]


def test_a_jpeg_costs_what_its_reduced_decoding_costs():
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000)).save(out, "JPEG")
    assert image_sets.decoded_pixels(out.getvalue(), 256) == 500 * 375   # decoded at 1/8 scale
    assert image_sets.decoded_pixels(_png(1000), 256) == 1_000_000     # a PNG: every pixel
    assert image_sets.decoded_pixels(b"not an image", 256) == 0


def test_names_are_shown_as_text_not_markdown():
    assert literal("**bold** [x](http://a.b).png") == r"\*\*bold\*\* \[x\]\(http://a\.b\)\.png"
