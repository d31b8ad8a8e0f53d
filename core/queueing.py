"""Handing work to the broker without letting its outage break the request that caused it.

redis-py retries a refused connection for some seconds; after one failure `broker_breaker`
skips the broker for a while, so an outage slows one request rather than every one.
"""

import logging
import time

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


class Breaker:
    pause = 30.0
    open_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + self.pause

    def reset(self) -> None:
        self.open_until = 0.0


broker_breaker = Breaker()


def queue_or_skip(task, *args, catch_up: str) -> bool:
    """Hand `task(*args)` to the broker, or skip it while the broker is down: the caller's
    request goes on, and `catch_up` (a nightly pass, a command) makes good what was skipped."""
    if broker_breaker.is_open():
        logger.info("Broker recently unavailable: %s%s skipped; %s.", task.name, args, catch_up)
        return False
    try:
        task.apply_async(args, retry=False)
    except (OperationalError, OSError):
        broker_breaker.trip()
        logger.warning("Broker unavailable: %s%s skipped; %s.", task.name, args, catch_up)
        return False
    return True
