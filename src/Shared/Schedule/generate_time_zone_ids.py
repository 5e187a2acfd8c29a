#!/usr/bin/env python3
# Regenerates the table of IANA time zone ids in TimeZoneIds.cs (beside this script) from a tzdata tree.
#
# Re-run after a tzdata update, from the repository root:
#     python3 src/Shared/Schedule/generate_time_zone_ids.py [/usr/share/zoneinfo]
# then review the diff and commit it. Only the lines between the "table:" markers are rewritten.
#
# Every TZif file counts, zones and links alike (links such as "US/Eastern", "Asia/Calcutta", "Etc/GMT+5"
# and "UTC" are names users write). Left out: the posix/ and right/ copies, localtime and posixrules
# (machine settings, not zones) and every file that is not TZif (*.tab, *.zi, leap-second lists).
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "TimeZoneIds.cs")
BEGIN = "// table: begin"
END = "// table: end"
EXCLUDED_DIRS = {"posix", "right"}
EXCLUDED_FILES = {"localtime", "posixrules"}


def zone_ids(root):
    ids = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        if os.path.samefile(directory, root):
            subdirs[:] = [d for d in subdirs if d not in EXCLUDED_DIRS]
        for name in files:
            path = os.path.join(directory, name)
            zone_id = os.path.relpath(path, root).replace(os.sep, "/")
            if zone_id in EXCLUDED_FILES or not is_tzif(path):
                continue
            ids.append(zone_id)
    # Ordinal order (code points), the order TimeZoneIds.IsKnown binary-searches with StringComparer.Ordinal.
    return sorted(ids)


def is_tzif(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"TZif"
    except OSError:
        return False


def tzdata_version(root):
    try:
        with open(os.path.join(root, "tzdata.zi"), encoding="utf-8") as f:
            first = f.readline().strip()
        return first.split()[-1] if first.startswith("# version") else "unknown"
    except OSError:
        return "unknown"


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/zoneinfo"
    ids = zone_ids(root)
    if not ids:
        sys.exit(f"no TZif files under {root}")
    with open(TARGET, encoding="utf-8") as f:
        source = f.read()
    begin = source.index(BEGIN)
    end = source.index(END)
    indent = " " * 12
    lines = [f"{BEGIN} (tzdata {tzdata_version(root)}, {len(ids)} ids, by generate_time_zone_ids.py)"]
    lines += [f'{indent}"{zone_id}",' for zone_id in ids]
    lines.append(indent)
    with open(TARGET, "w", encoding="utf-8", newline="\n") as f:
        f.write(source[:begin] + "\n".join(lines) + source[end:])
    print(f"{TARGET}: {len(ids)} ids")


if __name__ == "__main__":
    main()
