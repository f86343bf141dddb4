"""Watching a running cluster: request ids and JSON logs, Prometheus metrics, optional Sentry (docs/deployment.md)."""
