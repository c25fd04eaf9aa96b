"""Predictors: a trained run turned back into something that answers questions.

Each task module that has one exports `load(run_dir) -> predictor` (see keraslab.inference). Every
predictor has `predict(inputs: list[str]) -> list[dict]`, what `keraslab predict RUN INPUT...` prints,
plus the verb natural to its task: `generate` (text), `sample` (images from noise), `play` (an agent),
`translate` (seq2seq), `forecast` (a series). One predictor per file.
"""
