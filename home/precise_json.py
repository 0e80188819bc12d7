"""Django's JSON serialization format without its loss of precision, for backups.

The stock encoder writes datetimes and times with milliseconds only (ECMA-262), so a
dump/load round trip silently changes every timestamp; this one keeps the microseconds.
Registered as the serialization format "precise_json" (SERIALIZATION_MODULES).
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder


Deserializer = django_json.Deserializer
