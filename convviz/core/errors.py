"""Structured errors of the engine.

Every user-facing failure is a :class:`ConvvizError` with a stable ``code``, the 0-based ``layer`` index it
concerns (or ``None``), the ``params`` that fill its message, and an English message. The message is built from
an English template (``TEMPLATES[code]``) so that a front end can translate the template and format it with the
same params; the core itself never imports Qt.
"""

from __future__ import annotations

from typing import Any

#: English message templates, keyed by error code. ``{where}`` is "layer 4 (conv, kernel 5×5)" or "the input".
TEMPLATES: dict[str, str] = {
    "kernel_too_large": (
        "{where} does not fit its {in_shape} input: the kernel covers {extent} but the padded input is only "
        "{padded}; use padding ≥ {min_padding} or a smaller kernel"
    ),
    "pool_too_large": (
        "{where} does not fit its {in_shape} input: the {size} window is larger than the padded input {padded}; "
        "use a smaller pooling window"
    ),
    "pool_padding_too_large": "{where}: padding {padding} must be at most half the window size {size}",
    "same_needs_stride_1": '{where}: padding "same" needs stride 1 (got stride {stride})',
    "groups_mismatch": (
        "{where}: groups = {groups} must divide both the input depth {channels} and the number of filters {filters}"
    ),
    "bad_value": "{where}: {key} must be {expected} (got {value})",
    "wrong_type": "{where}: {key} must be {expected} (got {value})",
    "unknown_key": "{where}: unknown key {key!r}; allowed keys: {allowed}",
    "missing_key": "{where}: the required key {key!r} is missing",
    "unknown_type": "{where}: unknown layer type {value!r}; use one of {allowed}",
    "unknown_preset": "{where}: unknown kernel preset {value!r}; use one of {allowed}",
    "bad_json": "{path}: not a valid network file ({detail})",
    "unsupported_version": "{path}: format version {version} is newer than this convviz understands (1)",
    "file_not_found": "{path}: no such file",
    "file_unreadable": "{path}: cannot be read ({detail})",
    "bad_image": "{path}: not an image convviz can read (PNG, JPEG, BMP, …) or a .npy array",
    "image_incomplete": "{path}: the image is incomplete or damaged ({detail}); nothing was changed",
    "image_too_large": "{path}: the image is {width}×{height}; convviz accepts at most {limit}×{limit} pixels",
    "input_shape_mismatch": "{path}: the array has shape {shape} but the network expects {expected}",
    "bad_array": "{path}: {detail}",
    "weights_shape": "{where}: {key} has shape {shape} but the layer needs {expected}",
    "weights_not_finite": "{where}: {key} contains NaN or infinite values",
    "weights_unexpected": "{where}: {key} is given but the layer has {detail}",
    "bad_weights_file": "{path}: not a readable weights file ({detail})",
    "too_much_memory_training": (
        "{what} needs {needed} of memory, more than the limit of {limit} ({where} alone needs {layer_size}); "
        "use a smaller batch (--batch), fewer images (--count) or a smaller stack, or raise the limit "
        "(--memory-limit SIZE, CONVVIZ_MEMORY_LIMIT)"
    ),
    "too_much_memory": (
        "{what} needs {needed} of memory, more than the limit of {limit} ({where} alone needs {layer_size}); "
        "use a smaller input, fewer filters or a larger stride, or raise the limit (--memory-limit SIZE, "
        "CONVVIZ_MEMORY_LIMIT)"
    ),
    # hostile files (issue 8)
    "not_a_file": "{path}: {kind}, not a regular file; convviz reads only regular files",
    "file_too_large": "{path}: {size} is too large for a {what} (at most {limit})",
    "duplicate_key": "{path}: the key {key!r} appears twice in one object; keep one",
    "weights_unmatched": (
        "{path}: {keys} match{s} no conv layer of the stack (its conv layers: {layers}); "
        "use weight.{{i}} and bias.{{i}} with i a conv layer's index"
    ),
    "weights_missing": (
        "{path}: gives no weights for {missing}; load only some layers with --partial (the others keep theirs)"
    ),
    "weights_none": "{path}: holds no weights for any conv layer of the stack (its conv layers: {layers})",
    "empty_input": "the input must have at least one pixel and one channel (got {shape})",
    "input_not_finite": "the input contains NaN or infinite values",
    # weights from other programs, projects (issue 9)
    "needs_torch": "{path}: reading PyTorch files needs PyTorch, which is not installed (pip install 'convviz[torch]')",
    "bad_state_dict": "{path}: not a PyTorch state_dict convviz can read ({detail})",
    "state_dict_too_few": (
        "{where}: {path} has only {found} conv weight tensors (4-D *.weight) for the stack's {needed} conv layers"
    ),
    "state_dict_shape": "{where}: {key} in {path} has shape {shape} but the layer needs {expected} (F, C, K_h, K_w)",
    "state_dict_too_few_dense": (
        "{where}: {path} has only {found} linear weight tensors (2-D *.weight) for the stack's {needed} dense layers"
    ),
    "state_dict_dense_shape": (
        "{where}: {key} in {path} has shape {shape} but the layer needs {expected} (units, inputs)"
    ),
    "bad_project": "{path}: not a convviz project ({detail})",
    "project_too_new": (
        "{path}: project format version {version} is newer than this convviz understands ({supported}); "
        "update convviz to open it"
    ),
}


