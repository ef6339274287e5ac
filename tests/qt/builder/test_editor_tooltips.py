"""Every control of the layer editors explains its concept in a tooltip (its row's label too), in both languages."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QFormLayout

from convviz.core.layers import Conv2D, Pool2D
from convviz.qt import language
from convviz.qt.builder.editors import EDITORS

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def editors(qtbot):
    out = []
    for spec_type, cls in EDITORS.items():
        editor = cls()
        qtbot.addWidget(editor)
        spec = Pool2D(mode="weighted", size=(3, 3)) if spec_type is Pool2D else spec_type()
        editor.show_spec(spec)  # the weighted pool's grid has cells only once a spec is shown
        out.append(editor)
    return out


def tips(editor) -> dict[str, str]:
    """Control or row label → its tooltip."""
    out = {f"{type(editor).__name__}.{type(w).__name__}#{i}": w.toolTip() for i, w in enumerate(editor.controls())}
    layout = editor.layout()
    if isinstance(layout, QFormLayout):
        for row in range(layout.rowCount()):
            label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None:
                out[f"{type(editor).__name__} label {label.widget().text()!r}"] = label.widget().toolTip()
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_editor_control_and_label_has_a_tooltip(qapp, qtbot, lang):
    language.install_language(lang)
    try:
        found = {k: v for e in editors(qtbot) for k, v in tips(e).items()}
    finally:
        language.install_language("en")
    assert len(found) > 30  # conv, pool, activation and dense have controls
    assert not [k for k, v in found.items() if not v.strip()]
    if lang == "ru":
        assert not [k for k, v in found.items() if not CYRILLIC.search(v)]
    else:
        assert not [k for k, v in found.items() if CYRILLIC.search(v)]


def test_tooltips_explain_the_concept_not_just_the_name(qapp, qtbot):
    conv = EDITORS[Conv2D]()
    qtbot.addWidget(conv)
    assert conv.stride.h.toolTip().startswith("Stride: how far the kernel moves between outputs")
    assert conv.stride.w.toolTip() == conv.stride.h.toolTip() == conv.layout().labelForField(conv.stride).toolTip()
    assert "feature map" in conv.filters.toolTip() and "zeros" in conv.padding_mode.toolTip()
