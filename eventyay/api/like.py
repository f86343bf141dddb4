"""SQL `LIKE` as a lookup: the `like`/`ilike` filters run in the database's own matcher, linear on SQLite,
instead of a regex that backtracks (issue 15, finding 8)."""

from django.db import models


class SqlLike(models.Lookup):
    """`LIKE %s ESCAPE '\\'` with the caller's pattern: `%` and `_` are wildcards, `\\%`/`\\_` literals."""

    lookup_name = "sqllike"
    insensitive = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if self.insensitive:
            lhs, rhs = f"UPPER({lhs})", f"UPPER({rhs})"
        elif connection.vendor == "sqlite":
            return f"{lhs} GLOB {rhs}", [*lhs_params, *rhs_params]
        return f"{lhs} LIKE {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]

    def get_db_prep_lookup(self, value, connection):
        if not self.insensitive and connection.vendor == "sqlite":
            value = _like_to_glob(value)  # SQLite's LIKE ignores case; GLOB does not
        return "%s", [value]


class SqlILike(SqlLike):
    lookup_name = "isqllike"
    insensitive = True


def _like_to_glob(pattern):
    out, escaped = [], False
    for c in pattern:
        if escaped:
            out.append(f"[{c}]" if c in "*?[" else c)
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in "*?[":
            out.append(f"[{c}]")
        else:
            out.append({"%": "*", "_": "?"}.get(c, c))
    return "".join(out)


models.CharField.register_lookup(SqlLike)
models.CharField.register_lookup(SqlILike)
models.TextField.register_lookup(SqlLike)
models.TextField.register_lookup(SqlILike)
