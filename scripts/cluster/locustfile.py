"""A school day on the cluster (scripts/cluster/loadtest runs it headless, loopback only).

Learners sign in, read lessons, look at "My learning" and take the module quiz
(start, save every answer, submit); a teacher opens the class report; visitors read
the home page, the catalogue and the impact dashboard. Each learner is its own seed
account (cl-learner-N from LOADTEST_FIRST on), so submits can be checked against the
database afterwards: every submit answered 302 is written to LOADTEST_LOG.
"""

import itertools
import json
import os
import random
import re
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.clients import HttpSession

SEED = json.loads(open(os.environ["LOADTEST_SEED"]).read())
FIRST = int(os.environ.get("LOADTEST_FIRST", 100))
ACCOUNTS = itertools.count(FIRST)
SUBMITS = []
WAIT = float(os.environ.get("LOADTEST_WAIT", 1.0))  # seconds a user thinks between pages, on average
INPUT = re.compile(r"<input\b[^>]*>", re.S)


def answers(html):
    fields = {}
    for tag in INPUT.findall(html):
        name = re.search(r'\bname="(q\d+)"', tag)
        if name and name.group(1) not in fields and " disabled" not in tag:
            value = re.search(r'\bvalue="([^"]*)"', tag)
            fields[name.group(1)] = value.group(1) if 'type="radio"' in tag or 'type="checkbox"' in tag else "1"
    return fields


class SignedIn(HttpUser):
    abstract = True

    def use_session(self, username):
        """The session seed.py made for this account (as if they had signed in this morning)."""
        host = urlsplit(self.host).hostname  # the domain the server's own Set-Cookie would have
        self.client.cookies.set("sessionid", SEED["sessions"][username], domain=host, path="/")
        self.client.cookies.set("csrftoken", SEED["csrf"], domain=host, path="/")

    def sign_in(self, username):
        client = HttpSession(self.host, self.environment.events.request, self)  # a browser of its own
        client.get("/es/accounts/login/", name="login page")
        with client.post("/es/accounts/login/", name="sign in", allow_redirects=False, catch_response=True, data={
                "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""), "username": username,
                "password": SEED["password"]}) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")

    def post(self, path, name, data=None):
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **(data or {})}
        return self.client.post(path, data=data, name=name, allow_redirects=False, catch_response=True)


class Learner(SignedIn):
    weight = 8
    wait_time = between(0.5 * WAIT, 1.5 * WAIT)

    def on_start(self):
        self.username = f"cl-learner-{next(ACCOUNTS)}"
        self.use_session(self.username)

    @task(1)  # a learner signs in once in a while (PBKDF2 makes it the dearest request by far)
    def sign_in_again(self):
        self.sign_in(self.username)

    @task(20)
    def read_lesson(self):
        self.client.get(random.choice(SEED["lessons"]), name="lesson")

    @task(4)
    def my_learning(self):
        self.client.get("/es/learning/", name="my learning")

    @task(2)
    def take_quiz(self):
        quiz = SEED["quiz"]
        with self.post(quiz + "start/", "quiz start") as response:
            if response.status_code != 302:
                return response.failure(f"start answered {response.status_code}")
            attempt = response.headers["Location"]
        page = self.client.get(attempt, name="quiz attempt")
        with self.post(attempt, "quiz save", {**answers(page.text), "action": "save"}) as response:
            if response.status_code != 302:
                return response.failure(f"save answered {response.status_code}")
        with self.post(attempt + "submit/", "quiz submit") as response:
            if response.status_code != 302:
                return response.failure(f"submit answered {response.status_code}")
            SUBMITS.append((self.username, attempt))


class Teacher(SignedIn):
    weight = 1
    wait_time = between(2 * WAIT, 4 * WAIT)

    def on_start(self):
        self.use_session(SEED["teacher"])

    @task
    def class_report(self):
        self.client.get(f"/es/classes/{SEED['classroom']}/report/", name="class report")


class Visitor(HttpUser):
    weight = 2
    wait_time = between(0.5 * WAIT, 1.5 * WAIT)

    @task(2)
    def home(self):
        self.client.get("/es/", name="home")

    @task(1)
    def catalogue(self):
        self.client.get(SEED["module"], name="module page")

    @task(2)
    def impact(self):
        self.client.get("/es/impact/", name="impact dashboard")


@events.quitting.add_listener
def write_submits(environment, **kwargs):
    with open(os.environ["LOADTEST_LOG"], "w") as out:
        json.dump(SUBMITS, out)
