"""Process-level memos of things worked out once and reused by every request (plans, compiled SQL)."""


def remember(memo, key, value, limit):
    """`memo[key] = value` in a memo of at most `limit` entries, and `value`.

    A full memo starts over rather than refusing new keys: its entries are rebuilt on demand, so keys that
    no later request repeats (a query string sent once) cannot keep out the ones every request uses."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value
