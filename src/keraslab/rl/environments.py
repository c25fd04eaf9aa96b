"""Gymnasium environments by id, with errors a person can act on.

`make_env` is where an environment id from a config enters, so this is where a misspelt id, a
retired version (Taxi-v3 is Taxi-v4 in gymnasium 1.x) or a wrong option becomes one line that names
the key and the fix.
"""

import difflib

from keraslab.errors import ConfigError


def known_env_ids():
    import gymnasium

    return sorted(gymnasium.envs.registry)


def make_env(env_id, options=None, render_mode=None, key="env"):
    """gymnasium.make(env_id, **options), or a ConfigError naming `key` with close matches."""
    import gymnasium

    options = dict(options or {})
    known = known_env_ids()
    if env_id not in known:
        close = difflib.get_close_matches(env_id, known, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else " See gymnasium.envs.registry."
        raise ConfigError(f"Unknown environment '{env_id}' in key '{key}'.{hint}")
    try:
        return gymnasium.make(env_id, render_mode=render_mode, **options)
    except TypeError as error:
        raise ConfigError(f"Key 'env_options' does not fit '{env_id}': {str(error).split(' was raised')[0]}. "
                          "Drop or rename the option.") from None
    except (KeyError, ValueError, AssertionError) as error:
        # The option exists but its value does not (e.g. FrozenLake's map_name=9x9).
        raise ConfigError(f"Key 'env_options' has a value '{env_id}' refuses ({type(error).__name__}: "
                          f"{' '.join(str(error).split())[:160]}). Check the option's allowed values in "
                          "gymnasium's documentation.") from None


def require_discrete(space, what, env_id):
    """The number of choices of a Discrete space, or a ConfigError saying why this algorithm needs one."""
    import gymnasium

    if not isinstance(space, gymnasium.spaces.Discrete):
        example = "CartPole-v1" if what == "action" else "FrozenLake-v1 or Taxi-v4"
        raise ConfigError(f"Environment '{env_id}' has a continuous or structured {what} space ({space}); "
                          f"this algorithm needs a discrete one. Pick an environment with Discrete {what}s, "
                          f"e.g. {example}.")
    return int(space.n)


def require_vector_observations(space, env_id):
    """The length of a flat Box observation, the input of a Q-network."""
    import gymnasium

    if not isinstance(space, gymnasium.spaces.Box) or len(space.shape) != 1:
        raise ConfigError(f"Environment '{env_id}' has observations {space}; the DQN here takes a flat vector "
                          "(a 1-D Box). For Discrete observations use task qlearning.")
    return int(space.shape[0])
