"""`keraslab show`: the fully resolved config, every key with its description."""

import yaml


def _scalar(value):
    return yaml.safe_dump(value, default_flow_style=True, width=1000).strip().removesuffix("...").strip()


def render(preset, schema, config):
    lines = [f"# {preset.name}: {preset.summary}".rstrip(": ")]
    if preset.lab:
        lines.append(f"# reproduces: {preset.lab}")
    if preset.course_figure:
        lines.append(f"# course figure: {preset.course_figure}")
    if preset.expect:
        lines.append("# target: " + ", ".join(f"{k} {v}" for k, v in preset.expect.items()))
    lines += [f"task: {preset.task}    # {schema.description}", "config:"]
    entries = [(f.name, _scalar(config[f.name]), f.help) for f in schema.fields if f.name != "task"]
    width = max(len(f"  {name}: {value}") for name, value, _ in entries)
    for name, value, help_text in entries:
        lines.append(f"  {name}: {value}".ljust(width) + f"  # {help_text}")
    return "\n".join(lines)
