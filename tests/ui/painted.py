"""What the widgets of a window actually paint as text, read from the live widgets after the
theme is applied: each (where, text colour, background colour) — palettes as the style sheet
left them, item colours, and the colours inside rich text and text documents. And the
interactive widgets a screen reader finds no name for. Shared by the contrast and naming tests
(issue 30, item 4)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible, QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

RICH_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6})")


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio (written out here so the test does not lean on the code it checks)."""

    def lum(color: str) -> float:
        ch = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in ch]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def where(w: QWidget) -> str:
    names = []
    node: QWidget | None = w
    while node is not None and len(names) < 3:
        names.append(node.objectName() or type(node).__name__)
        node = node.parentWidget()
    return "/".join(reversed(names))


def background(w: QWidget) -> str:
    """The colour behind a widget: its own, or that of the nearest ancestor painting one."""
    node: QWidget | None = w
    while node is not None:
        parent = node.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and node is parent.viewport():
            return parent.palette().color(QPalette.ColorRole.Base).name()
        if (
            node.testAttribute(Qt.WidgetAttribute.WA_StyledBackground)
            or node.autoFillBackground()
            or node.isWindow()
        ):
            return node.palette().color(node.backgroundRole()).name()
        node = parent
    return "#ffffff"


def _fill(w: QWidget, role: QPalette.ColorRole) -> str:
    """The colour a role paints, or what shows through where it is transparent."""
    brush = w.palette().brush(role)
    if brush.style() == Qt.BrushStyle.NoBrush or brush.color().alpha() == 0:
        parent = w.parentWidget()
        return background(parent) if parent is not None else "#ffffff"
    return brush.color().name()


def _brush(value: object) -> str | None:
    if isinstance(value, QBrush) and value.style() != Qt.BrushStyle.NoBrush:
        return value.color().name()
    if isinstance(value, QColor) and value.isValid():
        return value.name()
    return None


def _document(w: QTextEdit | QPlainTextEdit) -> Iterator[tuple[str, str, str]]:
    palette = w.palette()
    base = palette.color(QPalette.ColorRole.Base).name()
    text = palette.color(QPalette.ColorRole.Text).name()
    link = palette.color(QPalette.ColorRole.Link).name()
    block = w.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.text().strip():
                fmt = fragment.charFormat()
                fg = _brush(fmt.foreground()) or (link if fmt.isAnchor() else text)
                bg = _brush(fmt.background()) or base
                yield f"{where(w)} “{fragment.text().strip()[:30]}”", fg, bg
            it += 1
        block = block.next()


def _items(view: QAbstractItemView) -> Iterator[tuple[str, str, str]]:
    model = view.model()
    if model is None:
        return
    palette = view.palette()
    base = _fill(view, QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text).name()
    top = QModelIndex()
    try:
        columns = model.columnCount(top)
    except TypeError:  # a list model keeps it private: one column
        columns = 1
    stack = [model.index(r, c) for r in range(model.rowCount(top)) for c in range(columns)]
    while stack:
        index = stack.pop()
        if view.isIndexHidden(index) if hasattr(view, "isIndexHidden") else False:
            continue
        label = model.data(index, Qt.ItemDataRole.DisplayRole)
        if label not in (None, ""):
            fg = _brush(model.data(index, Qt.ItemDataRole.ForegroundRole)) or text
            bg = _brush(model.data(index, Qt.ItemDataRole.BackgroundRole)) or base
            yield f"{where(view)} “{str(label)[:30]}”", fg, bg
        if columns > 1 or hasattr(view, "topLevelItem"):  # a tree or a table: children too
            stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]


def painted_text(root: QWidget) -> list[tuple[str, str, str]]:
    """(where, text colour, background) for every text the visible widgets under root paint."""
    out: list[tuple[str, str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        bg = background(w)
        palette = w.palette()
        if isinstance(w, QLabel) and w.text().strip():
            out.append((where(w), palette.color(w.foregroundRole()).name(), bg))
            if w.textFormat() != Qt.TextFormat.PlainText:
                out += [(f"{where(w)} rich", c, bg) for c in RICH_COLOUR.findall(w.text())]
        elif isinstance(w, QAbstractButton) and w.text().strip() and w.isEnabled():
            own = _fill(w, QPalette.ColorRole.Button)  # a style sheet's background lands here
            out.append((where(w), palette.color(w.foregroundRole()).name(), own))
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            out += list(_document(w))
        elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
            out += list(_items(w))
        elif isinstance(w, QLineEdit | QComboBox | QAbstractSpinBox):
            base = palette.color(QPalette.ColorRole.Base).name()
            out.append((where(w), palette.color(QPalette.ColorRole.Text).name(), base))
            if isinstance(w, QLineEdit) and w.placeholderText() and not w.text():
                ph = palette.color(QPalette.ColorRole.PlaceholderText).name()
                out.append((f"{where(w)} placeholder", ph, base))
    return out


INTERACTIVE = (
    QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit,
    QPlainTextEdit, QAbstractSlider, QTabBar,
)  # fmt: skip


def nameless(root: QWidget) -> list[str]:
    """Interactive widgets under root a screen reader finds no name for (Qt's own accessible
    interface: a button's text, a field's buddy label and setAccessibleName all count)."""
    missing = []
    for w in [root, *root.findChildren(QWidget)]:
        if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(root):
            continue
        if isinstance(w, QHeaderView) or w.objectName().startswith("qt_"):
            continue  # Qt's own parts of a table or a menu bar, named by the table
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(w, QAbstractButton):
            continue
        face = QAccessible.queryAccessibleInterface(w)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
        if not (name or "").strip():
            missing.append(f"{type(w).__name__} {where(w)}")
    return missing