class ConvvizError(ValueError):
    """A user-facing error with a code, the layer it concerns and the values that explain it."""

    def __init__(self, code: str, layer: int | None = None, **params: Any) -> None:
        self.code = code
        self.layer = layer
        self.params = params
        super().__init__(self.message)

    @property
    def template(self) -> str:
        return TEMPLATES.get(self.code, "{where}: " + self.code)

    @property
    def message(self) -> str:
        return format_message(self.template, self.params)

    def __reduce__(self):  # keep the structure when pickled (e.g. across processes)
        return (_rebuild, (self.code, self.layer, self.params))


def _rebuild(code: str, layer: int | None, params: dict[str, Any]) -> ConvvizError:
    return ConvvizError(code, layer, **params)


def show_value(value: Any) -> str:
    """A value as a student reads it in a message: sizes and pairs as ``2×2`` (never ``[2, 2]``), rows of a grid
    as ``[1, 2; 3, 4]``, anything else as written in JSON."""
    import json

    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, (list, tuple)) for v in value):
            return "[" + "; ".join(", ".join(_number(v) for v in row) for row in value) + "]"
        if 1 < len(value) <= 3 and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return "×".join(str(v) for v in value)
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _number(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


#: a value quoted from the user's input is cut to this many characters ("…" ends it); a whole message to
#: MAX_MESSAGE (a 100 MB string in a file must not become a 100 MB error line)
MAX_VALUE = 80
MAX_MESSAGE = 300
#: params that convviz composes itself (another message, a list of choices) may be longer than a user value
_COMPOSED = {"detail", "allowed", "where", "expected", "keys", "missing", "layers"}


def cut(text: str, limit: int = MAX_VALUE) -> str:
    """``text`` on one line, at most ``limit`` characters (the last one "…" when cut)."""
    head = text[: limit * 2 + 16]  # never scan (or copy) a huge string beyond what can be shown
    if "\n" in head or "\r" in head or "\t" in head:
        head = " ".join(head.split())
    elif len(text) <= limit:
        return text
    return head if len(head) <= limit else head[: limit - 1] + "…"


def _param(key: str, value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # str() of an int of thousands of digits is slow (and refused beyond 4300 digits)
        return value if value.bit_length() <= 256 else f"a number of about {int(value.bit_length() * 0.30103)} digits"
    if isinstance(value, float):
        return value
    text = value if isinstance(value, str) else str(value)
    return cut(text, MAX_MESSAGE - 100 if key in _COMPOSED else MAX_VALUE)


def format_message(template: str, params: dict[str, Any]) -> str:
    """Fill a template; a missing param shows as ``{name}`` rather than raising. User values are cut to
    :data:`MAX_VALUE` characters and the message to :data:`MAX_MESSAGE`."""

    class _Safe(dict):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    merged = {"where": "the network", **{k: _param(k, v) for k, v in params.items()}}
    return cut(template.format_map(_Safe(merged)), MAX_MESSAGE)
