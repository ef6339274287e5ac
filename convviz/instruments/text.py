"""Plain-text renderings of the instruments' results (the CLI's tables; copyable from the window too)."""

from __future__ import annotations

import numpy as np

from .explain import ActivationUnit, ConvUnit, PoolUnit, Unit


def num(v: float | None) -> str:
    return "—" if v is None else f"{v:.6g}"


def _grid(values: np.ndarray, padding: np.ndarray | None = None, mark: tuple[int, int] | None = None) -> list[str]:
    """A K_h × K_w grid of numbers (4 significant digits), padding cells as "pad", ``mark`` in brackets."""
    cells = [["pad" if padding is not None and padding[a, b] else f"{float(values[a, b]) + 0.0:.4g}"
              for b in range(values.shape[1])] for a in range(values.shape[0])]
    if mark is not None:
        cells[mark[0]][mark[1]] = f"[{cells[mark[0]][mark[1]]}]"
    width = max(len(c) for row in cells for c in row)
    return [" ".join(c.rjust(width) for c in row) for row in cells]


def _side_by_side(blocks: list[tuple[str, list[str]]], gap: str = "    ") -> list[str]:
    widths = [max(len(title), *(len(ln) for ln in lines)) for title, lines in blocks]
    out = [gap.join(title.ljust(w) for (title, _), w in zip(blocks, widths, strict=True)).rstrip()]
    for r in range(max(len(lines) for _, lines in blocks)):
        out.append(gap.join((lines[r] if r < len(lines) else "").ljust(w)
                            for (_, lines), w in zip(blocks, widths, strict=True)).rstrip())
    return out


def _span(v: np.ndarray) -> str:
    return f"{int(v[0])}…{int(v[-1])}" if len(v) > 1 else str(int(v[0]))


def format_unit(unit: Unit, layer_name: str = "") -> str:
    """The inspector's breakdown of one unit as text."""
    head = f"{layer_name or f'layer {unit.layer}'}, channel {unit.channel} at (y={unit.at[0]}, x={unit.at[1]})"
    if isinstance(unit, ActivationUnit):
        return f"{head}\n{unit.type}({num(unit.x)}) = {num(unit.y)}"
    lines = [head, f"window rows {_span(unit.rows)}, cols {_span(unit.cols)} (rows {unit.rows.tolist()}, "
                   f"cols {unit.cols.tolist()}; outside the input: padding)"]
    if isinstance(unit, ConvUnit):
        pieces = []
        for k, ch in enumerate(unit.input_channels):
            lines.append("")
            lines.append(f"input channel {int(ch)}:")
            lines += _side_by_side([("input", _grid(unit.inputs[:, :, k], unit.padding)),
                                    ("kernel", _grid(unit.kernel[:, :, k])),
                                    ("products", _grid(unit.products[:, :, k]))])
            lines.append(f"Σ = {num(float(unit.per_channel_sums[k]))}")
            pieces.append(num(float(unit.per_channel_sums[k])))
        lines.append("")
        bias = "" if unit.bias is None else f" + b ({num(unit.bias)})"
        terms = " ".join(("− " if t.startswith("-") else "+ ") + t.lstrip("-") for t in pieces[1:])
        first = pieces[0] + (" " + terms if terms else "")
        if unit.bias is not None:
            first += (" − " if unit.bias < 0 else " + ") + num(abs(unit.bias))
        lines.append(f"y = Σ{bias} = {first} "
                     f"= {num(unit.y)}   (the engine's value; re-added here: {num(unit.resummed)})")
        if unit.activated is not None:
            lines.append(f"{unit.activation}(y) = {num(unit.activated)}   (layer {unit.layer + 1})")
        return "\n".join(lines)
    assert isinstance(unit, PoolUnit)
    mark = None
    if unit.argmax is not None:
        mark = (int(np.flatnonzero(unit.rows == unit.argmax[0])[0]),
                int(np.flatnonzero(unit.cols == unit.argmax[1])[0]))
    blocks = [("input", _grid(unit.inputs, unit.padding, mark))]
    if unit.weights is not None:
        blocks.append(("weights", _grid(unit.weights)))
    lines += [""] + _side_by_side(blocks)
    if unit.mode == "max":
        lines.append(f"max = {num(unit.y)} at input (row {unit.argmax[0]}, col {unit.argmax[1]}) "
                     "(the first maximum in row-major order)")
    else:
        what = "average" if unit.mode == "avg" else "weighted average"
        lines.append(f"{what} = Σ weight·input (padding counts as 0) = {num(unit.y)}")
    return "\n".join(lines)


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> list[str]:
    """Columns padded to their widest cell; the first ``left`` columns left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
            .rstrip() for r in [header, *rows]]


def format_invariance(results, layer_labels: list[str] | None = None) -> str:
    """The invariance table: one row per shift, one column per stage, "relative change (changed fraction)"."""
    if not results:
        return ""
    first = results[0].stages
    labels = layer_labels or [s.type for s in first]
    header = ["shift (dy, dx)"] + [f"{s.layer} {label}" for s, label in zip(first, labels, strict=True)]
    rows = []
    for r in results:
        cells = [f"({r.shift[0]}, {r.shift[1]})"]
        for s in r.stages:
            rel = "—" if s.relative_change is None else f"{s.relative_change:.3f}"
            cells.append(f"{rel} ({100 * s.changed_fraction:.0f}%)")
        rows.append(cells)
    return "\n".join([
        *_table(header, rows),
        "",
        "each cell: relative change ‖s(shifted) − s(x)‖₁ / ‖s(x)‖₁ (— where ‖s(x)‖₁ = 0) and, in brackets, the",
        "fraction of units that changed by more than 1e-6·max|s(x)|; stages are compared position by position.",
        "On sparse maps the fraction can rise after pooling while the relative change falls: read both.",
    ])


def format_quiz(questions, with_answers: bool = True) -> str:
    """Numbered questions; with the answer and its worked explanation under each."""
    lines = []
    for n, q in enumerate(questions, 1):
        lines.append(f"{n}. {q.question}")
        if with_answers:
            answer = "×".join(str(v) for v in q.answer) if isinstance(q.answer, tuple) else str(q.answer)
            lines.append(f"   → {answer}")
            lines.append(f"     {q.explanation}")
    return "\n".join(lines)
