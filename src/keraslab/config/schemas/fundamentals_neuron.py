from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="fundamentals-neuron",
    module="keraslab.tasks.fundamentals.neuron",
    description="NumPy: one neuron's weighted sum and sigmoid, two in a chain, a small network forward propagated.",
    fields=[
        Field("x1", float, 0.1, "The input of the first neuron (the course's worked example)."),
        Field("w1", float, 0.15, "Weight of the first neuron."),
        Field("b1", float, 0.4, "Bias of the first neuron."),
        Field("w2", float, 0.45, "Weight of the second neuron, fed by the first one's activation."),
        Field("b2", float, 0.65, "Bias of the second neuron."),
        Field("num_inputs", int, 5, "Inputs of the general network.", min=1),
        Field("hidden_units", list, [3, 2, 3], "Nodes of each hidden layer of the general network.",
              item=int, min=1, min_items=1),
        Field("num_nodes_output", int, 3, "Output nodes of the general network.", min=1),
    ],
    renamed={"num_nodes_hidden": "hidden_units"},
)
