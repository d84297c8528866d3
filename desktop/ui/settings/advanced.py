"""The advanced view: the model's facts, then every other setting in its group (long context, memory
and GPU, the chat memory, the samplers, repetition...), filtered by the search box."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QLineEdit, QVBoxLayout, QWidget

from ..plain import PlainLabel
from .fields import BASIC, CTX, FIELDS, GROUPS
from .rows import FieldRow
from .rpc_check import RpcServersCheck


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


class AdvancedView(QWidget):
    """Group boxes of FieldRows; `facts_box` holds the label with the model's facts."""

    def __init__(self, controls: dict[tuple[str, str], QWidget], facts_label: PlainLabel) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.facts_box = QGroupBox(QCoreApplication.translate("SettingsPanel", "Model"))
        QVBoxLayout(self.facts_box).addWidget(facts_label)
        column.addWidget(self.facts_box)
        self.groups: list[tuple[QGroupBox, list[FieldRow]]] = []
        self.rows: dict[tuple[str, str], FieldRow] = {}
        for group in GROUPS:
            box = QGroupBox(_t(group).replace("&", "&&"))
            box_column = QVBoxLayout(box)
            box_column.setContentsMargins(8, 4, 8, 4)
            box_column.setSpacing(2)
            rows = []
            for spec in FIELDS:
                if spec.group != group or (spec.target, spec.key) in BASIC:
                    continue
                row = FieldRow(spec, controls[(spec.target, spec.key)])
                if spec.key == "rpc_servers":
                    control = controls[(spec.target, spec.key)]
                    assert isinstance(control, QLineEdit)
                    self.rpc_check = RpcServersCheck(control)
                    row.add_below(self.rpc_check)
                box_column.addWidget(row)
                rows.append(row)
                self.rows[(spec.target, spec.key)] = row
            self.groups.append((box, rows))
            column.addWidget(box)

    def filter(self, query: str) -> int:
        """Show only the rows matching `query` (all of a group whose title matches), hide groups left
        empty and the facts while searching; the number of rows shown."""
        shown = 0
        for box, rows in self.groups:
            whole = bool(query) and all(word in box.title().casefold() for word in query.casefold().split())
            visible = 0
            for row in rows:
                row.setVisible(whole or row.matches(query))
                visible += not row.isHidden()
            box.setVisible(visible > 0)
            shown += visible
        self.facts_box.setVisible(not query)
        return shown
