"""Teaching texts for the DeepDream page: what each of its three runs does."""

from studio.demos.dream.dream import PREVIEW_EVERY

RUNS = {
    "dream": "Gradient ascent on the picture, smallest octave first; the picture updates every "
             f"{PREVIEW_EVERY} steps.",
    "sweep": "The same picture dreamt through each layer of the groups, early to late, on one labelled "
             "sheet for a slide. It takes about nine dreams' time: lower the size for a quick look.",
    "zoom": "Each frame dreams a few steps, then zooms a little into the result: the network keeps "
            "inventing what it finds there. The GIF is with the downloads.",
}
