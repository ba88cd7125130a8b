"""The presets of the GAN snapshots: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"gan.snap": "snapshots.SnapshotSettings", "gan.toy": "toy.ToyGanSettings"}
VIEWS = ("snapshots", "series")   # the first is the page's main result
PRESETS = (
    Preset("gan", "mode-collapse", "Mode collapse at the last epoch",
           "The dense GAN's last snapshot: 64 latent vectors, and most of them draw the same few digits.",
           {"gan.snap": {"epoch": "last"}}, view="snapshots", picks={"family": "dense"}),
    Preset("gan", "dcgan-last", "A DCGAN that does not collapse",
           "The DCGAN's last snapshot on the same latent vectors: all ten digits.",
           {"gan.snap": {"epoch": "last"}}, view="snapshots", picks={"family": "dcgan"}),
    Preset("gan", "epoch-sheet", "A GAN, epoch by epoch",
           "The dense GAN's snapshots side by side, with how many digit classes each one covers.",
           {}, view="series", picks={"family": "dense"}),
)
