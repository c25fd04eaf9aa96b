"""Runs for the server and dashboard tests: smoke runs of each predictor kind, made once per session."""

import pytest

import keraslab
from tests.helpers.tables import write_mixed_table


class Runs:
    """The smoke runs, by name, made on first use (a test that needs two does not pay for the rest)."""

    def __init__(self, root, folder):
        self.root, self.folder, self._made = root, folder, {}

    def __getitem__(self, name):
        if name not in self._made:
            preset, config = RUNS[name]
            if name == "tabular":
                config = {**config, "data": str(self._table())}
            self._made[name] = keraslab.run(preset, smoke=True, runs_dir=self.root, quiet=True, **config).run_dir
        return self._made[name]

    def _table(self):
        return write_mixed_table(self.folder / "train.csv")


# name -> (preset, config): one per kind of input a predictor takes, and per verb.
RUNS = {
    "digits": ("mnist-cnn", {"epochs": 2}),
    "digits-b": ("mnist-cnn", {"epochs": 2, "dropout_rate": 0.1}),
    "text": ("text-generation", {"sample_tokens": 8}),
    "tabular": ("tabular", {"target": "y", "epochs": 2}),
    "series": ("forecasting", {}),
    "agent": ("frozenlake-qlearning", {}),
    "sampler": ("mnist-vae", {"fid_samples": 0}),
    "autoencoder": ("mnist-autoencoder", {}),
    "speakers": ("shakespeare-speakers-transformer", {}),
}


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    return Runs(tmp_path_factory.mktemp("served-runs"), tmp_path_factory.mktemp("served-data"))
