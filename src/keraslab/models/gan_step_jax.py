"""The GAN's alternating training step on JAX: a pure, jitted function of every value it touches.

Keras hands JAX's `train_step` the model's state (weights, the discriminator's optimizer, metrics);
the generator's optimizer lives outside that state, so the step runs un-jitted (`jit_compile=False`
in `GAN.compile`), calls one jitted function for the arithmetic, and writes the generator
optimizer's new values back itself.
"""

import functools

import jax


def train_step(gan, state, data):
    trainable, non_trainable, d_optimizer_values, metric_values = state
    real = data[0] if isinstance(data, (list, tuple)) else data
    if getattr(gan, "_jitted_step", None) is None:
        gan._jitted_step = jax.jit(functools.partial(_step, gan))
    g_optimizer_values = [variable.value for variable in gan.g_optimizer.variables]
    trainable, non_trainable, d_optimizer_values, g_optimizer_values, metric_values, logs = gan._jitted_step(
        trainable, non_trainable, d_optimizer_values, g_optimizer_values, metric_values, real)
    for variable, value in zip(gan.g_optimizer.variables, g_optimizer_values):
        variable.assign(value)
    return logs, (trainable, non_trainable, d_optimizer_values, metric_values)


def _positions(everything, part):
    index = {id(variable): position for position, variable in enumerate(everything)}
    return [index[id(variable)] for variable in part]


def _step(gan, trainable, non_trainable, d_optimizer_values, g_optimizer_values, metric_values, real):
    d_at = _positions(gan.trainable_variables, gan.discriminator.trainable_variables)
    g_at = _positions(gan.trainable_variables, gan.generator.trainable_variables)
    d_fixed = [non_trainable[i] for i in _positions(gan.non_trainable_variables,
                                                    gan.discriminator.non_trainable_variables)]
    g_fixed = [non_trainable[i] for i in _positions(gan.non_trainable_variables,
                                                    gan.generator.non_trainable_variables)]
    [seed_at] = _positions(gan.non_trainable_variables, [gan.seed_generator.state])
    d_weights = [trainable[i] for i in d_at]
    g_weights = [trainable[i] for i in g_at]
    d_key, g_key, next_seed = jax.random.split(non_trainable[seed_at], 3)
    batch = real.shape[0]

    def discriminate(weights, images):
        return gan.discriminator.stateless_call(weights, d_fixed, images, training=True)[0]

    def generate(weights, key):
        codes = jax.random.normal(key, (batch, gan.latent_dim))
        return gan.generator.stateless_call(weights, g_fixed, codes, training=True)[0]

    # 1. The discriminator learns from real images and the generator's current fakes.
    fake = jax.lax.stop_gradient(generate(g_weights, d_key))
    d_loss, d_gradients = jax.value_and_grad(
        lambda weights: gan.discriminator_loss(discriminate(weights, real), discriminate(weights, fake)))(d_weights)
    d_weights, d_optimizer_values = gan.d_optimizer.stateless_apply(d_optimizer_values, d_gradients, d_weights)

    # 2. The generator learns through the discriminator just updated; its weights stay as they are.
    g_loss, g_gradients = jax.value_and_grad(
        lambda weights: gan.generator_loss(discriminate(d_weights, generate(weights, g_key))))(g_weights)
    g_weights, g_optimizer_values = gan.g_optimizer.stateless_apply(g_optimizer_values, g_gradients, g_weights)

    trainable = list(trainable)
    for position, value in zip(d_at + g_at, list(d_weights) + list(g_weights)):
        trainable[position] = value
    non_trainable = list(non_trainable)
    non_trainable[seed_at] = next_seed

    new_metrics, logs, start = [], {}, 0
    for tracker, value in ((gan.d_loss_tracker, d_loss), (gan.g_loss_tracker, g_loss)):
        count = len(tracker.variables)
        updated = tracker.stateless_update_state(metric_values[start:start + count], value)
        logs[tracker.name] = tracker.stateless_result(updated)
        new_metrics.extend(updated)
        start += count
    return trainable, non_trainable, d_optimizer_values, g_optimizer_values, new_metrics, logs
