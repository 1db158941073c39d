"""XML Schema validation offline: lxml with a resolver that serves schema locations from local files.

``load(entry, locations)`` compiles the schema at ``entry``; any import or include
whose URL is a key of ``locations`` is read from that file instead, and the
parser never uses the network (an import nobody mapped is skipped, as libxml2
does for a schema it cannot load). ``errors(schema, xml_bytes)`` lists
``(line, message)`` for a document. Used by the tests against 1EdTech's schemas.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree


class _LocalResolver(etree.Resolver):
    def __init__(self, locations: dict[str, Path]):
        super().__init__()
        self.locations = {url: Path(path) for url, path in locations.items()}

    def resolve(self, url, public_id, context):
        path = self.locations.get(url)
        if path is not None:
            return self.resolve_filename(str(path), context)
        if url and url.startswith(("http://", "https://")):
            return self.resolve_string('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', context)
        return None


def load(entry: Path, locations: dict[str, Path] | None = None) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalResolver(locations or {}))
    document = etree.parse(str(entry), parser)
    return etree.XMLSchema(document)


def errors(schema: etree.XMLSchema, data: bytes) -> list[tuple[int, str]]:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    document = etree.fromstring(data, parser)
    if schema.validate(document):
        return []
    return [(e.line, e.message) for e in schema.error_log]
