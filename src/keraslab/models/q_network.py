"""A Q-network: an observation in, one estimated return per action out (no activation on the output,
because returns are unbounded). The course's CartPole network is build_q_network(4, 2, (24, 24))."""

import keras
from keras import layers


def build_q_network(observation_size, num_actions, hidden_units=(64, 64), activation="relu", name="q_network"):
    inputs = keras.Input(shape=(observation_size,), name="observation")
    x = inputs
    for index, units in enumerate(hidden_units):
        x = layers.Dense(int(units), activation=activation, name=f"dense_{index + 1}")(x)
    outputs = layers.Dense(num_actions, name="q_values")(x)
    return keras.Model(inputs, outputs, name=name)
