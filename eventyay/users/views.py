"""Users (JSON:API) and authentication (plain JSON, reference §2)."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from eventyay.api import permissions as perms
from eventyay.api.plain import PlainJSONView
from eventyay.api.schema import operation, plain_schema
from eventyay.api.schema.components import JSON, JSONAPI, STRING, SUCCESS, json_body, obj
from eventyay.api.viewsets import ResourceViewSet
from eventyay.users import extensions
from eventyay.users.models import User
from eventyay.users.serializers import UserSerializer
from eventyay.users.throttles import LoginThrottle, SignupThrottle
from eventyay.users.tokens import access_token_for, end_tokens, refresh_token_for, token_is_current

TOKEN = obj({"access_token": STRING, "refresh_token": STRING}, ["access_token"])

LOGIN_BODY = json_body(
    obj(
        {
            "email": STRING,
            "username": STRING,
            "password": STRING,
            "remember-me": {"type": "boolean"},
            "include-in-response": {"type": "boolean"},
        }
    ),
    (JSON, JSONAPI),
)


REFRESH_COOKIE = "refresh_token_cookie"


@plain_schema(
    post=operation(LOGIN_BODY, TOKEN, errors=(400, 401, 429), tag="auth", summary="Log in: an access token."),
)
class LoginView(PlainJSONView):
    authentication_classes = []
    throttle_classes = [LoginThrottle]

    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        email = data.get("email") or data.get("username")
        password = data.get("password")
        if not email or not password:
            return Response({"error": "username or password missing"}, status=400)
        user = authenticate(request, username=str(email).strip().lower(), password=str(password))
        if user is None or user.deleted_at is not None or user.is_blocked:
            return Response({"error": "Invalid Credentials"}, status=401)
        if not self.may_log_in_as(request, user):
            return Response({"error": "Invalid Credentials"}, status=401)
        User.objects.filter(pk=user.pk).update(last_accessed_at=timezone.now())
        remember = str(data.get("remember-me", data.get("remember_me", ""))).lower() in ("true", "1")
        if not remember:
            return Response({"access_token": access_token_for(user)})
        refresh = refresh_token_for(user)
        body = {"access_token": access_token_for(user, settings.REMEMBER_ME_ACCESS_LIFETIME)}
        include = str(data.get("include-in-response", data.get("include_in_response", ""))).lower() in ("true", "1")
        if include:
            body["refresh_token"] = str(refresh)
        response = Response(body)
        if not include:
            response.set_cookie(
                REFRESH_COOKIE,
                str(refresh),
                httponly=True,
                samesite="Lax",
                path="/v1/auth/token/refresh",
                max_age=int(refresh.lifetime.total_seconds()),
                secure=not settings.DEBUG,
            )
        return response

    def may_log_in_as(self, request, user):
        return True


@plain_schema(
    post=operation(
        LOGIN_BODY, TOKEN, errors=(400, 401, 429), login=True, tag="auth", summary="A fresh token (same user)."
    ),
)
class FreshLoginView(LoginView):
    """A fresh token for the signed-in user (reference §2): another account's password answers 401."""

    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    permission_classes = [perms.IsAuthenticated]

    def may_log_in_as(self, request, user):
        return user.pk == request.user.pk


@plain_schema(
    post=operation(None, TOKEN, errors=(401,), tag="auth", summary="A new access token from a refresh token."),
)
class RefreshView(PlainJSONView):
    authentication_classes = []

    def post(self, request):
        raw = request.COOKIES.get(REFRESH_COOKIE)
        header = request.headers.get("Authorization", "")
        if header.split(" ", 1)[0] in ("JWT", "Bearer") and " " in header:
            raw = header.split(" ", 1)[1].strip()
        if not raw:
            return Response({"error": "Refresh token missing"}, status=401)
        try:
            refresh = RefreshToken(raw)
            user = User.objects.get(pk=refresh["identity"], deleted_at__isnull=True, is_blocked=False)
        except (TokenError, User.DoesNotExist, KeyError):
            return Response({"error": "Invalid or expired refresh token"}, status=401)
        if not token_is_current(refresh, user):
            return Response({"error": "Invalid or expired refresh token"}, status=401)
        return Response({"access_token": access_token_for(user, settings.REMEMBER_ME_ACCESS_LIFETIME, fresh=False)})


