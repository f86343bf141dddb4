"""Secrets are encrypted at rest: the column holds a Fernet token, never the plain value."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from payments import crypto
from payments.models import PaymentSettings, StripeAuthorization
from tests.factories.payments import StripeAuthorizationFactory
from tests.payments.conftest import SECRETS_KEY

pytestmark = pytest.mark.django_db


def raw_row(table, columns, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def test_stored_columns_are_not_the_plain_secrets():
    linked = StripeAuthorizationFactory(
        stripe_secret_key="sk_test_SECRETKEYraw", stripe_refresh_token="rt_REFRESHTOKENraw"
    )
    secret_column, refresh_column, publishable = raw_row(
        StripeAuthorization._meta.db_table,
        ["stripe_secret_key", "stripe_refresh_token", "stripe_publishable_key"],
        linked.pk,
    )
    for column, plain in ((secret_column, "sk_test_SECRETKEYraw"), (refresh_column, "rt_REFRESHTOKENraw")):
        assert plain not in column
        assert Fernet(SECRETS_KEY.encode()).decrypt(column.encode()).decode() == plain
    assert publishable == linked.stripe_publishable_key  # public, kept plain for the admin list
    reloaded = StripeAuthorization.objects.get(pk=linked.pk)
    assert (reloaded.stripe_secret_key, reloaded.stripe_refresh_token) == ("sk_test_SECRETKEYraw", "rt_REFRESHTOKENraw")


def test_platform_secret_in_admin_settings_is_encrypted():
    PaymentSettings.objects.create(stripe_secret_key="sk_test_SECRETKEYplatform")
    (column,) = raw_row(PaymentSettings._meta.db_table, ["stripe_secret_key"], 1)
    assert "SECRETKEY" not in column
    assert PaymentSettings.load().stripe_secret_key == "sk_test_SECRETKEYplatform"


def test_payment_settings_is_a_single_row():
    PaymentSettings.objects.create(stripe_client_id="ca_one")
    second = PaymentSettings(stripe_client_id="ca_two")
    second.save()
    assert PaymentSettings.objects.count() == 1
    assert PaymentSettings.load().stripe_client_id == "ca_two"


def test_key_rotation_old_tokens_still_decrypt(settings):
    linked = StripeAuthorizationFactory(stripe_secret_key="sk_test_SECRETKEYrotate")
    settings.STRIPE_SECRETS_KEY = f"{Fernet.generate_key().decode()},{SECRETS_KEY}"
    assert StripeAuthorization.objects.get(pk=linked.pk).stripe_secret_key == "sk_test_SECRETKEYrotate"


def test_wrong_key_reads_as_none_and_is_logged_without_the_value(settings, caplog):
    linked = StripeAuthorizationFactory(stripe_secret_key="sk_test_SECRETKEYlost")
    settings.STRIPE_SECRETS_KEY = Fernet.generate_key().decode()
    assert StripeAuthorization.objects.get(pk=linked.pk).stripe_secret_key is None
    assert "cannot be decrypted" in caplog.text


def test_debug_without_key_derives_one_from_secret_key(settings):
    settings.STRIPE_SECRETS_KEY = ""
    settings.DEBUG = True
    token = crypto.encrypt("sk_test_SECRETKEYdev")
    assert (
        Fernet(crypto.derived_dev_key(settings.SECRET_KEY).encode()).decrypt(token.encode()) == b"sk_test_SECRETKEYdev"
    )


def test_no_key_outside_debug_is_a_configuration_error(settings):
    settings.STRIPE_SECRETS_KEY = ""
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("anything")
    assert crypto.is_configured() is False


def test_malformed_key_is_a_configuration_error(settings):
    settings.STRIPE_SECRETS_KEY = "not-a-fernet-key"
    with pytest.raises(ImproperlyConfigured):
        crypto.fernet()


def test_system_check_warns_without_key_outside_debug(settings):
    from payments.checks import stripe_secrets_key

    settings.STRIPE_SECRETS_KEY = ""
    settings.DEBUG = False
    (warning,) = stripe_secrets_key(None)
    assert warning.id == "payments.W001"
    settings.STRIPE_SECRETS_KEY = SECRETS_KEY
    assert stripe_secrets_key(None) == []
