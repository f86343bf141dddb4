from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework_json_api import serializers

from eventyay.api import permissions as perms
from eventyay.api.exceptions import Conflict
from eventyay.api.serializers import PrivateFieldsMixin, ResourceSerializer
from eventyay.users import extensions
from eventyay.users.models import User
from eventyay.users.tokens import end_tokens

PUBLIC_FIELDS = (
    "email",
    "avatar_url",
    "first_name",
    "last_name",
    "public_name",
    "is_profile_public",
    "original_image_url",
    "thumbnail_image_url",
    "small_image_url",
    "icon_image_url",
    "was_registered_with_order",
    "deleted_at",
)
STAFF_FLAGS = ("is_admin", "is_sales_admin", "is_marketer", "is_blocked")


class UserSerializer(ResourceSerializer):
    """Full user attributes (every /v1/users route): self or admin only."""

    password = serializers.CharField(write_only=True, required=True, style={"input_type": "password"})
    is_super_admin = serializers.BooleanField(read_only=True)
    is_user_owner = serializers.SerializerMethodField()
    is_user_organizer = serializers.SerializerMethodField()
    is_user_coorganizer = serializers.SerializerMethodField()
    is_user_track_organizer = serializers.SerializerMethodField()
    is_user_moderator = serializers.SerializerMethodField()
    is_user_registrar = serializers.SerializerMethodField()

    class Meta:
        model = User
        resource_name = "user"
        collection = "users"
        fields = (
            *PUBLIC_FIELDS,
            "password",
            "facebook_url",
            "twitter_url",
            "instagram_url",
            "google_plus_url",
            "is_super_admin",
            "is_admin",
            "is_sales_admin",
            "is_marketer",
            "is_verified",
            "is_blocked",
            "is_user_owner",
            "is_user_organizer",
            "is_user_coorganizer",
            "is_user_track_organizer",
            "is_user_moderator",
            "is_user_registrar",
            "last_accessed_at",
            "created_at",
            "details",
            "language_prefrence",
            "contact",
            "company",
            "billing_contact_name",
            "billing_phone",
            "billing_state",
            "billing_country",
            "billing_tax_info",
            "billing_address",
            "billing_city",
            "billing_zip_code",
            "billing_additional_info",
        )
        read_only_fields = (
            "created_at",
            "last_accessed_at",
            "original_image_url",
            "thumbnail_image_url",
            "small_image_url",
            "icon_image_url",
            "was_registered_with_order",
        )
        # Uniqueness is checked in validate_email so that a clash answers 409, as in the original.
        extra_kwargs = {"email": {"validators": []}}

    def _has_role(self, obj, role):
        names = self.context.setdefault("_role_names", {})
        if obj.pk not in names:
            names[obj.pk] = extensions.role_names(obj)
        return role in names[obj.pk]

    def get_is_user_owner(self, obj):
        return self._has_role(obj, "owner")

    def get_is_user_organizer(self, obj):
        return self._has_role(obj, "organizer")

    def get_is_user_coorganizer(self, obj):
        return self._has_role(obj, "coorganizer")

    def get_is_user_track_organizer(self, obj):
        return self._has_role(obj, "track_organizer")

    def get_is_user_moderator(self, obj):
        return self._has_role(obj, "moderator")

    def get_is_user_registrar(self, obj):
        return self._has_role(obj, "registrar")

    def validate_email(self, value):
        # Whether the address is taken is checked last, in validate(): an answer about anything else
        # (a weak password, say) must not tell whether an account exists.
        return value.strip().lower()

    def _check_password(self, attrs):
        """Django's validators (length, common, numeric, too close to the e-mail or name) as a 422 on the field."""
        if "password" not in attrs:
            return
        user = User(**{k: v for k, v in attrs.items() if k in ("email", "first_name", "last_name", "public_name")})
        if self.instance is not None:
            user = self.instance
        try:
            password_validation.validate_password(attrs["password"], user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from None

    def _check_fresh(self, request, attrs):
        """E-mail and password changes need a token from a login, not one refreshed (reference §2)."""
        changes = ("password" in attrs) or ("email" in attrs and attrs["email"] != self.instance.email)
        token = getattr(request, "auth", None)
        if changes and not (token is not None and token.get("fresh") is True):
            raise NotAuthenticated("Changing the e-mail address or password needs a fresh login (/v1/auth/login).")

    def validate(self, attrs):
        request = self.context["request"]
        caller = request.user
        if self.instance is not None:
            self._check_fresh(request, attrs)
        if self.instance is None and attrs.get("is_verified"):
            raise serializers.ValidationError({"is_verified": ["A new account cannot set itself verified."]})
        changes_verified = self.instance is not None and attrs.get("is_verified", self.instance.is_verified) != (
            self.instance.is_verified
        )
        if changes_verified and not perms.is_staff(caller):
            raise PermissionDenied("Only admins may change is-verified.")
        for flag in STAFF_FLAGS:
            current = getattr(self.instance, flag, False) if self.instance is not None else False
            if flag in attrs and attrs[flag] != current:
                allowed = perms.is_super_admin(caller) if flag == "is_admin" else perms.is_staff(caller)
                if not allowed:
                    raise PermissionDenied(f"You may not change {flag.replace('_', '-')}.")
        self._check_password(attrs)
        if "email" in attrs:
            clash = User.objects.filter(email__iexact=attrs["email"])
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise Conflict("A user with this e-mail address already exists.")
        return attrs

    def create(self, validated_data):
        password = validated_data.pop("password")
        return User.objects.create_user(password=password, **validated_data)

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        if "email" in validated_data and validated_data["email"] != instance.email:
            validated_data["is_verified"] = False
        instance = super().update(instance, validated_data)
        if password:
            instance.set_password(password)
            instance.save(update_fields=["password"])
            end_tokens(instance)  # every token issued before the change stops working
        return instance


class PublicUserSerializer(PrivateFieldsMixin, ResourceSerializer):
    """What others see of a user when embedded or related (reference §3.1 public attrs).

    The e-mail address is shown only to the user himself and to admins: a session's creator or a
    speaker's account should not hand its address to anyone who can read the programme.
    """

    private_fields = ("email",)

    @classmethod
    def private_rows(cls, user):
        if perms.is_staff(user):
            return Q()
        return Q(pk=user.pk) if user is not None and user.is_authenticated else None

    def sees_private(self, instance):
        viewer = self.viewer()
        return perms.is_staff(viewer) or (viewer is not None and viewer.pk == instance.pk)

    class Meta:
        model = User
        resource_name = "user"
        collection = "users"
        fields = PUBLIC_FIELDS
        read_only_fields = PUBLIC_FIELDS
