"""Links reopen exactly what was on screen, at 1280×720 in both front ends (issue 23): a link copied
on a tab reopens on that tab, the Live 2-D GAN has a link and stays open after its notice, the bare
?preset=NAME that `python -m studio presets` prints opens its page, and a studio PNG dropped on
another page is refused with a sentence (a sweep slide on DeepDream reopens Layer sweep)."""

import os

import pytest
from PIL import Image

from servers import CHROMIUM, browser_page, gradio_idle, holds_still, screenshot, streamlit_settled
from studio import links, slides
from test_e2e_lecture import H, W

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")

# the tab of that name is the selected one (of the tab bars on screen)
SELECTED = ("label => [...document.querySelectorAll('[role=tab]')].some(t => t.offsetParent && "
            "t.innerText.trim() === label && t.getAttribute('aria-selected') === 'true')")
MADE_BY_DREAM = "This PNG was made by the DeepDream page; open that page to restore it."


def _selected(page, label: str, timeout: float = 90_000) -> None:
    page.wait_for_function(SELECTED, arg=label, timeout=timeout)


def _address_has(page, *parts: str, timeout: float = 60_000) -> None:
    page.wait_for_function("parts => parts.every(p => location.search.includes(p))", arg=list(parts),
                           timeout=timeout)


def _sweep_slide(tmp_path, old: bool = False):
    """A DeepDream Layer-sweep slide as the page writes it (old: as the page wrote it before issue 23,
    the settings flat, naming no page)."""
    from studio.demos.dream.dream import DreamSettings

    s = DreamSettings(backbone="mobilenet_v2", layer="features.10", size=96, octaves=1, steps=2)
    path = tmp_path / ("old-sweep-slide.png" if old else "sweep-slide.png")
    state = s.to_dict() if old else links.state("dream", {"dream": s}, "sweep")
    path.write_bytes(slides.slide_png(Image.new("RGB", (64, 64), "purple"), "Layer sweep", "c", state))
    return path


# --- Streamlit -----------------------------------------------------------------------------------

