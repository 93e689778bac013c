"""flake8-tfsaver: find TensorFlow 1.x checkpoint bugs before training starts."""

__version__ = "0.1.0"
