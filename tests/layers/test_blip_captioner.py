"""BlipCaptioner with a tiny, randomly initialised BLIP and a ten-word tokenizer: no download."""

import keras
import numpy as np
import pytest

from keraslab.layers.blip_captioner import BLIP_MEAN, BLIP_STD, BlipCaptioner

transformers = pytest.importorskip("transformers")
pytest.importorskip("torch")

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "red", "circle", "on", "blue", "square", "[DEC]"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    import torch
    from transformers import BertTokenizer, BlipConfig, BlipForConditionalGeneration

    vocab = tmp_path_factory.mktemp("blip") / "vocab.txt"
    vocab.write_text("\n".join(WORDS) + "\n")
    tokenizer = BertTokenizer(str(vocab))
    torch.manual_seed(0)
    config = BlipConfig(
        vision_config={"hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
                       "image_size": 32, "patch_size": 8},
        text_config={"vocab_size": len(WORDS), "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1,
                     "num_attention_heads": 2, "encoder_hidden_size": 16, "bos_token_id": 11,
                     "pad_token_id": 0, "sep_token_id": 3, "eos_token_id": 3},
        projection_dim=16)
    return BlipForConditionalGeneration(config).eval(), tokenizer


def test_preprocess_resizes_and_normalises_like_blip():
    layer = BlipCaptioner(image_size=8)
    images = np.full((2, 16, 16, 3), 255.0, dtype="float32")
    out = keras.ops.convert_to_numpy(layer.preprocess(images))
    assert out.shape == (2, 8, 8, 3)
    assert np.allclose(out[0, 0, 0], (1 - np.array(BLIP_MEAN)) / np.array(BLIP_STD), atol=1e-5)


def test_captions_come_back_one_per_image_and_repeatably(tiny):
    model, tokenizer = tiny
    layer = BlipCaptioner(image_size=32, max_new_tokens=4, blip_model=model, tokenizer=tokenizer)
    images = np.random.default_rng(0).integers(0, 256, size=(3, 40, 40, 3)).astype("uint8")
    tokens = keras.ops.convert_to_numpy(layer(images))
    assert tokens.shape[0] == 3 and tokens.shape[1] <= 1 + 4
    captions = layer.caption(images)
    assert len(captions) == 3 and all(isinstance(c, str) for c in captions)
    assert captions == layer.caption(images)
    assert all(word in WORDS for caption in captions for word in caption.split())


def test_config_round_trips():
    layer = BlipCaptioner(model_name="someone/blip-small", image_size=224, max_new_tokens=12, prompt="a photo of")
    again = BlipCaptioner.from_config(layer.get_config())
    assert (again.model_name, again.image_size, again.max_new_tokens, again.prompt) == \
           ("someone/blip-small", 224, 12, "a photo of")
