"""Django's SQL compilers, the select compiler applying converters through `converter_plan`."""

from django.db.models.sql import compiler
from django.db.models.sql.compiler import (  # noqa: F401  (the compilers Django looks up by name)
    SQLAggregateCompiler,
    SQLDeleteCompiler,
    SQLInsertCompiler,
    SQLUpdateCompiler,
)

from eventyay.db_backends.converters import ConvertingCompilerMixin


class SQLCompiler(ConvertingCompilerMixin, compiler.SQLCompiler):
    pass
