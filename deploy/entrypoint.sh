#!/usr/bin/env bash
# The one entry command of Lumbung Inovasi, used by the Docker image and by scripts/run alike.
#   entrypoint.sh web | worker | beat | migrate | manage <args>
set -euo pipefail
APP_DIR=$(cd "$(dirname "$0")/.." && pwd)
cd "$APP_DIR"
export PYTHONPATH="$APP_DIR/platform:$APP_DIR${PYTHONPATH:+:$PYTHONPATH}"
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-lumbung.settings}
PYTHON=${PYTHON:-$( [ -x "$APP_DIR/.venv/bin/python" ] && echo "$APP_DIR/.venv/bin/python" || echo python )}

case "${1:-web}" in
  web)
    # Threaded workers (gthread); processes, threads and keep-alive are measured defaults
    # (bench/load.py, docs/benchmarks.md "Load on the public URLs"; deploy/OPERATIONS.md).
    exec "$PYTHON" -m gunicorn lumbung.wsgi:application \
      --bind "${BIND:-0.0.0.0:8000}" --worker-class gthread \
      --workers "${WEB_CONCURRENCY:-2}" --threads "${WEB_THREADS:-4}" \
      --keep-alive "${WEB_KEEPALIVE:-2}" \
      --access-logfile - --graceful-timeout 10 --timeout "${WEB_TIMEOUT:-60}"
    ;;
  worker)
    exec "$PYTHON" -m celery -A lumbung worker --loglevel "${LOG_LEVEL:-info}" \
      --concurrency "${WORKER_CONCURRENCY:-2}" -Q "${CELERY_QUEUE:-lumbung}"
    ;;
  beat)
    exec "$PYTHON" -m celery -A lumbung beat --loglevel "${LOG_LEVEL:-info}" \
      --schedule "${CELERY_BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}"
    ;;
  migrate)
    exec "$PYTHON" manage.py migrate_schemas --noinput
    ;;
  manage)
    shift
    exec "$PYTHON" manage.py "$@"
    ;;
  *)
    echo "usage: entrypoint.sh web|worker|beat|migrate|manage <args>" >&2
    exit 2
    ;;
esac
