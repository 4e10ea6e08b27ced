import os

from django.core.wsgi import get_wsgi_application

from otdesk.core.startup import prepare

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdesk.settings")
prepare()  # the data directory and secret key exist before settings read them
application = get_wsgi_application()
