"""The Streamlit demos on a projector (1280×720), in Chromium: each page opened from a link with
non-default settings shows them in its widgets, and after Run (or on open) its main result is on
the first screen, without scrolling, with nothing over it; the instant preview stays beside it and
the numbers a lecturer points at are whole and at least 16 px."""

import os

import pytest
from playwright.sync_api import expect

from servers import CHROMIUM, browser_page, screenshot, streamlit_settled
from test_e2e_lecture import H, W, clear_view

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")

OPEN_S, RUN_S = 90_000, 120_000


def first_screen(page, locator) -> dict:
    """The picture has loaded and sits inside the viewport as the page is (its main area not
    scrolled), and nothing covers it (clear_view)."""
    locator.wait_for(timeout=RUN_S)
    page.wait_for_function("e => e.complete && e.naturalWidth > 0", arg=locator.element_handle(), timeout=RUN_S)
    assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollTop") == 0
    box = locator.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= H + 1 and box["x"] + box["width"] <= W + 1, box
    return clear_view(page, locator)


def apart(a: dict, b: dict) -> bool:
    return (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
            or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def slider(page, label: str):
    return page.get_by_role("group", name=label, exact=True).get_by_role("slider")


def opened_from_link(page, address: str, sliders: dict[str, str]) -> None:
    """Open a page from a link; each slider named shows the value the link set."""
    page.goto(address)
    for label, value in sliders.items():
        expect(slider(page, label)).to_have_value(value, timeout=OPEN_S)


def shown(page, testid: str, label: str):
    """What a widget (found by its label) shows: its text and its inputs' values."""
    widget = page.locator(f"[data-testid='{testid}']").filter(has=page.get_by_text(label, exact=True)).first
    return widget.evaluate("e => e.innerText + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')")


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


# --- DeepDream: the dream, the layer sweep and the zoom, each beside the instant preview ----------

def test_dream_link_and_every_result_on_the_first_screen(streamlit_url, shared_torch_home):
    with browser_page(width=W, height=H) as page:
        opened_from_link(page, f"{streamlit_url}/DeepDream?size=128&octaves=1&steps=2&layer=features.7"
                               "&zoom_frames=2&zoom_steps=1",
                         {"Image size (long side, px)": "128", "Octaves": "1", "Steps per octave": "2",
                          "Zoom frames": "2"})
        assert "features.7" in shown(page, "stSlider", "Layer")
        preview = page.locator("[data-testid='stImage']").filter(has_text="instant preview").locator("img")
        for mode, tab, button in (("dream", "Dream", "Run"), ("sweep", "Layer sweep", "Run the sweep"),
                                  ("zoom", "Fractal zoom", "Run the zoom")):
            page.get_by_role("tab", name=tab, exact=True).click()
            area = page.locator(f".st-key-dream-{mode}")
            area.get_by_role("button", name=button, exact=True).click()
            area.get_by_role("button", name="PNG with caption").wait_for(timeout=RUN_S)
            no_exception(page)
            results = area.locator("[data-testid='stImage'] img")
            boxes = [first_screen(page, results.nth(i)) for i in range(2 if mode == "zoom" else 1)]
            if mode == "zoom":   # the last frame and the GIF side by side, apart
                assert apart(*boxes)
            beside = first_screen(page, preview)
            assert all(apart(box, beside) for box in boxes)
            # the caption once, as page text (baked into the sheet it shrank to 8-11 px), naming the settings
            assert area.locator("[data-testid='stImageCaption']:visible").count() == 1 + (mode == "zoom")
            caption = area.locator("[data-testid='stImageCaption']").first.inner_text()
            assert "size=128" in caption and ("layer=features.7" in caption or mode == "sweep")
        screenshot(page, "projector-streamlit-dream-zoom-1280x720")


# --- Style transfer -------------------------------------------------------------------------------

def test_style_link_and_the_result_on_the_first_screen(streamlit_url, styles_dir, shared_torch_home):
    with browser_page(width=W, height=H) as page:
        opened_from_link(page, f"{streamlit_url}/Style_transfer?size=64&scales=1&iterations=5"
                               "&content=sample:astronaut&painting=gallery:the_scream.jpg",
                         {"Output size (long side, px)": "64", "Iterations per scale": "5",
                          "Coarse-to-fine scales": "1"})
        assert "astronaut" in shown(page, "stSelectbox", "Photo (content)").lower()
        assert "scream" in shown(page, "stSelectbox", "Painting (style)").lower()
        page.get_by_role("button", name="Stylise").click()
        page.get_by_text("final losses").wait_for(timeout=RUN_S)
        streamlit_settled(page)   # the rerun after the run has drawn its last element (no stale copy left)
        no_exception(page)
        result = page.locator(".st-key-style-result [data-testid='stImage'] img").first
        box = first_screen(page, result)
        preview = page.locator("[data-testid='stImage']").filter(has_text="instant preview").locator("img").first
        assert apart(box, first_screen(page, preview))
        caption = page.locator(".st-key-style-result [data-testid='stImageCaption']").first.inner_text()
        assert "size=64" in caption and "content=astronaut" in caption and "style=the_scream" in caption
        screenshot(page, "projector-streamlit-style-1280x720")


# --- VAE latent walk: the manifold grid on open ----------------------------------------------------

def test_vae_link_and_the_grid_on_the_first_screen(streamlit_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        opened_from_link(page, f"{streamlit_url}/VAE_latent_walk?grid_size=11&span=2&z1=1.5",
                         {"Grid size": "11", "Range (±)": "2", "z₁": "1.5"})
        grid = page.locator(".st-key-vae-grid [data-testid='stImage']").filter(has_text="grid_size=11").locator("img")
        box = first_screen(page, grid)
        # shown large enough that its tick labels read from the back row: grid_image draws them at
        # max(18, board / 24) px on a board of 11 digits × 56 px
        natural = grid.evaluate("e => e.naturalHeight")
        assert max(18, round(11 * 56 / 24)) * box["height"] / natural >= 16, (box, natural)
        digit = page.locator("[data-testid='stImage']").filter(has_text="z = (1.50, 0.00)").locator("img")
        assert apart(box, first_screen(page, digit))
        no_exception(page)
        screenshot(page, "projector-streamlit-vae-1280x720")


# --- GAN snapshots: both sheets on open -----------------------------------------------------------

def test_gan_link_and_both_sheets_on_the_first_screen(streamlit_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/GAN_snapshots?epoch=10&seed=3&use_fixed=false")
        page.get_by_role("heading", name="DCGAN · epoch 10").wait_for(timeout=OPEN_S)
        assert "10" in shown(page, "stSlider", "Epoch")
        expect(page.get_by_role("spinbutton", name="Seed for new samples")).to_have_value("3")
        expect(page.get_by_role("checkbox", name="Use the fixed latent batch")).not_to_be_checked()
        dense = first_screen(page, page.locator(".st-key-gan-dense [data-testid='stImage'] img").first)
        dcgan = first_screen(page, page.locator(".st-key-gan-dcgan [data-testid='stImage'] img").first)
        assert apart(dense, dcgan)
        no_exception(page)
        screenshot(page, "projector-streamlit-gan-1280x720")


# --- Denoising: the sheet on open, its numbers beside it, whole and large ---------------------------

@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
def test_denoise_link_sheet_and_numbers_on_the_first_screen(streamlit_url, mnist_root, present):
    with browser_page(width=W, height=H) as page:
        opened_from_link(page, f"{streamlit_url}/Denoising?noise=masking&level=0.3&count=3&seed=2"
                               + ("&present=1" if present else ""),
                         {"Noise level": "0.3", "How many digits": "3"})
        assert "masking" in shown(page, "stSelectbox", "Noise").lower()
        sheet = page.locator("[data-testid='stImage']").filter(has_text="noise=masking").locator("img")
        box = first_screen(page, sheet)
        numbers = page.locator("[data-testid='stMetricValue'], [data-testid='stMetricDelta'],"
                               " .st-key-denoise-numbers [data-testid='stCaptionContainer']")
        expect(numbers).to_have_count(4 + 3 + 4)
        for n in numbers.all():
            size, cut = n.evaluate("e => [parseFloat(getComputedStyle(e).fontSize),"
                                   " [e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 1)]")
            assert size >= 16 and not cut, (n.inner_text(), size)
            b = n.bounding_box()
            assert b["y"] + b["height"] <= H and b["x"] + b["width"] <= W and apart(b, box), (n.inner_text(), b)
        if present:   # presentation mode hides the long explanations
            expect(page.get_by_text("Why corrupted input teaches structure")).to_have_count(0)
        no_exception(page)
        screenshot(page, f"projector-streamlit-denoise{'-present' if present else ''}-1280x720")
