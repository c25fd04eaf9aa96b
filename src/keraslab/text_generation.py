"""Text from a saved text-generation run: its model plus the tokenizer kept in preprocessing.json."""

import json
from pathlib import Path

from keraslab.errors import ConfigError, KeraslabError


def generate_text(run_path, prompt, num_tokens, temperature=0.8, top_k=0, top_p=1.0, seed=0):
    """The prompt followed by `num_tokens` sampled tokens, as text."""
    from keraslab.api import load_run

    if num_tokens < 0:
        raise ConfigError(f"--tokens must be 0 or more; got {num_tokens}.")
    if temperature < 0:
        raise ConfigError(f"--temperature must be 0 (greedy) or more; got {temperature}.")
    if top_k < 0:
        raise ConfigError(f"--top-k must be 0 (all tokens) or more; got {top_k}.")
    if not 0 < top_p <= 1:
        raise ConfigError(f"--top-p must be in (0, 1]; got {top_p}.")
    result = load_run(run_path)
    # Loading the model needs keraslab's layers registered with Keras; importing the builders does that.
    import keraslab.models.language_model  # noqa: F401
    spec_path = Path(run_path) / "preprocessing.json"
    spec = json.loads(spec_path.read_text()) if spec_path.exists() else {}
    if spec.get("kind") != "text-generation" or result.model is None:
        raise KeraslabError(f"Run {run_path} is not a completed text-generation run (no model.keras with a "
                            "text-generation preprocessing.json). Train one: keraslab run shakespeare-transformer.")
    from keraslab.data.tokenizers import tokenizer_from_json
    from keraslab.models.text_sampling import generate

    tokenizer = tokenizer_from_json(spec["tokenizer"])
    new = generate(result.model, tokenizer.encode(prompt), num_tokens, spec["sequence_length"], temperature,
                   top_k, top_p, seed)
    return tokenizer.continue_text(prompt, new)
