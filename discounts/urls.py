"""Routes under /v1/ contributed by this app (included before `events`, so these literal paths win).

Nested literal lists come before the generic relationship routes of the same collection.
"""

from django.urls import path

from discounts import access_views, views
from eventyay.api.routing import nested_list, relationship_urls, resource_urls

codes = views.DiscountCodeViewSet
actions = "events/<str:event_id>/discount-codes/actions"

access_codes = access_views.AccessCodeViewSet

urlpatterns = [
    nested_list("events", "event_id", "access-codes", access_codes),
    path(
        "events/<str:event_id>/access-codes/<str:code>",
        access_views.PublicAccessCodeView.as_view({"get": "retrieve"}),
        name="event-access-code-lookup",
    ),
    nested_list("tickets", "ticket_id", "access-codes", access_codes),
    nested_list("users", "user_id", "access-codes", access_codes),
    *resource_urls("access-codes", access_codes),
    *relationship_urls("access-codes", access_codes),
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
