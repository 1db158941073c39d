"""Several app servers serve one site: sessions, publishing and media are shared."""

import re
import subprocess
import time
import zipfile
from pathlib import Path

import boto3
import pytest

from .conftest import RUN, Learner, csrf_from, manage, query, url, wait_for

pytestmark = pytest.mark.cluster
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-package"


def cluster_pids() -> set[int]:
    pids = {int(p.read_text()) for p in RUN.glob("*.pid")}
    children = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout.split()
    pairs = [(int(children[i]), int(children[i + 1])) for i in range(0, len(children), 2)]
    for _ in range(3):
        pids |= {pid for pid, parent in pairs if parent in pids}
    return pids


def test_nothing_in_the_cluster_listens_beyond_loopback(seed):
    out = subprocess.run(["ss", "-ltunpH"], capture_output=True, text=True, check=True).stdout
    mine = cluster_pids()
    listening = []
    for line in out.splitlines():
        pids = {int(p) for p in re.findall(r"pid=(\d+)", line)}
        if pids & mine:
            listening.append(line.split()[4])
    assert len(listening) >= 6, listening  # redis, s3, pgbouncer, app-a, app-b, haproxy
    assert all(address.startswith("127.0.0.1:") for address in listening), listening


def test_a_session_made_on_a_is_valid_on_b(seed):
    learner = Learner(seed, seed["learners"][0], via="a")
    on_b = learner.get("b", "/es/learning/")
    assert on_b.status_code == 200
    assert seed["learners"][0] in on_b.text or "Learner 0" in on_b.text
    anonymous = learner.session.__class__().get(url("b", "/es/learning/"), allow_redirects=False, timeout=30)
    assert anonymous.status_code == 302  # the page needs the session: B really read it


def test_a_page_published_through_a_shows_at_once_on_b(seed):
    lesson = seed["lessons"][0]
    before = Learner(seed, seed["curator"], via="a")
    old = before.get("b", lesson)
    assert old.status_code == 200
    page_id = query("SELECT id FROM wagtailcore_page WHERE url_path = %s",
                    "/home" + lesson.removeprefix("/es"))[0][0]
    title = f"Publicada en A {time.time_ns()}"
    # An editor saved a draft with a new title (not live yet: B still shows the old one).
    manage("shell", "-c", f"from wagtail.models import Page; p = Page.objects.get(pk={page_id}).specific; "
                          f"p.title = {title!r}; p.save_revision()")
    assert title not in before.get("b", lesson).text
    assert title not in before.session.__class__().get(url("b", lesson), timeout=30).text  # anonymous, cached
    confirm = before.get("a", f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/")
    assert confirm.status_code == 200
    published = before.post("a", f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/",
                            {"csrfmiddlewaretoken": csrf_from(confirm.text)})
    assert published.status_code == 302
    assert title in before.get("b", lesson).text
    assert title in before.session.__class__().get(url("b", lesson), timeout=30).text


def test_a_package_uploaded_through_a_is_imported_by_the_worker_and_its_image_served_through_b(seed, tmp_path):
    archive = tmp_path / "example.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(EXAMPLE.rglob("*")):
            if path.is_file():
                out.write(path, f"example-package/{path.relative_to(EXAMPLE)}")
    curator = Learner(seed, seed["curator"], via="a")
    form = curator.get("a", "/admin/packages/upload/")
    assert form.status_code == 200
    with archive.open("rb") as package:
        uploaded = curator.session.post(url("a", "/admin/packages/upload/"), allow_redirects=False, timeout=60,
                                        data={"csrfmiddlewaretoken": csrf_from(form.text)},
                                        files={"package": ("example.zip", package, "application/zip")})
    assert uploaded.status_code == 302
    status_path = uploaded.headers["Location"]
    job = int(re.search(r"/imports/(\d+)/", status_path).group(1))
    # The upload answered before the import ended (it runs on the worker, not in the request).
    answered = query("SELECT clock_timestamp()")[0][0]
    store = boto3.client("s3", endpoint_url="http://127.0.0.1:19000", region_name="us-east-1",
                         aws_access_key_id="cluster", aws_secret_access_key="cluster")

    def done():
        page = curator.get("b", status_path)  # the status page, through the other app server
        assert page.status_code == 200
        return query("SELECT status, finished_at FROM contributions_packageimport WHERE id = %s", job)[0] \
            if "water" in page.text.lower() or "agua" in page.text.lower() else None

    status, finished = wait_for(lambda: (row := done()) and row[0] in ("done", "failed") and row, 120,
                                what="the worker's import")
    assert status == "done"
    assert finished > answered  # had the request run the import, it would have finished before the answer
    assert query("SELECT count(*) FROM wagtailcore_page WHERE slug = 'water-at-the-mine'")[0][0] >= 1
    # The image went to the object storage, not to a server's disk.
    image_file = query("SELECT file FROM wagtailimages_image WHERE file LIKE %s ORDER BY id DESC",
                       "%water-cycle%")[0][0]
    store.head_object(Bucket="alma-media", Key=image_file)
    assert not (Path(__file__).resolve().parents[2] / "media" / image_file).exists()
    # B makes a rendition from the original in the storage; it is served from there through the balancer.
    listing = curator.get("b", "/admin/images/")
    assert listing.status_code == 200
    src = re.search(r'<img[^>]+src="(http://127\.0\.0\.1:\d+/media/images/water-cycle[^"]+)"', listing.text).group(1)
    served = curator.session.get(src, timeout=30)
    assert served.status_code == 200 and served.headers["Content-Type"].startswith("image/")
    original = curator.session.get(url("lb", "/media/" + image_file), timeout=30)
    assert original.content == (EXAMPLE / "modules/water-at-the-mine/images/water-cycle.png").read_bytes()
    # What is not public media stays private in the storage.
    private = f"package-uploads/private-{time.time_ns()}.zip"
    store.put_object(Bucket="alma-media", Key=private, Body=b"PK")
    assert curator.session.get(url("lb", "/media/" + private), timeout=30).status_code == 403
    store.delete_object(Bucket="alma-media", Key=private)
