"""Money: `Decimal` end to end, rounded once per figure with ROUND_HALF_UP to the currency's minor unit."""

from decimal import ROUND_HALF_UP, Decimal

from discounts.models import DiscountCode

ZERO = Decimal("0")
HUNDRED = Decimal("100")
#: ISO 4217 currencies without a minor unit: amounts are whole numbers.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV"}
    | {"XAF", "XOF", "XPF"}
)


def money_places(currency):
    return 0 if (currency or "").upper() in ZERO_DECIMAL_CURRENCIES else 2


def round_money(value, currency=None):
    """ROUND_HALF_UP to the currency's minor unit (2 places unless the currency has none)."""
    exponent = Decimal(1).scaleb(-money_places(currency))
    return Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def minor_units(value, currency=None):
    """An amount in the currency's smallest unit (cents), as Stripe wants it."""
    return int(round_money(value, currency).scaleb(money_places(currency)))


def unit_discount(code, price, currency=None):
    """What the code takes off one ticket of `price`: never more than the price, never negative."""
    if price <= ZERO:
        return round_money(ZERO, currency)
    if code.type == DiscountCode.Type.PERCENT:
        off = round_money(price * code.value / HUNDRED, currency)
    else:
        off = round_money(code.value, currency)
    return min(max(off, ZERO), round_money(price, currency))
