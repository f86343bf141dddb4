"""The amounts of an order: per line and in total, `Decimal`, rounded per the currency, with the event's tax."""

from discounts.models import DiscountCode
from discounts.services.money import HUNDRED, ZERO, round_money, unit_discount
from payments.models import Tax


def event_tax(event):
    return Tax.objects.filter(event=event).first()


def tax_of(total, tax, currency=None):
    """`(tax amount, total to pay)`: tax inside the price when the event says so, added on top otherwise."""
    if tax is None or not tax.rate:
        return round_money(ZERO, currency), total
    if tax.is_tax_included_in_price:
        return round_money(total - total * HUNDRED / (HUNDRED + tax.rate), currency), total
    amount = round_money(total * tax.rate / HUNDRED, currency)
    return amount, total + amount


def price_lines(lines, code=None, covered_ids=(), currency=None, tax=None):
    """`{"sub_total", "discount", "tax", "total", "tickets": [...]}`; keys starting with `_` are internal."""
    result_lines, sub_total, discount_total = [], ZERO, ZERO
    for line in lines:
        gross = round_money(line.price * line.quantity, currency)
        discount = None
        line_discount = round_money(ZERO, currency)
        if code is not None and line.ticket.pk in covered_ids and line.price > ZERO:
            off = unit_discount(code, line.price, currency)
            line_discount = round_money(off * line.quantity, currency)
            percent = code.value if code.type == DiscountCode.Type.PERCENT else off * HUNDRED / line.price
            discount = {
                "code": code.code,
                "type": code.type,
                "percent": round_money(percent),
                "amount": off,
                "total": line_discount,
            }
        line_sub_total = max(gross - line_discount, round_money(ZERO, currency))
        sub_total += line_sub_total
        discount_total += line_discount
        result_lines.append(
            {
                "id": line.ticket.pk,
                "name": line.ticket.name,
                "price": round_money(line.price, currency),
                "quantity": line.quantity,
                "discount": discount,
                "sub_total": line_sub_total,
                "_discounted_quantity": line.quantity if discount else 0,
                "_discount": line_discount,
            }
        )
    tax_amount, total = tax_of(sub_total, tax, currency)
    return {
        "sub_total": sub_total,
        "discount": discount_total,
        "total": total,
        "tax": None
        if tax is None
        else {
            "name": tax.name,
            "percent": tax.rate,
            "amount": tax_amount,
            "included": tax.is_tax_included_in_price,
        },
        "tickets": result_lines,
        "_tax_amount": tax_amount,
    }


def public(amounts):
    """The amounts without internal keys, as calculate-amount and create-order answer them."""
    return {
        **{k: v for k, v in amounts.items() if not k.startswith("_")},
        "tickets": [{k: v for k, v in t.items() if not k.startswith("_")} for t in amounts["tickets"]],
    }
