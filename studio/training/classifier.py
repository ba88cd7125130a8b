"""Train the MNIST digit classifier (the GAN judge) and ship it as mnist-classifier.

    python -m studio.training.classifier --epochs 4 --data-root ../shared/data
"""

from __future__ import annotations

import sys

import torch
import torch.nn.functional as F
from tqdm import tqdm

from studio import zoo
from studio.classifier import DigitClassifier, accuracy
from studio.training import common, readme

MODULE = "studio.training.classifier"
NAME = "mnist-classifier"


def parse(argv=None):
    p = common.parser(__doc__.split("\n")[0], epochs=4)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--width", type=int, default=32)
    return p.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    device = common.setup(args)
    settings = {"seed": args.seed, "lr": args.lr, "width": args.width, "batch_size": args.batch_size,
                "epochs": args.epochs}
    run = common.Run(NAME, settings, fresh=args.fresh)
    model = DigitClassifier(width=args.width).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    # One-cycle-ish: decay the rate over the run, which buys the last few tenths of a percent.
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    run.restore(model=model, opt=opt, sched=sched)
    x_train, y_train = common.mnist(args, train=True)
    x_test, y_test = common.mnist(args, train=False)
    for epoch in range(run.epoch + 1, args.epochs + 1):
        torch.manual_seed(args.seed * 1000 + epoch)  # dropout masks
        model.train()
        total = 0.0
        with common.Timer() as t:
            for idx in tqdm(list(common.batches(len(x_train), args.batch_size, args.seed, epoch)),
                            desc=f"classifier epoch {epoch}/{args.epochs}", mininterval=5, file=sys.stdout):
                loss = F.cross_entropy(model(x_train[idx].to(device)), y_train[idx].to(device))
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
            sched.step()
        model.eval()
        log = {"train_loss": round(total / len(x_train), 4), "test_accuracy": round(accuracy(model, x_test, y_test), 4),
               "seconds": round(t.seconds, 1)}
        print(f"classifier epoch {epoch}: {log}", flush=True)
        run.checkpoint(epoch, t.seconds, log, model=model, opt=opt, sched=sched)
    model.eval()
    acc = accuracy(model, x_test, y_test)
    record = zoo.save(NAME, model.state_dict(), {
        "kind": "classifier", "arch": "mnist-cnn", "config": {"width": args.width},
        "command": common.command(MODULE, args, ["seed", "epochs", "device", "data_root", "lr", "width", "batch_size"]),
        "seed": args.seed, "epochs": args.epochs, "train_seconds": round(run.train_seconds, 1),
        "metrics": {"test_accuracy": round(acc, 4), "test_errors": int(round((1 - acc) * len(y_test)))},
        "notes": "Small CNN; judges which digits the GAN snapshots draw.",
    })
    readme.write()
    print(f"{NAME}: test accuracy {acc:.4f}, {record['train_seconds']} s")


if __name__ == "__main__":
    main()
