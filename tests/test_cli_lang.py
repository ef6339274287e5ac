"""The CLI's text verbs in English and Russian: ``--lang``, else CONVVIZ_LANG, else English; the same numbers."""

from __future__ import annotations

import re

import pytest

from convviz import i18n
from convviz.cli import main
from convviz.scene import resource_path

LECTURE3 = str(resource_path("scenes", "lecture3_two_convs.json"))  # conv6 → ReLU → conv10 → ReLU on 8×8×3
DEFAULT = str(resource_path("scenes", "default.json"))  # has pooling layers
VERBS = {
    "summary": ["summary", DEFAULT],
    "explain": ["explain", LECTURE3, "--layer", "0", "--channel", "2", "--at", "1,1"],
    "explain-pool": ["explain", DEFAULT, "--layer", "2", "--channel", "1", "--at", "3,4"],
    "invariance": ["invariance", LECTURE3, "--shift-max", "2"],
    "quiz": ["quiz", LECTURE3, "--count", "3"],
}
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def run(capsys, argv):
    rc = main(argv)
    out, err = capsys.readouterr()
    assert rc == 0 and err == "", err
    return out


def numbers(text: str) -> list[str]:
    return re.findall(r"-?\d+(?:\.\d+)?", text)


@pytest.mark.parametrize("verb", VERBS)
def test_russian_and_english_say_the_same_numbers(capsys, monkeypatch, verb):
    monkeypatch.delenv("CONVVIZ_LANG", raising=False)
    en = run(capsys, VERBS[verb])
    ru = run(capsys, [*VERBS[verb], "--lang", "ru"])
    assert not CYRILLIC.search(en)
    assert CYRILLIC.search(ru) and ru != en
    if verb != "quiz":  # the quiz's sentences word the numbers differently
        assert numbers(ru) == numbers(en)
    assert i18n.translate("text", "layer") == "layer"  # the CLI leaves no language installed behind


def test_the_russian_summary_uses_the_lectures_terms(capsys):
    out = run(capsys, ["summary", DEFAULT, "--lang", "ru"])
    header = out.splitlines()[0].split()
    assert header[:3] == ["#", "слой", "выход"] and "параметры" in header and "нейроны" in header
    assert "пулинг" in out and "всего параметров: 408" in out and "layer" not in out


def test_explain_in_russian_names_the_grids(capsys):
    out = run(capsys, [*VERBS["explain"], "--lang", "ru"])
    assert out.startswith("слой 0 (conv 6@3×3), канал 2 в точке (y=1, x=1)")
    assert out.count("входной канал") == 3 and "ядро" in out and "произведения" in out


def test_convviz_lang_is_the_default_and_lang_overrides_it(capsys, monkeypatch):
    monkeypatch.setenv("CONVVIZ_LANG", "ru_RU.UTF-8")
    assert CYRILLIC.search(run(capsys, VERBS["invariance"]))
    assert not CYRILLIC.search(run(capsys, [*VERBS["invariance"], "--lang", "en"]))
    monkeypatch.setenv("CONVVIZ_LANG", "de")  # a language convviz does not have: English
    assert not CYRILLIC.search(run(capsys, VERBS["summary"]))


def test_json_output_is_not_translated(capsys):
    en = run(capsys, ["summary", DEFAULT, "--json"])
    assert run(capsys, ["summary", DEFAULT, "--json", "--lang", "ru"]) == en


def test_an_unknown_language_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["summary", DEFAULT, "--lang", "de"])
    assert exc.value.code == 2
