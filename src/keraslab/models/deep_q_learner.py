"""Deep Q-learning as a `keras.Model`: the online Q-network, its target network, and the Bellman loss.

One `train_on_batch((states, actions, rewards, next_states, dones))` is one compiled gradient step
on every backend: the target network's forward pass, the Bellman target and the Huber loss all run
inside the same compiled function as the gradient, instead of a separate `predict` per batch.

    target = r + gamma * (1 - done) * max_a' Q_target(s', a')            (DQN)
    target = r + gamma * (1 - done) * Q_target(s', argmax_a' Q(s', a'))   (Double DQN)
    loss   = huber(target - Q(s, a))

The target network is a frozen copy (non-trainable variables), refreshed by `sync_target`: a hard
copy every so many steps, or a soft (Polyak) blend. Without one (`target_network=None`, the
course's setup) the online network scores next states itself, and its targets move with each step.
"""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="keraslab")
class DeepQLearner(keras.Model):
    def __init__(self, q_network, target_network=None, gamma=0.99, double_dqn=False, huber_delta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.q_network = q_network
        self.target_network = target_network
        self.gamma = gamma
        self.double_dqn = double_dqn
        # None: squared error (the course's loss); a number: Huber, which caps the gradient of large
        # errors so one surprising transition cannot throw the network off.
        self.huber_delta = huber_delta
        if target_network is not None:
            target_network.trainable = False

    def call(self, inputs, training=False):
        states, actions, rewards, next_states, dones = inputs
        q_values = self.q_network(states, training=training)
        taken = _pick(q_values, actions)
        scorer = self.target_network if self.target_network is not None else self.q_network
        next_scores = scorer(next_states, training=False)
        if self.double_dqn:
            next_actions = ops.argmax(self.q_network(next_states, training=False), axis=1)
            next_values = _pick(next_scores, next_actions)
        else:
            next_values = ops.max(next_scores, axis=1)
        targets = rewards + self.gamma * (1.0 - dones) * next_values
        # The target is a fixed label for this step: no gradient flows into it.
        return ops.stack([taken, ops.stop_gradient(targets)], axis=1)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        error = y_pred[:, 1] - y_pred[:, 0]
        if self.huber_delta is None:
            return ops.mean(ops.square(error))
        absolute = ops.abs(error)
        quadratic = ops.minimum(absolute, self.huber_delta)
        return ops.mean(0.5 * ops.square(quadratic) + self.huber_delta * (absolute - quadratic))

    def sync_target(self, tau=1.0):
        """target <- tau * online + (1 - tau) * target; tau = 1 is a hard copy."""
        if self.target_network is None:
            return
        for target, online in zip(self.target_network.weights, self.q_network.weights):
            # A copy, not the online array itself: JAX donates each variable's buffer to the compiled
            # train step, and one buffer held by two variables cannot be donated twice.
            target.assign(ops.copy(online) if tau == 1.0 else tau * online + (1.0 - tau) * target)

    def get_config(self):
        config = super().get_config()
        config.update(q_network=keras.saving.serialize_keras_object(self.q_network),
                      target_network=(None if self.target_network is None else
                                      keras.saving.serialize_keras_object(self.target_network)),
                      gamma=self.gamma, double_dqn=self.double_dqn, huber_delta=self.huber_delta)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["q_network"] = keras.saving.deserialize_keras_object(config["q_network"])
        if config.get("target_network") is not None:
            config["target_network"] = keras.saving.deserialize_keras_object(config["target_network"])
        return cls(**config)


def _pick(values, actions):
    """values[i, actions[i]] for each row i."""
    actions = ops.expand_dims(ops.cast(actions, "int32"), axis=1)
    return ops.take_along_axis(values, actions, axis=1)[:, 0]
