"""Plain-text renderings of the instruments' results (the CLI's tables; copyable from the window too)."""

from __future__ import annotations

import numpy as np

from ..core.layers import Activation, Conv2D, LayerSpec, Pool2D
from ..i18n import translate
from .explain import ActivationUnit, ConvUnit, PoolUnit, Unit


def _t(text: str) -> str:
    return translate("text", text)


def layer_label(spec: LayerSpec) -> str:
    """"conv 6@3×3", "max pool 2×2" in the installed language (the window's own strings, context "convviz")."""
    def t(text: str) -> str:
        return translate("convviz", text)
    if isinstance(spec, Conv2D):
        kh, kw = spec.kernel_size
        return t("conv {f}@{kh}×{kw}").format(f=spec.filters, kh=kh, kw=kw)
    if isinstance(spec, Pool2D):
        kh, kw = spec.size
        pools = {"max": t("max pool"), "avg": t("avg pool"), "weighted": t("weighted avg pool")}
        return t("{pool} {kh}×{kw}").format(pool=pools.get(spec.mode, spec.mode), kh=kh, kw=kw)
    if isinstance(spec, Activation):
        names = {"relu": t("ReLU"), "leaky_relu": t("leaky ReLU"), "tanh": t("tanh"), "sigmoid": t("sigmoid"),
                 "identity": t("identity")}
        name = names.get(spec.kind, spec.kind)
        return f"{name} {spec.slope:g}" if spec.kind == "leaky_relu" else name
    if spec.type == "dense":
        return t("dense {units}").format(units=spec.units)
    return {"flatten": t("flatten"), "global_avg_pool": t("global avg pool"), "softmax": t("softmax")}.get(
        spec.type, spec.type)


def num(v: float | None) -> str:
    return "—" if v is None else f"{v:.6g}"


def _grid(values: np.ndarray, padding: np.ndarray | None = None, mark: tuple[int, int] | None = None) -> list[str]:
    """A K_h × K_w grid of numbers (4 significant digits), padding cells as "pad", ``mark`` in brackets."""
    pad = _t("pad")
    cells = [[pad if padding is not None and padding[a, b] else f"{float(values[a, b]) + 0.0:.4g}"
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
    head = _t("{layer}, channel {channel} at (y={y}, x={x})").format(
        layer=layer_name or _t("layer {i}").format(i=unit.layer), channel=unit.channel, y=unit.at[0], x=unit.at[1])
    if isinstance(unit, ActivationUnit):
        return f"{head}\n{unit.type}({num(unit.x)}) = {num(unit.y)}"
    lines = [head, _t("window rows {rows}, cols {cols} (rows {row_list}, cols {col_list}; outside the input: "
                      "padding)").format(rows=_span(unit.rows), cols=_span(unit.cols), row_list=unit.rows.tolist(),
                                         col_list=unit.cols.tolist())]
    if isinstance(unit, ConvUnit):
        pieces = []
        for k, ch in enumerate(unit.input_channels):
            lines.append("")
            lines.append(_t("input channel {c}:").format(c=int(ch)))
            lines += _side_by_side([(_t("input"), _grid(unit.inputs[:, :, k], unit.padding)),
                                    (_t("kernel"), _grid(unit.kernel[:, :, k])),
                                    (_t("products"), _grid(unit.products[:, :, k]))])
            lines.append(f"Σ = {num(float(unit.per_channel_sums[k]))}")
            pieces.append(num(float(unit.per_channel_sums[k])))
        lines.append("")
        bias = "" if unit.bias is None else f" + b ({num(unit.bias)})"
        terms = " ".join(("− " if t.startswith("-") else "+ ") + t.lstrip("-") for t in pieces[1:])
        first = pieces[0] + (" " + terms if terms else "")
        if unit.bias is not None:
            first += (" − " if unit.bias < 0 else " + ") + num(abs(unit.bias))
        lines.append(f"y = Σ{bias} = {first} = {num(unit.y)}   "
                     + _t("(the engine's value; re-added here: {v})").format(v=num(unit.resummed)))
        if unit.activated is not None:
            lines.append(f"{unit.activation}(y) = {num(unit.activated)}   "
                         + _t("(layer {i})").format(i=unit.layer + 1))
        return "\n".join(lines)
    assert isinstance(unit, PoolUnit)
    mark = None
    if unit.argmax is not None:
        mark = (int(np.flatnonzero(unit.rows == unit.argmax[0])[0]),
                int(np.flatnonzero(unit.cols == unit.argmax[1])[0]))
    blocks = [(_t("input"), _grid(unit.inputs, unit.padding, mark))]
    if unit.weights is not None:
        blocks.append((_t("weights"), _grid(unit.weights)))
    lines += [""] + _side_by_side(blocks)
    if unit.mode == "max":
        lines.append(_t("max = {y} at input (row {row}, col {col}) (the first maximum in row-major order)").format(
            y=num(unit.y), row=unit.argmax[0], col=unit.argmax[1]))
    else:
        what = _t("average") if unit.mode == "avg" else _t("weighted average")
        lines.append(_t("{what} = Σ weight·input (padding counts as 0) = {y}").format(what=what, y=num(unit.y)))
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
    header = [_t("shift (dy, dx)")] + [f"{s.layer} {label}" for s, label in zip(first, labels, strict=True)]
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
        *_t("each cell: relative change ‖s(shifted) − s(x)‖₁ / ‖s(x)‖₁ (— where ‖s(x)‖₁ = 0) and, in brackets, the\n"
            "fraction of units that changed by more than 1e-6·max|s(x)|; stages are compared position by position.\n"
            "On sparse maps the fraction can rise after pooling while the relative change falls: read both.")
        .split("\n"),
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
