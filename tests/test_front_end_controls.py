"""One spec, the same ranges and defaults in both front ends."""

import gradio as gr
from streamlit.testing.v1 import AppTest

from example_settings import ExampleSettings
from studio.ui.gradio_ui import settings_components, settings_from


def _streamlit_form():
    import streamlit as st

    from example_settings import ExampleSettings
    from studio.ui.streamlit_ui import settings_form

    s = settings_form(ExampleSettings, key="ex")
    st.write(f"RESULT {s.caption()}")


def _gradio_components():
    with gr.Blocks():
        return settings_components(ExampleSettings)


def test_one_spec_gives_the_same_widgets_in_streamlit_and_gradio():
    at = AppTest.from_function(_streamlit_form).run()
    assert not at.exception
    sliders = {s.label: s for s in at.slider}
    comps = _gradio_components()
    for name, ctl in ExampleSettings.controls():
        g = comps[name]
        if ctl.kind in ("int", "float") and not ctl.number_box:
            lo, hi, step, value = ctl.widget_range()
            s = sliders[ctl.widget_label(value)]   # a log slider's label says its value, in both
            assert g.label == s.label
            assert (s.min, s.max, s.step, s.value) == (lo, hi, step, value)
            assert (g.minimum, g.maximum, g.step, g.value) == (lo, hi, step, value)
        elif ctl.number_box:
            n = at.number_input(key=f"ex.{name}")
            assert (n.min, n.max, n.value) == (ctl.min, ctl.max, ctl.default)
            assert (g.minimum, g.maximum, g.value) == (ctl.min, ctl.max, ctl.default)
        elif ctl.kind == "choice":
            sb = at.selectbox(key=f"ex.{name}")
            assert sb.options == list(ctl.choice_labels) and sb.value == ctl.default
            assert [c[1] for c in g.choices] == list(ctl.choices) and g.value == ctl.default
        elif ctl.kind == "bool":
            assert at.checkbox(key=f"ex.{name}").value == ctl.default == g.value


def test_moving_a_streamlit_slider_changes_the_settings():
    at = AppTest.from_function(_streamlit_form).run()
    at.slider(key="ex.steps").set_value(33).run()
    at.slider(key="ex.weight").set_value(6.0).run()
    text = " ".join(m.value for m in at.markdown)
    assert "steps=33" in text and "weight=1e+06" in text


def test_gradio_values_become_validated_settings():
    names = ["steps", "weight", "layer"]
    s = settings_from(ExampleSettings, names, (500, 3.0, "early"), seed=7)
    assert (s.steps, s.weight, s.layer, s.seed) == (50, 1000.0, "early", 7)
    assert s.notices  # the clamp is reported
