#!/usr/bin/env python3
"""The README's table of bad inputs: each is written to a scratch folder and given to
`recscope-cli` as a user would; prints the exit code and the first line of the message.

    tests/bench/bad_inputs.py CLI [WORKDIR]

Exit 1 when any input crashes (signal), is accepted, or gets a message without its file name."""
import os
import subprocess
import sys
import tempfile

CSV = "user,item,timestamp\n"
CASES = [
    # (what, file name, content, extra CLI arguments)
    ("timestamp nan", "e.csv", CSV + "a,b,nan\n", []),
    ("timestamp 1e300", "e.csv", CSV + "a,b,1e300\n", []),
    ("timestamp past int64", "e.csv", CSV + "a,b,9223372036854775808\n", []),
    ("date 2020-13-45", "e.csv", CSV + "a,b,2020-13-45\n", []),
    ("rating inf", "e.csv", "user,item,rating\na,b,inf\n", []),
    ("column index 2^31-1", "e.csv", CSV + "a,b,1\n", ["--user", "2147483647", "--item", "item"]),
    ("duplicate header column", "e.csv", "user,item,user\na,b,c\n", ["--user", "user", "--item", "item"]),
    ("NUL byte in an id", "e.csv", CSV + "a\0x,b,1\n", []),
    ("id not UTF-8 (Latin-1)", "e.csv", CSV + "caf\xe9,b,1\n", []),
    ("header only", "e.csv", CSV, []),
    ("empty file", "e.csv", "", []),
    ("binary garbage", "e.csv", "\x00\x01\x02\xff" * 64, []),
    ("129 feedback levels", "e.csv", "user,item,timestamp,event\n" + "".join(f"a,b,{k},level{k}\n" for k in range(129)), []),
    ("RecBole user_id typed float", "x.inter", "user_id:float\titem_id:token\n1\tb\n", []),
    ("RecBole field without a type", "x.inter", "user_id\titem_id:token\na\tb\n", []),
    ("RecBole short row", "x.inter", "user_id:token\titem_id:token\ttimestamp:float\na\tb\n", []),
    ("MovieLens rating inf", "u.data", "1\t2\tinf\t5\n", []),
    ("MovieLens too few fields", "u.data", "1\t2\n", []),
    ("sequence line with no items", "seq.txt", "u1\n", []),
    ("Amazon line not JSON", "r.jsonl", '{"reviewerID": "a", \n', []),
    ("Amazon number past a double", "r.jsonl", '{"reviewerID":"a","asin":"b","overall":1e3000,"unixReviewTime":1}\n', []),
    ("Amazon time in 2^60 s", "r.jsonl", '{"reviewerID":"a","asin":"b","overall":5,"unixReviewTime":1152921504606846976}\n', []),
]
SPECS = [
    ("spec: ks [4294967306]", '{"eval": {"ks": [4294967306]}, "models": [{"id": "pop"}]}'),
    ("spec: ks [10.7]", '{"eval": {"ks": [10.7]}, "models": [{"id": "pop"}]}'),
    ("spec: seed 1e30", '{"seed": 1e30, "models": [{"id": "pop"}]}'),
    ("spec: user_core 2^32+1", '{"prepare": {"user_core": 4294967297}, "models": [{"id": "pop"}]}'),
    ("spec: number past a double", '{"seed": 1e3000, "models": [{"id": "pop"}]}'),
    ("spec: learning rate as text", '{"models": [{"id": "bpr", "params": {"learning_rate": "fast"}}]}'),
]


def main():
    cli = sys.argv[1]
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    failed = 0
    print("| input | exit | message |\n|---|---|---|")
    runs = []
    for what, name, content, extra in CASES:
        folder = os.path.join(work, str(len(runs)))
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(content.encode("latin-1"))
        runs.append((what, name, ["dataset", "inspect", path, *extra], folder))
    for what, text in SPECS:
        path = os.path.join(work, f"spec{len(runs)}.json")
        with open(path, "w") as f:
            f.write(text)
        runs.append((what, os.path.basename(path), ["run", path, "--db", os.path.join(work, "specs.db")], work))
    for what, name, args, folder in runs:
        p = subprocess.run([cli, *args], capture_output=True)
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        first = next((l for l in err if l.startswith("error")), err[-1] if err else "")
        ok = p.returncode > 0 and name in first
        failed += not ok
        message = first.replace("|", "\\|")
        message = message.replace(folder + "/", "")
        print(f"| {what} | {p.returncode}{'' if ok else ' ✗'} | `{message[:160]}` |")
    print(f"\n{len(runs) - failed} of {len(runs)} bad inputs refused with a message naming the file")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
