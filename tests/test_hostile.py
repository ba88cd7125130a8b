"""Hostile uploads, as a tester of a public Space would send them, through every way in:
the core's loader, every Gradio endpoint that takes an image (found from the API description,
not from argument positions) and the Streamlit pages. Each file gives a picture or a clear
sentence; nothing shows Gradio's "Could not preprocess", a traceback or an exception's name,
and the server keeps serving."""

from __future__ import annotations

import os
import urllib.request

import pytest

from conftest import REPO
from hostile_files import files, raw_marker
from studio import images
from studio.errors import StudioError

FILES = files()


@pytest.mark.parametrize("name,data,expect", FILES, ids=[f[0] for f in FILES])
def test_core_loader_gives_a_picture_or_a_sentence(name, data, expect):
    try:
        loaded = images.load_image(data)
    except StudioError as exc:
        assert expect == "message" and not raw_marker(str(exc)), str(exc)
        assert str(exc).endswith((".", ")")) and len(str(exc)) < 300
    else:
        assert expect == "picture" and loaded.image.mode == "RGB"


def test_16_bit_float_and_transparent_images_keep_their_picture():
    """The failures Gradio's own decoding caused: a 16-bit grey PNG turned almost white, a float TIFF
    black, and a mostly transparent PNG lost its white fill."""
    import numpy as np

    got = {name: np.asarray(images.load_image(data).image, np.float32) for name, data, _ in FILES
           if name in ("mode-I16.png", "mode-F.tiff", "mostly-transparent.png")}
    for name in ("mode-I16.png", "mode-F.tiff"):
        assert 60 < got[name].mean() < 200 and got[name].std() > 40, name   # a gradient, not white or black
    clear = got["mostly-transparent.png"]
    assert clear[0, 0].tolist() == [255, 255, 255] and clear[40, 40].max() < 40   # white fill, dark square


def _record(front_end: str, counts: dict) -> None:
    """The suite's counts, kept with the screenshots (the issue's before/after figures)."""
    import json

    out = REPO / ".artifacts" / f"hostile-{front_end}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(counts))


# --- Gradio: every endpoint with an image input, from view_api -----------------------------------

TINY = {  # by control label: small enough that a valid picture runs in a fraction of a second
    "Image size (long side, px)": 64, "Octaves": 1, "Steps per octave": 1, "Zoom frames": 2,
    "Dream steps per frame": 1, "Output size (long side, px)": 64, "Coarse-to-fine scales": 1,
    "Iterations per scale": 2, "Network": "mobilenet_v2",
    "Training budget (steps)": 100, "Size (pixels per side)": 32, "Square size (photos)": 32,
}
BY_ENDPOINT = {"/style_live": {"Approach": "fast"}}   # the live result is the trained network's
USES_UPLOAD = {  # what makes an endpoint use the file given to this input (the first label prefix that fits)
    "Your pictures": {"Pictures": "yours"},
    "Your picture": {"Picture": "yours"},
    "Your image": {"Start from": "upload"},
    "Your guide image": {"Objective": "guide", "Guide image": "upload"},
    "…or upload a photo of one": {"Digits": "yours"},
    "Draw a digit": {"Digits": "yours"},
}
IMAGE_INPUTS = ("File", "Image", "Sketchpad", "ImageEditor")
MOVES_ONLY = {"/style_swap"}   # hands the files from one picker to the other; nothing is decoded
# Trains a network for at least 5 s per picture: its pickers are /stylise's (the same page.Job decodes
# them), and test_style_approaches checks its hostile uploads get a sentence before any training.
SLOW = {"/style_learn"}


def _serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status == 200
    except OSError:
        return False


def _image_endpoints(client) -> list[tuple[str, list[dict], int]]:
    api = client.view_api(return_format="dict", print_info=False)
    found = []
    for endpoint, info in api["named_endpoints"].items():
        params = info["parameters"]
        for i, p in enumerate(params):
            if p["component"] in IMAGE_INPUTS:
                found.append((endpoint, params, i))
    return found


def _arguments(params: list[dict], target: int, path: str, endpoint: str = "") -> list:
    from gradio_client import handle_file

    label = params[target]["label"]
    wants = {**TINY, **BY_ENDPOINT.get(endpoint, {}), **next((v for k, v in USES_UPLOAD.items() if label.startswith(k)), {})}
    args = []
    for i, p in enumerate(params):
        if i == target:
            file = handle_file(path)
            if "list" in str(p.get("python_type", {}).get("type", "")):   # a multi-file input
                file = [file]
            args.append({"background": file, "layers": [], "composite": file} if p["component"] == "Sketchpad"
                        else file)
        elif p["component"] in IMAGE_INPUTS:
            args.append(None)
        elif p["label"] in wants:
            args.append(wants[p["label"]])
        else:
            args.append(p["parameter_default"] if p["parameter_has_default"] else None)
    return args


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, data, _ in FILES:
        (folder / name).write_bytes(data)
    return folder


