"""WSGI entry point, served by gunicorn (see gunicorn.conf.py)."""

import os

from naeringshage.request_shapes import wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naeringshage.settings")

application = wsgi_application()
