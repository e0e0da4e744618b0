"""The notification kinds of meetings, the deal room and outcomes (choices only)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('introduction_requested', 'Introduction requested from your organisation'), ('introduction_accepted', 'Your introduction request accepted'), ('introduction_declined', 'Your introduction request declined'), ('introduction_expiring', 'Introduction request about to expire'), ('interest_contacted', 'Expression of interest marked contacted'), ('interest_declined', 'Expression of interest declined'), ('waitlist_promoted', 'Moved from the waiting list'), ('post_hidden', 'A moderator hid your post'), ('post_restored', 'A moderator restored your post'), ('post_approved', 'A moderator approved your post'), ('post_edited', 'A moderator edited your post'), ('verification_verified', 'Organisation verified'), ('verification_rejected', 'Organisation verification rejected'), ('meeting_proposed', 'Meeting proposed'), ('meeting_countered', 'Other times proposed for a meeting'), ('meeting_accepted', 'Meeting accepted'), ('meeting_rescheduled', 'Meeting rescheduled'), ('meeting_cancelled', 'Meeting cancelled'), ('document_shared', 'Document shared in the deal room'), ('nda_accepted', 'Terms of your document accepted'), ('outcome_recorded', 'Outcome recorded by your partner'), ('savedsearch_hits', 'New results for a saved search')], max_length=40, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='notificationpreference',
            name='kind',
            field=models.CharField(choices=[('introduction_requested', 'Introduction requested from your organisation'), ('introduction_accepted', 'Your introduction request accepted'), ('introduction_declined', 'Your introduction request declined'), ('introduction_expiring', 'Introduction request about to expire'), ('interest_contacted', 'Expression of interest marked contacted'), ('interest_declined', 'Expression of interest declined'), ('waitlist_promoted', 'Moved from the waiting list'), ('post_hidden', 'A moderator hid your post'), ('post_restored', 'A moderator restored your post'), ('post_approved', 'A moderator approved your post'), ('post_edited', 'A moderator edited your post'), ('verification_verified', 'Organisation verified'), ('verification_rejected', 'Organisation verification rejected'), ('meeting_proposed', 'Meeting proposed'), ('meeting_countered', 'Other times proposed for a meeting'), ('meeting_accepted', 'Meeting accepted'), ('meeting_rescheduled', 'Meeting rescheduled'), ('meeting_cancelled', 'Meeting cancelled'), ('document_shared', 'Document shared in the deal room'), ('nda_accepted', 'Terms of your document accepted'), ('outcome_recorded', 'Outcome recorded by your partner'), ('savedsearch_hits', 'New results for a saved search')], max_length=40),
        ),
    ]
