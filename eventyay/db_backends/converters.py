"""A query's converters applied per row, without the calls that cannot change the value.

Django calls every converter of a column for every row, `None` included: a session row of SQLite runs ten,
four of them on a null (`deleted_at`, `submitted_at`, two JSON columns) and two on a boolean SQLite
already gave as one. A converter listed in `KEEPS_NONE` returns `None` for `None`; one in `KEEPS_BOOL`
returns a `bool` unchanged: those calls are skipped (`tests/core/test_converters.py`).
"""

from django.db.models.fields.json import JSONField

#: Converter functions that return None for None.
KEEPS_NONE = {JSONField.from_db_value}
#: Converter functions that return a bool unchanged.
KEEPS_BOOL = set()


def converter_plan(converters):
    """Django's `{position: (converters, expression)}` as (position, converters, expression, whether None
    is kept, whether a bool is kept) per column."""
    plan = []
    for position, (convs, expression) in converters.items():
        functions = [getattr(convert, "__func__", convert) for convert in convs]
        plan.append(
            (
                position,
                tuple(convs),
                expression,
                all(function in KEEPS_NONE for function in functions),
                all(function in KEEPS_BOOL for function in functions),
            )
        )
    return tuple(plan)


def convert_row(row, plan, connection):
    """`row` (a list) with its values converted in place."""
    for position, convs, expression, keeps_none, keeps_bool in plan:
        value = row[position]
        if value is None:
            if keeps_none:
                continue
        elif keeps_bool and value.__class__ is bool:
            continue
        for convert in convs:
            value = convert(value, expression, connection)
        row[position] = value
    return row


class ConvertingCompilerMixin:
    """`SQLCompiler.apply_converters` through `converter_plan`."""

    def apply_converters(self, rows, converters):
        connection = self.connection
        plan = converter_plan(converters)
        for row in map(list, rows):
            yield convert_row(row, plan, connection)
