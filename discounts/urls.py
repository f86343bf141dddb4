"""Routes under /v1/ contributed by this app (included before `events`, so these literal paths win).

Nested literal lists come before the generic relationship routes of the same collection.
"""

from django.urls import path

from discounts import views
from eventyay.api.routing import nested_list, relationship_urls, resource_urls

codes = views.DiscountCodeViewSet
actions = "events/<str:event_id>/discount-codes/actions"

urlpatterns = [
    path(f"{actions}/generate", views.GenerateCodesView.as_view(), name="discount-codes-generate"),
    path(f"{actions}/export", views.ExportCodesView.as_view(), name="discount-codes-export"),
    path("events/<str:event_id>/discount-code", codes.as_view({"get": "event_code"}), name="event-discount-code"),
    path(
        "events/<str:event_id>/relationships/discount-code",
        codes.as_view({"get": "event_code_relationship"}),
        name="event-discount-code-relationship",
    ),
    nested_list("events", "event_id", "discount-codes", codes),
    path(
        "events/<str:event_id>/discount-codes/<str:code>",
        views.PublicCodeView.as_view({"get": "retrieve"}),
        name="event-discount-code-lookup",
    ),
    nested_list("tickets", "ticket_id", "discount-codes", codes),
    nested_list("users", "user_id", "discount-codes", codes),
    *resource_urls("discount-codes", codes),
    nested_list("discount-codes", "discount_code_id", "tickets", views.DiscountCodeTicketsViewSet),
    nested_list("discount-codes", "discount_code_id", "events", views.DiscountCodeEventsViewSet),
    *relationship_urls("discount-codes", codes),
]
