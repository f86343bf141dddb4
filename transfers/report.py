"""What an import repaired, dropped or skipped: one structured warning per defect, for the task result.

A warning names the file, the record (its id in the archive, or its position), the field
(dashed, as on the wire), the value as found and the action taken, plus a sentence for
people. The list is capped so a broken 50,000-row file cannot make a result of megabytes;
what is left out is counted in a last warning.
"""

from transfers.values import shown

MAX_WARNINGS = 1000

REPAIRED = "repaired"
DROPPED_VALUE = "dropped value"
SKIPPED_RECORD = "skipped record"
SKIPPED_FILE = "skipped file"
CREATED = "created record"
IGNORED = "ignored"


def dashed(name):
    return str(name).replace("_", "-") if name is not None else None


class Report:
    def __init__(self, limit=MAX_WARNINGS):
        self.items = []
        self.limit = limit
        self.left_out = 0

    def add(self, file, record, field, value, action, message, result=None):
        if len(self.items) >= self.limit:
            self.left_out += 1
            return
        item = {
            "file": file,
            "record": record if record is None or isinstance(record, int | str) else str(record),
            "field": dashed(field),
            "value": shown(value),
            "action": action,
            "message": message,
        }
        if result is not None:
            item["result"] = shown(result)
        self.items.append(item)

    def note(self, message, file=None, action=IGNORED):
        """A warning about a file or the archive as a whole (no one record)."""
        self.add(file, None, None, None, action, message)

    def as_list(self):
        if not self.left_out:
            return list(self.items)
        tail = {
            "file": None,
            "record": None,
            "field": None,
            "value": None,
            "action": IGNORED,
            "message": f"{self.left_out} more warnings like these are not listed.",
        }
        return [*self.items, tail]


def as_text(warning):
    """One warning as a line for a terminal or an e-mail."""
    if isinstance(warning, str):
        return warning
    where = " ".join(
        part
        for part in (
            warning.get("file") and f"{warning['file']}",
            warning.get("record") is not None and f"record {warning['record']}",
            warning.get("field") and f"field {warning['field']}",
        )
        if part
    )
    return f"{where}: {warning['message']}" if where else warning["message"]
