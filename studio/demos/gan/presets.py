"""The presets of the GAN snapshots: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"gan.snap": "snapshots.SnapshotSettings", "gan.toy": "toy.ToyGanSettings"}
VIEWS = ("snapshots", "series", "live")   # the first is the page's main result; live: the 2-D GAN
SECTION_VIEWS = {"gan.snap": "snapshots", "gan.toy": "live"}   # the views that show them
PRESETS = (
    Preset("gan", "mode-collapse", "Mode collapse at the last epoch",
           "The dense GAN's last snapshot: 64 latent vectors, and most of them draw the same few digits.",
           {"gan.snap": {"epoch": "last"}}, view="snapshots", picks={"family": "dense"}),
    Preset("gan", "dcgan-last", "A DCGAN that does not collapse",
           "The DCGAN's last snapshot on the same 64 latent vectors: no collapse, nine of the ten digits each hold at "
           "least 5% of its samples (the tenth, fewer).",
           {"gan.snap": {"epoch": "last"}}, view="snapshots", picks={"family": "dcgan"}),
    Preset("gan", "epoch-sheet", "A GAN, epoch by epoch",
           "The dense GAN's snapshots side by side, with how many digit classes each one covers.",
           {}, view="series", picks={"family": "dense"}),
)
