"""Celery queue lengths, read straight from the Redis broker.

The queues are the ones the configuration names (the default queue, `task_queues`, and any
queue a route sends tasks to), so a queue added to the settings is watched without another
list to keep. Kombu keeps each queue as one Redis list per priority step.
"""

from __future__ import annotations

from celery import Celery

# kombu.transport.redis: priority 0 is the bare name, the other steps get a suffix.
_PRIORITY_STEPS = (0, 3, 6, 9)
_PRIORITY_SEP = "\x06\x16"


def configured_queues(app: Celery) -> list[str]:
    conf = app.conf
    names = {conf.task_default_queue}
    for queue in conf.task_queues or ():
        names.add(queue.name if hasattr(queue, "name") else str(queue))
    routes = conf.task_routes
    for route in routes if isinstance(routes, list | tuple) else [routes or {}]:
        if isinstance(route, dict):
            for target in route.values():
                if isinstance(target, dict) and target.get("queue"):
                    queue = target["queue"]
                    names.add(queue.name if hasattr(queue, "name") else str(queue))
    return sorted(names)


def _keys(queue: str) -> list[str]:
    return [queue if step == 0 else f"{queue}{_PRIORITY_SEP}{step}" for step in _PRIORITY_STEPS]


def queue_lengths(app: Celery) -> dict[str, int]:
    """Messages waiting in each configured queue (not those a worker has already taken)."""
    queues = configured_queues(app)
    with app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        client = conn.default_channel.client
        pipe = client.pipeline(transaction=False)
        for queue in queues:
            for key in _keys(queue):
                pipe.llen(key)
        counts = pipe.execute()
    steps = len(_PRIORITY_STEPS)
    return {q: int(sum(counts[i * steps : (i + 1) * steps])) for i, q in enumerate(queues)}
