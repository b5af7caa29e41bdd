"""The one clock kg stamps its provenance with."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def started_at() -> str:
    """Now, or ``$SOURCE_DATE_EPOCH`` for reproducible builds, as an xsd:dateTime lexical form.

    >>> import os; os.environ["SOURCE_DATE_EPOCH"] = "0"; started_at()
    '1970-01-01T00:00:00Z'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
