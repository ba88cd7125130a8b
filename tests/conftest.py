"""Shared test settings: offline, local weights and data from ../shared when it is there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SHARED_TORCH = SHARED / "torch"
SHARED_DATA = SHARED / "data"

# The product finds weights and data through these settings; tests point them at the
# local copies so nothing is downloaded (this machine has no internet).
os.environ["STUDIO_OFFLINE"] = "1"
if SHARED_TORCH.is_dir():
    os.environ["TORCH_HOME"] = str(SHARED_TORCH)
# The local MobileNetV2 file is a stand-in converted from another format, so its sha256 does not
# start with the 7ebf99e0 in its name and the studio refuses it as damaged. These tests trust
# exactly that file, knowingly, the way a workshop that ships such a copy would (see README).
STAND_IN_MOBILENET_SHA256 = "935762958bbbd0287754042b576524b3db4b8551a0bbbaaf30fdf983b0c4d23c"
os.environ["STUDIO_TRUSTED_WEIGHTS"] = STAND_IN_MOBILENET_SHA256
if (SHARED_DATA / "MNIST" / "raw").is_dir():
    os.environ["STUDIO_DATA_ROOT"] = str(SHARED_DATA)
os.environ.setdefault("STUDIO_DEVICE", "cpu")


@pytest.fixture(scope="session")
def mnist_root() -> Path:
    if not (SHARED_DATA / "MNIST" / "raw").is_dir():
        pytest.skip(f"MNIST not found at {SHARED_DATA}/MNIST/raw (../shared is absent)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def shared_torch_home() -> Path:
    ckpt = SHARED_TORCH / "hub" / "checkpoints" / "mobilenet_v2-7ebf99e0.pth"
    if not ckpt.exists():
        pytest.skip(f"local MobileNetV2 weights not found at {ckpt} (../shared is absent)")
    return SHARED_TORCH


@pytest.fixture(scope="session")
def styles_dir() -> Path:
    d = SHARED_DATA / "styles"
    if not d.is_dir():
        pytest.skip(f"style paintings not found at {d} (../shared is absent)")
    return d


# One Streamlit and one Gradio server for the whole session: every end-to-end test file
# shares them (each browser page is its own session), instead of starting two servers each.
# The paintings are the instructor's gallery; one torch thread: the tiny presets gain nothing
# from a second one.
SERVER_ENV = {"OMP_NUM_THREADS": "1",
              **({"STUDIO_GALLERY": str(SHARED_DATA / "styles")} if (SHARED_DATA / "styles").is_dir() else {})}


@pytest.fixture(scope="session")
def streamlit_url():
    from servers import serve

    with serve("streamlit", env=SERVER_ENV) as url:
        yield url


@pytest.fixture(scope="session")
def gradio_url():
    from servers import serve

    with serve("gradio", env=SERVER_ENV) as url:
        yield url


@pytest.fixture
def upload_path():
    """A folder inside Gradio's upload folder: the only place a Gradio handler reads files from."""
    import shutil
    import uuid

    from studio.ui.gradio_ui import upload_folder

    folder = upload_folder() / f"studio-test-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
