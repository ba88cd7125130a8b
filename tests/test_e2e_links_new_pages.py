"""Links for Foundations and Model families at 1280×720, both front ends in Chromium: a link with
non-default settings sets the widgets, Run gives a result that is on screen without scrolling with
nothing over it, and a preset link opens its settings."""

import os
import re

import pytest

from servers import CHROMIUM, SCREENSHOTS, browser_page, streamlit_settled
from test_e2e_lecture import H, W, clear_view

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")

PAINT_LINK = "image=chelsea&paint.size=32&paint.steps=100&paint.encoding=fourier&paint.layers=3"
FILES = "img[src*='/file='], img[src*='gradio_api/file']"


def on_screen(page, locator, corners: int = 4) -> None:
    """The result as the page stands after Run (no scrolling) lies inside the viewport, and nothing
    covers it (clear_view)."""
    box = locator.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= H + 1, f"below the fold at {W}×{H}: {box}"
    clear_view(page, locator, corners)


def screenshot(page, name: str) -> None:
    """What the projector shows: the viewport only (docs/screenshots/projector-*.png are these)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def address_has(page, *parts: str, timeout: float = 60_000) -> None:
    page.wait_for_function("parts => parts.every(p => location.search.includes(p))", arg=list(parts),
                           timeout=timeout)


def visible(locator):
    return [x for x in locator.all() if x.is_visible()]


# --- Streamlit -----------------------------------------------------------------------------------

def _ready(page, button: str) -> None:
    """The page has drawn everything (its script has finished) and shows `button`."""
    page.get_by_role("button", name=button, exact=True).first.wait_for(timeout=90_000)
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=90_000)


def _widgets(page, kind: str, label: str) -> list:
    """The visible widgets of a kind whose label is exactly `label` (in the tab that is open)."""
    label_of = "e => (e.querySelector('[data-testid=stWidgetLabel]') || e).innerText.trim()"
    return [w for w in visible(page.locator(f"[data-testid='{kind}']")) if w.evaluate(label_of) == label]


def _thumb(page, label: str, n: int = 0) -> str:
    return _widgets(page, "stSlider", label)[n].locator("[data-testid='stSliderThumbValue']").inner_text()


def _choice(page, label: str, n: int = 0) -> str:
    """What a select box shows: its text and its input's value."""
    return _widgets(page, "stSelectbox", label)[n].evaluate(
        "e => e.innerText + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')")


