import os
import pickle
import re
import time
from pathlib import Path

from django.db import connection

TRACE_DIR = os.environ.get("BENCH_TRACE_DIR", "")


def query_count(get_response):
    """Send the number of SQL queries of each request in `X-Queries`; when the request carries
    `X-Bench-Trace: <name>` (and BENCH_TRACE_DIR is set), also keep each query's SQL, parameters
    and milliseconds in `<BENCH_TRACE_DIR>/<name>.pickle`, for bench/run.py to `EXPLAIN`."""

    def middleware(request):
        queries = []
        trace = re.sub(r"[^\w-]", "", request.headers.get("X-Bench-Trace", ""))

        def count(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                milliseconds = (time.perf_counter() - started) * 1000
                queries.append((sql, None if many else params, milliseconds) if trace else None)

        with connection.execute_wrapper(count):
            response = get_response(request)
        response["X-Queries"] = str(len(queries))
        if trace and TRACE_DIR:
            kept = [q for q in queries if _replayable(q)]
            Path(TRACE_DIR, f"{trace}.pickle").write_bytes(pickle.dumps(kept))
        return response

    return middleware


def _replayable(query) -> bool:
    sql, params, _ = query
    if params is None and "%s" in sql:  # an executemany
        return False
    try:
        pickle.dumps(params)
    except Exception:  # a parameter that cannot be kept: the query is left out
        return False
    return True
