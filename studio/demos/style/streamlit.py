"""Streamlit: the style-transfer page. The result first and widest; photo, painting, instant preview
and a live plot of the loss terms beside it; settings (and a second painting) in the sidebar."""

from __future__ import annotations

import streamlit as st

from studio import gallery, paintings
from studio.demos.style import learn, page
from studio.demos.style.learn import LearnSettings
from studio.demos.style.page import NONE
from studio.demos.style.style import StyleSettings
from studio.demos.style.texts import COMPARE, LEARN, LIVE, RUN, UPLOAD_NOTE
from studio.ui.streamlit_ui import (chart, friendly_errors, kept, recorded_run, remember, result_area, result_downloads,
                                   settings_form, upload, view_tabs, widget)

KEY = "style"
LINK_PICKS = {"content": f"{KEY}.content", "painting": f"{KEY}.style", "painting2": f"{KEY}.style2"}   # ?content=…


def _uploads() -> dict:
    """Uploaded images join every picker's list (so they can be swapped like built-in ones)."""
    uploads = st.session_state.setdefault(f"{KEY}.uploads", {})
    photo = upload("Add your own photo or painting", key=f"{KEY}.upload",
                   help=f"It is added to the lists of photos and paintings. {UPLOAD_NOTE}")
    if photo is not None:
        uploads[f"upload:{photo.name}"] = photo
    return uploads


def _swap() -> None:
    """The classic lecture trick: paint the painting with the photo."""
    a, b = f"{KEY}.content", f"{KEY}.style"
    st.session_state[a], st.session_state[b] = st.session_state[b], st.session_state[a]


def _settings(blend: float, approach: str) -> StyleSettings:
    values = {"blend": blend, "approach": approach}
    with st.sidebar:
        for title, names in StyleSettings.groups.items():
            st.header(title)
            for name in names:
                values[name] = widget(name, StyleSettings.control_of(name), f"{KEY}.{name}")
            if title == "Layers":
                st.caption(page.about(values["backbone"])[0])
    s = remember(KEY, StyleSettings.from_values(values))
    for notice in s.notices:
        st.info(notice)
    note = page.about(s.backbone)[1]
    if note:
        st.warning(note)
    return s


def render() -> None:
    tabs = view_tabs(KEY, {"style": "Stylise", "compare": "Three approaches side by side",
                           "learn": "Watch a network learn"})
    with tabs["style"]:
        job = _stylise_tab()
    with tabs["compare"]:
        _compare_tab(job)
    with tabs["learn"]:
        _learn_tab(job)


def _compare_tab(job: page.Job) -> None:
    st.caption(f"{COMPARE} Photo and painting: the Stylise tab's.")
    with result_area("style-compare", reserve_rem=22), friendly_errors():
        ran = recorded_run(f"{KEY}.compare", job.compare, job, label="Compare the three")
        if ran is not None:
            recording, done = ran
            result = done.compared(recording)
            st.image(result.image, caption=result.caption)
            st.markdown(done.compared_text(recording))
            result_downloads(f"{KEY}.compare", result)


def _learn_tab(job: page.Job) -> None:
    st.caption(f"{LEARN} Photo and painting: the Stylise tab's.")
    s = settings_form(LearnSettings, key=f"{KEY}.learn", across=(1, 1, 1, 1, 1))
    main, side = st.columns([3, 2])
    plot = side.empty()

    def draw(recording, name=None):
        with plot.container():
            chart(learn.loss_figure(recording.history).update_layout(template="plotly_white"),
                  key=f"{KEY}.learn.plot.{name or len(recording.history)}")

    with main, result_area("style-learn", reserve_rem=24):
        ran = recorded_run(f"{KEY}.learn", lambda: job.learn(s), (job, s), on_frame=draw, label="Train")
        if ran is not None:
            recording, (done, ran_s) = ran
            result = done.learnt(ran_s, recording)
            st.image(result.image, caption=result.caption)
            result_downloads(f"{KEY}.learn", result)
            draw(recording, "final")


