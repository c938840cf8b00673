"""Reads an `mvsim export` table the ways the README shows, and checks they agree.

Usage: python3 scripts/check-export-python.py TABLE.arrow TABLE.csv
Needs pandas and pyarrow; polars is checked too when it is installed. Exits 1 on a
difference. The CSV is read with float_precision="round_trip": pandas' default parser
can be off in the last bit of a double, the round-trip one (and polars) read exactly.
"""
import sys

import numpy as np
import pandas as pd

arrow_file, csv_file = sys.argv[1:3]
df = pd.read_feather(arrow_file)
csv = pd.read_csv(csv_file, float_precision="round_trip")
problems = []
if list(df.columns) != list(csv.columns):
    problems.append(f"columns differ: {list(df.columns)} against {list(csv.columns)}")
elif len(df) != len(csv):
    problems.append(f"{len(df)} rows in the Arrow file, {len(csv)} in the CSV")
else:
    for column in df.columns:
        a, b = df[column], csv[column]
        if str(a.dtype) == "category":
            same = (a.astype(str).values == b.astype(str).values).all()
        else:
            same = np.array_equal(a.values.astype("float64"), b.values.astype("float64"), equal_nan=True)
        if not same:
            problems.append(f"column {column} differs")
try:
    import polars as pl

    from_csv, from_ipc = pl.read_csv(csv_file), pl.read_ipc(arrow_file)
    if from_ipc.shape != from_csv.shape or from_ipc.columns != from_csv.columns:
        problems.append("polars reads the two files with other shapes or columns")
    elif not (from_ipc["value"].to_numpy() == from_csv["value"].to_numpy()).all():
        problems.append("polars reads other values from the two files")
    polars = f", polars {pl.__version__}"
except ImportError:
    polars = ""
import pyarrow

print(f"{len(df)} rows, {len(df.columns)} columns: {', '.join(f'{c} {t}' for c, t in df.dtypes.astype(str).items())}")
print(f"pandas {pd.__version__}, pyarrow {pyarrow.__version__}{polars}: {'the same' if not problems else '; '.join(problems)}")
sys.exit(1 if problems else 0)
