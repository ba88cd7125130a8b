"""The Gradio front end on a 1280×720 projector: for each of the five original demos, a link with
non-default settings sets the widgets, the run's result is on screen without scrolling, and no label
chip, toolbar or neighbour covers any part of it (corners included)."""

import os
import re

import pytest
from playwright.sync_api import expect

from servers import CHROMIUM, browser_page, screenshot
from test_e2e_lecture import H, W, clear_view

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")

RESULT = ".studio-pic:not(.studio-small) img:visible"   # a result picture (gradio_ui.picture), not a preview
IDLE = """() => ![...document.querySelectorAll('.progress-text, .eta-bar')].some(e => e.offsetParent !== null &&
  e.getBoundingClientRect().width > 0 && !e.closest('.wrap.hide'))"""


def _open(page, url: str, settled: str) -> None:
    """Open a link and wait until the address names the settings it set (the widgets took them)."""
    page.goto(url)
    page.wait_for_function(f"() => location.search.includes({settled!r})", timeout=90_000)


def _shown(page, label: str):
    """The widget with this label on the open tab (other tabs may have one of the same name)."""
    return page.get_by_label(label, exact=True).locator("visible=true").first


def _shows(page, numbers: dict[str, str]) -> None:
    """Each slider's number box shows its value (waiting while the link's values arrive)."""
    for label, value in numbers.items():
        expect(_shown(page, f"number input for {label}")).to_have_value(value, timeout=30_000)


def _on_screen(page, locator) -> dict:
    """The result is in the 1280×720 viewport as the page opened (no scrolling), nothing covers it."""
    assert page.evaluate("scrollY") == 0
    locator.wait_for()
    page.wait_for_function("e => e.complete && e.naturalWidth > 0", arg=locator.element_handle(), timeout=30_000)
    box = clear_view(page, locator)
    assert page.evaluate("scrollY") == 0, "the page had to scroll to show the result"
    return box


def test_dream_link_then_dream_sweep_and_zoom_fit_the_projector(gradio_url, shared_torch_home):
    with browser_page(width=W, height=H) as page:
        _open(page, f"{gradio_url}/?demo=dream&backbone=mobilenet_v2&layer=features.6&size=96&octaves=1&steps=2"
                    "&zoom_frames=2&zoom_steps=1", "zoom_steps=1")
        _shows(page, {"Image size (long side, px)": "96", "Octaves": "1", "Steps per octave": "2", "Zoom frames": "2"})
        expect(_shown(page, "Layer")).to_have_value(re.compile("features.6"))
        # the instant preview is beside the result, in view too
        _on_screen(page, page.locator(".studio-small img:visible").first)
        for tab, button in (("Dream", "Dream"), ("Layer sweep", "Run the sweep"), ("Fractal zoom", "Run the zoom")):
            page.get_by_role("tab", name=tab, exact=True).click()
            page.get_by_role("button", name=button, exact=True).click()
            page.locator(":text('Done.'):visible").first.wait_for(timeout=120_000)
            box = _on_screen(page, page.locator(RESULT).first)
            assert box["width"] >= 480 and box["height"] >= 300, box   # large, not a thumbnail
            screenshot(page, f"projector-gradio-dream-{tab.lower().replace(' ', '-')}")


def test_style_link_then_stylise_fits_the_projector(gradio_url, styles_dir, shared_torch_home):
    with browser_page(width=W, height=H) as page:
        _open(page, f"{gradio_url}/?demo=style&backbone=mobilenet_v2&size=96&scales=1&iterations=4&style_weight=100",
              "iterations=4")
        _shows(page, {"Output size (long side, px)": "96", "Coarse-to-fine scales": "1", "Iterations per scale": "4",
                      "Style weight = 100 (slider: log₁₀)": "2"})   # 100, on its log slider, said in its label
        # the upload boxes stay out of the way until asked for
        assert not page.get_by_text("Drop File Here").first.is_visible()
        page.get_by_role("button", name="Stylise").click()
        page.get_by_text("Done in").wait_for(timeout=120_000)
        assert "iterations=4" in page.get_by_text("Done in").inner_text()
        _on_screen(page, page.locator(RESULT).first)
        screenshot(page, "projector-gradio-style")


def test_vae_link_sets_the_grid_and_it_fits_the_projector_also_presenting(gradio_url, mnist_root):
    from studio.demos.vae import walk as vw

    size = vw.grid_image(vw.GridSettings(grid_size=7, span=1.5)).size   # the picture the link must bring
    for present in ("", "&present=1"):
        with browser_page(width=W, height=H) as page:
            _open(page, f"{gradio_url}/?demo=vae&grid_size=7&span=1.5{present}", "span=1.5")
            _shows(page, {"Grid size": "7", "Range (±)": "1.5"})
            grid = page.locator(RESULT).first
            page.wait_for_function("([e, w, h]) => e.complete && e.naturalWidth === w && e.naturalHeight === h",
                                   arg=[grid.element_handle(), *size], timeout=60_000)
            box = _on_screen(page, grid)
            assert box["height"] >= 400, box
            if present:
                assert page.evaluate("document.body.classList.contains('studio-present')")
            screenshot(page, f"projector-gradio-vae{'-present' if present else ''}")


def test_gan_link_sets_the_epoch_and_both_sheets_fit_the_projector(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        _open(page, f"{gradio_url}/?demo=gan&epoch=5&seed=3&use_fixed=false", "epoch=5")
        expect(page.get_by_role("radio", name="5", exact=True).locator("visible=true").first).to_be_checked(timeout=60_000)
        expect(_shown(page, "Use the fixed latent batch")).not_to_be_checked(timeout=30_000)
        expect(_shown(page, "Seed for new samples")).to_have_value("3", timeout=30_000)
        # the histogram's legend names the epoch once the sheets and charts were redrawn for it
        page.get_by_text("· epoch 5:").first.wait_for(timeout=60_000)
        page.wait_for_function(IDLE, timeout=60_000)
        sheets = page.locator(RESULT)
        assert sheets.count() == 2
        for i in range(2):
            _on_screen(page, sheets.nth(i))
        screenshot(page, "projector-gradio-gan")


def test_denoise_link_sets_the_noise_and_the_comparison_fits_the_projector(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        _open(page, f"{gradio_url}/?demo=denoise&noise=masking&level=0.3&count=3&seed=2", "count=3")
        page.get_by_text("noise=masking · level=0.3 · source=random · count=3 · seed=2").wait_for(timeout=60_000)
        expect(_shown(page, "Noise")).to_have_value(re.compile("masking"))
        _shows(page, {"Noise level": "0.3", "How many digits": "3"})
        _on_screen(page, page.locator(RESULT).first)
        # the means a lecturer points at are readable from the back row
        cell = page.locator(".studio-numbers td").first
        assert float(cell.evaluate("e => getComputedStyle(e).fontSize").rstrip("px")) >= 16
        assert cell.bounding_box()["y"] + cell.bounding_box()["height"] <= H
        screenshot(page, "projector-gradio-denoise")
