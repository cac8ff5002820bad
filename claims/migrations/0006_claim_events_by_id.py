"""Claims' events by claim id: the events of the contested claims (the home page's
ranking, `?contested=` on events) read from an index instead of from each of
thousands of claims' rows, scattered over the table."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0005_list_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['id', 'event'], name='claim_id_event_idx'),
        ),
    ]
