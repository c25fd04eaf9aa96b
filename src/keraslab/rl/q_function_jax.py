"""JAX: the Q-network's forward pass as one jitted, stateless function of (weights, states).

The weights are read from the Keras variables at each call, so the function always acts with the
latest network; reading them is cheap (they are already JAX arrays) and jit compiles once.
"""

import jax
import numpy as np


def make_q_function_jax(q_network):
    @jax.jit
    def forward(trainable, non_trainable, states):
        return q_network.stateless_call(trainable, non_trainable, states)[0]

    def q_values(states):
        trainable = [v.value for v in q_network.trainable_variables]
        non_trainable = [v.value for v in q_network.non_trainable_variables]
        return np.asarray(forward(trainable, non_trainable, np.asarray(states, dtype="float32")))

    return q_values
