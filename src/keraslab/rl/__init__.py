"""Reinforcement learning: environments, a replay buffer, tabular Q-learning and a DQN.

Everything here works on NumPy arrays; only the DQN learner imports Keras.
"""