def test_every_gradio_image_endpoint_answers_hostile_files(gradio_url, shared_torch_home, mnist_root,
                                                           hostile_folder):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(gradio_url, verbose=False)
    endpoints = _image_endpoints(client)
    names = {e for e, _, _ in endpoints}
    assert {"/dream", "/dream_sweep", "/dream_zoom", "/stylise", "/vae_interpolate", "/denoise_compare"} <= names
    counts, failures = {"picture": 0, "message": 0, "raw": 0, "broken file accepted": 0}, []
    for endpoint, params, target in [e for e in endpoints if e[0] not in SLOW]:
        for name, _, expect in FILES:
            where = f"{endpoint} · {params[target]['label'][:30]} · {name}"
            job = client.submit(*_arguments(params, target, str(hostile_folder / name), endpoint), api_name=endpoint)
            try:
                job.result(timeout=120)
                outcome = "picture"
            except AppError as exc:
                outcome = "raw" if not str(exc) or raw_marker(str(exc)) else "message"
                if outcome == "raw":
                    failures.append(f"{where}: {str(exc)[:200]}")
            except Exception as exc:   # no answer at all (a timeout, a dropped connection) is the worst answer
                outcome = "raw"
                failures.append(f"{where}: no answer ({type(exc).__name__})")
                if not _serving(gradio_url):
                    counts["raw"] += 1
                    _record("gradio", {**counts, "server down after": where})
                    pytest.fail(f"the server stopped answering after {where}; before that:\n" + "\n".join(failures))
            if outcome == "picture" and expect == "message" and endpoint not in MOVES_ONLY:
                outcome = "broken file accepted"   # a broken file never passes as a picture
                failures.append(where + ": accepted")
            counts[outcome] += 1
    _record("gradio", counts)
    assert not failures, "\n".join(failures[:20])
    assert counts["picture"] and counts["message"]
    with urllib.request.urlopen(gradio_url, timeout=10) as answer:   # still serving
        assert answer.status == 200


# --- Streamlit: the pages' uploaders (AppTest) ---------------------------------------------------

def _page_text(at) -> str:
    parts = [e.value for kind in ("error", "warning", "info", "markdown", "caption", "exception") for e in
             getattr(at, kind)]
    return " ".join(str(p) for p in parts)


