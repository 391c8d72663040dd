"""ledger_test_db.py: a fresh ledger URL for the process tests: a new SQLite file, or a new schema
in the tests' PostgreSQL cluster (scripts/pg-cluster; its URL is in the file named by
EXPORTCTL_TEST_PG_URL_FILE). Fails, never skips, when PostgreSQL was asked for and is not there."""
import os
import random
import shutil
import subprocess
import sys


def fresh_url(backend, workdir):
    """Also empties WORKDIR (the logs of an earlier run)."""
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    if backend == "sqlite":
        return "sqlite:" + os.path.join(workdir, "ledger.sqlite")
    if backend != "postgresql":
        sys.exit(f"unknown backend {backend!r}")
    url_file = os.environ.get("EXPORTCTL_TEST_PG_URL_FILE")
    if not url_file or not os.path.exists(url_file):
        sys.exit("EXPORTCTL_TEST_PG_URL_FILE names no URL file: run through ctest (ledger.sql_pg)")
    base = open(url_file).read().strip()
    schema = f"p{os.getpid()}_{random.randrange(10**9)}"
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", base, "-c", f"CREATE SCHEMA {schema}"],
                   check=True)
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"
