"""Settings of the benchmark server and harness: the platform's own settings plus one baseline URL.

``gunicorn`` is started with ``DJANGO_SETTINGS_MODULE=bench.settings`` so that the public pages and the
baseline page are served by the same processes, through the same middleware.
"""

from gongkai.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
