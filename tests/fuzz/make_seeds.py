#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target into the folder given (tests/fuzz/run.sh calls it).

Multi-file datasets become one input whose parts are separated by "%%" lines (fuzz_input.h);
the configs target reads its first byte as the choice of reader."""
import hashlib
import pathlib
import struct
import sys

root = pathlib.Path(__file__).resolve().parents[2]
out = pathlib.Path(sys.argv[1])
data = root / "tests" / "data"


def head(path, lines=60):
    """The first lines of a file: enough to reach every code path, small enough to mutate fast."""
    return b"".join(path.read_bytes().splitlines(keepends=True)[:lines])


def write(target, name, content):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(content)


def joined(paths):
    return b"\n%%\n".join(head(p) for p in paths)


for p in [data / "csv" / "events.csv", data / "bad" / "empty_user.csv", data / "ml-20m" / "ratings.csv"]:
    write("delimited", p.name, head(p))
ml = {0: ["u.data", "u.item", "u.user", "u.genre"], 1: ["ratings.dat", "movies.dat", "users.dat"], 2: ["ratings.csv", "movies.csv"]}
for shape, folder in [(0, "ml-100k"), (1, "ml-1m"), (2, "ml-20m")]:
    write("movielens", folder, bytes([shape]) + joined([data / folder / n for n in ml[shape]]))
tiny = data / "recbole" / "tiny"
write("recbole", "tiny", joined([tiny / "tiny.inter", tiny / "tiny.item", tiny / "tiny.user"]))
write("recbole", "bad", head(data / "bad" / "bad.inter"))
write("sequence", "seqs", head(data / "seq" / "seqs.txt"))
for p in (data / "amazon").glob("*.jsonl"):
    write("amazon", p.name, head(p))
specs = list((root / "projects").glob("*.json")) + list((root / "tests" / "bench").glob("*.json"))
for p in specs:
    write("configs", "spec-" + p.name, b"\x00" + p.read_bytes())
for reader, name in [(1, "sae"), (2, "audit"), (3, "loop"), (4, "extraction")]:
    write("configs", name, bytes([reader]) + (root / "tests" / "fuzz" / "seeds" / "configs" / (name + ".json")).read_bytes())
for p in list((root / "plugins").glob("*/*.json")) + list((root / "tests" / "plugins").glob("*.json")):
    write("manifest", p.parent.name + "-" + p.name, p.read_bytes())
for text in [b"Am\xc3\xa9lie <b>&amp;</b>", b"=HYPERLINK(\"x\")", b"\x01<img onerror=x>", b"\xff\xfe bad utf-8 \xed\xa0\x80"]:
    write("escape", hashlib.sha1(text).hexdigest()[:12], text)


def stamped_elf(stamp_id=b"ease", compiler=b"gcc 12", torch=21500):
    """The smallest ELF file with a plugin stamp: a header, the section names and the stamp
    section (RsPluginStampV1 of recscope/sdk/plugin.h), then three section headers."""
    names = b"\0.shstrtab\0.recscope_stamp\0"
    stamp = struct.pack("<16s3i64s32s", b"recscope-stamp1", 1, torch, 1, stamp_id, compiler)
    names_at, stamp_at = 64, 64 + len(names)
    headers_at = (stamp_at + len(stamp) + 7) // 8 * 8
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    header = ident + struct.pack("<HHIQQQIHHHHHH", 3, 62, 1, 0, 0, headers_at, 0, 64, 0, 0, 64, 3, 1)

    def section(name, kind, at, size):
        return struct.pack("<IIQQQQIIQQ", name, kind, 0, 0, at, size, 0, 0, 1, 0)

    body = header + names + stamp
    body += bytes(headers_at - len(body))
    return body + section(0, 0, 0, 0) + section(1, 3, names_at, len(names)) + section(11, 1, stamp_at, len(stamp))


write("stamp", "minimal", stamped_elf())
write("stamp", "other-toolchain", stamped_elf(b"mismatched", b"gcc 3", 10000))
