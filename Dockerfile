# Production image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN useradd --create-home --uid 1000 portal
COPY pyproject.toml ./
COPY forum ./forum
COPY accounts ./accounts
COPY matchmaking ./matchmaking
COPY programs ./programs
RUN pip install .
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only-collectstatic DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 EMAIL_URL=console:// \
    python manage.py collectstatic --noinput
USER portal
EXPOSE 8000
CMD ["gunicorn", "forum.wsgi:application", "-c", "python:forum.gunicorn_conf"]
