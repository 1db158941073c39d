"""Open Badges 3.0 baking: the signed credential in a PNG ``iTXt`` chunk named ``openbadgecredential``."""

import io
import json

from PIL import Image, PngImagePlugin

KEYWORD = "openbadgecredential"


def bake(image: Image.Image, credential: dict) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt(KEYWORD, json.dumps(credential, ensure_ascii=False, separators=(",", ":")), zip=False)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, optimize=True)
    return buffer.getvalue()


def unbake(png: bytes) -> dict | None:
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        text = image.text.get(KEYWORD)
    return json.loads(text) if text else None
