"""A rendered page made fit for an offline bundle: every link and file relative to the bundle, nothing that asks a
server for anything.

Pure (no database): ``OfflinePage.rewrite`` takes the HTML the site rendered, the map of the site's paths to the
bundle's files, and a callback that copies a static or media file into the bundle and says where it went.

- A link to a page of the bundle becomes a relative path; a link to a page of the site that is not in the bundle
  (sign in, the catalogue's filters, a dataset) keeps its words in a lesson's prose and goes elsewhere; links to other web sites stay (following one is the reader's choice, not a request).
- Stylesheets, scripts, icons and images are copied and linked relatively; ``<picture>`` becomes one phone-sized
  ``<img>``; embedded videos (iframes), the site's forms and every script but the site's own
  ``alma.js`` (the others send beacons) are left out.
- The icon sprite is put inline: Chromium does not follow ``<use href="sprite.svg#x">`` on ``file://``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, Tag

KEPT_SCRIPT = re.compile(r"/js/alma(\.[0-9a-f]+)?\.js$")  # also under a manifest storage's hashed name
URL_ATTRIBUTES = ("href", "src", "xlink:href")
# The controls and banner of studying offline on a device (offline/, static/js/offline.js): they talk to the site.
DEVICE_OFFLINE = ("data-offline-banner", "data-offline-module", "data-offline-quiz", "data-offline-complete",
                  "data-offline-sync")
PHONE_WIDTH = 480  # the narrowest rendition lessons ask for (templates/lessons/blocks/image.html)
_SRCSET_ITEM = re.compile(r"\s*(\S+)(?:\s+(\d+)w)?\s*")


def relative(target: str, here: str) -> str:
    """The path from the bundle file ``here`` to the bundle file ``target`` (both from the bundle's top)."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def sprite_inline(sprite_svg: str) -> str:
    """The site's icon sprite as a hidden inline SVG, its symbols named ``icon-<name>``."""
    soup = BeautifulSoup(sprite_svg, "html.parser")
    svg = soup.find("svg")
    for comment in svg.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for symbol in svg.find_all("symbol"):
        symbol["id"] = f"icon-{symbol['id']}"
    svg.attrs = {"xmlns": "http://www.w3.org/2000/svg", "hidden": "", "aria-hidden": "true", "focusable": "false",
                 "style": "display:none"}
    return str(svg)


@dataclass
class OfflinePage:
    """How to rewrite the pages of one bundle.

    ``pages``: the site's paths (``/es/catalogo/modulo/``) → bundle files (``es/modulo/index.html``);
    ``host``: the site's host name, so that absolute links to it count as the site's;
    ``copy_file``: a site path under STATIC_URL or MEDIA_URL → its bundle file, or None when there is none;
    ``sprite``: ``sprite_inline``'s output."""

    pages: dict[str, str]
    host: str
    copy_file: Callable[[str], str | None]
    sprite: str

    def rewrite(self, html: str, here: str, *, nav_html: str = "", note_html: str = "") -> str:
        """The page at bundle path ``here``; ``nav_html`` replaces the site's main menu and ``note_html`` opens
        the main content (both already relative to ``here``)."""
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.find_all("iframe"):
            tag.decompose()
        for tag in soup.find_all(lambda tag: any(tag.has_attr(name) for name in DEVICE_OFFLINE)):
            tag.decompose()
        for form in soup.find_all("form"):
            action = form.get("action", "")
            if not action or action.startswith("/") or urlsplit(action).scheme or form.get("method", "").lower() == "post":
                form.decompose()  # it asks the site; the bundle's own search form reads a file beside it
        for link in soup.find_all("link", rel="alternate"):
            link.decompose()
        for script in soup.find_all("script"):
            src = script.get("src", "")
            from_the_site = src.startswith("/") or bool(urlsplit(src).scheme)
            if not src or (from_the_site and not KEPT_SCRIPT.search(urlsplit(src).path)):
                script.decompose()
        for picture in soup.find_all("picture"):
            self._one_image(soup, picture)
        self._chrome(soup, nav_html, note_html)
        for tag in soup.find_all(True):
            if tag.decomposed:
                continue
            for attribute in URL_ATTRIBUTES:
                if tag.has_attr(attribute):
                    self._rewrite_url(tag, attribute, here)
                    if tag.decomposed or tag.parent is None:
                        break
        if soup.body is not None:
            soup.body.insert(0, BeautifulSoup(self.sprite, "html.parser"))
        return str(soup)

    # -- pieces -------------------------------------------------------------------------------------------------

    @staticmethod
    def _chrome(soup: BeautifulSoup, nav_html: str, note_html: str):
        nav = soup.find(id="site-nav")
        if nav is not None and nav_html:
            nav.clear()
            nav.append(BeautifulSoup(nav_html, "html.parser"))
        wrap = soup.select_one("main .wrap")
        if wrap is not None and note_html:
            wrap.insert(0, BeautifulSoup(note_html, "html.parser"))

    @staticmethod
    def _one_image(soup: BeautifulSoup, picture: Tag):
        """The phone-sized JPEG of a ``<picture>``: one file per image, read everywhere."""
        image = picture.find("img")
        if image is None:
            picture.decompose()
            return
        candidates = []
        for source in [*picture.find_all("source", type="image/jpeg"), image]:
            for match in _SRCSET_ITEM.finditer(source.get("srcset", "")):
                if match[1].rstrip(","):
                    candidates.append((int(match[2] or 0), match[1].rstrip(",")))
        phone = [c for c in candidates if c[0] and c[0] <= PHONE_WIDTH] or sorted(candidates)[:1]
        src = max(phone)[1] if phone else image.get("src")
        attributes = {name: image[name] for name in ("alt", "width", "height", "class") if image.has_attr(name)}
        replacement = soup.new_tag("img", src=src, loading="lazy", decoding="async", **attributes)
        replacement["alt"] = image.get("alt", "")
        picture.replace_with(replacement)

    def _rewrite_url(self, tag: Tag, attribute: str, here: str):
        url = tag[attribute]
        parts = urlsplit(url)
        if url.startswith("#") or parts.scheme in ("mailto", "tel", "data"):
            return
        if parts.scheme in ("http", "https") and parts.hostname != self.host:
            if tag.name != "a":  # a file from another site would be a request: leave it out
                tag.decompose()
            return
        if not parts.scheme and not url.startswith("/"):
            return  # already relative to the bundle (the pages export_offline writes itself)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if tag.name == "use" and parts.path.endswith("sprite.svg"):
            tag[attribute] = f"#icon-{parts.fragment}"
            return
        target = self.pages.get(parts.path)
        if target is None and tag.name != "a":
            target = self.copy_file(parts.path)
        if target is not None:
            tag[attribute] = relative(target, here) + (fragment if tag.name == "a" else "")
        elif tag.name == "a":
            _drop_link(tag)
        else:
            tag.decompose()


def _drop_link(link: Tag):
    """A link to a page the bundle does not have: in a lesson's prose its words stay; elsewhere (menus, "see the
    dataset", "download the package") it goes, with the list item or paragraph it leaves empty."""
    if link.find_parent(class_="prose") is not None:
        link.unwrap()
        return
    holder = link.parent
    link.decompose()
    if holder is not None and holder.name in ("li", "p") and not holder.get_text(strip=True):
        holder.decompose()
