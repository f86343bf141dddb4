"""The staff's view of sales: orders and attendees, searchable and filtered, a refund and a cancel action
that go through `payments.domain.lifecycle` (stock and code uses come back there), and totals per event
above the order list (one aggregate query over what the list shows)."""

from django.contrib import admin, messages
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from eventyay import errors
from payments.domain import lifecycle
from payments.models import Attendee, Order, OrderTicket

MONEY = DecimalField(max_digits=14, decimal_places=2)


def sales_totals(queryset):
    """Per event of `queryset`: orders, tickets and amount sold (placed and completed), and refunded."""
    kept, refunded = Q(status__in=Order.KEPT), Q(status=Order.Status.REFUNDED)
    return list(
        queryset.order_by()
        .values("event_id", "event__name", "currency")
        .annotate(
            orders=Count("pk"),
            sold_orders=Count("pk", filter=kept),
            tickets_sold=Coalesce(Sum("quantity", filter=kept), 0),
            amount_sold=Coalesce(Sum("amount", filter=kept), Value(0), output_field=MONEY),
            amount_refunded=Coalesce(Sum("amount", filter=refunded), Value(0), output_field=MONEY),
        )
        .order_by("event__name", "event_id", "currency")
    )


class OrderTicketInline(admin.TabularInline):
    model = OrderTicket
    fields = readonly_fields = ("ticket", "quantity", "price", "discounted_quantity", "discount", "sub_total")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Sales are written by the sale rules only: the staff look, search and act, they never edit by hand."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + list(self.readonly_fields)


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = (
        "identifier",
        "event",
        "user",
        "status",
        "payment_mode",
        "amount",
        "currency",
        "quantity",
        "created_at",
    )
    list_filter = ("status", "payment_mode", ("event", admin.RelatedOnlyFieldListFilter), "created_at")
    list_select_related = ("event", "user")
    search_fields = (
        "identifier",
        "user__email",
        "user__first_name",
        "user__last_name",
        "event__name",
        "transaction_id",
    )
    date_hierarchy = "created_at"
    exclude = ("tickets",)
    inlines = (OrderTicketInline,)
    actions = ("refund", "cancel")

    def _act(self, request, queryset, change, verb):
        done, refused = 0, []
        for order in queryset.order_by("pk"):
            try:
                change(order)
            except errors.DomainError as exc:  # NotFound/Conflict/Forbidden are DomainErrors too
                refused.append(f"{order.identifier}: {exc}")
            else:
                done += 1
        if done:
            self.message_user(request, f"{verb} {done} order(s).", messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"Not {verb.lower()}: {line}", messages.ERROR)

    @admin.action(description="Refund the selected completed orders", permissions=["change"])
    def refund(self, request, queryset):
        self._act(request, queryset, lifecycle.refund, "Refunded")

    @admin.action(description="Cancel the selected orders", permissions=["change"])
    def cancel(self, request, queryset):
        self._act(request, queryset, lambda order: lifecycle.cancel(order, note="Cancelled by the staff."), "Cancelled")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["sales_totals"] = sales_totals(changelist.queryset)
        return response


@admin.register(Attendee)
class AttendeeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "email", "event", "ticket", "order", "order_status", "is_checked_in")
    list_filter = ("is_checked_in", "order__status", ("event", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("event", "ticket", "order")
    search_fields = ("firstname", "lastname", "email", "order__identifier", "event__name")

    @admin.display(description="order status", ordering="order__status")
    def order_status(self, obj):
        return obj.order.status
