"""The user's own inputs in the window: a .npy of any depth, a damaged image, the clipboard, drag and drop."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage

from convviz.qt.main_window import MainWindow
from tests.qt.conftest import assert_views_follow

pytestmark = pytest.mark.usefixtures("qt_checks")


def red_image(h=20, w=30) -> QImage:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(Qt.GlobalColor.red)
    return img


def test_a_five_channel_array_sets_the_input_shape_in_one_undoable_step(win, tmp_path):
    before = win.doc.state
    x = np.random.default_rng(1).uniform(0, 1, (12, 10, 5)).astype(np.float32)
    np.save(tmp_path / "five.npy", x)
    win.open_input(str(tmp_path / "five.npy"))
    assert win.doc.state.input_shape == (12, 10, 5)
    assert_allclose(win.doc.state.input, x)
    assert win.builder.input_editor.channels_spin.value() == 5
    assert_views_follow(win)
    win.undo_action.trigger()
    assert win.doc.state is before


def test_an_array_with_more_channels_than_the_spin_box_offers_is_shown_as_it_is(win, tmp_path):
    np.save(tmp_path / "deep.npy", np.zeros((6, 6, 20), np.float32))
    win.open_input(str(tmp_path / "deep.npy"))
    assert win.doc.state.input_shape == (6, 6, 20)
    assert win.builder.input_editor.channels_spin.value() == 20


def test_a_truncated_png_is_refused_with_a_message_and_changes_nothing(win, tmp_path):
    whole = tmp_path / "whole.png"
    assert red_image().save(str(whole), "PNG")
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:-20])
    before, steps = win.doc.state, win.doc.undo_stack.count()
    win.open_input(str(cut))
    assert "cut.png" in win.last_message and "incomplete" in win.last_message
    assert win.doc.state is before and win.doc.undo_stack.count() == steps


def test_paste_makes_the_clipboard_image_the_input_and_undoes(win):
    before = win.doc.state
    QGuiApplication.clipboard().setImage(red_image())
    win.paste_action.trigger()
    state = win.doc.state
    assert state.input_shape == before.input_shape  # fitted into the input's size
    h, w, _ = state.input_shape
    assert_allclose(state.input[h // 2, w // 2], [1, 0, 0], atol=1 / 255)
    assert state.input_path is not None and state.input_name == "pasted image"
    assert_views_follow(win)
    win.undo_action.trigger()
    assert win.doc.state is before


def test_paste_without_an_image_says_so(win):
    QGuiApplication.clipboard().setText("just words")
    before = win.doc.state
    win.paste_action.trigger()
    assert "no image" in win.last_message and win.doc.state is before


def drop(w: MainWindow, mime: QMimeData) -> None:
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    w.dropEvent(event)


def test_dropping_an_image_file_or_an_array_sets_the_input(win, tmp_path):
    png = tmp_path / "drop.png"
    assert red_image().save(str(png), "PNG")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png))])
    drop(win, mime)
    assert win.doc.state.input_name == "drop.png"
    assert_allclose(win.doc.state.input[4, 4], [1, 0, 0], atol=1 / 255)
    np.save(tmp_path / "a.npy", np.ones((7, 9, 2), np.float32))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.npy"))])
    drop(win, mime)
    assert win.doc.state.input_shape == (7, 9, 2)
    assert_views_follow(win)


def test_the_window_accepts_file_drags(win, tmp_path):
    assert win.acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "x.png"))])
    assert win.input_actions.accepts(mime)
    assert not win.input_actions.accepts(QMimeData())
