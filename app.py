"""Studio's entry for both front ends.

    streamlit run app.py   -> the home page of the Streamlit studio (demos in pages/)
    python app.py          -> the Gradio app, one tab per demo (how the Hugging Face Space runs)
"""

from __future__ import annotations


def build_blocks():
    """The Gradio app, built but not launched (tests and the Space use this)."""
    from studio.gradio_app import build_app

    return build_app()


def _under_streamlit() -> bool:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:
        return False
    return get_script_run_ctx(suppress_warning=True) is not None


if _under_streamlit():
    from studio.streamlit_app import home_page

    home_page()
elif __name__ == "__main__":
    from studio.gradio_app import launch

    launch(build_blocks())
