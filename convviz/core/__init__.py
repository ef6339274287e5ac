"""convviz's engine: NumPy only, no Qt. The public API for the window, the command line and users."""

from .errors import TEMPLATES, ConvvizError
from .kernels import PRESETS, init_weights, preset_weights
from .layers import (
    Activation,
    Conv2D,
    InitSpec,
    LayerInfo,
    LayerSpec,
    Pool2D,
    describe,
    infer_shapes,
)
from .netfile import (
    NetworkFile,
    apply_weights,
    load_network,
    load_weights_file,
    network_to_dict,
    parse_network,
    save_npz,
    weights_to_arrays,
)
from .network import LayerWeights, Network, build_network, forward, iter_forward, run_layer, with_weights
from .ops import (
    PoolResult,
    apply_activation,
    conv2d,
    gaussian_pool_weights,
    identity,
    leaky_relu,
    pool2d,
    relu,
    sigmoid,
    tanh,
)
from .samples import sample_image

__all__ = [
    "TEMPLATES", "ConvvizError", "PRESETS", "init_weights", "preset_weights", "Activation", "Conv2D",
    "InitSpec", "LayerInfo", "LayerSpec", "Pool2D", "describe", "infer_shapes", "NetworkFile", "apply_weights",
    "load_network", "load_weights_file", "network_to_dict", "parse_network", "save_npz", "weights_to_arrays",
    "LayerWeights", "Network", "build_network", "forward", "iter_forward", "run_layer", "with_weights",
    "PoolResult", "apply_activation", "conv2d", "gaussian_pool_weights", "identity", "leaky_relu", "pool2d",
    "relu", "sigmoid", "tanh", "sample_image",
]
