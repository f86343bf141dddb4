"""Orders move to `payments` (issue 17): the tables are renamed, the rows stay; payments 0002 takes the state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("discounts", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="order", table="payments_order"),
                migrations.AlterModelTable(name="orderticket", table="payments_orderticket"),
            ],
            state_operations=[
                migrations.DeleteModel(name="OrderTicket"),
                migrations.DeleteModel(name="Order"),
            ],
        )
    ]
