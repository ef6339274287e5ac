"""Training: datasets, the backward pass, optimisers and the training loop. NumPy only, no Qt (a folder of images
is read through :mod:`convviz.imageio`, which uses Qt's image readers, imported only when a folder is given)."""
