"""JWT authentication as Open Event clients send it (`Authorization: JWT <token>`)."""

from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication as BaseJWTAuthentication


class JWTAuthentication(BaseJWTAuthentication):
    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if user.deleted_at is not None or user.is_blocked:
            raise exceptions.AuthenticationFailed("User is deleted or blocked.", code="user_inactive")
        return user

    def authenticate_header(self, request):
        return 'JWT realm="api"'
