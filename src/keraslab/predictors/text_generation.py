"""A prompt in, the trained language model's continuation out, one token at a time."""

import functools

from keraslab.config.schema import MAX_SEED
from keraslab.errors import KeraslabError
from keraslab.predictors.base import Predictor, finite_number, whole_number

# Past this many tokens a typo in --tokens (an extra zero or three) would keep the CPU busy for hours.
MAX_TOKENS = 100_000


class TextGenerator(Predictor):
    verbs = ("predict", "generate")
    takes = "prompts (text to continue)"
    spec_kind = "text-generation"

    @functools.cached_property
    def tokenizer(self):
        from keraslab.data.tokenizers import tokenizer_from_json

        return tokenizer_from_json(self.spec["tokenizer"])

    def generate(self, prompt, num_tokens=200, temperature=0.8, top_k=0, top_p=1.0, seed=0):
        """The prompt followed by `num_tokens` sampled tokens, as text; the same seed gives the same text."""
        from keraslab.models.text_sampling import generate

        if not isinstance(prompt, str):
            raise KeraslabError(f"The prompt must be text; got {type(prompt).__name__}.")
        whole_number(num_tokens, "--tokens", minimum=0, maximum=MAX_TOKENS)
        temperature = finite_number(temperature, "--temperature", minimum=0)
        whole_number(top_k, "--top-k", minimum=0)
        top_p = finite_number(top_p, "--top-p", minimum=0, maximum=1, low_open=True)
        whole_number(seed, "--seed", minimum=0, maximum=MAX_SEED)
        new = generate(self.model, self.tokenizer.encode(prompt), num_tokens, self.spec["sequence_length"],
                       temperature, top_k, top_p, seed)
        return self.tokenizer.continue_text(prompt, new)

    def predict(self, inputs):
        """One dict per prompt, sampled as the run sampled its own text (its tokens, temperature, top-k, top-p)."""
        config = self.config
        options = {"num_tokens": config.get("sample_tokens") or 200, "temperature": config.get("temperature", 0.8),
                   "top_k": config.get("top_k", 0), "top_p": config.get("top_p", 1.0), "seed": config.get("seed", 0)}
        return [{"input": prompt, "text": self.generate(prompt, **options)} for prompt in self.require_inputs(inputs)]