PAGES = {  # page, what to choose first so the page shows its uploader, the uploader's key
    "denoise": ("pages/5_Denoising.py", ("selectbox", "denoise.source", "yours"), "denoise.upload"),
    "dream": ("pages/1_DeepDream.py", ("selectbox", "dream.start", "upload"), "dream.upload"),
    "vae": ("pages/3_VAE_latent_walk.py", None, "vae.upload_a"),
    "foundations": ("pages/6_Foundations.py", ("selectbox", "foundations.paint.image", "yours"),
                    "foundations.paint.upload"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_streamlit_uploaders_answer_hostile_files(page, mnist_root, shared_torch_home):
    from streamlit.testing.v1 import AppTest

    path, choose, key = PAGES[page]
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page(path).run()
    if choose:
        kind, widget_key, value = choose
        getattr(at, kind)(key=widget_key).set_value(value).run()
    assert not at.exception
    counts, failures = {"picture": 0, "message": 0, "raw": 0, "broken file accepted": 0}, []
    for name, data, expect in FILES:
        at.file_uploader(key=key).set_value((name, data, "application/octet-stream")).run()
        text = _page_text(at)
        outcome = "raw" if at.exception or raw_marker(text) else "message" if at.error else "picture"
        if outcome == "picture" and expect == "message":
            outcome = "broken file accepted"
        counts[outcome] += 1
        if outcome in ("raw", "broken file accepted"):
            failures.append(f"{page} {name}: {outcome}: {text[:200]}")
    _record(f"streamlit-{page}", counts)
    assert not failures, "\n".join(failures)


def test_style_page_uploads_join_the_pickers_and_broken_ones_explain_themselves(styles_dir, shared_torch_home):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/2_Style_transfer.py").run()
    for name, data, expect in FILES:
        at.file_uploader(key="style.upload").set_value((name, data, "application/octet-stream")).run()
        at.selectbox(key="style.content").set_value(f"upload:{name}").run()
        text = _page_text(at)
        assert not at.exception and not raw_marker(text), f"{name}: {text[:300]}"
        assert ("There is no image" not in text), text   # the upload is found, whatever it holds
        if expect == "message":
            assert at.error, f"{name} gave no message"
        at.selectbox(key="style.content").set_value("sample:chelsea").run()


# --- file references the client never uploaded ---------------------------------------------------

def _call(url: str, endpoint: str, data: list) -> str:
    """One call through Gradio's HTTP API, as a stranger's script would make it; the event stream's text."""
    import json

    request = urllib.request.Request(f"{url}/gradio_api/call{endpoint}", json.dumps({"data": data}).encode(),
                                     {"Content-Type": "application/json"})
    event = json.loads(urllib.request.urlopen(request, timeout=30).read())["event_id"]
    with urllib.request.urlopen(f"{url}/gradio_api/call{endpoint}/{event}", timeout=120) as answer:
        return answer.read().decode()


def test_every_gradio_file_input_reads_only_what_the_client_uploaded(gradio_url, shared_torch_home, mnist_root,
                                                                     tmp_path_factory):
    """A file reference {"path": <a server path>} sent through the API, for every endpoint that takes a
    file: an image outside the upload folder, a missing file, a folder, /dev/zero, a link out of the
    upload folder and a relative ../ path are all refused with one sentence that names no path."""
    from gradio_client import Client

    from studio.ui.gradio_ui import NOT_UPLOADED, upload_folder

    outside = tmp_path_factory.mktemp("server-secrets") / "secret.png"
    outside.write_bytes(next(data for name, data, expect in FILES if expect == "picture"))
    inside = upload_folder() / f"studio-test-{os.getpid()}"
    (inside / "a-folder.png").mkdir(parents=True, exist_ok=True)
    link = inside / "link.png"
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    cases = {"an image outside the upload folder": str(outside), "a missing file": str(inside / "missing.png"),
             "a folder": str(inside / "a-folder.png"), "/dev/zero": "/dev/zero", "a link out of the upload folder": str(link),
             "a relative ../ path": os.path.relpath(outside, REPO)}
    endpoints = _image_endpoints(Client(gradio_url, verbose=False))
    assert len(endpoints) >= 20
    failures = []
    for endpoint, params, target in endpoints:
        for case, path in cases.items():
            args = _arguments(params, target, str(outside))   # every other input as a real call would have it
            reference = {"path": path, "meta": {"_type": "gradio.FileData"}, "orig_name": "x.png"}
            if "list" in str(params[target].get("python_type", {}).get("type", "")):
                reference = [reference]
            args[target] = ({"background": reference, "layers": [], "composite": reference}
                            if params[target]["component"] == "Sketchpad" else reference)
            answer = _call(gradio_url, endpoint, args)
            where = f"{endpoint} · {params[target]['label'][:30]} · {case}"
            if "event: complete" in answer:
                failures.append(f"{where}: answered with a result")
            elif NOT_UPLOADED not in answer:
                failures.append(f"{where}: {answer[:160]}")
            if path in answer or "server-secrets" in answer or "studio-test-" in answer or "No such file" in answer:
                failures.append(f"{where}: the answer names the path")
    assert not failures, "\n".join(failures[:20])
    assert _serving(gradio_url)


def test_a_handler_called_with_a_path_outside_the_upload_folder_refuses_it(tmp_path, upload_path):
    """The same rule inside the studio, for handlers Gradio does not preprocess (the sketchpad)."""
    from studio.ui.gradio_ui import NOT_UPLOADED, uploaded

    picture = next(data for name, data, expect in FILES if expect == "picture")
    (tmp_path / "p.png").write_bytes(picture)
    (upload_path / "p.png").write_bytes(picture)
    (upload_path / "out.png").symlink_to(tmp_path / "p.png")
    assert uploaded(str(upload_path / "p.png")).data == picture
    for path in (tmp_path / "p.png", upload_path / "out.png", upload_path / "missing.png", upload_path, "/dev/zero",
                 {"path": str(tmp_path / "p.png"), "orig_name": "p.png"}, f"{upload_path}/../../{tmp_path}/p.png"):
        with pytest.raises(StudioError) as refused:
            uploaded(path)
        assert str(refused.value) == NOT_UPLOADED
