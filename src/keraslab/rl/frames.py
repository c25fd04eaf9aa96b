"""Frames of an episode drawn with PIL from the environment's state, and saved as a GIF.

Gymnasium renders its classic-control and toy-text environments with pygame, which is not a
dependency here; these small drawings need only Pillow and show the same thing.
"""

import numpy as np


def draw_cartpole(state, width=300, height=200):
    """Cart and pole from CartPole's (x, x_dot, theta, theta_dot); the track spans x in [-2.4, 2.4]."""
    from PIL import Image, ImageDraw

    x, _, theta, _ = (float(v) for v in state)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    scale = width / 4.8
    ground = int(height * 0.75)
    draw.line([(0, ground), (width, ground)], fill="black")
    cart_x = width / 2 + x * scale
    draw.rectangle([cart_x - 25, ground - 15, cart_x + 25, ground + 5], fill=(40, 40, 40))
    length = 2 * 0.5 * scale  # CartPole's pole is 1.0 long (half-length 0.5)
    tip = (cart_x + length * np.sin(theta), ground - 15 - length * np.cos(theta))
    draw.line([(cart_x, ground - 15), tip], fill=(202, 152, 101), width=8)
    draw.ellipse([cart_x - 4, ground - 19, cart_x + 4, ground - 11], fill=(129, 132, 203))
    return image


def draw_grid(grid, position, cell=48):
    """FrozenLake's map (S start, F frozen, H hole, G goal) with the agent as a red disc."""
    from PIL import Image, ImageDraw

    colours = {"S": (200, 230, 255), "F": (220, 240, 255), "H": (30, 60, 120), "G": (90, 200, 90)}
    rows, columns = grid.shape
    image = Image.new("RGB", (columns * cell, rows * cell), "white")
    draw = ImageDraw.Draw(image)
    for r in range(rows):
        for c in range(columns):
            draw.rectangle([c * cell, r * cell, (c + 1) * cell - 1, (r + 1) * cell - 1],
                           fill=colours.get(grid[r, c], "white"), outline=(150, 150, 150))
    r, c = divmod(int(position), columns)
    draw.ellipse([c * cell + 10, r * cell + 10, (c + 1) * cell - 10, (r + 1) * cell - 10], fill=(220, 40, 40))
    return image


def draw_taxi(env, state, cell=48):
    """Taxi's 5x5 city: the four stands (R, G, Y, B), the taxi (yellow, green when carrying), the
    passenger (blue dot) and the destination (outlined)."""
    from PIL import Image, ImageDraw

    unwrapped = env.unwrapped
    taxi_row, taxi_column, passenger, destination = unwrapped.decode(int(state))
    image = Image.new("RGB", (5 * cell, 5 * cell), "white")
    draw = ImageDraw.Draw(image)
    for r in range(5):
        for c in range(5):
            draw.rectangle([c * cell, r * cell, (c + 1) * cell - 1, (r + 1) * cell - 1], outline=(200, 200, 200))
    for index, (r, c) in enumerate(unwrapped.locs):
        draw.rectangle([c * cell + 2, r * cell + 2, (c + 1) * cell - 3, (r + 1) * cell - 3],
                       outline=(200, 0, 200) if index == destination else (160, 160, 160), width=3)
    carrying = passenger == 4
    draw.rectangle([taxi_column * cell + 8, taxi_row * cell + 12, (taxi_column + 1) * cell - 8,
                    (taxi_row + 1) * cell - 12], fill=(60, 180, 60) if carrying else (240, 200, 0))
    if not carrying:
        r, c = unwrapped.locs[passenger]
        draw.ellipse([c * cell + 18, r * cell + 18, (c + 1) * cell - 18, (r + 1) * cell - 18], fill=(0, 80, 220))
    return image


def draw_state(env, state):
    """A frame for CartPole, FrozenLake or Taxi; None for environments without a drawing here."""
    name = env.spec.id if env.spec else ""
    if name.startswith("CartPole"):
        return draw_cartpole(state)
    if name.startswith("FrozenLake"):
        return draw_grid(np.asarray(env.unwrapped.desc).astype(str), state)
    if name.startswith("Taxi"):
        return draw_taxi(env, state)
    return None


def save_gif(frames, path, frame_seconds=0.04):
    """An animated GIF; toy-text grids step slower (pass frame_seconds) so a person can follow them."""
    frames = [f for f in frames if f is not None]
    if not frames:
        return None
    from keraslab.plots.save import save_animation

    return save_animation(frames, path, int(frame_seconds * 1000))


def record_episode(env, choose_action, path, seed=0, frame_seconds=0.04, max_steps=500):
    """Play one greedy episode with `choose_action(state) -> action`, draw each state, save a GIF.

    Returns (path or None, episode return)."""
    state, _ = env.reset(seed=seed)
    frames, total = [draw_state(env, state)], 0.0
    for _ in range(max_steps):
        state, reward, terminated, truncated, _ = env.step(choose_action(state))
        frames.append(draw_state(env, state))
        total += reward
        if terminated or truncated:
            break
    return save_gif(frames, path, frame_seconds), total