@plain_schema(
    post=operation(None, SUCCESS, errors=(), tag="auth", summary="Clear the refresh cookie."),
)
class LogoutView(PlainJSONView):
    """Clears the refresh cookie; with a token, also ends every token the caller was given until now."""

    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES

    def post(self, request):
        if request.user.is_authenticated:
            end_tokens(request.user)
        response = Response({"success": True})
        response.delete_cookie(REFRESH_COOKIE, path="/v1/auth/token/refresh")
        return response


@plain_schema(
    post=operation(None, SUCCESS, errors=(401,), login=True, tag="auth", summary="Revoke refresh tokens."),
)
class BlacklistView(PlainJSONView):
    """Ends every token (refresh and access) the caller was given before now."""

    permission_classes = [perms.IsAuthenticated]

    def post(self, request):
        end_tokens(request.user)
        return Response({"success": True})


@plain_schema(
    post=operation(
        json_body(obj({"password": STRING}, ["password"])),
        obj({"result": {"type": "boolean"}}, ["result"]),
        errors=(400, 401),
        login=True,
        tag="auth",
    ),
)
class VerifyPasswordView(PlainJSONView):
    permission_classes = [perms.IsAuthenticated]

    def post(self, request):
        password = request.data.get("password") if isinstance(request.data, dict) else None
        if not password:
            return Response({"error": "password missing"}, status=400)
        return Response({"result": request.user.check_password(str(password))})


@plain_schema(
    post=operation(
        json_body(obj({"email": STRING}, ["email"])),
        obj({"exists": {"type": "boolean"}}, ["exists"]),
        errors=(400, 422, 429),
        tag="users",
    ),
)
class CheckEmailView(PlainJSONView):
    authentication_classes = []
    throttle_classes = [LoginThrottle]

    def post(self, request):
        email = request.data.get("email") if isinstance(request.data, dict) else None
        if not email:
            return Response({"error": "email missing"}, status=422)
        return Response({"exists": User.objects.filter(email__iexact=str(email).strip()).exists()})


@plain_schema(
    get=operation(None, obj({"user_id": {"type": "integer"}}, ["user_id"]), errors=(401,), login=True),
)
class UserIdView(PlainJSONView):
    permission_classes = [perms.IsAuthenticated]

    def get(self, request):
        return Response({"user_id": request.user.pk})


class UserViewSet(ResourceViewSet):
    """Sign-up is open; a user is visible to and editable by himself and admins only."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    event_path = None
    anonymous_create = True

    def get_throttles(self):
        # Sign-up is open to anyone: limited per client address like login.
        return [SignupThrottle()] if self.request.method == "POST" else super().get_throttles()

    def base_queryset(self):
        # The is-user-<role> flags read the roles the owning app declared (`eventyay.users.extensions`).
        return User.objects.prefetch_related(*extensions.role_prefetches())

    def list(self, request, *args, **kwargs):
        if not perms.is_staff(request.user):
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied("Admin access is required.")
        return super().list(request, *args, **kwargs)

    def get_object(self):
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        try:
            # From the queryset, so the restricted `include` prefetches apply to the detail too.
            obj = self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (User.DoesNotExist, ValueError):
            raise Http404("User not found.") from None
        if obj.pk != self.request.user.pk and not perms.is_staff(self.request.user):
            raise exceptions.PermissionDenied("You may only see your own account.")
        return obj

    def check_create_permission(self, validated_data):
        return None

    def perform_destroy(self, instance, permanent=False):
        refusal = extensions.deletion_refusal(instance)
        if refusal:
            raise exceptions.PermissionDenied(refusal)
        if permanent and perms.is_super_admin(self.request.user):
            instance.delete()
            return
        email = f"{instance.email}.deleted"
        while User.objects.filter(email=email).exists():
            email = f"{email}.deleted"
        instance.email, instance.deleted_at = email, timezone.now()
        instance.save(update_fields=["email", "deleted_at"])
