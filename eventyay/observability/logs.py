"""One JSON object per log line, with the request id: what log shippers and `jq` read (`LOG_FORMAT=json`)."""

import datetime as dt
import json
import logging

from eventyay.observability.context import request_id


class RequestIdFilter(logging.Filter):
    """Puts `record.request_id` on every record, so plain formats can show it too."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = request_id() or "-"
        return True


class JSONFormatter(logging.Formatter):
    #: Attributes every LogRecord has; anything else passed in `extra=` is logged as a field.
    _STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}

    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id() or None,
        }
        for key, value in record.__dict__.items():
            if key not in self._STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
