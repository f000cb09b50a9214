"""A small HTTP/1.1 load generator for the benchmarks: keep-alive connections on loopback, a weighted mix of URLs,
latency percentiles and error counts (asyncio, no dependency). Bounded: it stops after `seconds`."""

import asyncio
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    """What a load run measured."""

    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # connection failures, timeouts, 5xx
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        """Return the number of answered requests."""
        return sum(self.statuses.values())

    def percentile(self, q: float, values: Sequence[float] | None = None) -> float:
        """Return the q-th percentile (0–100) of the latencies in milliseconds."""
        data = sorted(self.latencies if values is None else values)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, int(len(data) * q / 100))] * 1000

    def summary(self) -> dict:
        """Return req/s, p50/p95/p99 (ms), errors and statuses."""
        return {
            "requests": self.requests,
            "req_per_s": self.requests / self.seconds,
            "p50": self.percentile(50),
            "p95": self.percentile(95),
            "p99": self.percentile(99),
            "mean": statistics.fmean(self.latencies) * 1000 if self.latencies else float("nan"),
            "errors": sum(self.errors.values()),
            "statuses": dict(self.statuses),
        }


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return its status and whether the connection stays open."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked, keep = 0, False, True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            keep = False
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep


async def _connection(
    host: str,
    port: int,
    mix: Sequence[tuple[str, float, Sequence[str]]],
    deadline: float,
    result: LoadResult,
    headers: str,
    rng: random.Random,
    stop: threading.Event | None,
) -> None:
    kinds = [kind for kind, _, _ in mix]
    weights = [weight for _, weight, _ in mix]
    urls = {kind: list(paths) for kind, _, paths in mix}
    reader = writer = None
    while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
        kind = rng.choices(kinds, weights)[0]
        path = rng.choice(urls[kind])
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
            assert reader is not None
            start = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{headers}\r\n".encode())
            status, keep = await asyncio.wait_for(_read_response(reader), 30)
            elapsed = time.perf_counter() - start
            result.statuses[status] += 1
            if status >= 500:
                result.errors[f"HTTP {status}"] += 1
            else:
                result.latencies.append(elapsed)
                result.by_kind.setdefault(kind, []).append(elapsed)
            if not keep:
                writer.close()
                reader = writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ConnectionError, ValueError) as error:
            result.errors[type(error).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


def run_load(
    port: int,
    mix: Sequence[tuple[str, float, Sequence[str]]],
    connections: int = 64,
    seconds: float = 30.0,
    host: str = "127.0.0.1",
    headers: dict[str, str] | None = None,
    seed: int = 1,
    stop: threading.Event | None = None,
) -> LoadResult:
    """Run `connections` keep-alive clients for `seconds` (or until `stop` is set) over `mix` [(kind, weight,
    paths)] and return the result."""
    header_text = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())

    async def main() -> LoadResult:
        result = LoadResult(seconds)
        deadline = time.monotonic() + seconds
        start = time.monotonic()
        await asyncio.gather(
            *(
                _connection(host, port, mix, deadline, result, header_text, random.Random(seed * 1000 + i), stop)
                for i in range(connections)
            )
        )
        result.seconds = time.monotonic() - start
        return result

    return asyncio.run(main())
