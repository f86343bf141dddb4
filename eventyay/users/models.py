"""Users log in with their e-mail address; staff flags are never self-granted."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_admin=True, is_super_admin=True, is_verified=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=255, blank=True, null=True)
    last_name = models.CharField(max_length=255, blank=True, null=True)
    public_name = models.CharField(max_length=255, blank=True, null=True)
    avatar_url = models.URLField(max_length=2000, blank=True, null=True)
    original_image_url = models.URLField(max_length=2000, blank=True, null=True)
    thumbnail_image_url = models.URLField(max_length=2000, blank=True, null=True)
    small_image_url = models.URLField(max_length=2000, blank=True, null=True)
    icon_image_url = models.URLField(max_length=2000, blank=True, null=True)
    details = models.TextField(blank=True, null=True)
    contact = models.CharField(max_length=255, blank=True, null=True)
    company = models.CharField(max_length=255, blank=True, null=True)
    language_prefrence = models.CharField(max_length=32, blank=True, null=True)
    facebook_url = models.URLField(blank=True, null=True)
    twitter_url = models.URLField(blank=True, null=True)
    instagram_url = models.URLField(blank=True, null=True)
    google_plus_url = models.URLField(blank=True, null=True)
    billing_contact_name = models.CharField(max_length=255, blank=True, null=True)
    billing_phone = models.CharField(max_length=64, blank=True, null=True)
    billing_state = models.CharField(max_length=255, blank=True, null=True)
    billing_country = models.CharField(max_length=255, blank=True, null=True)
    billing_tax_info = models.CharField(max_length=255, blank=True, null=True)
    billing_address = models.TextField(blank=True, null=True)
    billing_city = models.CharField(max_length=255, blank=True, null=True)
    billing_zip_code = models.CharField(max_length=64, blank=True, null=True)
    billing_additional_info = models.TextField(blank=True, null=True)
    is_profile_public = models.BooleanField(default=False)
    was_registered_with_order = models.BooleanField(default=False)
    is_verified = models.BooleanField(default=False)
    is_blocked = models.BooleanField(default=False, help_text="Blocked users cannot log in.")
    is_admin = models.BooleanField(default=False, help_text="Server admin: passes every event-level check.")
    is_super_admin = models.BooleanField(default=False, help_text="Super admin: may also grant admin rights.")
    is_sales_admin = models.BooleanField(default=False)
    is_marketer = models.BooleanField(default=False)
    is_staff = models.BooleanField(default=False, help_text="May log in to the Django admin.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_accessed_at = models.DateTimeField(blank=True, null=True)
    deleted_at = models.DateTimeField(blank=True, null=True)
    token_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Bumped by logout and password changes: older tokens stop working."
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.email

    @property
    def is_staff_member(self):
        """Open Event's "staff": admins and super admins pass every event-scoped check."""
        return bool(self.is_admin or self.is_super_admin)
