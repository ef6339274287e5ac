"""The engine's structured errors turned into (translated) text — the one place where that happens.

The core builds English messages from ``TEMPLATES[code]`` and ``params``; here the template is translated in
the ``"errors"`` context and formatted with the same params. With the stack at hand, the ``{where}`` part
("layer 2 (conv, kernel 9×9)") is rebuilt from translatable pieces too, so a whole message can be translated.

Note for translators: the templates live in :data:`convviz.core.errors.TEMPLATES` (the core never imports Qt),
so ``pyside6-lupdate`` does not find them in the source; generate their ``errors`` entries from that dict.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from ..core.errors import ConvvizError, format_message
from ..core.layers import Conv2D, LayerSpec, Pool2D

translate = QCoreApplication.translate


def where_text(index: int, spec: LayerSpec) -> str:
    """How a message names a layer, translated: "layer 2 (conv, kernel 9×9)" (as ``core.layers.where``)."""
    if isinstance(spec, Conv2D):
        kh, kw = spec.kernel_size
        return translate("errors", "layer {index} (conv, kernel {kh}×{kw})").format(index=index, kh=kh, kw=kw)
    if isinstance(spec, Pool2D):
        kh, kw = spec.size
        mode = {"max": translate("errors", "max"), "avg": translate("errors", "avg"),
                "weighted": translate("errors", "weighted")}.get(spec.mode, spec.mode)
        return translate("errors", "layer {index} ({mode} pool, window {kh}×{kw})").format(
            index=index, mode=mode, kh=kh, kw=kw)
    return translate("errors", "layer {index} ({type})").format(index=index, type=spec.type)


def error_text(err: ConvvizError, layers: Sequence[LayerSpec] | None = None) -> str:
    """``err`` as translated text; pass the stack's ``layers`` to translate the layer's name as well."""
    params = dict(err.params)
    if layers is not None and err.layer is not None and 0 <= err.layer < len(layers) and "where" in params:
        params["where"] = where_text(err.layer, layers[err.layer])
    # short English fragments such as "a positive integer" are translatable in the same context
    for key in ("expected", "detail", "what"):
        if isinstance(params.get(key), str):
            params[key] = translate("errors", params[key])
    return format_message(translate("errors", err.template), params)
