"""The builder's ⓘ note speaks of the selected layer: a slide's wrong number only where that layer is the slide's."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from convviz.model import state_from_scene
from convviz.qt.builder import LayerBuilder
from convviz.qt.document import Document
from convviz.scene import LECTURE_SCENES, builtin_scene

pytestmark = pytest.mark.usefixtures("qt_checks")

NBSP = "\u00a0"


@pytest.fixture
def builder_for(qtbot):
    made = []

    def make(scene_index: int) -> LayerBuilder:
        doc = Document(state_from_scene(builtin_scene(LECTURE_SCENES[scene_index])))
        b = LayerBuilder(doc)
        qtbot.addWidget(b)
        b.show()
        made.append((b, doc))
        return b

    yield make
    for b, doc in made:
        b.close()
        b.deleteLater()
        doc.deleteLater()
    # the builder tests count top-level widgets: leave none behind for them (menus, popups)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def tip(b: LayerBuilder, index: int) -> str:
    b.select(index)
    return b.details.fc_info.toolTip()


def test_scene_1_corrects_the_slide_s_6913_for_its_one_filter(builder_for):
    text = tip(builder_for(0), 0)
    assert f"6{NBSP}913 = 192 × 36 + 1" in text and f"192·36 + 36 = 6{NBSP}948" in text
    assert "270" not in text


def test_scene_2_does_not_mix_the_slide_s_6913_into_six_filters(builder_for):
    text = tip(builder_for(1), 0)  # 8×8×3 → 6×6×6: 192 inputs, 216 outputs
    assert "913" not in text and "Slide" not in text
    assert "192·216 weights + 216 biases" in text and "6·6·6 = 216" in text


def test_the_270_note_is_on_conv2_only(builder_for):
    b = builder_for(2)
    conv1, conv2 = tip(b, 0), tip(b, 2)
    assert "270" not in conv1 and "Slide" not in conv1
    assert "Slide 6 answers 270 neurons for conv2" in conv2 and "4·4·10 = 160" in conv2
    assert "913" not in conv2
