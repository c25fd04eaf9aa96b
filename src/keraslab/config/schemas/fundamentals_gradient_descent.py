from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="fundamentals-gradient-descent",
    module="keraslab.tasks.fundamentals.gradient_descent",
    description="NumPy: fit w in z = w x to data from z = 2x by gradient descent, at several learning rates.",
    fields=[
        Field("learning_rate", float, 0.1, "The step size whose run the metrics report.", min=0, min_exclusive=True),
        Field("compare_learning_rates", list, [0.01, 0.1, 0.3, 0.55, 0.65],
              "Step sizes drawn side by side: too small crawls, too large overshoots and diverges.",
              item=float, min=0, min_exclusive=True, min_items=1),
        Field("num_steps", int, 30, "Gradient steps from w = 0.", min=1),
        Field("num_points", int, 9, "Data points x evenly spread over [-2, 2].", min=2),
        Field("tolerance", float, 1e-3, "|w - 2| counted as converged.", min=0, min_exclusive=True),
    ],
)
