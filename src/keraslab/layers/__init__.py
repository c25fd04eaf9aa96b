"""Reusable, serialisable layers, one per file, registered with `keras.saving`.

Importing the package imports every layer, so after `import keraslab.layers` a saved model that
uses them loads with plain `keras.saving.load_model`.
"""

from keraslab.registration import import_modules_of

import_modules_of(__name__, __path__)
