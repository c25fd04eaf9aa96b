from keraslab.data.registry import Dataset, RemoteFile

DATASET = Dataset(
    name="tinyshakespeare",
    description="Tiny Shakespeare: 1,115,394 characters of the plays in one text file (char-rnn's corpus).",
    licence="Public domain (Shakespeare's works); compiled by Andrej Karpathy for char-rnn",
    citation="A. Karpathy, The Unreasonable Effectiveness of Recurrent Neural Networks, 2015 (char-rnn).",
    homepage="https://github.com/karpathy/char-rnn",
    loader="keraslab.data.text:load_text_dataset",
    files=(RemoteFile(
        "input.txt",
        ("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",),
        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"),),
    mirror_folder="tinyshakespeare",
    kind="text",
    extra={"file": "input.txt"},
)
