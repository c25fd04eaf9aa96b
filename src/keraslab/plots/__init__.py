"""Pictures for the run directory. Matplotlib draws off-screen; nothing here needs a display."""


def pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
