"""The rules of the events app, split by subject; every write of the app goes through here.

Views, the admin, jobs, commands and the importer call these functions alike. They raise the domain errors of
`eventyay.errors` (or Django's `ValidationError` for several fields at once), never HTTP exceptions.
"""
