"""A student's open page as the load test's client: it talks to the server as the page's own
JavaScript client does (one POST to join the queue, the answers on the session's event stream, then
each picture of the answer fetched by its URL, as an <img> loads it), and does nothing more.

Why not gradio_client: it costs 68 ms of CPU per call in the calling process (it polls each event's
messages every 50 ms in a thread, copies every output file to disk and hashes it), and in a load test
that CPU is taken from the 2 cores the server runs on, where a class's browsers cost the server
nothing. This client costs a few ms a call (bench/load.py reports cpu_s_clients), so what is timed is
the server. gradio_client stays as `--client gradio` to compare.
"""

from __future__ import annotations

import json
import secrets

import httpx


class Busy(Exception):
    """The queue is full: what the page shows as 'Queue is full'."""


class Refused(Exception):
    """The handler answered with a message (gr.Error) rather than a result."""


class Browser:
    """One student's page: its own session, the app's endpoints by api_name, one shared connection pool."""

    def __init__(self, url: str, http: httpx.Client, endpoints: dict[str, tuple[int, list[bool]]]):
        self.url, self.http, self.endpoints = url.rstrip("/"), http, endpoints
        self.session = secrets.token_hex(6)
        self.http.get(self.url + "/").raise_for_status()   # the page opens

    @staticmethod
    def endpoints_of(url: str, http: httpx.Client) -> dict[str, tuple[int, list[bool]]]:
        """api_name -> (fn_index, which inputs are session state, sent as None), from the app's config."""
        config = http.get(url.rstrip("/") + "/config").json()
        states = {c["id"] for c in config["components"] if c.get("type") == "state"}
        return {"/" + d["api_name"]: (d.get("id", i), [k in states for k in d["inputs"]])
                for i, d in enumerate(config["dependencies"]) if d.get("api_name")}

    def predict(self, *args, api_name: str) -> list:
        """The answer's data, once its pictures have loaded. Raises Busy or Refused as the page would show them."""
        fn_index, state = self.endpoints[api_name]
        values = iter(args)
        data = [None if is_state else next(values) for is_state in state]
        joined = self.http.post(f"{self.url}/gradio_api/queue/join",
                                json={"data": data, "fn_index": fn_index, "session_hash": self.session,
                                      "event_data": None, "trigger_id": None})
        if joined.status_code == 503:
            raise Busy("Queue is full")
        joined.raise_for_status()
        event = joined.json()["event_id"]
        with self.http.stream("GET", f"{self.url}/gradio_api/queue/data",
                              params={"session_hash": self.session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("event_id") == event and msg.get("msg") == "process_completed":
                    break
            else:
                raise Refused("the event stream closed before the answer")
        output = msg.get("output") or {}
        if not msg.get("success", True):
            raise Refused(str(output.get("error")))
        for url in _file_urls(output.get("data")):   # the page loads what it shows
            self.http.get(url).raise_for_status()
        return output["data"]


def _file_urls(value) -> list[str]:
    if isinstance(value, dict):
        if value.get("url") and (value.get("meta") or {}).get("_type") == "gradio.FileData":
            return [value["url"]]
        return [u for v in value.values() for u in _file_urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _file_urls(v)]
    return []
