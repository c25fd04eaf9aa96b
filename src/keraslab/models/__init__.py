"""Model builders and `keras.Model` subclasses, one idea per file.

Importing the package imports (and so registers with `keras.saving`) every model class here.
"""

from keraslab.registration import import_modules_of

import_modules_of(__name__, __path__)
