"""Measure shipped models again with the functions their training scripts call today, and record it.

    python -m studio.training.remeasure --data-root ../shared/data --only vaegan,pixelcnn

The weights are not touched (nor their sha256, command, seed and train time): only the
entry's metrics (and the fields that describe how they were measured) are replaced, and the
entry names the date and this command under "remeasured". Used when a measurement changes
and retraining would give the same weights: issue 20 put every family against one reference
(512 binarised samples), judged reconstructions by the classifier too, and recorded the
binarised test set's sha256.
"""

from __future__ import annotations

import argparse
import datetime

from studio import zoo
from studio.device import configure_threads
from studio.mnist import load_mnist
from studio.training import readme

MODULE = "studio.training.remeasure"


def vaegan_fields(model, x_test) -> dict:
    from studio.models import vae
    from studio.training import vaegan

    return {"metrics": vae.evaluate(model, x_test) | vaegan.measured(model)}


def pixelcnn_fields(model, x_test) -> dict:
    from studio.demos.families import pixelcnn
    from studio.training import pixelcnn as script

    test = pixelcnn.binarised_test_set(x_test)
    params = sum(p.numel() for p in model.parameters())
    config = zoo.entry("pixelcnn")["config"]
    args = argparse.Namespace(layers=config["layers"], channels=config["channels"])
    return {"metrics": script.measured(model, test), "test_set": pixelcnn.test_set_record(test),
            "notes": script.notes(args, params)}


MEASURE = {"vaegan": vaegan_fields, "pixelcnn": pixelcnn_fields}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-root", default=None)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--only", default=",".join(MEASURE), help=f"comma-separated, of: {', '.join(MEASURE)}")
    args = p.parse_args(argv)
    configure_threads(args.threads)
    x_test, _ = load_mnist(train=False, root=args.data_root)
    for name in args.only.split(","):
        model = zoo.load_model(name)
        fields = MEASURE[name](model, x_test)
        when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        command = f"python -m {MODULE} --only {name}" + (f" --data-root {args.data_root}" if args.data_root else "")
        zoo.update(name, fields | {"remeasured": f"{when} by `{command}` (weights unchanged)"})
        print(f"{name}: {fields['metrics']}", flush=True)
    readme.write()


if __name__ == "__main__":
    main()
