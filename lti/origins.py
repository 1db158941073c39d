"""The origin (scheme and host) of a URL, as Content-Security-Policy names it."""

from urllib.parse import urlsplit


def origin(url) -> str:
    parts = urlsplit(str(url or ""))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"
