"""convviz: see, touch and count the convolutional layer."""

__version__ = "0.1.0"
