"""A result's caption (the settings that reproduce it) is page text under the picture, readable from the
back row at 1280×720: baked into a sheet it shrank with the sheet to 8–11 px on the page. Downloads
and slides still carry it (exports.captioned, slides.slide)."""

import os

import pytest

from servers import CHROMIUM, browser_page, screenshot, streamlit_settled
from test_e2e_lecture import H, W

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


def _readable(page, caption, *, px: float) -> None:
    """The caption is on the first screen, whole, at `px` or more."""
    caption.wait_for(timeout=90_000)
    box = caption.bounding_box()
    assert box and box["y"] + box["height"] <= H and box["x"] + box["width"] <= W, box
    assert float(caption.evaluate("e => getComputedStyle(e).fontSize").rstrip("px")) >= px
    assert caption.evaluate("e => e.scrollWidth <= e.clientWidth + 1")


def test_streamlit_vae_interpolation_caption_is_page_text(streamlit_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{streamlit_url}/VAE_latent_walk?view=interp&steps=16")
        caption = page.locator("[data-testid='stImageCaption'] p").filter(has_text="steps=16").first
        _readable(page, caption, px=16)
        streamlit_settled(page)
        screenshot(page, "captions-streamlit-vae-interp-1280x720")


def test_gradio_vae_interpolation_and_samples_captions_are_page_text(gradio_url, mnist_root):
    with browser_page(width=W, height=H) as page:
        page.goto(f"{gradio_url}/?demo=vae&view=interp&steps=12")
        page.wait_for_function("() => location.search.includes('steps=12')", timeout=90_000)
        page.get_by_role("button", name="Interpolate", exact=True).click()
        _readable(page, page.locator(".studio-caption p").filter(has_text="steps=12").first, px=16)
        screenshot(page, "captions-gradio-vae-interp-1280x720")
        page.get_by_role("tab", name="Samples and reconstructions", exact=True).click()
        page.get_by_role("button", name="Sample", exact=True).click()
        _readable(page, page.locator(".studio-caption p").filter(has_text="VAE samples").first, px=16)


@pytest.mark.parametrize("front", ["streamlit", "gradio"])
def test_gan_sheets_captions_are_page_text(front, request, mnist_root):
    """Each family's caption (Streamlit's image caption, Gradio's caption line) names its epoch and seed."""
    captions = {"streamlit": "[data-testid='stImageCaption'] p", "gradio": ".studio-caption p"}[front]
    with browser_page(width=W, height=H) as page:
        query = "epoch=5&seed=3&use_fixed=false"
        page.goto(request.getfixturevalue(f"{front}_url") +
                  (f"/GAN_snapshots?{query}" if front == "streamlit" else f"/?demo=gan&{query}"))
        for family in ("Dense (MLP) GAN, epoch 5", "DCGAN, epoch 5"):
            _readable(page, page.locator(captions).filter(has_text=f"{family} ").filter(has_text="seed 3").first,
                      px=16)
        if front == "streamlit":
            streamlit_settled(page)
        screenshot(page, f"captions-{front}-gan-1280x720")
