"""Finding Java and Maven, and fetching server artifacts with Maven into the cache."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

DEPLOY_LOCAL = Path(__file__).resolve().parents[2] / "deploy" / "local"
MIN_JAVA = 17


class ServiceError(RuntimeError):
    """A local server could not be fetched, started or stopped; the message says what to do."""


def find_java(java_home: str | None) -> Path:
    """The java executable: settings, then $JAVA_HOME, then PATH; at least Java 17."""
    home = java_home or os.environ.get("JAVA_HOME")
    java = Path(home) / "bin" / "java" if home else shutil.which("java")
    if not java or not Path(java).exists():
        raise ServiceError(
            "Java 17 or newer is needed to run Kafka and Elasticsearch and was not found. "
            "Install it (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) "
            "or set services.java_home / JAVA_HOME."
        )
    version = subprocess.run(
        [str(java), "-version"], capture_output=True, text=True, check=False
    ).stderr
    match = re.search(r'version "(\d+)', version)
    if not match or int(match.group(1)) < MIN_JAVA:
        raise ServiceError(f"{java} is not Java {MIN_JAVA}+ ({version.strip()[:80]})")
    return Path(java)


def find_maven() -> str:
    """The mvn executable, which fetches the server jars from Maven Central."""
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServiceError(
            "Maven is needed once to fetch Kafka and Elasticsearch from Maven Central and was "
            "not found. Install it (Debian/Ubuntu: apt-get install maven)."
        )
    return mvn


def maven_fetch(pom: str, goal: str, output: Path, properties: dict[str, str]) -> None:
    """Run one maven-dependency-plugin goal on a POM under deploy/local into ``output``."""
    command = [
        find_maven(), "-B", "-q", "-f", str(DEPLOY_LOCAL / pom),
        f"dependency:{goal}", f"-DoutputDirectory={output}",
    ]
    command += [f"-D{key}={value}" for key, value in properties.items()]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise ServiceError(f"Maven could not fetch {pom} from Maven Central:\n{tail}")


def cached(marker: Path, fetch: callable) -> None:
    """Fetch once: run ``fetch`` unless ``marker`` says an earlier fetch completed."""
    if marker.exists():
        return
    fetch()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("complete\n")
