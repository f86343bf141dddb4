"""The media app's rules, split by subject: `uploads` (checks, naming, storing), `thumbnails`, `cleanup`.

Views, jobs, the management command and the importer call these; they raise `eventyay.errors` domain errors.
"""
