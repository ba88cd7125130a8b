"""Issue 23, layout and readability at 1280×720 (a classroom projector), in both front ends: the live 2-D
GAN's chart whole and legible, the GAN epoch tab's headings and verdicts, log sliders that say their value,
dropdowns whose chosen option is readable whole, Gradio's fonts offline and a link's notices in the page."""

import os
import re

import pytest

from servers import (CHROMIUM, browser_page, charts_drawn, gradio_idle, pictures_loaded, screenshot,
                     streamlit_rerun, streamlit_settled)
from studio.controls import Control
from studio.demos.gan import snapshots as snaps
from studio.demos.gan import toy as gan_toy

browser = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")
W, H = 1280, 720


# --- the core, without a browser --------------------------------------------------------------------

def test_the_live_chart_counts_modes_in_whole_numbers():
    for target in gan_toy.TARGETS:
        gan = gan_toy.ToyGan(gan_toy.ToyGanSettings(target=target, steps=100))
        gan.train(20)
        axis = gan_toy.figure(gan).layout.yaxis3
        assert axis.tickmode == "linear" and axis.tick0 == 0 and axis.tickformat == "d"
        assert axis.dtick in (1, 2, 5) and gan.modes_total / axis.dtick <= 8, (target, axis.dtick)
    assert [gan_toy.count_step(n) for n in (8, 10, 25, 100)] == [1, 2, 5, 20]


def test_log_slider_labels_say_the_value_in_both_front_ends():
    ctl = Control("Step size", 0.01, min=0.001, max=0.1, log=True, step=0.1)
    assert ctl.widget_label(-2.0) == "Step size = 0.01 (slider: log₁₀)"
    assert ctl.widget_label(-2.7) == "Step size = 0.002 (slider: log₁₀)"
    assert ctl.widget_label(float("nan")) == "Step size = ? (slider: log₁₀)"
    assert Control("Octaves", 4, min=1, max=8).widget_label(4) == "Octaves"


def test_streamlit_log_sliders_carry_the_shared_label():
    from streamlit.testing.v1 import AppTest

    def page():
        from studio.demos.gan import toy
        from studio.ui.streamlit_ui import settings_form
        settings_form(toy.ToyGanSettings, key="t")

    at = AppTest.from_function(page).run()
    labels = [s.label for s in at.slider]
    assert "Generator learning rate = 0.001 (slider: log₁₀)" in labels
    at.slider(key="t.g_lr").set_value(-2.3).run()
    assert at.slider(key="t.g_lr").label == "Generator learning rate = 0.005 (slider: log₁₀)"


def test_a_sheet_heading_and_its_verdicts_come_from_the_core():
    collapsed = next(e for e in snaps.snapshots("dense") if snaps.collapse_note(e))
    assert snaps.heading(collapsed) == f"Dense (MLP) GAN · epoch {collapsed['epoch']}"
    assert ("error", snaps.collapse_note(collapsed)) in snaps.verdicts(collapsed)
    from studio.demos.gan.gradio import headings
    dense, _ = headings(collapsed["epoch"])
    assert snaps.heading(collapsed) in dense and snaps.collapse_note(collapsed) in dense


# --- the live 2-D GAN's chart ---------------------------------------------------------------------

