"""Lecture kit end to end at 1280×720 (a common projector), both front ends in Chromium: links
set the widgets, presets open, results fit the screen with nothing over them, and the Slide PNG
is 1920×1080 with its settings inside."""

import io
import os
import urllib.request

import pytest
from PIL import Image

from servers import CHROMIUM, browser_page, screenshot, streamlit_settled
from studio import slides

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")

W, H = 1280, 720
# What the browser shows at a point is the element itself, or something fully transparent there
# (a toolbar that appears only on hover).
HIT_JS = """(e, p) => { let h = document.elementFromPoint(p[0], p[1]);
  if (!h) return false; if (e === h || e.contains(h)) return true;
  for (; h; h = h.parentElement) if (getComputedStyle(h).opacity === "0") return true;
  return false; }"""


def clear_view(page, locator, corners: int = 4) -> dict:
    """Scroll the element into view; assert it fits the 1280×720 viewport and that at its centre and
    near its corners the browser hits the element itself (no label chip, toolbar or caption over it).
    corners=3 leaves out the top right, where Gradio keeps its download and fullscreen buttons."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= W + 1 and box["y"] + box["height"] <= H + 1, box
    inset = 6
    points = [(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2),
              (box["x"] + inset, box["y"] + inset), (box["x"] + box["width"] - inset, box["y"] + inset),
              (box["x"] + inset, box["y"] + box["height"] - inset),
              (box["x"] + box["width"] - inset, box["y"] + box["height"] - inset)]
    if corners == 3:
        points.pop(2)
    for x, y in points:
        hit = locator.evaluate(HIT_JS, [x, y])
        assert hit, f"something covers the result at ({x:.0f}, {y:.0f})"
    return box


def slide_settings(data: bytes) -> dict:
    img = Image.open(io.BytesIO(data))
    assert img.size == (1920, 1080)
    return slides.settings_from_png(data)


# --- Streamlit -----------------------------------------------------------------------------------

def test_streamlit_link_sets_widgets_and_the_grid_fits_the_screen(streamlit_url, mnist_root, tmp_path):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/VAE_latent_walk?grid_size=9&span=99&bogus=1")
        page.get_by_text("Range (±) was 99; the maximum 5 was used.").wait_for(timeout=90_000)
        page.get_by_text("is not a setting of this page").first.wait_for()
        slider = page.locator("[data-testid='stSlider']").filter(has_text="Grid size").first
        assert slider.locator("[data-testid='stSliderThumbValue']").inner_text() == "9"
        # the address bar is the page's state (clamped), and it follows the widgets
        page.wait_for_url("**grid_size=9**span=5**")
        grid = page.locator("[data-testid='stImage'] img").first
        grid.wait_for()
        clear_view(page, grid)
        screenshot(page, "lecture-streamlit-vae-link-1280x720")
        # the Slide download: 1920×1080, the settings inside are the page's. Clicked once the page has
        # finished running, as a person would: the button's file is registered afresh on each run, and a
        # click on the one a run is replacing downloads nothing (Streamlit's deferred download; CI, once)
        streamlit_settled(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Slide").first.click()
        data = open(download.value.path(), "rb").read()
        # the slide names its page and view, so it restores the grid there and is refused elsewhere
        assert slide_settings(data) == {"demo": "vae", "view": "grid",
                                        "settings": {"vae.grid": {"grid_size": 9, "span": 5.0}}}


def test_streamlit_preset_link_and_a_dropped_png_restore_the_page(streamlit_url, mnist_root, tmp_path):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/Denoising?preset=block-occlusion")
        page.get_by_text("mean SSIM").first.wait_for(timeout=90_000)
        page.wait_for_url("**noise=block**level=0.25**")
        noise = page.locator("[data-testid='stSelectbox']").filter(has_text="Noise").first
        assert "block occlusion" in noise.evaluate(
            "e => e.innerText + [...e.querySelectorAll('input')].map(i => i.value + i.placeholder).join(' ')")
        sheet = page.locator("[data-testid='stImage'] img").first
        clear_view(page, sheet)
        screenshot(page, "lecture-streamlit-denoise-preset-1280x720")
        # a slide of another state, dropped on the page, brings its settings back
        png = tmp_path / "masking-slide.png"
        png.write_bytes(slides.slide_png(Image.new("RGB", (64, 64)), "t", "c",
                                         {"noise": "masking", "level": 0.3, "source": "random"}))
        page.get_by_text("🔗 Link · presets · restore").click()
        page.locator("[data-testid='stSidebar'] input[type=file]").set_input_files(str(png))
        page.wait_for_url("**noise=masking**level=0.3**", timeout=60_000)
        page.get_by_text("Settings restored from masking-slide.png.").wait_for()


# --- Gradio --------------------------------------------------------------------------------------

def _visible(locator):
    return [x for x in locator.all() if x.is_visible()]


def test_gradio_link_opens_the_tab_with_its_settings(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?demo=vae&grid_size=7&span=1.5")
        page.get_by_text("Digits per side").first.wait_for(timeout=90_000)
        page.wait_for_function("() => [...document.querySelectorAll('input[type=number]')]"
                               ".some(i => i.value === '1.5')", timeout=60_000)
        values = [i.input_value() for i in _visible(page.locator("input[type=number]"))]
        assert values[:2] == ["7", "1.5"]
        # the link box holds the full link to this state, ready to copy
        page.get_by_text("🔗 Link · presets · restore").first.click()
        page.wait_for_function("() => [...document.querySelectorAll('textarea')].some(t => "
                               "t.value.includes('?demo=vae&grid_size=7&span=1.5'))", timeout=30_000)
        screenshot(page, "lecture-gradio-vae-link-1280x720")


def test_gradio_preset_link_and_slide_download(gradio_url, shared_torch_home):
    with browser_page(width=W, height=H) as page:
        settled = ("() => !location.search.includes('preset=') && location.search.includes('backbone=')"
                   " && location.search.includes('octaves=') && location.search.includes('steps=')")
        link = f"{gradio_url}/?demo=dream&preset=quick-dream&size=96&octaves=1&steps=2"
        # Opened once: the restore writes the address itself (it used to wait on the widgets' change
        # events, which a tab not drawn yet never fires, so the address sometimes kept ?preset=).
        page.goto(link)
        page.get_by_text("What to dream").first.wait_for(timeout=90_000)
        page.wait_for_function(settled, timeout=45_000)
        assert "octaves=1" in page.url and "steps=2" in page.url and "backbone=mobilenet_v2" in page.url
        page.get_by_role("button", name="Dream", exact=True).click()
        link = page.locator("a[href*='deepdream-slide.png']").first
        link.wait_for(timeout=120_000)
        href = link.get_attribute("href")
        data = urllib.request.urlopen(href if href.startswith("http") else gradio_url + href).read()
        state = slide_settings(data)
        assert (state["demo"], state["view"]) == ("dream", "dream")
        settings = state["settings"]["dream"]
        assert (settings["size"], settings["octaves"], settings["steps"]) == (96, 1, 2)
        assert settings["layer"] == "features.10" and settings["backbone"] == "mobilenet_v2"
        screenshot(page, "lecture-gradio-dream-preset-1280x720")


def test_gradio_gan_sheets_fit_the_screen_without_label_chips(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?demo=gan&preset=mode-collapse&present=1")
        page.get_by_text("Epoch snapshots (MNIST)").first.wait_for(timeout=90_000)
        page.wait_for_function("() => document.body.classList.contains('studio-present')", timeout=60_000)
        files = "img[src*='/file='], img[src*='gradio_api/file']"
        page.wait_for_function(f"() => [...document.querySelectorAll(\"{files}\")]"
                               ".filter(i => i.complete && i.naturalWidth > 0 && i.offsetParent).length >= 2",
                               timeout=60_000)
        sheets = _visible(page.locator(files))
        assert len(sheets) >= 2
        for sheet in sheets[:2]:
            clear_view(page, sheet)   # all four corners: the toolbar sits above the picture
        # presentation mode: the long explanation is hidden
        assert not page.get_by_text("A generator is rewarded for fooling the discriminator").first.is_visible()
        screenshot(page, "lecture-gradio-gan-present-1280x720")


def test_streamlit_chart_exports_a_png_at_three_times_the_screen(streamlit_url, mnist_root):
    """Plots export as PNG too: the chart's camera button gives 3× the pixels on screen (text and
    lines grow with it), enough for a 1920×1080 slide."""
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/Denoising")
        plot = page.locator(".js-plotly-plot").first
        plot.wait_for(timeout=120_000)
        plot.scroll_into_view_if_needed()
        plot.hover()
        with page.expect_download() as download:
            page.locator(".modebar-btn[data-title='Download plot as a PNG']").first.click()
        png = Image.open(download.value.path())
        box = plot.bounding_box()
        assert abs(png.width - 3 * box["width"]) <= 6 and abs(png.height - 3 * box["height"]) <= 6


def test_streamlit_a_link_opens_the_tab_of_its_view(streamlit_url, mnist_root, shared_torch_home):
    """The layer-sweep preset opens on the Layer sweep tab, ?view=interp on Interpolation; a preset
    picked later from the menu switches the tab too."""
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/DeepDream?preset=layer-sweep")
        page.get_by_role("button", name="Run the sweep").wait_for(timeout=90_000)
        assert page.get_by_role("button", name="Run the sweep").is_visible()
        assert page.get_by_role("tab", name="Layer sweep").get_attribute("aria-selected") == "true"
        page.goto(f"{streamlit_url}/VAE_latent_walk?view=interp")
        tab = page.get_by_role("tab", name="Interpolation")
        tab.wait_for(timeout=90_000)
        page.wait_for_function("() => [...document.querySelectorAll('[role=tab]')].some("
                               "t => t.innerText.includes('Interpolation') && t.getAttribute('aria-selected') === 'true')",
                               timeout=30_000)
        # a preset from the menu, in the same visit, opens its own tab (once the page has settled: a
        # rerun still under way redraws the menu and closes it)
        streamlit_settled(page)
        page.get_by_text("🔗 Link · presets · restore").click()
        page.get_by_role("combobox", name="Preset").click()
        page.get_by_role("option", name="Samples at temperature 1.5").click()
        page.wait_for_function("() => [...document.querySelectorAll('[role=tab]')].some("
                               "t => t.innerText.includes('Samples and reconstructions') && "
                               "t.getAttribute('aria-selected') === 'true')", timeout=30_000)


SELECTED = ("label => [...document.querySelectorAll('[role=tab]')].some(t => t.offsetParent && "
            "t.innerText.trim() === label && t.getAttribute('aria-selected') === 'true')")


def test_gradio_a_link_opens_the_tab_of_its_view(gradio_url, mnist_root, shared_torch_home):
    """?preset=layer-sweep opens DeepDream on its Layer sweep tab, ?view=interp the VAE's
    Interpolation tab, and a preset picked from the menu later opens its own tab."""
    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?demo=dream&preset=layer-sweep")
        page.wait_for_function(SELECTED, arg="Layer sweep", timeout=90_000)
        assert page.get_by_role("button", name="Run the sweep").is_visible()
        page.goto(f"{gradio_url}/?demo=vae&view=interp")
        page.wait_for_function(SELECTED, arg="Interpolation", timeout=90_000)
        page.get_by_text("🔗 Link · presets · restore").first.click()
        page.get_by_label("Start from a preset").first.click()
        page.get_by_role("option", name="Samples at temperature 1.5").click()
        page.wait_for_function(SELECTED, arg="Samples and reconstructions", timeout=30_000)
