"""Model optimisation and deployment: export to other runtimes, quantisation, pruning.

    formats.py    what each format needs on each backend, and the one-line refusals
    runtimes.py   an exported file loaded back as a NumPy function (ONNX Runtime, LiteRT, ...)
    exporter.py   a complete run -> a verified exported file (parity with Keras, size, latency)
    quantize.py   model.quantize on a trained model: which layers changed, what it cost
    pruning.py    magnitude pruning to a target sparsity on a polynomial schedule (every backend)
    timing.py     p50 latency, measured the same way for every path
"""