_CHART = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')].find(e => e.offsetParent !== null);
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {plot: box(plot), loss: box(plot.querySelector('.g-y2title text')), bar: box(plot.querySelector('.colorbar')),
          modes: [...plot.querySelectorAll('.y3tick text')].map(e => e.textContent)};
}"""


def _chart_is_whole_and_legible(page) -> None:
    c = page.evaluate(_CHART)
    assert c["plot"][3] <= H, f"the chart's bottom is at {c['plot'][3]} px, below the screen"
    loss, bar = c["loss"], c["bar"]
    overlap = loss[0] < bar[2] and bar[0] < loss[2] and loss[1] < bar[3] and bar[1] < loss[3]
    assert not overlap, f"the 'loss' axis title {loss} overlaps the colour bar {bar}"
    assert c["modes"] and all(re.fullmatch(r"\d+", t) for t in c["modes"]), c["modes"]


# the live view's address and how to know the page has settled, per front end
LIVE = {"streamlit": ("/GAN_snapshots?view=live", streamlit_settled), "gradio": ("/?demo=gan&view=live", gradio_idle)}


@browser
@pytest.mark.parametrize("front", sorted(LIVE))
def test_live_gan_chart_whole_at_1280(front, request):
    path, settled = LIVE[front]
    with browser_page(W, H) as page:
        page.goto(request.getfixturevalue(f"{front}_url") + path)
        page.get_by_role("button", name="Step (100)").click(timeout=90_000)
        page.get_by_text(re.compile(r"step 100 of \d+")).first.wait_for(timeout=60_000)
        settled(page)
        charts_drawn(page, 1)
        screenshot(page, f"polish-{front}-gan-live-1280")
        _chart_is_whole_and_legible(page)


# --- the GAN epoch tab: a heading and a verdict over each sheet, in the same words ------------------

def _collapsed_epoch() -> tuple[dict, dict]:
    dense = next(e for e in reversed(snaps.snapshots("dense")) if snaps.collapse_note(e))
    return dense, snaps.at_epoch("dcgan", dense["epoch"])


def _headings_and_verdict(page, address: str):
    """Opens `address` + the first collapsed epoch and waits for both sheets' headings and the dense GAN's
    verdict, in the core's words; the verdict's locator."""
    dense, dcgan = _collapsed_epoch()
    page.goto(f"{address}{dense['epoch']}")
    page.get_by_role("heading", name=snaps.heading(dense)).wait_for(timeout=90_000)
    page.get_by_role("heading", name=snaps.heading(dcgan)).wait_for(timeout=30_000)
    verdict = page.get_by_text(snaps.collapse_note(dense))
    verdict.wait_for(timeout=30_000)
    return verdict


@browser
def test_gradio_gan_epoch_tab_names_each_sheet_and_says_collapsed(gradio_url):
    with browser_page(W, H) as page:
        verdict = _headings_and_verdict(page, f"{gradio_url}/?demo=gan&epoch=")
        gradio_idle(page)
        pictures_loaded(page, 2)
        screenshot(page, "polish-gradio-gan-epoch-1280")
        assert verdict.bounding_box()["y"] + verdict.bounding_box()["height"] <= H   # on the first screen
        # the same words as Streamlit's page
        page.goto(f"{gradio_url}/?demo=gan&epoch=1")
        early = snaps.not_digits_note(snaps.at_epoch("dense", 1))
        page.get_by_text(early).wait_for(timeout=90_000)


@browser
def test_streamlit_gan_epoch_tab_says_the_same_words(streamlit_url):
    with browser_page(W, H) as page:
        _headings_and_verdict(page, f"{streamlit_url}/GAN_snapshots?epoch=")


# --- log sliders: the value itself in the label (Streamlit, as Gradio) -----------------------------

@browser
def test_streamlit_log_slider_says_its_value(streamlit_url):
    with browser_page(W, H) as page:
        page.goto(f"{streamlit_url}/DeepDream")
        thumb = page.get_by_role("slider", name="Step size")
        thumb.wait_for(timeout=90_000)
        streamlit_settled(page)
        page.get_by_text("Step size = 0.01 (slider: log₁₀)").wait_for(timeout=30_000)
        with streamlit_rerun(page):
            thumb.focus()
            thumb.press("ArrowLeft")   # 10^-2.1
        label = page.get_by_text("Step size = 0.0079 (slider: log₁₀)")
        label.wait_for(timeout=30_000)
        label.scroll_into_view_if_needed()
        screenshot(page, "polish-streamlit-log-slider-1280")


# --- dropdowns: the chosen option readable whole, the arrow beside it --------------------------------

# Each visible dropdown whose label starts with `label` ("" for all): its option's width against the room it has
_CLIPPED = """label => {
  const c = document.createElement('canvas').getContext('2d');
  const inputs = [...document.querySelectorAll('input[role=combobox]')]
    .filter(e => e.offsetParent !== null && (e.getAttribute('aria-label') || '').startsWith(label));
  return inputs.map(e => {
    const cs = getComputedStyle(e);
    c.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const text = Math.ceil(c.measureText(e.value).width);
    const room = e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const r = e.getBoundingClientRect(), textEnd = r.left + parseFloat(cs.paddingLeft) + text;
    const arrow = e.parentElement.querySelector('.icon-wrap, button');
    const arrowLeft = arrow ? arrow.getBoundingClientRect().left : Infinity;
    return {label: e.getAttribute('aria-label'), value: e.value, text, room, overlapsArrow: textEnd > arrowLeft};
  });
}"""


def _readable(page, label: str, value: str) -> None:
    shown = page.evaluate(_CLIPPED, label)
    mine = [d for d in shown if d["value"] == value]
    assert mine, (label, value, shown)
    for d in mine:
        assert d["text"] <= d["room"] and not d["overlapsArrow"], d


def _paint_then_loss_readable(page, encoding: str, gan_live: str, settled) -> None:
    """The painter's two dropdowns (the page open on them), then the live GAN's Loss (opened at `gan_live`)."""
    _readable(page, "Positional encoding", encoding)
    _readable(page, "Picture", page.get_by_role("combobox", name="Picture").first.input_value())
    page.goto(gan_live)
    page.get_by_role("combobox", name="Loss").wait_for(timeout=90_000)
    settled(page)
    _readable(page, "Loss", "Non-saturating (standard)")


@browser
def test_streamlit_dropdowns_show_their_whole_option(streamlit_url):
    fourier = "Fourier features (Tancik et al. 2020)"
    with browser_page(W, H) as page:
        page.goto(f"{streamlit_url}/Foundations?view=paint&paint.encoding=fourier")
        page.locator("[data-testid=stSelectbox]:visible").first.wait_for(timeout=90_000)
        streamlit_settled(page)
        page.get_by_role("combobox", name="Positional encoding").first.scroll_into_view_if_needed()
        screenshot(page, "polish-streamlit-dropdowns-1280")
        _paint_then_loss_readable(page, fourier, f"{streamlit_url}/GAN_snapshots?view=live", streamlit_settled)


@browser
def test_gradio_dropdowns_show_their_whole_option(gradio_url):
    fourier = "Fourier features (Tancik et al. 2020)"
    with browser_page(W, H) as page:
        page.goto(f"{gradio_url}/?demo=foundations&view=paint&paint.encoding=fourier")
        box = page.get_by_role("combobox", name="Positional encoding").first
        box.wait_for(timeout=90_000)
        page.wait_for_function("v => [...document.querySelectorAll('input[role=combobox]')].some(e => e.value === v)",
                               arg=fourier, timeout=60_000)
        gradio_idle(page)
        box.scroll_into_view_if_needed()
        screenshot(page, "polish-gradio-dropdowns-1280")
        _paint_then_loss_readable(page, fourier, f"{gradio_url}/?demo=gan&view=live", gradio_idle)


# --- Gradio's fonts: there with no network, bold capitals included -----------------------------------

_FONT = """() => {
  const h = document.querySelector('.studio-title strong, h1, h2');
  const families = getComputedStyle(h).fontFamily.split(',').map(f => f.trim().replace(/^["']|["']$/g, ''));
  const generic = new Set(['serif', 'sans-serif', 'monospace', 'system-ui', 'cursive', 'fantasy']);
  const web = new Set([...document.fonts].map(f => f.family.replace(/^["']|["']$/g, '')));
  const c = document.createElement('canvas').getContext('2d');
  const width = font => { c.font = font; return c.measureText('GAN SNAPSHOTS Wq').width; };
  // a family is installed if text in it measures differently from both generic fallbacks
  const installed = f => ['monospace', 'serif'].every(g => width(`700 40px "${f}", ${g}`) !== width(`700 40px ${g}`));
  const first = families.find(f => generic.has(f) || installed(f));
  return {families, first, web: families.filter(f => web.has(f)), weight: getComputedStyle(h).fontWeight,
          ready: document.fonts.check(`700 20px ${getComputedStyle(h).fontFamily}`)};
}"""


@browser
def test_gradio_headings_use_a_font_that_is_there_offline(gradio_url):
    with browser_page(W, H) as page:
        failed = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(f"{gradio_url}/?demo=gan")
        page.get_by_text("Why DCGAN does better").first.wait_for(timeout=90_000)
        gradio_idle(page)
        f = page.evaluate(_FONT)
        assert not f["web"], f"the headings ask for web fonts {f['web']}"
        # the first family the browser can draw is a named one of the stack, not the generic fallback
        assert f["first"] in f["families"][:f["families"].index("sans-serif")], f
        assert f["ready"], "a heading's bold font still has to be downloaded"
        assert not [u for u in failed if "font" in u], failed
        screenshot(page, "polish-gradio-heading-font-1280")


# --- Gradio: a link's notices in the page ---------------------------------------------------------------

@browser
def test_gradio_link_notices_show_in_the_page(gradio_url):
    with browser_page(W, H) as page:
        page.goto(f"{gradio_url}/?demo=dream&size=99999&colour=blue")
        clamped = page.get_by_text(re.compile(r"was 99999; the maximum \d+ was used"))
        clamped.wait_for(timeout=90_000)
        unknown = page.get_by_text("The link's 'colour' is not a setting of this page; it was ignored.")
        unknown.wait_for(timeout=30_000)
        box = clamped.bounding_box()
        assert box["y"] + box["height"] <= H, box   # where the lecturer looks: on the first screen
        screenshot(page, "polish-gradio-link-notice-1280")
        # a link without problems shows none
        page.goto(f"{gradio_url}/?demo=dream&size=256")
        page.get_by_role("tab", name="Dream").first.wait_for(timeout=90_000)
        gradio_idle(page)
        assert page.locator(".studio-notice:visible").count() == 0


@browser
@pytest.mark.parametrize("front_end", ["streamlit", "gradio"])
def test_every_views_dropdowns_show_their_whole_option(front_end, streamlit_url, gradio_url, mnist_root,
                                                      shared_torch_home):
    """On every view of every demo, as it opens, no dropdown's chosen option is cut or under its arrow."""
    from studio import presets
    from studio.demos import DEMOS

    cut = {}
    with browser_page(W, H) as page:
        for d in DEMOS:
            for view in presets.VIEWS[d.key]:
                if front_end == "gradio":
                    page.goto(f"{gradio_url}/?demo={d.key}&view={view}")
                    page.get_by_role("tab", name=d.title, exact=False, selected=True).wait_for(timeout=90_000)
                    gradio_idle(page)
                else:
                    page.goto(f"{streamlit_url}/{d.page.split('/')[-1][2:-3]}?view={view}")
                    page.locator("[data-testid=stMain]").wait_for(timeout=90_000)
                    streamlit_settled(page)
                if found := [d for d in page.evaluate(_CLIPPED, "") if d["text"] > d["room"] or d["overlapsArrow"]]:
                    cut[f"{d.key}/{view}"] = found
    assert not cut, cut
