"""The staff's view of events and their parts; soft-deleted rows are shown too (filter on "deleted")."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from events import models
from events.domain import events, roles
from eventyay.errors import DomainError


class DeletedFilter(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return (("no", "Live"), ("yes", "In the trash"))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class SoftDeleteAdmin(admin.ModelAdmin):
    """Lists live and trashed rows alike, so staff can restore by clearing `deleted at`."""

    def get_queryset(self, request):
        return self.model.all_objects.all()


class EventPartAdmin(SoftDeleteAdmin):
    list_select_related = ("event",)
    raw_id_fields = ("event",)
    search_fields = ("name", "event__name", "event__identifier")
    list_filter = (DeletedFilter,)


class RoleRowForm(forms.ModelForm):
    """Staff edit role rows under the rules of the API (`events.domain.roles`): the owner's row stays,
    ownership moves by a role invite, a row keeps its user."""

    staff = None  # set by the admin's get_form/get_formset

    def clean(self):
        cleaned = super().clean()
        original = None
        if self.instance.pk is not None:
            original = models.UsersEventsRoles.objects.select_related("role", "event").get(pk=self.instance.pk)
            if "event" in self.changed_data:
                raise ValidationError("A role row cannot be moved to another event.")
        changed = {name: cleaned[name] for name in self.changed_data if name in ("user", "role") and name in cleaned}
        try:
            if original is not None and cleaned.get("DELETE"):
                roles.check_event_role_deletable(self.staff, original)
            else:
                roles.check_event_role_change(self.staff, original, changed)
        except DomainError as error:
            raise ValidationError(error.message) from error
        return cleaned


class RoleRowRulesMixin:
    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.role.name == "owner")


class UsersEventsRolesInline(admin.TabularInline):
    model = models.UsersEventsRoles
    form = RoleRowForm
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.staff = request.user
        return formset


@admin.register(models.Event)
class EventAdmin(SoftDeleteAdmin):
    list_display = ("id", "identifier", "name", "state", "privacy", "starts_at", "ends_at", "deleted_at")
    list_filter = ("state", "privacy", DeletedFilter, "online", "is_featured", "is_promoted", "is_stripe_linked")
    search_fields = ("name", "identifier", "location_name")
    readonly_fields = ("identifier", "created_at", "is_stripe_linked")
    raw_id_fields = ("event_type", "event_topic", "event_sub_topic")
    date_hierarchy = "starts_at"
    inlines = [UsersEventsRolesInline]

    def save_model(self, request, obj, form, change):
        """A new event gets an owner (the staff member) and the other apps' defaults, as through the API."""
        if change:
            super().save_model(request, obj, form, change)
        else:
            events.save_new_event(request.user, obj)


@admin.register(models.EventType)
class EventTypeAdmin(SoftDeleteAdmin):
    list_display = ("id", "name", "slug", "deleted_at")
    search_fields = ("name", "slug")
    list_filter = (DeletedFilter,)
    readonly_fields = ("slug",)


class EventSubTopicInline(admin.TabularInline):
    model = models.EventSubTopic
    extra = 0
    fields = ("name", "slug")
    readonly_fields = ("slug",)


@admin.register(models.EventTopic)
class EventTopicAdmin(SoftDeleteAdmin):
    list_display = ("id", "name", "slug", "system_image_url", "deleted_at")
    search_fields = ("name", "slug")
    list_filter = (DeletedFilter,)
    readonly_fields = ("slug",)
    inlines = [EventSubTopicInline]


@admin.register(models.EventSubTopic)
class EventSubTopicAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "slug", "event_topic")
    list_select_related = ("event_topic",)
    list_filter = ("event_topic",)
    search_fields = ("name", "slug")
    readonly_fields = ("slug",)


@admin.register(models.Ticket)
class TicketAdmin(EventPartAdmin):
    list_display = ("id", "name", "event", "type", "price", "quantity", "sales_starts_at", "sales_ends_at", "is_hidden")
    list_filter = ("type", "is_hidden", DeletedFilter)


@admin.register(models.Microlocation)
class MicrolocationAdmin(EventPartAdmin):
    list_display = ("id", "name", "event", "floor", "room", "position", "hidden_in_scheduler", "deleted_at")


@admin.register(models.Track)
class TrackAdmin(EventPartAdmin):
    list_display = ("id", "name", "event", "color", "position", "deleted_at")


@admin.register(models.SessionType)
class SessionTypeAdmin(EventPartAdmin):
    list_display = ("id", "name", "event", "length", "position", "deleted_at")


@admin.register(models.Session)
class SessionAdmin(EventPartAdmin):
    list_display = ("id", "title", "event", "state", "starts_at", "track", "microlocation", "deleted_at")
    list_select_related = ("event", "track", "microlocation")
    list_filter = ("state", "is_locked", DeletedFilter)
    search_fields = ("title", "event__name", "event__identifier")
    raw_id_fields = ("event", "track", "microlocation", "session_type", "creator", "speakers")


@admin.register(models.Speaker)
class SpeakerAdmin(EventPartAdmin):
    list_display = ("id", "name", "email", "event", "organisation", "is_featured", "deleted_at")
    list_filter = ("is_featured", DeletedFilter)
    search_fields = ("name", "email", "event__name", "event__identifier")
    raw_id_fields = ("event", "user")


@admin.register(models.Sponsor)
class SponsorAdmin(EventPartAdmin):
    list_display = ("id", "name", "event", "level", "type", "deleted_at")


@admin.register(models.SocialLink)
class SocialLinkAdmin(EventPartAdmin):
    list_display = ("id", "name", "link", "event", "deleted_at")


@admin.register(models.SpeakersCall)
class SpeakersCallAdmin(EventPartAdmin):
    list_display = ("id", "event", "starts_at", "ends_at", "privacy", "deleted_at")
    list_filter = ("privacy", DeletedFilter)
    search_fields = ("event__name", "event__identifier")


@admin.register(models.Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "title_name")
    search_fields = ("name", "title_name")


@admin.register(models.UsersEventsRoles)
class UsersEventsRolesAdmin(RoleRowRulesMixin, admin.ModelAdmin):
    form = RoleRowForm
    list_display = ("id", "user", "event", "role")
    list_select_related = ("user", "event", "role")
    list_filter = ("role",)
    search_fields = ("user__email", "event__name", "event__identifier")
    raw_id_fields = ("user", "event")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.staff = request.user
        return form

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would remove owner rows too; delete rows one by one
        return actions
