import math

import pytest

from example_settings import ExampleSettings
from studio.errors import StudioError


def test_defaults_come_from_the_specs():
    s = ExampleSettings()
    assert s.to_dict() == {"steps": 10, "strength": 0.5, "weight": 1e4, "layer": "mid",
                           "keep_colour": False, "seed": 0}
    assert s.notices == ()


def test_out_of_range_numbers_are_clamped_with_a_notice():
    s = ExampleSettings(steps=999, strength=-3, weight=1e12)
    assert (s.steps, s.strength, s.weight) == (50, 0.0, 1e8)
    assert len(s.notices) == 3
    assert any("Steps was 999; the maximum 50 was used." == n for n in s.notices)


def test_types_are_coerced_and_nonsense_is_refused():
    s = ExampleSettings(steps="12", strength="0.25", keep_colour=1)
    assert s.steps == 12 and isinstance(s.steps, int) and s.strength == 0.25 and s.keep_colour is True
    assert ExampleSettings(strength=float("nan")).strength == 0.5  # NaN falls back to the default
    with pytest.raises(StudioError, match="must be a number"):
        ExampleSettings(steps="many")
    with pytest.raises(StudioError, match="not an option for Layer"):
        ExampleSettings(layer="inception9z")


def test_rules_between_fields_are_checked():
    with pytest.raises(StudioError, match="Late layers"):
        ExampleSettings(layer="late", steps=45)


def test_log_controls_slide_over_exponents():
    ctl = ExampleSettings.control_of("weight")
    lo, hi, step, value = ctl.widget_range()
    assert (lo, hi, step, value) == (0.0, 8.0, 0.5, 4.0)
    assert math.isclose(ctl.from_widget(2.5), 10 ** 2.5, rel_tol=1e-6)   # kept to 6 significant digits


def test_from_values_ignores_unknown_keys_and_caption_names_every_setting():
    s = ExampleSettings.from_values({"steps": 3, "hack": "rm -rf /"})
    assert s.steps == 3
    caption = s.caption()
    assert caption.startswith("Example · ")
    for name in s.to_dict():
        assert f"{name}=" in caption


def test_same_settings_same_caption_and_equality():
    assert ExampleSettings(steps=3) == ExampleSettings(steps=3)
    assert ExampleSettings(steps=3).caption() == ExampleSettings(steps=3).caption()


def test_log_sliders_stop_on_round_numbers_and_keep_any_other_value():
    """A rate picked on a log slider is 0.005, not 0.0050119; a preset's 0.005 shows as the stop
    -2.3 (Gradio used to show -2.30103); a linked 0.0123 survives the widget unchanged."""
    from studio.demos.gan.toy import COLLAPSE_PRONE, ToyGanSettings

    ctl = ToyGanSettings.control_of("g_lr")
    stops = [ctl.from_widget(k / 10) for k in range(-30, -19)]
    assert stops == [0.001, 0.0013, 0.0016, 0.002, 0.0025, 0.0032, 0.004, 0.005, 0.0063, 0.0079, 0.01]
    assert ctl.to_widget(COLLAPSE_PRONE["g_lr"]) == -2.3
    for value in (0.0123, 3.7e-4, 1e-5, 0.1):
        assert ctl.from_widget(ctl.to_widget(value)) == value
    assert ctl.value_text(ctl.from_widget(-2.3)) == "0.005" and ctl.value_text(1e-5) == "1e-5"


def test_gradio_log_slider_labels_say_the_value():
    pytest.importorskip("gradio")
    from studio.demos.gan.toy import ToyGanSettings
    from studio.ui.gradio_ui import log_label

    ctl = ToyGanSettings.control_of("g_lr")
    assert log_label(ctl, -2.3).startswith("Generator learning rate = 0.005")
    assert "= ?" in log_label(ctl, "nan")
