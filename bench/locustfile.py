"""Locust users of the load benchmark (`bench/load_bench.py` writes their plan and runs this).

Four kinds of users in equal numbers, each with its own logged-in session prepared by the
benchmark, waiting 1 to 3 seconds between actions:

- a cooperative opens its space, `/me/`;
- a delegation opens its regional dashboard;
- a coach opens the session form of one of their assignments and records a session (POST);
- staff list the registry, `/cooperatives/`, a page among the first twenty.

Requests go to gunicorn on 127.0.0.1 as if through the HTTPS proxy of production
(`X-Forwarded-Proto: https`): production settings, secure cookies sent by hand.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())
_numbers = itertools.count()
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class PlatformUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.me = PLAN["users"][next(_numbers) % len(PLAN["users"])]
        self.headers = {
            "Cookie": f"{PLAN['session_cookie']}={self.me['session']}; {PLAN['csrf_cookie']}={PLAN['csrf']}",
            "X-Forwarded-Proto": "https",
            "Origin": PLAN["origin"],
            "Referer": PLAN["origin"] + "/",
        }
        # a browser's first visit also fetches the style sheet (served by WhiteNoise)
        self.client.get(PLAN["stylesheet"], headers=self.headers, name="static")

    def _get(self, url: str, name: str):
        with self.client.get(
            url, headers=self.headers, name=name, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} on {url}")
            return r

    @task
    def act(self):
        role = self.me["role"]
        if role == "cooperative":
            self._get("/me/", "/me/")
        elif role == "delegation":
            self._get(self.me["url"], "/dashboard/regions/<code>/")
        elif role == "staff":
            self._get(f"/cooperatives/?page={random.randint(1, 20)}", "/cooperatives/")
        else:
            self._log_session()

    def _log_session(self):
        url = self.me["url"]
        form = self._get(url, "coach session form (GET)")
        found = TOKEN.search(form.content or b"")
        data = {
            "csrfmiddlewaretoken": found.group(1).decode() if found else PLAN["csrf"],
            "held_on": self.me["held_on"],
            "duration_minutes": "60",
            "mode": "in_person",
            "topics": "Plan de commercialisation",
            "notes": "",
            **{f"action_{i}_owner": "cooperative" for i in range(PLAN["action_rows"])},
        }
        with self.client.post(
            url,
            data=data,
            headers=self.headers,
            name="coach session form (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or "/coaching/candidacies/" not in r.headers.get("Location", ""):
                r.failure(f"{r.status_code} on POST {url}")
