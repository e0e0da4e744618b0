"""What an operator needs: request ids, structured logs, metrics, health and error reporting.

Like the root URLconf, the business gauges (`metrics.py`) read from every app, so this package
sits on top of the house; everything else in it (logging, request ids, Sentry, queues) imports
nothing of the portal's own and may be used anywhere, settings included.
"""
