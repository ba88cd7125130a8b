"""Command line: `python -m studio status`, `fetch [--all]`, `presets` and `render PRESET… --out DIR`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from studio import inventory


def render_presets(names: list[str], out: Path, index: bool = False) -> int:
    """Each preset's full-size result PNG and its 1920×1080 slide PNG; an index.md when asked.
    A preset that cannot be drawn here (weights or a painting missing) is reported and skipped."""
    from studio import presets, slides
    from studio.errors import StudioError
    from studio.images import png_bytes
    from studio.render import render

    chosen = [presets.get(n) for n in names] if names else list(presets.PRESETS)
    out.mkdir(parents=True, exist_ok=True)
    rows, failures = [], 0
    for p in chosen:
        start = time.perf_counter()
        try:
            r = render(p)
        except StudioError as exc:
            failures += 1
            print(f"skipped {p.name}: {exc}", flush=True)
            rows.append(f"| {p.title} | `?preset={p.name}` | not rendered here: {exc} | |")
            continue
        full, slide = out / f"{p.name}.png", out / f"{p.name}-slide.png"
        full.write_bytes(png_bytes(r.image, r.state, r.caption))
        slide.write_bytes(slides.slide_png(r.image, r.title, r.caption, r.state))
        print(f"{p.name}: {full} ({r.image.width}×{r.image.height}), {slide} "
              f"({time.perf_counter() - start:.1f} s)", flush=True)
        rows.append(f"| {p.title} | `?preset={p.name}` | [slide]({slide.name}) | [full size]({full.name}) |")
    if index:
        lines = ["# Studio slide deck", "",
                 "Made by `make slides` (`python -m studio render --all --out slides`). Every PNG carries its "
                 "settings in its text chunk: drop it on the studio page to get the same controls back, or open "
                 "the page with the preset's link.", "",
                 "| Figure | Link | Slide (1920×1080) | Result |", "|---|---|---|---|", *rows, ""]
        (out / "index.md").write_text("\n".join(lines))
        print(f"index: {out / 'index.md'}")
    # a deck with a gap (GoogLeNet not fetched, say) is still a deck; a named preset that failed is an error
    return 1 if failures and (names or failures == len(chosen)) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio", description="Studio's data, weights, presets and slides.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="list what is present and what is missing")
    fetch = sub.add_parser("fetch", help="download everything a workshop needs, ahead of time")
    fetch.add_argument("--all", action="store_true", help="also optional weights (VGG-16)")
    sub.add_parser("presets", help="list every demo's presets and their links")
    render = sub.add_parser("render", help="draw presets headless: each one's result PNG and 1920×1080 slide")
    render.add_argument("presets", nargs="*", metavar="PRESET", help="preset names (see `presets`)")
    render.add_argument("--all", action="store_true", help="every preset, and an index.md of the deck")
    render.add_argument("--out", type=Path, default=Path("slides"), help="folder for the PNGs (default: slides)")
    args = parser.parse_args(argv)
    if args.command == "status":
        print(inventory.status_text())
        return 0
    if args.command == "presets":
        from studio import presets

        print(presets.listing(), end="")
        return 0
    if args.command == "render":
        from studio.errors import StudioError

        if not args.presets and not args.all:
            parser.error("name one or more presets, or --all (see `python -m studio presets`)")
        try:
            return render_presets(args.presets, args.out, index=args.all)
        except StudioError as exc:
            print(exc, file=sys.stderr)
            return 2
    failures = inventory.fetch(include_all=args.all)
    print()
    print(inventory.status_text())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
