"""JWT authentication as Open Event clients send it (`Authorization: JWT <token>`)."""

from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication as BaseJWTAuthentication

from eventyay.users.tokens import token_is_current


class JWTAuthentication(BaseJWTAuthentication):
    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if user.deleted_at is not None or user.is_blocked:
            raise exceptions.AuthenticationFailed("User is deleted or blocked.", code="user_inactive")
        if not token_is_current(validated_token, user):
            raise exceptions.AuthenticationFailed(
                "This token was ended by a logout or password change; log in again.", code="token_ended"
            )
        return user

    def authenticate_header(self, request):
        return 'JWT realm="api"'