def test_streamlit_foundations_link_sets_the_painting_and_it_fits(streamlit_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/Foundations?{PAINT_LINK}")
        page.get_by_text("60,000 pictures").first.wait_for(timeout=90_000)
        page.get_by_role("tab", name="Learn to paint").click()
        _ready(page, "Start")
        assert "Chelsea the cat" in _choice(page, "Picture")
        assert "Fourier features" in _choice(page, "Positional encoding")
        assert _thumb(page, "Size (pixels per side)") == "32" and _thumb(page, "Hidden layers") == "3"
        assert _thumb(page, "Training budget (steps)") == "100"
        address_has(page, "image=chelsea", "paint.size=32", "paint.layers=3", "paint.steps=100")
        page.get_by_role("button", name="Start").first.click()
        page.get_by_text(re.compile(r"step 100 of 100 · .* PSNR")).first.wait_for(timeout=120_000)
        painting = visible(page.locator("[data-testid='stImage'] img"))[0]
        on_screen(page, painting)
        screenshot(page, "links-streamlit-foundations-1280x720")
        # the copy box holds the full link to this state
        page.get_by_text("🔗 Link · presets · restore").click()
        code = page.locator("[data-testid='stSidebar'] code").first
        code.wait_for()
        assert "paint.layers=3" in code.inner_text() and "/Foundations?" in code.inner_text()


def test_streamlit_families_link_with_a_clamped_value_draws_the_samples(streamlit_url, mnist_root, tmp_path):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/Model_families?samples.seed=3&samples.count=4&live.count=99")
        page.get_by_text("Samples was 99; the maximum 32 was used.").wait_for(timeout=90_000)
        _ready(page, "Draw samples")
        seed = _widgets(page, "stNumberInput", "Seed")[0].locator("input")
        assert seed.input_value() == "3" and _thumb(page, "Samples per family") == "4"
        address_has(page, "samples.seed=3", "samples.count=4", "live.count=32")
        page.get_by_role("button", name="Draw samples").click()
        # the sheet itself: the picture captioned with the drawn seed (not another picture of the page)
        sheet = page.locator("[data-testid='stImage']").filter(has_text="Samples, seed 3").locator("img").first
        sheet.wait_for(timeout=120_000)
        streamlit_settled(page)   # as the visitor sees it once the run is over (mid-run, the page is still moving)
        on_screen(page, sheet)
        screenshot(page, "links-streamlit-families-1280x720")
        # a slide of other samples, dropped on the link panel, sets that part of the page (and only it)
        from PIL import Image

        from studio import links, slides
        from studio.demos.families import measure as families

        png = tmp_path / "samples-slide.png"
        state = links.state("families", {"families.samples": families.SampleSettings(seed=11, count=5)})
        png.write_bytes(slides.slide_png(Image.new("RGB", (64, 64)), "t", "c", state))
        page.get_by_text("🔗 Link · presets · restore").click()
        page.locator("[data-testid='stSidebar'] input[type=file]").set_input_files(str(png))
        page.get_by_text("Settings restored from samples-slide.png.").wait_for(timeout=60_000)
        address_has(page, "samples.seed=11", "samples.count=5")
        assert "live.count" not in page.url           # the rest of the page went back to its defaults


def test_streamlit_preset_link_opens_the_race(streamlit_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/Foundations?preset=fourier-race")
        # the preset opens on its own tab, Learn to paint
        page.wait_for_function("() => [...document.querySelectorAll('[role=tab]')].some(t => "
                               "t.innerText.includes('Learn to paint') && t.getAttribute('aria-selected') === 'true')",
                               timeout=90_000)
        # the preset's name gives way to its settings in the address
        address_has(page, "image=chelsea", "paint.size=64", "paint.steps=300")
        assert "preset=" not in page.url
        _ready(page, "Start")
        assert "Chelsea the cat" in _choice(page, "Picture") and _thumb(page, "Size (pixels per side)") == "64"
        assert "Off" in _choice(page, "Positional encoding") and "Fourier" in _choice(page, "Positional encoding", 1)


# --- Gradio --------------------------------------------------------------------------------------

SHOWS = "values => values.every(v => [...document.querySelectorAll('input')].some(i => i.offsetParent && i.value === v))"


def test_gradio_foundations_link_sets_the_painting_and_it_fits(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?demo=foundations&{PAINT_LINK}")
        page.get_by_text("60,000 pictures").first.wait_for(timeout=90_000)
        page.get_by_role("tab", name="Learn to paint").click()
        page.wait_for_function(SHOWS, arg=["Chelsea the cat", "32", "3", "100"], timeout=60_000)
        address_has(page, "demo=foundations", "image=chelsea", "paint.layers=3")
        page.get_by_role("button", name="Start").first.click()
        page.get_by_text(re.compile(r"step 100 of 100 · .* PSNR")).first.wait_for(timeout=120_000)
        page.wait_for_function(f"() => [...document.querySelectorAll(\"{FILES}\")]"
                               ".some(i => i.complete && i.naturalWidth > 0 && i.offsetParent)", timeout=60_000)
        painting = visible(page.locator(FILES))[0]
        on_screen(page, painting)
        screenshot(page, "links-gradio-foundations-1280x720")
        page.get_by_text("🔗 Link · presets · restore").first.click()
        page.wait_for_function("() => [...document.querySelectorAll('textarea')].some(t => "
                               "t.value.includes('demo=foundations') && t.value.includes('paint.layers=3'))",
                               timeout=30_000)


def test_gradio_families_link_draws_the_samples_on_screen(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?demo=families&samples.seed=3&samples.count=4")
        page.get_by_role("button", name="Draw samples").wait_for(timeout=90_000)
        page.wait_for_function(SHOWS, arg=["3", "4"], timeout=60_000)
        address_has(page, "demo=families", "samples.seed=3", "samples.count=4")
        page.get_by_role("button", name="Draw samples").click()
        page.get_by_text("Samples, seed 3: VAE").first.wait_for(timeout=120_000)
        page.wait_for_function(f"() => [...document.querySelectorAll(\"{FILES}\")]"
                               ".some(i => i.complete && i.naturalWidth > 1000 && i.offsetParent)", timeout=60_000)
        sheet = [x for x in visible(page.locator(FILES)) if x.evaluate("i => i.naturalWidth") > 1000][0]
        on_screen(page, sheet, corners=3)     # the top right holds Gradio's fullscreen and download buttons
        screenshot(page, "links-gradio-families-1280x720")
