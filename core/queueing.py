"""Handing work to the broker without letting its outage break the request that caused it.

redis-py retries a refused connection for some seconds; after one failure `broker_breaker`
skips the broker for a while, so an outage slows one request rather than every one.
"""

import time


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
