"""An exported file loaded back by the runtime a deployment would use, as `predict(inputs) -> [arrays]`.

Each loader takes the model's inputs as a list of NumPy arrays (in the model's input order) and returns
its outputs as a list of NumPy arrays, so one parity check and one timer serve every format.
"""

import numpy as np


def load_exported(format_name, path):
    return {"saved_model": _saved_model, "onnx": _onnx, "litert": _litert, "openvino": _openvino}[format_name](
        str(path))


def _flat(outputs):
    if isinstance(outputs, dict):
        outputs = [outputs[k] for k in sorted(outputs)]
    elif not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [np.asarray(o) for o in outputs]


def _saved_model(path):
    import tensorflow as tf

    artifact = tf.saved_model.load(path)
    return lambda inputs: _flat(artifact.serve(*inputs))


def _onnx(path):
    import onnxruntime

    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    return lambda inputs: session.run(None, dict(zip(names, inputs)))


def _litert(path):
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:  # TensorFlow still carries the interpreter it used to ship
        import tensorflow as tf

        Interpreter = tf.lite.Interpreter
    interpreter = Interpreter(model_path=path)
    inputs_detail = interpreter.get_input_details()
    outputs_detail = interpreter.get_output_details()
    shapes = {}

    def predict(inputs):
        # The batch is dynamic (-1) in the file; the interpreter must be sized for each new batch shape.
        wanted = tuple(tuple(x.shape) for x in inputs)
        if shapes.get("current") != wanted:
            for detail, x in zip(inputs_detail, inputs):
                interpreter.resize_tensor_input(detail["index"], x.shape)
            interpreter.allocate_tensors()
            shapes["current"] = wanted
        for detail, x in zip(inputs_detail, inputs):
            interpreter.set_tensor(detail["index"], np.ascontiguousarray(x, dtype=detail["dtype"]))
        interpreter.invoke()
        return [interpreter.get_tensor(d["index"]) for d in outputs_detail]

    return predict


def _openvino(path):
    import openvino

    # Full float32: on CPUs with bf16 units OpenVINO would otherwise compute in bf16 (diff ~1e-3).
    compiled = openvino.Core().compile_model(path, "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
    return lambda inputs: [np.asarray(compiled(list(inputs))[output]) for output in compiled.outputs]
