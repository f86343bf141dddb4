from django.urls import path

from eventyay.api.routing import resource_urls
from eventyay.users import views

auth_urls = [
    path("auth/login", views.LoginView.as_view(), name="auth-login"),
    path("auth/fresh-login", views.FreshLoginView.as_view(), name="auth-fresh-login"),
    path("auth/token/refresh", views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/blacklist", views.BlacklistView.as_view(), name="auth-blacklist"),
    path("auth/verify-password", views.VerifyPasswordView.as_view(), name="auth-verify-password"),
]

urlpatterns = [
    *auth_urls,
    path("users/check_email", views.CheckEmailView.as_view(), name="users-check-email"),
    path("users/user-details/get-user-id", views.UserIdView.as_view(), name="users-get-user-id"),
    *resource_urls("users", views.UserViewSet),
]
