from django.contrib.auth import password_validation
from rest_framework.exceptions import PermissionDenied
from rest_framework_json_api import serializers

from eventyay.api import permissions as perms
from eventyay.api.exceptions import Conflict
from eventyay.api.serializers import ResourceSerializer
from eventyay.users import extensions
from eventyay.users.models import User

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
        value = value.strip().lower()
        clash = User.objects.filter(email__iexact=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise Conflict("A user with this e-mail address already exists.")
        return value

    def validate_password(self, value):
        password_validation.validate_password(value)
        return value

    def validate(self, attrs):
        request = self.context["request"]
        caller = request.user
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
        return instance


class PublicUserSerializer(ResourceSerializer):
    """What others see of a user when embedded or related (reference §3.1 public attrs).

    The e-mail address is shown only to the user himself and to admins: a session's creator or a
    speaker's account should not hand its address to anyone who can read the programme.
    """

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        if not (perms.is_staff(viewer) or (viewer is not None and viewer.pk == instance.pk)):
            data.pop("email", None)
        return data

    class Meta:
        model = User
        resource_name = "user"
        collection = "users"
        fields = PUBLIC_FIELDS
        read_only_fields = PUBLIC_FIELDS
