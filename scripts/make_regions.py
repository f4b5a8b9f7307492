#!/usr/bin/env python3
"""Generate ``briefgen/data/regions.json``: ISO 3166-1 alpha-2 code -> UN M49 region.

Run once by a developer (not at build time)::

    python scripts/make_regions.py

The table below follows the UN M49 "Standard country or area codes for
statistical use" top-level regions (Africa, Americas, Asia, Europe, Oceania).
Notable placements, all as in M49:

* Cyprus, Turkey, Georgia, Armenia, Azerbaijan and Palestine are in Asia
  (Western Asia); Russia is in Europe (Eastern Europe).
* Greenland, Bermuda and Saint Pierre and Miquelon are in the Americas
  (Northern America); Bouvet Island, South Georgia and the Falklands are in
  the Americas (South America).
* Egypt, Western Sahara, British Indian Ocean Territory and the French
  Southern Territories are in Africa.
* Christmas Island, Cocos (Keeling) Islands and Heard & McDonald Islands are in
  Oceania (Australia and New Zealand); US Minor Outlying Islands in Oceania.
* Taiwan (not listed separately by M49) is placed in Asia (Eastern Asia).
* Antarctica (AQ) has no M49 region and maps to "Antarctica".
* Kosovo ("XK", a user-assigned code not in ISO 3166-1/pycountry) -> Europe.

The script fails if any pycountry alpha-2 code is missing from the table, if a
code appears twice, or if the table holds a code pycountry does not know
(other than XK).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

#: Region name -> whitespace-separated alpha-2 codes (grouped by M49 sub-region).
REGIONS: dict[str, str] = {
    "Africa": """
        DZ EG EH LY MA SD TN
        BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW
        AO CD CF CG CM GA GQ ST TD
        BW LS NA SZ ZA
        BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG
    """,
    "Americas": """
        AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX
        TC TT VC VG VI
        BZ CR GT HN MX NI PA SV
        AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE
        BM CA GL PM US
    """,
    "Asia": """
        KG KZ TJ TM UZ
        CN HK JP KP KR MN MO TW
        BN ID KH LA MM MY PH SG TH TL VN
        AF BD BT IN IR LK MV NP PK
        AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE
    """,
    "Europe": """
        BG BY CZ HU MD PL RO RU SK UA
        AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ
        AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA XK
        AT BE CH DE FR LI LU MC NL
    """,
    "Oceania": """
        AU CC CX HM NF NZ
        FJ NC PG SB VU
        FM GU KI MH MP NR PW UM
        AS CK NU PF PN TK TO TV WF WS
    """,
    "Antarctica": "AQ",
}

#: Codes in the table that are not in ISO 3166-1 (user-assigned).
EXTRA_CODES = frozenset({"XK"})

OUT = Path(__file__).resolve().parent.parent / "briefgen" / "data" / "regions.json"


def build() -> dict[str, str]:
    """Return the code -> region mapping, validated against pycountry."""
    mapping: dict[str, str] = {}
    for region, codes in REGIONS.items():
        for code in codes.split():
            if code in mapping:
                raise SystemExit(f"{code} listed twice ({mapping[code]}, {region})")
            mapping[code] = region
    known = {c.alpha_2 for c in pycountry.countries}
    missing = sorted(known - mapping.keys())
    unknown = sorted(mapping.keys() - known - EXTRA_CODES)
    if missing or unknown:
        raise SystemExit(f"missing from table: {missing}; unknown codes: {unknown}")
    return dict(sorted(mapping.items()))


def main() -> int:
    mapping = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(mapping, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(mapping)} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
