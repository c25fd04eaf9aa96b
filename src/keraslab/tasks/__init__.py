"""One pipeline per task family: data -> model -> train -> evaluate -> artifacts.

Each module has `run(config, context) -> metrics`; its schema lives in keraslab.config.schemas.
"""
