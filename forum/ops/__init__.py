"""What an operator needs: request ids, structured logs, metrics, health and error reporting.

Like the root URLconf, the business gauges (`metrics.py`) read from every app: that one module
sits on top of the house and is imported only by the URLconf. `health.py` reads the site's own
Heartbeat model; the rest (logging, request ids, Celery signals, Sentry, queues, the
django-prometheus glue) imports nothing of the portal's own, so settings can use it.
"""
