from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="fundamentals-activations",
    module="keraslab.tasks.fundamentals.activations",
    description="NumPy: the seven activation functions with their derivatives, checked by finite differences.",
    fields=[
        Field("z_min", float, -5.0, "Left end of the plotted range."),
        Field("z_max", float, 5.0, "Right end of the plotted range."),
        Field("num_points", int, 401, "Points on each curve.", min=3),
    ],
)
