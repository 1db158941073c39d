"""Open Badges 3.0 credentials signed with a Data Integrity proof (``eddsa-rdfc-2022``).

``contexts``: the offline JSON-LD document loader; ``data_integrity``: canonicalise, sign,
verify; ``keys``: the issuer's Ed25519 keys; ``status_list``: the Bitstring Status List;
``credential``: the OpenBadgeCredential, achievement and issuer profile; ``baking``: the PNG.
"""
