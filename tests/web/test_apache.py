"""The w3id.org rules (``w3id.htaccess``) and the site behind them on a real Apache httpd: Debian's apache2,
started here on 127.0.0.1 with a temporary configuration (tests/run installs it), stopped by its PID.

The document root holds ``wmgrowth/.htaccess`` (the rules, as a w3id.org pull request would add them,
pointed at this server's ``site/``) and ``site/`` (what ``clusterkg site`` writes, with its own
``.htaccess`` for the media types): a request for ``/wmgrowth/id/cluster/aerospace`` goes where a request
for ``https://w3id.org/wmgrowth/id/cluster/aerospace`` would.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest

from clusterkg import KnowledgeGraph, publish
from tests.servers import free_port
from tests.web.test_serve import AERO_TRIPLES, BROWSER, get

APACHE = shutil.which("apache2") or shutil.which("apache2", path="/usr/sbin") or shutil.which("httpd")
MODULES = Path("/usr/lib/apache2/modules")
CONFIG = """\
ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{root}/httpd.pid"
DefaultRuntimeDir "{root}"
Mutex file:{root} default
ErrorLog "{root}/error.log"
LogLevel warn
{user}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule headers_module {modules}/mod_headers.so
TypesConfig /etc/mime.types
DocumentRoot "{docs}"
<Directory "/">
    AllowOverride None
    Require all denied
</Directory>
<Directory "{docs}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
"""


@pytest.fixture(scope="module")
def apache():
    if APACHE is None:
        pytest.fail("Apache httpd is not installed: tests/run installs Debian's apache2")
    root = Path(tempfile.mkdtemp(prefix="clusterkg-apache-"))
    os.chmod(root, 0o755)  # the server's user reads the site
    docs, port = root / "docs", free_port()
    # the publisher's case: the export --all folder (data files and site) served at site/, the w3id
    # rules it wrote for that address in wmgrowth/ (as w3id.org would hold them)
    publish(KnowledgeGraph.from_data(), docs / "site", site_url=f"http://127.0.0.1:{port}/site/")
    (docs / "wmgrowth").mkdir()
    (docs / "site" / "w3id.htaccess").rename(docs / "wmgrowth" / ".htaccess")
    for folder in (docs, docs / "wmgrowth"):
        os.chmod(folder, 0o755)
    user = ""
    if os.geteuid() == 0:
        account = pwd.getpwnam("www-data")
        user = f"User #{account.pw_uid}\nGroup #{account.pw_gid}"
    conf = root / "httpd.conf"
    conf.write_text(CONFIG.format(root=root, port=port, docs=docs, modules=MODULES, user=user))
    proc = subprocess.Popen([APACHE, "-f", str(conf), "-DFOREGROUND"], stdout=subprocess.DEVNULL,
                            stderr=open(root / "stderr.log", "wb"))
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while True:
        try:
            if get(base + "site/resources.html")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("apache2 did not start: " + (root / "stderr.log").read_text(errors="replace")
                        + (root / "error.log").read_text(errors="replace") if (root / "error.log").exists() else "")
        time.sleep(0.1)
    yield base
    proc.terminate()  # by its PID: apache2 stops its children and exits
    proc.wait(20)
    shutil.rmtree(root, ignore_errors=True)


FORMATS = {"ttl": ("text/turtle", ox.RdfFormat.TURTLE), "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
           "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
           "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize("accept, extension", [
    (None, "html"), (BROWSER, "html"), ("*/*", "html"), ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"), ("application/rdf+xml", "rdf"), ("application/n-triples", "nt"),
], ids=["none", "browser", "any", "turtle", "jsonld", "rdfxml", "ntriples"])
@pytest.mark.parametrize("path", ["id/cluster/aerospace", "def"])
def test_w3id_rules_send_each_accept_to_its_file(apache, accept, extension, path):
    status, headers, _ = get(apache + "wmgrowth/" + path, accept)
    assert status == 303 and headers["location"] == f"{apache}site/{path}.{extension}"
    status, headers, body = get(headers["location"], accept)
    assert status == 200
    if extension == "html":
        assert headers["content-type"] == "text/html; charset=utf-8" and b"<h1>" in body
        return
    media, fmt = FORMATS[extension]
    assert headers["content-type"].split(";")[0] == media
    triples = list(ox.parse(body, format=fmt))
    if path == "def":
        assert any(t.subject.value == "https://w3id.org/wmgrowth/def#Cluster" for t in triples)
    else:
        assert len(triples) == AERO_TRIPLES


def test_an_accept_header_that_takes_nothing_offered_is_406(apache):
    assert get(apache + "wmgrowth/id/cluster/aerospace", "application/pdf")[0] == 406


def test_the_root_and_id_go_to_the_site(apache):
    status, headers, _ = get(apache + "wmgrowth/")
    assert status == 302 and headers["location"] == apache + "site/"
    status, headers, _ = get(apache + "wmgrowth/id/")
    assert status == 302 and headers["location"] == apache + "site/resources.html"


def test_the_default_download_links_reach_the_files(apache):
    """Without a download base the description's download links are https://w3id.org/wmgrowth/download/FILE."""
    status, headers, _ = get(apache + "wmgrowth/download/graph.ttl")
    assert status == 302 and headers["location"] == apache + "site/graph.ttl"
    status, headers, body = get(headers["location"])
    assert status == 200 and headers["content-type"].split(";")[0] == "text/turtle"
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) > 2102  # the data and its description


@pytest.mark.parametrize("path", ["id/../../../etc/passwd", "id/%2e%2e/%2e%2e/etc/passwd", "id/cluster/a.b",
                                  "id/cluster/aerospace/../../../site/.htaccess"])
def test_paths_outside_the_rules_are_not_redirected(apache, path):
    status, headers, body = get(apache + "wmgrowth/" + urllib.parse.quote(path, safe="/%"), "text/turtle")
    assert status in (400, 403, 404) and "location" not in headers and b"root:" not in body


@pytest.mark.parametrize("accept, status", [(None, 303), ("text/turtle", 303), ("image/png", 406)],
                         ids=["none", "turtle", "none-acceptable"])
def test_every_negotiated_answer_of_the_w3id_rules_varies_by_accept(apache, accept, status):
    got, headers, _ = get(apache + "wmgrowth/id/cluster/aerospace", accept)
    assert got == status
    assert "accept" in [v.strip().lower() for v in headers["vary"].split(",")]
