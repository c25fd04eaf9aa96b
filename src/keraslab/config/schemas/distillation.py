from keraslab.config.fields import data_fields, training_fields
from keraslab.config.schema import Field, Schema

SCHEMA = Schema(
    task="distillation",
    module="keraslab.tasks.distillation",
    description="Knowledge distillation: a teacher CNN, then one student distilled from it with "
                "keras.distillation.Distiller and the same student (same initial weights) trained from scratch.",
    fields=data_fields("mnist") + [
        Field("teacher_filters", list, [64, 128], "Conv2D filters of the teacher (stride 2, LeakyReLU), one "
              "block each (keras-io's 256, 512 costs 16x more: 10 minutes an epoch on the shared 2-core CPU)."),
        Field("student_filters", list, [16, 32], "Conv2D filters of the student, the same anatomy, smaller."),
        Field("teacher_epochs", int, 3, "Epochs of the teacher (the students train `epochs`).", min=1),
        Field("temperature", float, 10.0, "Softmax temperature of the distillation loss: higher softens the "
              "teacher's probabilities (keras-io's example: 10).", min=0, min_exclusive=True),
        Field("student_loss_weight", float, 0.1, "Weight of the labels' loss; the teacher's (KL divergence at "
              "`temperature`, times temperature^2) gets 1 minus it (keras-io's alpha: 0.1).", min=0, max=1),
    ] + training_fields(epochs=3, batch_size=64),
    smoke={"epochs": 1, "teacher_epochs": 1, "max_samples": 256},
)