def _stylise_tab() -> page.Job:
    note = paintings.missing_note()
    if note and not st.session_state.get(f"{KEY}.told_paintings"):   # once a session, not on every rerun
        st.session_state[f"{KEY}.told_paintings"] = True
        st.info(note, icon="🖼️")
    for k, default in zip(LINK_PICKS.values(), (page.CONTENT, gallery.default_painting(), NONE)):
        st.session_state.setdefault(k, default)
    with st.sidebar:
        uploads = _uploads()
    options = gallery.choices() + list(uploads)
    for k in LINK_PICKS.values():
        if st.session_state[k] not in options + [NONE]:
            st.session_state[k] = options[0]   # a gallery file that went away
    with st.sidebar:
        st.header("Blend")
        second = st.selectbox("Blend with a second painting", [NONE] + options, key=f"{KEY}.style2",
                              format_func=page.choice_label)
        second_place = st.container()
        blend = widget("blend", StyleSettings.control_of("blend"), f"{KEY}.blend") if second != NONE else 0.5
    # The result first and widest (it must fit a projector's screen after Stylise); the pictures it
    # starts from, the instant preview and the loss plot in a narrower column beside it.
    main, side = st.columns([2, 1])
    with side:
        approach = widget("approach", StyleSettings.control_of("approach"), f"{KEY}.approach")
        content = st.selectbox("Photo (content)", options, key=f"{KEY}.content", format_func=page.choice_label)
        content_place = st.container()
        painting = st.selectbox("Painting (style)", options, key=f"{KEY}.style", format_func=page.choice_label)
        painting_place = st.container()
        st.button("⇄ Swap", key=f"{KEY}.swap", on_click=_swap, help="Swap photo and painting", width="stretch")
        # the two pictures, then the instant preview, sharing what the screen has left beside the result
        pictures = result_area("style-side", reserve_rem=25, stacked=2)
        s = _settings(blend, approach)   # its notices (a clamped value, missing weights) beside the result
    job = page.Job(s, page.picks(*((k, uploads.get(k)) for k in (content, painting, second))))
    for place, loaded in zip((content_place, painting_place, second_place), job.loaded):
        for notice in loaded.notices:
            place.info(notice)
    if len(job.loaded) > 2:
        second_place.image(page.thumbnail(job.loaded[2].image), width="stretch")
    for col, image in zip(pictures.columns(2), (job.content, job.paintings[0])):
        col.image(page.thumbnail(image), width="stretch")
    with side:
        for note in job.checks + [job.approach_note] * bool(job.approach_note):
            st.info(note)
    if job.by_network:   # one pass of a trained network: the result follows every control, no Run
        with main, result_area("style-result", reserve_rem=12), friendly_errors():
            st.caption(LIVE)
            result, line = kept(f"{KEY}.live", (s, job.caption), job.live) or job.live()   # again: its message
            st.image(result.image, caption=result.caption)
            result_downloads(KEY, result)
            st.caption(line)
        return job
    with side:
        preview = kept(f"{KEY}.preview", (s, job.caption), job.preview)   # made again only when something changes
        if preview is not None:
            pictures.image(preview, caption=page.preview_caption(s), width="stretch")
        plot = st.empty()

    def draw(recording, name=None):
        with plot.container():
            chart(page.plot(recording).update_layout(template="plotly_white"),
                  key=f"{KEY}.plot.{name or recording.last.step}")

    # pictures no taller than the screen less the header, buttons and caption around them
    with main, result_area("style-result", reserve_rem=18):
        ran = recorded_run(KEY, job.frames, job, on_frame=draw, label="Stylise",
                           note=f"{RUN} Any change to a control stops a run.")
        if ran is None:
            return job
        recording, done = ran   # the job that ran: its pictures and settings name the result
        result = done.outcome(recording)
        st.image(result.image, caption=result.caption)
        result_downloads(KEY, result)
        st.caption(page.summary(recording.last.metrics))
    with side:
        draw(recording, "final")
    return job
