"""Restoring a page from a studio PNG that a stranger crafted: every text gives settings (clamped, with a
notice that quotes the value briefly) or one sentence; never a RecursionError, a wall of digits or a
half-applied page."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio import links, presets, render, slides
from studio.errors import StudioError


def _png(text: str) -> bytes:
    info = PngInfo()
    info.add_text(slides.SETTINGS_KEY, text)
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


REFUSED = {
    "200,000 nested brackets": "[" * 200_000 + "]" * 200_000,
    "5,000 nested objects": '{"settings": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}",
    "a 5,000-digit size": '{"size": ' + "9" * 5000 + "}",
    "a megabyte of settings": json.dumps({"layer": "x" * 1_000_000}),
    "not JSON": "size=512",
    "a list": "[1, 2, 3]",
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_settings_texts_are_refused_with_a_sentence(case):
    with pytest.raises(StudioError) as refused:
        links.from_state("dream", slides.settings_from_png(_png(REFUSED[case])))
    message = str(refused.value)
    assert message.endswith(".") and len(message) < 200, message


def test_out_of_range_values_are_clamped_with_a_short_notice():
    state = slides.settings_from_png(_png('{"size": ' + "9" * 4000 + ', "octaves": -1e308, "steps": 1e999}'))
    link = links.from_state("dream", state)
    values = link.values["dream"]
    dream = links.presets.settings_class("dream", "dream")
    # beyond float range: the default, as a slider's NaN or infinity; -1e308 is a number: the minimum
    assert values["size"] == dream().size and values["steps"] == dream().steps and values["octaves"] == 1
    assert all(len(n) < 300 for n in link.notices) and len(link.notices) == 3, link.notices


def test_every_preset_slide_fits_the_bound_five_times_over():
    """The bound refuses no real PNG: a slide's state (every section of the largest page) is far below it."""
    for preset in presets.PRESETS:
        text = json.dumps(render.state_of(preset, presets.settings_of(preset)), default=str)
        assert len(text) * 5 < slides.MAX_SETTINGS_TEXT, (preset.name, len(text))
