"""Orders in booking order without holding them: an answer that does not come oldest change
first is spooled to a temporary file, one pickled order after another, and read back in the
order of small keys (change time, number, where it lies in the file). Memory stays flat in the
size of the answer; a few seeks are all the sorting costs.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator

from domain.order import RejectedOrder, WebshopOrder, booking_order


def in_booking_order(items: Iterable[WebshopOrder | RejectedOrder]) -> Iterator[WebshopOrder | RejectedOrder]:
    """The orders that could not be read first (as they come), then the orders by
    `booking_order`. The file is gone when the iteration ends, however it ends."""
    with tempfile.TemporaryFile(prefix="sconnect-answer-") as spool:
        keys: list[tuple[tuple, int, int]] = []
        for item in items:
            if isinstance(item, RejectedOrder):
                yield item
                continue
            data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
            keys.append((booking_order(item), spool.tell(), len(data)))
            spool.write(data)
        keys.sort()
        for _key, offset, length in keys:
            spool.seek(offset)
            # Our own file, written just now by this process: nothing foreign is unpickled.
            yield pickle.loads(spool.read(length))
