"""Root URLs: `/v1/` API (each app contributes its routes), admin, health check, API docs."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from eventyay.api.not_found import unknown_route
from eventyay.health.views import health_check
from eventyay.observability.metrics import metrics_view
from eventyay.tasks.views import TaskView
from eventyay.users import views as user_views
from eventyay.users.throttles import admin_login

v1 = [
    path("", include("eventyay.users.urls")),
    path("", include("eventyay.sitesettings.urls")),
    path("tasks/<str:task_id>", TaskView.as_view(), name="task-detail"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
#: Apps above `events` register first so their literal paths win over generic ones.
API_APPS = ("invites", "content", "stats", "not_run", "engagement", "media", "transfers", "payments", "forms")
API_APPS += ("discounts", "events")
for app in API_APPS:
    v1.append(path("", include(f"{app}.urls")))
v1.append(re_path(r"^.*$", unknown_route, name="unknown-route"))  # last: a JSON:API 404, not Django's HTML page

urlpatterns = [
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("health-check", health_check, name="health-check"),
    path("metrics", metrics_view, name="metrics"),
    path("auth/session", user_views.LoginView.as_view(), name="auth-session"),
    path("", include("events.pages")),
    path("", include("forms.pages")),
    path("v1/", include(v1)),
    path("v1", unknown_route),
]
