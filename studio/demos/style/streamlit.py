"""Streamlit: the style-transfer page. The result first and widest; photo, painting, instant preview
and a live plot of the loss terms beside it; settings (and a second painting) in the sidebar."""

from __future__ import annotations

import streamlit as st

from studio import gallery, paintings
from studio.demos.style import page
from studio.demos.style.learn import LearnSettings
from studio.demos.style.page import NONE
from studio.demos.style.style import StyleSettings
from studio.demos.style.texts import COMPARE, LEARN, LIVE, RUN, UPLOAD_NOTE
from studio.ui.streamlit_ui import (friendly_errors, grouped_form, info_once, infos, kept, kept_choices, kept_picture,
                                   kept_uploads, live_chart, picture_picker, recorded_result, result_area,
                                   settings_form, shown_result, swap_values, view_tabs, widget)

KEY = "style"
LINK_PICKS = {"content": f"{KEY}.content", "painting": f"{KEY}.style", "painting2": f"{KEY}.style2"}   # ?content=…


def render() -> None:
    tabs = view_tabs(KEY, page.VIEWS)
    with tabs["style"]:
        job = _stylise_tab()
    with tabs["compare"]:
        st.caption(COMPARE)
        with result_area("style-compare", reserve_rem=22), friendly_errors():
            recorded_result(f"{KEY}.compare", job.compare, job, page.Job.compared, label="Compare the three",
                            text=lambda done, recording: done.compared_text(recording))
    with tabs["learn"]:
        st.caption(LEARN)
        s = settings_form(LearnSettings, key=f"{KEY}.learn", across=(1, 1, 1, 1, 1))
        main, side = st.columns([3, 2])
        draw = live_chart(page.learn_plot, f"{KEY}.learn.plot", where=side)
        with main, result_area("style-learn", reserve_rem=24):
            recorded_result(f"{KEY}.learn", lambda: job.learn(s), (job, s),
                            lambda ran, recording: ran[0].learnt(ran[1], recording), chart=draw, label="Train")


def _stylise_tab() -> page.Job:
    info_once(f"{KEY}.told_paintings", paintings.missing_note(), icon="🖼️")
    with st.sidebar:   # uploaded images join every picker's list (so they can be swapped like built-in ones)
        uploads = kept_uploads(f"{KEY}.upload", "Add your own photo or painting",
                               help=f"It is added to the lists of photos and paintings. {UPLOAD_NOTE}")
        options = gallery.choices() + list(uploads)
        kept_choices(dict(zip(LINK_PICKS.values(), (page.CONTENT, gallery.default_painting(), NONE))),
                     options + [NONE], fallback=options[0])   # a gallery file that went away
        st.header("Blend")
        second, second_place = picture_picker("Blend with a second painting", [NONE] + options, f"{KEY}.style2",
                                              page.choice_label)
        blend = widget("blend", StyleSettings.control_of("blend"), f"{KEY}.blend") if second != NONE else 0.5
    # The result first and widest (it must fit a projector's screen after Stylise); the pictures it
    # starts from, the instant preview and the loss plot in a narrower column beside it.
    main, side = st.columns([2, 1])
    with side:
        approach = widget("approach", StyleSettings.control_of("approach"), f"{KEY}.approach")
        content, content_place = picture_picker("Photo (content)", options, f"{KEY}.content", page.choice_label)
        painting, painting_place = picture_picker("Painting (style)", options, f"{KEY}.style", page.choice_label)
        st.button("⇄ Swap", key=f"{KEY}.swap", on_click=swap_values, args=(f"{KEY}.content", f"{KEY}.style"),
                  help="Swap photo and painting", width="stretch")   # the lecture trick: paint the painting
        # the two pictures, then the instant preview, sharing what the screen has left beside the result
        pictures = result_area("style-side", reserve_rem=25, stacked=2)
        # its notices (a clamped value, missing weights) beside the result; under the layers what the network is
        s = grouped_form(StyleSettings, KEY, where=st.sidebar, blend=blend, approach=approach,
                         notes={"Layers": lambda values: page.about(values["backbone"])[0]})
        if note := page.about(s.backbone)[1]:   # the network's weights are not here
            st.warning(note)
    job = page.Job(s, page.picks(*((k, uploads.get(k)) for k in (content, painting, second))))
    thumbnails = (*pictures.columns(2), second_place)   # photo and painting side by side, a second under its picker
    for place, thumbnail, loaded in zip((content_place, painting_place, second_place), thumbnails, job.loaded):
        infos(loaded.notices, place)
        thumbnail.image(page.thumbnail(loaded.image), width="stretch")
    infos(job.side_notes, side)
    if job.by_network:   # one pass of a trained network: the result follows every control, no Run
        with main, result_area("style-result", reserve_rem=12), friendly_errors():
            st.caption(LIVE)
            result, line = kept(f"{KEY}.live", (s, job.caption), job.live) or job.live()   # again: its message
            shown_result(KEY, result)
            st.caption(line)
        return job
    with side:   # the instant preview made again only when something changes
        kept_picture(f"{KEY}.preview", (s, job.caption), job.preview, page.preview_caption(s), where=pictures)
        draw = live_chart(page.plot, f"{KEY}.plot")
    # pictures no taller than the screen less the header, buttons and caption around them
    with main, result_area("style-result", reserve_rem=18):   # the job that ran: its pictures and settings name it
        ran = recorded_result(KEY, job.frames, job, page.Job.outcome, chart=draw, label="Stylise",
                              note=f"{RUN} Any change to a control stops a run.")
        if ran is not None:
            st.caption(page.summary(ran[0].last.metrics))
    return job
