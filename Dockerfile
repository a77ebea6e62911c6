# Production image: gunicorn serves the app, WhiteNoise the static files.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=odco.settings.base
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-hosny-amiri fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The exact runtime versions (requirements.lock, with hashes, no dev extras), then the project.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN pip install --no-cache-dir --no-deps -e . \
    && DJANGO_SECRET_KEY=build DJANGO_DEBUG=0 python manage.py compilemessages --ignore=node_modules -v0 \
    && DJANGO_SECRET_KEY=build DJANGO_DEBUG=0 python manage.py collectstatic --no-input -v0
RUN useradd --create-home odco && mkdir -p /app/var && chown -R odco /app/var
USER odco
EXPOSE 8000
CMD ["gunicorn", "odco.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
