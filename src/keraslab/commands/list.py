"""keraslab list: every preset, grouped by lesson."""

from itertools import groupby


def register(subparsers):
    parser = subparsers.add_parser("list", help="list presets grouped by lesson")
    parser.set_defaults(handler=handle)


def handle(args):
    from keraslab.config.presets import list_presets

    presets = sorted(list_presets(), key=lambda p: (_lesson_number(p.lesson), p.lesson, p.name))
    width = max(len(p.name) for p in presets)
    for lesson, members in groupby(presets, key=lambda p: p.lesson):
        print(f"\n{lesson}")
        for preset in members:
            print(f"  {preset.name.ljust(width)}  {preset.summary}")
            if preset.lab:
                print(f"  {''.ljust(width)}  lab: {preset.lab}")


def _lesson_number(lesson):
    """'10. Generative models' -> 10, so lessons sort as numbers; unnumbered ones ('Your own data') last."""
    number = lesson.split(".", 1)[0]
    return int(number) if number.isdigit() else 99
