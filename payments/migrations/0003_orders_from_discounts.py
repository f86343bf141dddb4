"""The order tables discounts 0002 renamed become payments' models (state only; no data moves)."""

import secrets

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def legacy_identifier():
    return secrets.token_hex(16)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_platform_stripe_test_keys"),
        ("discounts", "0002_move_orders_to_payments"),
        ("events", "0003_seed_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Order",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("identifier", models.CharField(default=legacy_identifier, editable=False, max_length=32, unique=True)),
                        ("status", models.CharField(choices=[("pending", "Pending"), ("completed", "Completed"), ("cancelled", "Cancelled"), ("expired", "Expired")], db_index=True, default="pending", max_length=16)),
                        ("currency", models.CharField(blank=True, default="", max_length=8)),
                        ("sub_total", models.DecimalField(decimal_places=2, help_text="Before the discount.", max_digits=14)),
                        ("discount", models.DecimalField(decimal_places=2, default=0, max_digits=14)),
                        ("amount", models.DecimalField(decimal_places=2, help_text="What the buyer pays.", max_digits=14)),
                        ("quantity", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("discount_code", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="orders", to="discounts.discountcode")),
                        ("event", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="orders", to="events.event")),
                        ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="orders", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["id"]},
                ),
                migrations.CreateModel(
                    name="OrderTicket",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("quantity", models.PositiveIntegerField()),
                        ("price", models.DecimalField(decimal_places=2, help_text="Unit price when ordered.", max_digits=12)),
                        ("discounted_quantity", models.PositiveIntegerField(default=0)),
                        ("discount", models.DecimalField(decimal_places=2, default=0, help_text="Total off this line.", max_digits=14)),
                        ("sub_total", models.DecimalField(decimal_places=2, max_digits=14)),
                        ("order", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="order_tickets", to="payments.order")),
                        ("ticket", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="order_tickets", to="events.ticket")),
                    ],
                    options={"ordering": ["id"]},
                ),
                migrations.AddConstraint(
                    model_name="orderticket",
                    constraint=models.UniqueConstraint(fields=("order", "ticket"), name="order_ticket_once"),
                ),
            ],
        )
    ]
