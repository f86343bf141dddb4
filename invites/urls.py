"""Routes under /v1/ for invites (included before `events`, so `/events/<id>/role-invites` wins)."""

from django.urls import path

from eventyay.api.routing import nested_list, relationship_urls, resource_urls
from invites import views, views_speakers

urlpatterns = [
    path("role_invites/user", views.RoleInviteUserView.as_view(), name="role-invites-user"),
    path("role_invites/accept-invite", views.AcceptRoleInviteView.as_view(), name="role-invites-accept"),
    path("role-invites/<str:pk>/resend-invite", views.ResendRoleInviteView.as_view(), name="role-invites-resend"),
    nested_list("events", "event_id", "role-invites", views.RoleInviteViewSet),
    nested_list("roles", "role_id", "role-invites", views.RoleInviteViewSet),
    *resource_urls("role-invites", views.RoleInviteViewSet, list_=False),
    *relationship_urls("role-invites", views.RoleInviteViewSet),
    path(
        "speaker-invites/<str:pk>/accept-invite",
        views_speakers.AcceptSpeakerInviteView.as_view(),
        name="speaker-invites-accept",
    ),
    path(
        "speaker-invites/<str:pk>/reject-invite",
        views_speakers.RejectSpeakerInviteView.as_view(),
        name="speaker-invites-reject",
    ),
    nested_list("events", "event_id", "speaker-invites", views_speakers.SpeakerInviteViewSet),
    nested_list("sessions", "session_id", "speaker-invites", views_speakers.SpeakerInviteViewSet),
    *resource_urls("speaker-invites", views_speakers.SpeakerInviteViewSet),
    *relationship_urls("speaker-invites", views_speakers.SpeakerInviteViewSet),
]
