"""The instruments' lecture scenes: pooling invariance shows plainly, and the designed hierarchy is what its text
says — corner detectors built by hand from conv1's edges, not learned."""

from __future__ import annotations

import json

import numpy as np
import pytest

from convviz.core import Conv2D, forward
from convviz.instruments import invariance, receptive_field
from convviz.scene import LECTURE_SCENES, builtin_scene, designed_weights, resource_path

INVARIANCE = next(s for s in LECTURE_SCENES if s.file == "lecture6_invariance.json")
HIERARCHY = next(s for s in LECTURE_SCENES if s.file == "lecture7_hierarchy.json")


@pytest.mark.parametrize("axis", ["x", "y"])
def test_each_pooling_shrinks_the_change_of_a_small_shift(axis):
    scene = builtin_scene(INVARIANCE)
    for r in invariance(scene.network, scene.input, 2, axis)[1:]:
        conv, relu, pool1, pool2 = (s.relative_change for s in r.stages)
        assert relu > pool1 > pool2
        assert pool2 < 0.5 * relu


def test_the_invariance_note_quotes_the_measured_numbers():
    scene = builtin_scene(INVARIANCE)
    one = invariance(scene.network, scene.input, 1, "x")[1].stages
    rel = [f"{s.relative_change:.2f}" for s in one[1:]]
    assert " → ".join(rel) in INVARIANCE.note
    frac = [f"{s.changed_fraction:.2f}" for s in (one[1], one[3])]
    assert " → ".join(frac) in INVARIANCE.note and frac[1] > frac[0]  # the fraction rises: the note says so


def test_the_hierarchy_says_it_was_designed_and_carries_the_designed_weights():
    assert "designed by hand, not learned" in HIERARCHY.title and "designed by hand, not learned" in HIERARCHY.note
    scene = builtin_scene(HIERARCHY)
    raw = json.loads(resource_path("weights", HIERARCHY.weights).read_text(encoding="utf-8"))
    np.testing.assert_array_equal(scene.network.weights_of(3).weight, np.asarray(raw["weight.3"], np.float32))
    np.testing.assert_array_equal(scene.network.weights_of(3).bias, np.zeros(4, np.float32))
    assert isinstance(scene.network.layers[0], Conv2D) and scene.network.layers[0].init.preset == "edges"
    assert set(designed_weights(HIERARCHY.weights)) == {"weight.3", "bias.3"}
    sizes = [receptive_field(scene.network, i, (3, 3)).size for i in (0, 3, 5)]
    assert sizes == [(3, 3), (8, 8), (10, 10)]  # what the note says
    assert all(f"{h}×{w}" in HIERARCHY.note for h, w in sizes)


def test_a_users_weights_file_wins_over_the_designed_ones(tmp_path):
    w = np.full((4, 3, 3, 4), 0.5, np.float32)
    np.savez(tmp_path / "w.npz", **{"weight.3": w})
    scene = builtin_scene(HIERARCHY, weights_path=tmp_path / "w.npz", partial=True)  # conv1 keeps its Sobel
    np.testing.assert_array_equal(scene.network.weights_of(3).weight, w)


@pytest.mark.parametrize("dark", [True, False])
def test_designed_corners_fire_at_the_corners_of_a_square_and_not_along_its_edges(dark):
    net = builtin_scene(HIERARCHY).network
    x = np.full((64, 64, 3), 0.8 if dark else 0.1, np.float32)
    x[20:44, 16:48] = 0.1 if dark else 0.8  # a square, darker or lighter than the background
    corners = forward(net, x)[4]  # conv2 after ReLU, 31×31: pixel p of the image is near cell (p − 1) / 2
    expected = {0: (20, 16), 1: (20, 47), 2: (43, 16), 3: (43, 47)}  # top-left, top-right, bottom-left, bottom-right
    for f, (py, px) in expected.items():
        m = corners[:, :, f]
        y, xx = np.unravel_index(int(np.argmax(m)), m.shape)
        assert abs(2 * y + 1 - py) <= 2 and abs(2 * xx + 1 - px) <= 2, (f, (y, xx))
        assert (m > 0.25 * m.max()).sum() <= 4  # one corner, not the square's edges
    # the middle of every side: a straight edge sums to 0 (up to float32 rounding)
    for y, xx in [(9, 15), (21, 15), (15, 7), (15, 23)]:
        assert np.all(corners[y, xx] <= 1e-6 * corners.max()), (y, xx, corners[y, xx])


def test_on_the_scenes_own_image_each_corner_map_peaks_at_its_corner_of_the_square():
    scene = builtin_scene(HIERARCHY)
    corners = forward(scene.network, scene.input)[4]  # 31×31; the red square spans about rows 27–52, cols 6–32
    expected = {0: (27, 6), 1: (27, 32), 2: (52, 6), 3: (52, 32)}
    for f, (py, px) in expected.items():
        m = corners[:, :, f]
        cy, cx = (py - 1) // 2, (px - 1) // 2
        near = m[cy - 2 : cy + 3, cx - 2 : cx + 3].max()
        assert near >= 0.9 * m.max(), f  # (the dark bar's end at the image's corner is a top-left corner too)
        assert (m > 0.5 * m.max()).mean() < 0.01  # a few cells light up, not the edges


def test_the_hierarchy_by_path_is_the_hierarchy_from_the_menu(tmp_path):
    """`convviz gui resources/scenes/lecture7_hierarchy.json` gets the designed weights too; an edited copy is the
    user's own stack (its random conv2 is not presented as designed)."""
    from convviz.scene import builtin_for_path, load_scene

    path = resource_path("scenes", HIERARCHY.file)
    assert builtin_for_path(path) is HIERARCHY
    menu, by_path = builtin_scene(HIERARCHY), load_scene(path)
    np.testing.assert_array_equal(menu.input, by_path.input)
    for i in (0, 3):
        np.testing.assert_array_equal(menu.network.weights_of(i).weight, by_path.network.weights_of(i).weight)
        np.testing.assert_array_equal(menu.network.weights_of(i).bias, by_path.network.weights_of(i).bias)
    copy = tmp_path / HIERARCHY.file
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert builtin_for_path(copy) is HIERARCHY  # a byte-for-byte copy elsewhere is the same scene
    edited = json.loads(path.read_text(encoding="utf-8"))
    edited["layers"][3]["filters"] = 5
    copy.write_text(json.dumps(edited), encoding="utf-8")
    assert builtin_for_path(copy) is None
    assert load_scene(copy).network.weights_of(3).weight.shape[0] == 5


def test_the_hierarchy_opens_on_a_plain_scale_with_a_corner_unit_inspected():
    from convviz.render import DisplayOptions

    assert dict(HIERARCHY.display) == {"scope": "stage"}
    DisplayOptions(**dict(HIERARCHY.display))  # valid options
    layer, channel, y, x = HIERARCHY.inspect
    scene = builtin_scene(HIERARCHY)
    stages = forward(scene.network, scene.input)
    corner = stages[layer][..., channel]
    assert corner[y, x] == corner.max() > 0  # the unit is the map's brightest corner
    assert receptive_field(scene.network, layer, (y, x)).size == (10, 10)