def test_streamlit_a_copied_link_reopens_on_its_tab(streamlit_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/VAE_latent_walk?steps=16&spherical=1")
        _selected(page, "Manifold and walk")
        streamlit_settled(page)
        page.get_by_role("tab", name="Interpolation").click()
        _address_has(page, "steps=16", "spherical=1", "view=interp")
        streamlit_settled(page)
        page.get_by_text("🔗 Link · presets · restore").click()
        code = page.locator("[data-testid='stSidebar'] code").first
        page.wait_for_function("e => e.innerText.includes('view=interp')", arg=code.element_handle(), timeout=30_000)
        copied = code.inner_text().replace("\n", "")
        page.goto("about:blank")
        page.goto(copied)                                   # a new visit of the copied link
        _selected(page, "Interpolation")
        streamlit_settled(page)
        steps = page.locator("[data-testid='stSlider']").filter(has_text="Steps").first
        assert steps.locator("[data-testid='stSliderThumbValue']").inner_text() == "16"
        screenshot(page, "links-views-streamlit-vae-interp-1280x720")


def test_streamlit_the_live_gan_has_a_link_and_stays_open(streamlit_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/GAN_snapshots?view=live&bogus=1")
        page.get_by_text("'bogus' is not a setting of this page").wait_for(timeout=90_000)
        _selected(page, "Live 2-D GAN")
        assert page.get_by_text("This page has no view").count() == 0
        streamlit_settled(page)
        page.get_by_role("button", name="Step (100)").click()   # the rerun that drops the notice
        streamlit_settled(page)
        page.get_by_role("button", name="Start").click()
        holds_still(page, f"() => ({SELECTED})('Live 2-D GAN')", frames=90)
        page.get_by_role("button", name="Stop").click()
        streamlit_settled(page)
        _selected(page, "Live 2-D GAN", timeout=5_000)
        assert "view=live" in page.url


def test_streamlit_a_bare_preset_link_opens_its_page(streamlit_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/?preset=slerp")          # as `python -m studio presets` prints it
        page.wait_for_url("**/VAE_latent_walk?**", timeout=90_000)
        _selected(page, "Interpolation")
        _address_has(page, "spherical=1", "view=interp")
        page.goto(f"{streamlit_url}/?preset=no-such-preset")
        page.get_by_text("There is no preset called 'no-such-preset'").wait_for(timeout=60_000)


def test_streamlit_a_png_from_another_page_is_refused(streamlit_url, mnist_root, tmp_path):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/Foundations?view=paint&paint.size=96")
        _selected(page, "Learn to paint")
        streamlit_settled(page)
        before = page.url
        page.get_by_text("🔗 Link · presets · restore").click()
        page.locator("[data-testid='stSidebar'] input[type=file]").set_input_files(str(_sweep_slide(tmp_path, old=True)))
        page.get_by_text(MADE_BY_DREAM).wait_for(timeout=60_000)
        streamlit_settled(page)
        assert page.url == before and page.get_by_text("Settings restored").count() == 0
        _selected(page, "Learn to paint", timeout=5_000)
        screenshot(page, "links-views-streamlit-foreign-png-1280x720")


def test_streamlit_a_sweep_slide_reopens_layer_sweep(streamlit_url, shared_torch_home, tmp_path):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/DeepDream")
        _selected(page, "Dream")
        streamlit_settled(page)
        page.get_by_text("🔗 Link · presets · restore").click()
        page.locator("[data-testid='stSidebar'] input[type=file]").set_input_files(str(_sweep_slide(tmp_path)))
        page.get_by_text("Settings restored from sweep-slide.png.").wait_for(timeout=60_000)
        _selected(page, "Layer sweep")
        _address_has(page, "size=96", "octaves=1", "view=sweep")


# --- Gradio --------------------------------------------------------------------------------------

LINK_BOX = "() => [...document.querySelectorAll('textarea')].map(t => t.value).find(v => v.includes('?demo=')) || ''"


def test_gradio_a_copied_link_reopens_on_its_tab(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?demo=vae&steps=16&spherical=1")
        _selected(page, "Manifold and walk")
        gradio_idle(page)
        page.get_by_role("tab", name="Interpolation").click()
        _address_has(page, "steps=16", "spherical=1", "view=interp")
        page.get_by_text("🔗 Link · presets · restore").first.click()
        page.wait_for_function(f"() => ({LINK_BOX})().includes('view=interp')", timeout=30_000)
        copied = page.evaluate(LINK_BOX)
        page.goto("about:blank")
        page.goto(copied)
        _selected(page, "Interpolation")
        gradio_idle(page)
        # the restore's own address keeps the tab (and the settings) once the widgets have caught up
        _address_has(page, "steps=16", "spherical=1", "view=interp")
        page.wait_for_function("() => [...document.querySelectorAll('input')].some(i => i.offsetParent && "
                               "i.value === '16')", timeout=30_000)   # the Steps slider's number
        screenshot(page, "links-views-gradio-vae-interp-1280x720")


def test_gradio_a_bare_preset_link_and_the_live_gan(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?preset=slerp")              # as `python -m studio presets` prints it
        _selected(page, "Interpolation")
        _address_has(page, "demo=vae", "spherical=1", "view=interp")
        page.goto(f"{gradio_url}/?preset=no-such-preset")      # stays home, and says why
        page.get_by_text("There is no preset called 'no-such-preset'").first.wait_for(timeout=60_000)
        page.goto(f"{gradio_url}/?demo=gan&view=live")
        _selected(page, "Live 2-D GAN")
        gradio_idle(page)
        assert page.get_by_text("This page has no view").count() == 0
        page.get_by_role("button", name="Step (100)").click()
        gradio_idle(page)
        holds_still(page, f"() => ({SELECTED})('Live 2-D GAN')", frames=60)
        assert "view=live" in page.url


def test_gradio_a_png_from_another_page_is_refused_and_a_sweep_slide_reopens_layer_sweep(
        gradio_url, mnist_root, shared_torch_home, tmp_path):
    def drop(path):
        page.get_by_text("🔗 Link · presets · restore").first.click()
        zone = page.locator(".block").filter(has_text="Restore from a studio PNG").filter(visible=True).first
        zone.locator("input[type=file]").set_input_files(str(path))

    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?demo=foundations&view=paint")
        _selected(page, "Learn to paint")
        gradio_idle(page)
        drop(_sweep_slide(tmp_path))
        page.get_by_text(MADE_BY_DREAM).first.wait_for(timeout=60_000)
        screenshot(page, "links-views-gradio-foreign-png-1280x720")
        _selected(page, "Learn to paint", timeout=5_000)
        assert "size=96" not in page.url
        page.goto(f"{gradio_url}/?demo=dream")
        _selected(page, "Dream")
        gradio_idle(page)
        drop(_sweep_slide(tmp_path))
        _selected(page, "Layer sweep", timeout=60_000)
        _address_has(page, "demo=dream", "size=96", "octaves=1", "view=sweep")
